// RFC 3261 §10.3 step 5: the address-of-record a REGISTER is about, in the canonical form that
// indexes the location service: "all URI parameters MUST be removed (including the user-param),
// and any escaped characters MUST be converted to their unescaped form".
import { canonicalEscapes } from "@puresip/message";
import type { Uri } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";

/** A canonical AOR such as `sip:alice@atlanta.example.com`: the key of one AOR's bindings. */
export type AorKey = string & { readonly AorKey: unique symbol };

/**
 * The canonical AOR of a SIP or SIPS URI. Escapes are decoded where §19.1.4 says they are
 * equivalent (an escaped reserved character stays escaped, so `a%40b` and `a@b` never meet);
 * the host compares case-insensitively (§19.1.4), so it is lower-cased; the scheme is kept,
 * as `sip:` and `sips:` URIs are never equivalent.
 */
export const aorKey = (uri: Uri): E.Either<string, AorKey> => {
  if (uri._tag !== "SipUri") return E.left(`an address-of-record must be a SIP or SIPS URI, not ${uri._tag === "TelUri" ? "tel" : uri.scheme}`);
  const user = uri.user === undefined ? "" : `${canonicalEscapes(uri.user)}@`;
  const host = uri.host._tag === "IPv6" ? `[${uri.host.value.toLowerCase()}]` : uri.host.value.toLowerCase();
  const port = uri.port === undefined ? "" : `:${String(uri.port)}`;
  return E.right(`${uri.scheme}:${user}${host}${port}` as AorKey);
};

/** The domain part of a URI as a registrar compares it to the domains it serves (§10.3 step 1). */
export const domainOf = (uri: Uri): string | undefined =>
  uri._tag === "SipUri" ? (uri.host._tag === "IPv6" ? `[${uri.host.value.toLowerCase()}]` : uri.host.value.toLowerCase()) : undefined;
