// The key the proxy files bindings under and looks them up by (RFC 3261 §10.3 step 5, §16.5).
// The registrar and the location lookup must agree on it: a UA that registers To
// sip:bob@proxy:5070 is called at sip:bob@proxy:5070, and a port there names this proxy, not
// the user, so both sides drop it (baresip writes its registrar's port into its AOR).
import * as E from "fp-ts/lib/Either.js";
import type { SipRequest, Uri } from "@puresip/message";
import type { AorKey } from "@puresip/ua/registrar";
import { aorKey } from "@puresip/ua/registrar";

const withoutPort = (uri: Uri): Uri => {
  if (uri._tag !== "SipUri" || uri.port === undefined) return uri;
  const { port: _port, ...rest } = uri;
  return rest;
};

/** The AOR `uri` names at this proxy: §10.3 step 5's canonical form, without a port. */
export const locationAor = (uri: Uri): E.Either<string, AorKey> => aorKey(withoutPort(uri));

/** The AOR a REGISTER's To names at this proxy (§10.3 step 5), as `locationAor` reads a Request-URI. */
export const registeredAor = (request: SipRequest): E.Either<string, AorKey> =>
  request.core.to === undefined ? E.left("the REGISTER has no To header field") : locationAor(request.core.to.uri);
