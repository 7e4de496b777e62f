// io-ts codecs for the message's JSON form, so a message can be stored or sent to another
// program. The JSON keeps what is on the wire: start line parts, header fields in order and
// the body as base64. Decoding re-derives `core` from the headers with the wire parser, so a
// decoded message is exactly the message that was encoded, and a tampered one is rejected.
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { method as brandMethod } from "./brand.js";
import { parseCoreHeaders } from "./headers/index.js";
import type { HeaderField, SipMessage } from "./model.js";
import { parseUri, printUri } from "./uri/index.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = ((): Int16Array => {
  const l = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) l[ALPHABET.charCodeAt(i)] = i;
  return l;
})();

/** RFC 4648 §4 base64 with padding. */
export const encodeBase64 = (bytes: Uint8Array): string => {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63) + ALPHABET.charAt(n & 63);
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${ALPHABET.charAt(n >> 18)}${ALPHABET.charAt((n >> 12) & 63)}==`;
  } else if (left === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${ALPHABET.charAt(n >> 18)}${ALPHABET.charAt((n >> 12) & 63)}${ALPHABET.charAt((n >> 6) & 63)}=`;
  }
  return out;
};

/** Decodes canonical RFC 4648 base64 (padding required, no whitespace); undefined if malformed. */
export const decodeBase64 = (s: string): Uint8Array | undefined => {
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = s.charCodeAt(i + k);
      const last = i + 4 === s.length;
      if (c === 0x3d && last && k >= 4 - pad) {
        n <<= 6;
        continue;
      }
      const v = c < 128 ? (LOOKUP[c] ?? -1) : -1;
      if (v < 0) return undefined;
      n = (n << 6) | v;
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  // Canonical only: the bits under the padding must be zero, so each message has one JSON form.
  return encodeBase64(out) === s ? out : undefined;
};

/** io-ts codec for one header field as received: its name and raw value. */
export const HeaderFieldCodec: t.Type<HeaderField> = t.readonly(t.type({ name: t.string, value: t.string }), "HeaderField");

const headersJson = t.readonlyArray(HeaderFieldCodec);

export const RequestJson = t.readonly(
  t.type({ _tag: t.literal("Request"), method: t.string, uri: t.string, version: t.string, headers: headersJson, body: t.string }),
  "RequestJson",
);
export const ResponseJson = t.readonly(
  t.type({ _tag: t.literal("Response"), version: t.string, status: t.number, reason: t.string, headers: headersJson, body: t.string }),
  "ResponseJson",
);
/** A message as JSON: start line, headers in order, body as text or base64. */
export const SipMessageJson = t.union([RequestJson, ResponseJson], "SipMessageJson");
/** A message as JSON: start line, headers in order, body as text or base64. */
export type SipMessageJson = t.TypeOf<typeof SipMessageJson>;

const toJson = (m: SipMessage): SipMessageJson =>
  m._tag === "Request"
    ? { _tag: "Request", method: m.method, uri: printUri(m.uri), version: m.version, headers: m.headers, body: encodeBase64(m.body) }
    : { _tag: "Response", version: m.version, status: m.status, reason: m.reason, headers: m.headers, body: encodeBase64(m.body) };

const isMessage = (u: unknown): u is SipMessage =>
  typeof u === "object" && u !== null && "_tag" in u && (u._tag === "Request" || u._tag === "Response") && "core" in u && "body" in u && u.body instanceof Uint8Array;

/**
 * SipMessage ⇄ its JSON form. `SipMessageCodec.encode(m)` gives plain JSON data;
 * `SipMessageCodec.decode(json)` checks the shape, the method token, the Request-URI, the core
 * headers and the base64 body.
 */
export const SipMessageCodec: t.Type<SipMessage, SipMessageJson> = new t.Type<SipMessage, SipMessageJson>(
  "SipMessage",
  isMessage,
  (u, c) =>
    E.flatMap(SipMessageJson.validate(u, c), (j) => {
      const body = decodeBase64(j.body);
      if (body === undefined) return t.failure(u, c, "body is not canonical base64");
      const core = parseCoreHeaders(j.headers);
      if (E.isLeft(core)) return t.failure(u, c, `${core.left.header}: ${core.left.reason}`);
      if (j._tag === "Response") {
        return t.success<SipMessage>({ _tag: "Response", version: j.version, status: j.status, reason: j.reason, headers: j.headers, core: core.right, body });
      }
      const m = brandMethod(j.method);
      if (E.isLeft(m)) return t.failure(u, c, "method is not a token");
      const uri = parseUri(j.uri);
      if (E.isLeft(uri)) return t.failure(u, c, `Request-URI: ${uri.left.reason}`);
      return t.success<SipMessage>({ _tag: "Request", method: m.right, uri: uri.right, version: j.version, headers: j.headers, core: core.right, body });
    }),
  toJson,
);
