// Two UA cores calling each other in one process: a minimal shell that keeps each registry,
// carries Transmit effects to the other UA as bytes, and plays both applications.
// Run against the built package: `node examples/call.mjs` after `pnpm turbo run build`.
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { parseMessage, parseUri, serializeMessage } from "@puresip/message";
import { defaultLayerConfig } from "@puresip/transaction";
import { basicCapabilities, initialState, step } from "@puresip/ua";

const uri = (text) => E.getOrElseW(() => { throw new Error(text); })(parseUri(text));
const ua = (user, ip, seed) => {
  const config = {
    aor: uri(`sip:${user}@example.com`), contact: uri(`sip:${user}@${ip}`),
    sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
    capabilities: basicCapabilities, credentials: [], layer: defaultLayerConfig, session: defaultSessionConfig, registerExpires: 3600,
    // With media capabilities the UA makes the SDP offer/answer itself and reports CallMedia.
    media: { username: "-", sessionId: String(seed), addrType: "IP4", address: ip,
      media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] },
  };
  return { user, ip, step: step(config), state: initialState([seed]), registry: new Map() };
};
const alice = ua("alice", "192.0.2.1", 1);
const bob = ua("bob", "192.0.2.2", 2);
const byIp = new Map([[alice.ip, alice], [bob.ip, bob]]);

let now = 0;
const queue = []; // [ua, event], run to completion
const app = (self, event) => {
  console.log(`${self.user.padEnd(5)} ${event._tag}${"status" in event ? ` ${event.status}` : ""}${"reason" in event ? ` ${event.reason}` : ""}`);
  if (event._tag === "IncomingCall") queue.push([self, { _tag: "Command", now, command: { _tag: "Answer", call: event.call } }]);
  if (event._tag === "CallMedia") console.log(`      agreed: ${event.negotiation.streams.map((s) => `${s.media} ${s.codecs[0]?.encodingName}`).join(", ")}`);
  if (event._tag === "CallEstablished" && self === alice) queue.push([self, { _tag: "Command", now, command: { _tag: "Hangup", call: event.call } }]);
};
const run = (self, event) => {
  const [state, effects] = self.step({ get: (key) => self.registry.get(key)?.entry }, self.state, event);
  self.state = state;
  for (const e of effects) {
    if (e._tag === "Put") self.registry.set(e.key, e);            // e.deadline: when to send Tick { key }
    else if (e._tag === "Forget") self.registry.delete(e.key);
    else if (e._tag === "Transmit") {
      const bytes = serializeMessage(e.message);                  // on the wire
      console.log(`${self.user.padEnd(5)} → ${e.message._tag === "Request" ? e.message.method : `${e.message.status} ${e.message.reason}`}`);
      const message = E.getOrElseW(() => { throw new Error("unparsable"); })(parseMessage(bytes));
      queue.push([byIp.get(e.destination.host), { _tag: "Received", now, message, source: { transport: "UDP", host: self.ip, port: 5060 } }]);
    } else if (e._tag === "Deliver") app(self, e.event);
  }
};

/** The earliest deadline in either registry, as [ua, key, at]. */
const nextTick = () => {
  let best;
  for (const self of [alice, bob]) for (const [key, put] of self.registry) {
    if (put.deadline._tag === "Some" && (best === undefined || put.deadline.value < best[2])) best = [self, key, put.deadline.value];
  }
  return best;
};

queue.push([alice, { _tag: "Command", now, command: { _tag: "MakeCall", to: uri(`sip:bob@${bob.ip}`) } }]);
for (;;) {
  if (queue.length > 0) {
    const [self, event] = queue.shift();
    now += 1;                                                     // 1 ms per hop
    run(self, { ...event, now });
    continue;
  }
  // Nothing in flight: jump to the next deadline (transactions wait out Timers J, K, ...).
  const tick = nextTick();
  if (tick === undefined) break;
  now = Math.max(now, tick[2]);
  run(tick[0], { _tag: "Tick", now, key: tick[1] });
}
console.log(`registries empty at ${now / 1000} s of virtual time`);
