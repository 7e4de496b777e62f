// Headers carried in a SIP URI (RFC 3261 §19.1.1 "headers", §19.1.5): a Refer-To such as
// `<sip:bob@example.com?Replaces=12345%40host%3Bto-tag%3Da%3Bfrom-tag%3Db>` asks the referee to
// put those headers in the request it sends (RFC 3515 §2.1, RFC 3891 §6.1, RFC 5589 §7). The
// URI model keeps each value escaped as written; here they are escaped on the way in and
// unescaped once on the way out.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { HeaderField, SipUri, Uri } from "../model.js";
import { HNV, inClass } from "../uri/chars.js";
import { unescapeOnce } from "../uri/escape.js";
import { encodeUtf8 } from "../parse/utf8.js";
import type { HeaderError } from "./error.js";
import { replacesHeader, type Replaces } from "./replaces.js";

const HEX = "0123456789ABCDEF";

/**
 * hvalue = *( hnv-unreserved / unreserved / escaped ) (§25.1): every other octet of the UTF-8
 * text, ";", "=", "@", "%" and space among them, becomes "%" HEX HEX.
 */
export const escapeUriHeaderValue = (value: string): string => {
  let out = "";
  for (const byte of encodeUtf8(value)) {
    out += inClass(HNV, byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4] ?? ""}${HEX[byte & 15] ?? ""}`;
  }
  return out;
};

/** `uri` with one more header `name=value` (`value` unescaped; it is escaped here). */
export const withUriHeader =
  (name: string, value: string) =>
  (uri: SipUri): SipUri => ({ ...uri, headers: [...uri.headers, { name: escapeUriHeaderValue(name), value: escapeUriHeaderValue(value) }] });

/** A Refer-To target that asks for an INVITE replacing the dialog `replaces` (RFC 5589 §7, RFC 3891 §6.1). */
export const withReplaces = (target: SipUri, replaces: Replaces): SipUri =>
  withUriHeader(replacesHeader.name, replacesHeader.print(replaces))({ ...target, headers: target.headers.filter((h) => unescapeOnce(h.name).toLowerCase() !== "replaces") });

/** The headers of a SIP URI as header fields, names and values unescaped once (§19.1.5); none for other URIs. */
export const uriHeaderFields = (uri: Uri): ReadonlyArray<HeaderField> =>
  uri._tag === "SipUri" ? uri.headers.map((h) => ({ name: unescapeOnce(h.name), value: unescapeOnce(h.value ?? "") })) : [];

/** The URI without its headers: the Request-URI of the request it describes (§19.1.5). */
export const withoutUriHeaders = (uri: Uri): Uri => (uri._tag === "SipUri" && uri.headers.length > 0 ? { ...uri, headers: [] } : uri);

/** The Replaces a URI carries (none when it has no such header); Left when it is malformed (RFC 3891 §6.1). */
export const replacesOfUri = (uri: Uri): E.Either<HeaderError, O.Option<Replaces>> => {
  const found = uriHeaderFields(uri).filter((h) => h.name.toLowerCase() === "replaces");
  const first = found[0];
  if (first === undefined) return E.right(O.none);
  if (found.length > 1) return E.left({ _tag: "HeaderError", header: "Replaces", value: first.value, position: 0, reason: "only one Replaces may be given (RFC 3891 §6.1)" });
  return E.map((r: Replaces) => O.some(r))(replacesHeader.parse(first.value));
};
