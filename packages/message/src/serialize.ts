// serializeMessage: the canonical wire form of a message (§7). Header names and values are
// printed as stored, in order, one field per line with CRLF ends; Content-Length is
// recomputed from the body's octets (replacing the first field in place, dropping repeats,
// or appended when absent), so a printed message always frames correctly (§18.3).
import type { SipMessage } from "./model.js";
import { isContentLengthName } from "./parse/content-length.js";
import { encodeUtf8Into, utf8Length } from "./parse/utf8.js";
import { printUri } from "./uri/index.js";

/**
 * §7.1: "The SIP-Version string is case-insensitive, but implementations MUST send upper-case."
 * A message keeps the version as it arrived (so a 505 can name it); what goes out is upper case.
 */
const sentVersion = (version: string): string => (version === "SIP/2.0" ? version : version.toUpperCase());

/**
 * Status-Code = 3DIGIT (§25.1): "099" parses (the validator then calls it out of range), so it
 * must print with its leading zero to parse again.
 */
const statusCode = (status: number): string => (status >= 100 ? String(status) : String(status).padStart(3, "0"));

/** The start line without its CRLF: `Method SP Request-URI SP SIP-Version` or `SIP-Version SP Status-Code SP Reason-Phrase`. */
export const printStartLine = (m: SipMessage): string =>
  m._tag === "Request" ? `${m.method} ${printUri(m.uri)} ${sentVersion(m.version)}` : `${sentVersion(m.version)} ${statusCode(m.status)} ${m.reason}`;

/** Start line and header section as text, through the empty line; the body is not included. */
export const printHead = (m: SipMessage): string => {
  let out = `${printStartLine(m)}\r\n`;
  let lengthWritten = false;
  for (const h of m.headers) {
    if (isContentLengthName(h.name)) {
      if (lengthWritten) continue;
      lengthWritten = true;
      out += `${h.name}: ${m.body.length}\r\n`;
    } else out += `${h.name}: ${h.value}\r\n`;
  }
  if (!lengthWritten) out += `Content-Length: ${m.body.length}\r\n`;
  return `${out}\r\n`;
};

/** The message as octets, ready for a transport. */
export const serializeMessage = (m: SipMessage): Uint8Array => {
  const head = printHead(m);
  // ASCII fast path: the head is almost always ASCII, so size the output by its length and
  // fall back to exact UTF-8 sizing only when a non-ASCII unit shows up.
  const fast = new Uint8Array(head.length + m.body.length);
  let i = 0;
  for (; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c >= 0x80) break;
    fast[i] = c;
  }
  if (i === head.length) {
    fast.set(m.body, i);
    return fast;
  }
  const out = new Uint8Array(utf8Length(head) + m.body.length);
  const end = encodeUtf8Into(head, out, 0);
  out.set(m.body, end);
  return out;
};
