// REGISTERs as a UA sends them (RFC 3261 §10.2), from text as on the wire, for the store tests.
import * as E from "fp-ts/lib/Either.js";
import type { SipRequest, Tag } from "@puresip/message";
import { parseMessage, parseNameAddr, tag } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { Binding, RegistrarConfig } from "@puresip/ua/registrar";

export const AOR = "sip:bob@example.com";

/** The registrar of the tests: example.com, intervals from 1 s (so expiry is quick to reach). */
export const registrar: RegistrarConfig = { ...defaultRegistrarConfig, domains: ["example.com"], minExpires: 1 };

export const toTag: Tag = E.getOrElseW(() => {
  throw new Error("tag");
})(tag("reg1"));

/** One REGISTER for bob: `contacts` are Contact values (`*` for the wildcard), `expires` the Expires header if any. */
export const registerOf = (callId: string, cseq: number, contacts: ReadonlyArray<string>, expires?: number): SipRequest => {
  const text = [
    "REGISTER sip:example.com SIP/2.0",
    `Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK${callId}${String(cseq)}`,
    "Max-Forwards: 70",
    "From: <sip:bob@example.com>;tag=r1",
    "To: <sip:bob@example.com>",
    `Call-ID: ${callId}`,
    `CSeq: ${String(cseq)} REGISTER`,
    ...contacts.map((c) => `Contact: ${c}`),
    ...(expires === undefined ? [] : [`Expires: ${String(expires)}`]),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const parsed = parseMessage(text);
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error(`fixture: ${text}`);
  return parsed.right;
};

/** A binding of `contact` (a Contact value) lasting until `expiresAt`. */
export const bindingOf = (contact: string, expiresAt: number): Binding => {
  const c = parseNameAddr(contact, "Contact");
  if (E.isLeft(c)) throw new Error(`fixture: ${contact}`);
  return { contact: c.right, callId: "c", cseq: 1, expiresAt };
};
