// What a referee calls when it honours a REFER (RFC 3515 §2.4.2): the Refer-To target as the
// Request-URI, its Replaces (RFC 3891 §6.1, an attended transfer, RFC 5589 §7) as the INVITE's
// Replaces, and the REFER's Referred-By copied into the INVITE (RFC 3892 §2.2: "MUST copy any Referred-By header field value and token into the referenced request without modification").
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { findParam, replacesOfUri, withoutUriHeaders } from "@puresip/message";
import type { NameAddr, Replaces, Uri } from "@puresip/message";

/** The fields of a `MakeCall` that carries out a REFER: `{ _tag: "MakeCall", ...referredCall(notice) }`. */
export interface ReferredCall {
  readonly to: Uri;
  readonly replaces?: Replaces;
  readonly referredBy?: NameAddr;
}

/** The call a `Refer` notice asks for; Left (answer the REFER with a failure) when the target is not an INVITE to a SIP URI or its Replaces is malformed. */
export const referredCall = (refer: { readonly referTo: NameAddr; readonly referredBy: NameAddr | null }): E.Either<string, ReferredCall> => {
  const uri = refer.referTo.uri;
  if (uri._tag !== "SipUri") return E.left("this UA follows a Refer-To only to a SIP or SIPS URI");
  // RFC 3515 §2.1: a method parameter other than INVITE asks for another request.
  const method = findParam(uri.params, "method")?.value;
  if (method !== undefined && method.toUpperCase() !== "INVITE") return E.left(`a Refer-To asking for ${method}, not INVITE`);
  const replaces = replacesOfUri(uri);
  if (E.isLeft(replaces)) return E.left(`the Refer-To's Replaces: ${replaces.left.reason}`);
  return E.right({
    to: withoutUriHeaders(uri),
    ...(O.isSome(replaces.right) ? { replaces: replaces.right.value } : {}),
    ...(refer.referredBy === null ? {} : { referredBy: refer.referredBy }),
  });
};
