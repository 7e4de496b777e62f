// The URIs a client command starts from: the target as typed, and the address-of-record it
// speaks as (From of every request, To of a REGISTER, §10.2).
import * as E from "fp-ts/lib/Either.js";
import type { SipUri, Uri } from "@puresip/message";
import { parseUri } from "@puresip/message";

/** A target URI from the command line: `sip:bob@127.0.0.1:5062`, or just `127.0.0.1:5062`. */
export const targetUri = (text: string): E.Either<string, Uri> => {
  const withScheme = /^(sips?|tel):/i.test(text) ? text : `sip:${text}`;
  return E.mapLeft(() => `not a SIP URI: "${text}"`)(parseUri(withScheme));
};

/** `sip:user@host` in the target's domain (no port, no parameters): who the commands speak as. */
export const addressOfRecord = (user: string, target: SipUri): SipUri => ({ _tag: "SipUri", scheme: target.scheme, user, host: target.host, params: [], headers: [] });
