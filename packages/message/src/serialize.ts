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

/** Writes `s` into `out` at `at` when every unit is ASCII: the index after it, or -1 at the first that is not. */
const putAscii = (s: string, out: Uint8Array, at: number): number => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return -1;
    out[at + i] = c;
  }
  return at + s.length;
};

const CRLF = "\r\n";
const SEPARATOR = ": ";

/**
 * The head written straight into octets when it is all ASCII (almost always), sized first, so
 * that no text of the whole head is built (one string per line joined, then flattened) only to
 * be copied into bytes; `undefined` at the first non-ASCII unit. The same octets as `printHead`.
 */
const asciiMessage = (m: SipMessage): Uint8Array | undefined => {
  const start = printStartLine(m);
  const length = String(m.body.length);
  let size = start.length + 2;
  let lengthSeen = false;
  for (const h of m.headers) {
    if (!isContentLengthName(h.name)) size += h.name.length + h.value.length + 4;
    else if (!lengthSeen) {
      lengthSeen = true;
      size += h.name.length + length.length + 4;
    }
  }
  if (!lengthSeen) size += "Content-Length".length + length.length + 4;
  const out = new Uint8Array(size + 2 + m.body.length);
  let at = putAscii(start, out, 0);
  if (at < 0) return undefined;
  at = putAscii(CRLF, out, at);
  let lengthWritten = false;
  for (const h of m.headers) {
    if (at < 0) return undefined;
    const isLength = isContentLengthName(h.name);
    if (isLength && lengthWritten) continue;
    lengthWritten ||= isLength;
    at = putAscii(h.name, out, at);
    at = at < 0 ? at : putAscii(SEPARATOR, out, at);
    at = at < 0 ? at : putAscii(isLength ? length : h.value, out, at);
    at = at < 0 ? at : putAscii(CRLF, out, at);
  }
  if (at >= 0 && !lengthWritten) at = putAscii(`Content-Length: ${length}\r\n`, out, at);
  if (at < 0) return undefined;
  at = putAscii(CRLF, out, at);
  out.set(m.body, at);
  return out;
};

/** The message as octets, ready for a transport. */
export const serializeMessage = (m: SipMessage): Uint8Array => {
  const ascii = asciiMessage(m);
  if (ascii !== undefined) return ascii;
  const head = printHead(m);
  const out = new Uint8Array(utf8Length(head) + m.body.length);
  const end = encodeUtf8Into(head, out, 0);
  out.set(m.body, end);
  return out;
};
