// Two stacks on the loopback: OPTIONS, MESSAGE and a call with BYE. Run after a build:
//   node examples/two-stacks.mjs
import { createStack } from "@puresip/node";

const sdp = (port) => ({
  type: "application/sdp",
  content: new TextEncoder().encode(`v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`),
});

const alice = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "alice" });
const bob = await createStack({
  transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }, { transport: "TCP", host: "127.0.0.1", port: 0 }],
  user: "bob",
  log: (event) => { if (event.level === "warn" || event.level === "error") console.error(event); },
});
const target = `sip:bob@127.0.0.1:${bob.listening[0].port}`;

bob.on("MessageReceived", (e) => console.log("bob got:", new TextDecoder().decode(e.body.content)));
bob.on("IncomingCall", (e) => {
  bob.ring(e.call);
  bob.answer(e.call, sdp(49172));
});
bob.on("CallEnded", (e) => console.log("bob: call ended,", e.reason._tag ?? e.reason));

console.log("OPTIONS:", (await alice.options(target)).status);
console.log("MESSAGE:", (await alice.message(target, "hello bob")).status);
const call = await alice.call(target, { body: sdp(49170) });
console.log("call:", (await alice.outcome(call))._tag);
const ended = alice.outcome(call);
alice.hangup(call);
console.log("after BYE:", (await ended)._tag);
console.log("alice counters:", alice.counters());
await Promise.all([alice.close(), bob.close()]);
