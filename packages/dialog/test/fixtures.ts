// SIP text for the dialog tests, parsed with @puresip/message so the tests read like the RFC.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";

const crlf = (lines: ReadonlyArray<string>): string => `${lines.join("\r\n")}\r\n\r\n`;

export const request = (...lines: ReadonlyArray<string>): SipRequest => {
  const parsed = parseMessage(crlf(lines));
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error(`fixture is not a request: ${JSON.stringify(parsed)}`);
  return parsed.right;
};

export const response = (...lines: ReadonlyArray<string>): SipResponse => {
  const parsed = parseMessage(crlf(lines));
  if (E.isLeft(parsed) || parsed.right._tag !== "Response") throw new Error(`fixture is not a response: ${JSON.stringify(parsed)}`);
  return parsed.right;
};

/** RFC 3261 §24.2's INVITE from Alice, with two Record-Route proxies in between. */
export const invite = request(
  "INVITE sip:bob@biloxi.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.com>",
  "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.com",
  "CSeq: 314159 INVITE",
  "Record-Route: <sip:p2.biloxi.com;lr>",
  "Record-Route: <sip:p1.atlanta.com;lr>",
  "Contact: <sip:alice@pc33.atlanta.com>",
  "Content-Length: 0",
);

export const ringing = response(
  "SIP/2.0 180 Ringing",
  "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
  "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
  "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.com",
  "CSeq: 314159 INVITE",
  "Record-Route: <sip:p2.biloxi.com;lr>",
  "Record-Route: <sip:p1.atlanta.com;lr>",
  "Contact: <sip:bob@192.0.2.4>",
  "Content-Length: 0",
);

export const ok = response(
  "SIP/2.0 200 OK",
  "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
  "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
  "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.com",
  "CSeq: 314159 INVITE",
  "Record-Route: <sip:p2.biloxi.com;lr>",
  "Record-Route: <sip:p1.atlanta.com;lr>",
  "Contact: <sip:bob@192.0.2.4:5062>",
  "Content-Length: 0",
);

/** An in-dialog request from Alice to Bob, after the INVITE above (Bob's UAS dialog receives it). */
export const inDialog = (method: string, seq: number, contact?: string): SipRequest =>
  request(
    `${method} sip:bob@192.0.2.4:5062 SIP/2.0`,
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds7",
    "Max-Forwards: 70",
    "Route: <sip:p1.atlanta.com;lr>, <sip:p2.biloxi.com;lr>",
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
    "Call-ID: a84b4c76e66710@pc33.atlanta.com",
    `CSeq: ${seq} ${method}`,
    ...(contact === undefined ? [] : [`Contact: <${contact}>`]),
    "Content-Length: 0",
  );
