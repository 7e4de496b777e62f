import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { SipRequest } from "@puresip/message";
import { arbRequest, arbUriHeader } from "@puresip/message/arbitraries";
import { withoutRequestUriHeaders } from "../src/uas/request-uri.js";

test.prop([arbRequest, fc.array(arbUriHeader, { maxLength: 3 })])(
  "RFC3261-19.1.1-13: dropping the Request-URI's headers component changes nothing else, is idempotent, and leaves a request without one as it was",
  (generated: SipRequest, headers) => {
    const request: SipRequest = generated.uri._tag === "SipUri" ? { ...generated, uri: { ...generated.uri, headers } } : generated;
    const out = withoutRequestUriHeaders(request);
    expect(out.uri._tag === "SipUri" ? out.uri.headers : []).toStrictEqual([]);
    expect(out).toStrictEqual(request.uri._tag === "SipUri" ? { ...request, uri: { ...request.uri, headers: [] } } : request);
    expect(withoutRequestUriHeaders(out)).toBe(out);
    if (request.uri._tag !== "SipUri" || request.uri.headers.length === 0) expect(out).toBe(request);
  },
);
