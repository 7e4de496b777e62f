// Runs against the built package: `pnpm start` from the repository root.
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { createResponse, findParam, parseMessage, serializeMessage, validateMessage } from "@puresip/message";

// The INVITE of RFC 3261 §24.2 (F1), as it arrives in a UDP datagram.
const invite = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com>",
  "Content-Type: application/sdp",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

const parsed = pipe(new TextEncoder().encode(invite), parseMessage, E.flatMap(validateMessage));
if (E.isLeft(parsed)) throw new Error(JSON.stringify(parsed.left));
const request = parsed.right;

// The top Via's branch is the transaction key (§17.2.3).
console.log("top Via branch:", findParam(request.core.via[0].params, "branch")?.value);

// §8.2.6: a 180 copies Via, From, To, Call-ID and CSeq and adds the UAS's To tag.
const ringing = pipe(request, createResponse(180, { toTag: "a6c85cf" }), E.map(serializeMessage));
if (E.isRight(ringing)) console.log(`\n${new TextDecoder().decode(ringing.right)}`);

// A malformed message is a Left that says what and where, with the status to answer.
const bad = parseMessage("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nCSeq: twelve INVITE\r\n\r\n");
if (E.isLeft(bad)) console.log("bad one:", bad.left.status, bad.left.kind, "-", bad.left.detail);
