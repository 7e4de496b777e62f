// RFC 7118 §4.2 and §5 on the wire: one SIP message is one WebSocket message, as a text frame
// when the whole message is UTF-8 and as a binary frame otherwise; both kinds are accepted on
// receipt. A message made only of CRLFs is the RFC 5626 §4.4.1 keep-alive, never SIP.

/** What one received WebSocket message carries. */
export type Frame =
  | { readonly _tag: "Message"; readonly bytes: Uint8Array }
  /** RFC 5626 §4.4.1: a single CRLF (the server's "pong") or a double CRLF (a "ping"). */
  | { readonly _tag: "KeepAlive"; readonly pong: boolean };

const CR = 0x0d;
const LF = 0x0a;

const onlyCrlf = (bytes: Uint8Array): boolean => {
  if (bytes.length === 0 || bytes.length % 2 !== 0) return false;
  for (let i = 0; i < bytes.length; i += 2) if (bytes[i] !== CR || bytes[i + 1] !== LF) return false;
  return true;
};

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The payload of a received WebSocket message (a DOM `MessageEvent.data`: string or ArrayBuffer). */
export const readFrame = (data: string | Uint8Array): Frame => {
  const bytes = typeof data === "string" ? utf8.encode(data) : data;
  if (onlyCrlf(bytes)) return { _tag: "KeepAlive", pong: bytes.length === 2 };
  return { _tag: "Message", bytes };
};

/**
 * §4.2: "If there is at least one non-UTF-8 symbol in the whole SIP message ... the whole
 * message MUST be sent within a WebSocket binary message"; otherwise a text message.
 */
export const frameOf = (bytes: Uint8Array): string | Uint8Array => {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // The fatal decoder's only way to say "not UTF-8": the bytes go as they are.
    return bytes;
  }
};

/** RFC 5626 §4.4.1: the client's "ping" is a double CRLF. */
export const PING = "\r\n\r\n";
