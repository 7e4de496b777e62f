// RFC 3261 §19.1.1, Table 1: a Request-URI may not carry a headers component ("?hname=hvalue"),
// and "Elements processing URIs SHOULD ignore any disallowed components if they are present".
// RFC 4475 §3.1.2.11 lets an element either refuse such a request with 400 or ignore the
// headers; ignoring them is the SHOULD. Dropped once, on receipt, so every later reader (the
// transaction layer's RFC 2543 matching, §8.2's checks, the usages, the application) sees the
// request as if it had none: the escaped headers are never taken for the request's own.
import type { SipRequest } from "@puresip/message";

/** The request with its Request-URI's headers component removed; the same object when it has none. */
export const withoutRequestUriHeaders = (request: SipRequest): SipRequest =>
  request.uri._tag === "SipUri" && request.uri.headers.length > 0 ? { ...request, uri: { ...request.uri, headers: [] } } : request;
