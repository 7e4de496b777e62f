// A registrar (RFC 3261 §10.3) as a pure function: REGISTER in, response and new bindings out.
// Run after a build: node examples/registrar.mjs
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, serializeMessage, tag } from "@puresip/message";
import { aorOfRequest, defaultRegistrarConfig, processRegister } from "@puresip/ua/registrar";

const right = (r) => { if (E.isLeft(r)) throw new Error(JSON.stringify(r.left)); return r.right; };
const register = (cseq, contact) => right(parseMessage([
  "REGISTER sip:biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
  "Call-ID: 843817637684230@998sdasdh09",
  `CSeq: ${cseq} REGISTER`,
  `Contact: ${contact}`,
  "Content-Length: 0", "", "",
].join("\r\n")));

const location = new Map();   // the shell's location service: AOR → bindings
const registrar = processRegister({ ...defaultRegistrarConfig, domains: ["biloxi.example.com"] });
for (const [now, request] of [[0, register(1, "<sip:bob@192.0.2.4>;expires=7200")], [1_000, register(2, "<sip:bob@192.0.2.4>;expires=30")]]) {
  const aor = right(aorOfRequest(request));
  const outcome = right(registrar(location.get(aor) ?? [], request, { now, toTag: right(tag("37GkEhwl6")) }));
  if (outcome._tag === "Accepted") location.set(aor, outcome.bindings);
  console.log(new TextDecoder().decode(serializeMessage(outcome.response)).split("\r\n")[0], outcome._tag === "Rejected" ? `(${outcome.reason})` : "");
}
console.log(location);
