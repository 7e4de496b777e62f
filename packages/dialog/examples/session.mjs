// Two INVITE sessions back to back (no network, no transactions): Alice calls, Bob answers,
// Alice hangs up. Every step is a pure function call; the messages are plain data.
import * as E from "fp-ts/lib/Either.js";
import { callId, createRequest, parseUri, serializeMessage, tag } from "@puresip/message";
import { startUac, startUas, stepSession } from "@puresip/dialog";
import { seedFromWords } from "@puresip/kernel";

const right = (e) => (E.isRight(e) ? e.right : (() => { throw new Error(JSON.stringify(e.left)); })());
const uri = (s) => right(parseUri(s));
const addr = (s, t) => ({ _tag: "NameAddr", uri: uri(s), angle: true, params: t ? [{ name: "tag", value: t }] : [] });
const via = (host) => ({ protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "Hostname", value: host }, params: [{ name: "branch", value: "z9hG4bK74bf9" }] });
const sdp = (text) => ({ type: "application/sdp", content: new TextEncoder().encode(text) });

const invite = right(createRequest({
  method: "INVITE", uri: uri("sip:bob@biloxi.example.com"), via: via("client.atlanta.example.com"),
  to: addr("sip:bob@biloxi.example.com"), from: addr("sip:alice@atlanta.example.com", "9fxced76sl"),
  callId: right(callId("3848276298220188511@atlanta.example.com")), seq: 1, contact: [addr("sip:alice@client.atlanta.example.com")],
  headers: [{ name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode("v=0\r\n"),
}));

let [alice] = startUac({ now: 0, invite, localContact: addr("sip:alice@client.atlanta.example.com"), seed: seedFromWords([1]) });
let [bob] = startUas({ now: 0, invite, toTag: right(tag("8321234356")), localContact: addr("sip:bob@client.biloxi.example.com"), localVia: via("client.biloxi.example.com"), seed: seedFromWords([2]) });
console.log("Alice -> Bob  INVITE");

// Runs one event on one side and hands every message it sends to the other side.
const run = (side, event) => {
  const [state, effects] = stepSession(side === "alice" ? alice : bob, event);
  if (side === "alice") alice = state; else bob = state;
  for (const e of effects) {
    const message = e._tag === "SendRequest" ? e.request : e._tag === "SendResponse" ? e.response : undefined;
    if (message === undefined) continue;
    const [line] = new TextDecoder().decode(serializeMessage(message)).split("\r\n");
    console.log(side === "alice" ? "Alice -> Bob " : "Bob -> Alice ", line);
    run(side === "alice" ? "bob" : "alice", { _tag: "Received", now: event.now + 10, message });
  }
};

run("bob", { _tag: "Respond", now: 100, status: 180 });
run("bob", { _tag: "Respond", now: 2000, status: 200, body: sdp("v=0\r\n") });
run("alice", { _tag: "Hangup", now: 9000 });
console.log(alice._tag, alice.reason, "/", bob._tag, bob.reason); // Ended LocalBye / Ended RemoteBye
