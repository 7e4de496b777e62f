// The registration client against a scripted registrar: 401, then 200 (RFC 3665 §2.1), then a refresh.
// Run after a build: node examples/registration.mjs
import * as E from "fp-ts/lib/Either.js";
import { createChallenge } from "@puresip/auth";
import { callId, createResponse, parseNameAddr, parseUri, parseVia, printChallenge, serializeMessage, tag } from "@puresip/message";
import { startRegistration, stepRegistration } from "@puresip/ua";

const right = (r) => { if (E.isLeft(r)) throw new Error(JSON.stringify(r.left)); return r.right; };
let state = right(startRegistration({
  registrar: right(parseUri("sip:biloxi.example.com")),
  aor: right(parseNameAddr("Bob <sip:bob@biloxi.example.com>")),
  contact: right(parseNameAddr("<sip:bob@192.0.2.4:5060>", "Contact")),
  callId: right(callId("843817637684230@998sdasdh09")), fromTag: right(tag("456248")),
  via: right(parseVia("SIP/2.0/UDP 192.0.2.4:5060"))[0], branchSeed: "f81d4fae",
  expires: 3600, credentials: { username: "bob", secret: { _tag: "Password", password: "zanzibar" } },
}));

const sentRequest = (effects) => effects.find((f) => f._tag === "SendRequest").request;
const toTag = right(tag("a6c85cf"));
let effects;

[state, effects] = stepRegistration(state, { _tag: "Register", now: 0 });
const challenge = right(createChallenge({ realm: "biloxi.example.com", nonce: "ea9c8e88df84f1cec4341ae6cbe5a359" })).challenges;
const unauthorized = right(createResponse(401, { toTag, headers: challenge.map((c) => ({ name: "WWW-Authenticate", value: printChallenge(c) })) })(sentRequest(effects)));
[state, effects] = stepRegistration(state, { _tag: "Response", now: 40, response: unauthorized, cnonce: "0a4f113b" });
const withCredentials = sentRequest(effects);
console.log(new TextDecoder().decode(serializeMessage(withCredentials)));

const ok = right(createResponse(200, { toTag, headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4:5060>;expires=600" }] })(withCredentials));
[state, effects] = stepRegistration(state, { _tag: "Response", now: 80, response: ok, cnonce: "unused" });
console.log(effects.filter((f) => f._tag !== "SendRequest")); // Notify Registered { expires: 600 }, WakeAt 570080

[state, effects] = stepRegistration(state, { _tag: "Tick", now: 570080 });
console.log(sentRequest(effects).headers.find((h) => h.name === "CSeq").value); // 3 REGISTER
