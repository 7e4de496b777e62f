// A message kept for retransmission, in its most compact form. A server transaction holds its
// final response for Timer J (64*T1 over UDP, RFC 3261 §17.2.2) only to send it again; kept
// parsed, that is a graph of some thirty objects whose header values are slices of the request
// (which they keep alive), about 2.5 KB a response. Kept as its octets in a string of char codes
// 0–255 (a one-byte string to the engine: one object, one byte an octet), it is the message's
// size and holds nothing else. It is parsed again only when a retransmission needs it.
import * as E from "fp-ts/lib/Either.js";
import type { SipMessage } from "./model.js";
import type { ParseError } from "./parse/index.js";
import { parseMessage } from "./parse/index.js";
import { parseError } from "./parse/errors.js";
import { printHead, serializeMessage } from "./serialize.js";

/** fromCharCode takes its codes as arguments: bounded chunks keep any message under the engine's argument limit. */
const CHUNK = 8192;

const isAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
};

/** The message's octets, one char code (0–255) each: what `parseWireText` reads back. */
export const wireText = (m: SipMessage): string => {
  if (m.body.length === 0) {
    // The common case (a 200 to BYE): an ASCII head is its own octets. Reading it through
    // leaves the engine a flat string, not the pieces (slices of the request) it was joined from.
    const head = printHead(m);
    if (isAscii(head)) return head;
  }
  const bytes = serializeMessage(m);
  let text = "";
  // apply takes the typed array as it is (spreading it would walk an iterator, octet by octet).
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as Array<number>);
  return text;
};

/** The message `wireText` printed, parsed again (a Left only for text that did not come from `wireText`). */
export const parseWireText = (text: string): E.Either<ParseError, SipMessage> => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return E.left(parseError("Encoding", `wire text holds the code point ${String(c)} at ${String(i)}: not an octet`, i));
    bytes[i] = c;
  }
  return parseMessage(bytes);
};
