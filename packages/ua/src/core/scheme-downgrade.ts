// RFC 3261 §26.4.4: an attacker on the path can rewrite a SIPS Request-URI to SIP and so talk
// the rest of the path out of TLS. The To header field still says what the caller asked for,
// so a SIPS To on a request that arrived for a SIP Request-URI is the trace such a rewrite
// leaves. A To of the same scheme that differs otherwise is no sign of anything (§26.4.4).
import type { SipRequest } from "@puresip/message";

/** RFC 3261 §26.4.4: the To asks for SIPS while the Request-URI that arrived is plain SIP. */
export const schemeDowngraded = (request: SipRequest): boolean => {
  const to = request.core.to?.uri;
  return request.uri._tag === "SipUri" && request.uri.scheme === "sip" && to?._tag === "SipUri" && to.scheme === "sips";
};
