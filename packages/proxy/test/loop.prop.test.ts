// RFC 3261 §16.6 step 8 with RFC 5393 §4.2.1: the loop-detection part of our branch depends on
// every field that decides where a request goes or whether it is admitted, and not on the method.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loopPart } from "../src/index.js";
import { request } from "./sip.js";
import type { RequestSpec } from "./sip.js";

const token = fc.stringMatching(/^[a-z0-9]{1,10}$/);

/** One change to the request, and whether it bears on routing or admission. */
const change: fc.Arbitrary<{ readonly spec: RequestSpec; readonly matters: boolean }> = fc.oneof(
  token.map((t) => ({ spec: { uri: `sip:${t}x@example.com` }, matters: true })),
  token.map((t) => ({ spec: { extra: [`Route: <sip:${t}.example.net;lr>`] }, matters: true })),
  token.map((t) => ({ spec: { extra: [`Proxy-Require: ${t}`] }, matters: true })),
  token.map((t) => ({ spec: { extra: [`Proxy-Authorization: Digest username="${t}", realm="example.com"`] }, matters: true })),
  token.map((t) => ({ spec: { toTag: t }, matters: true })),
  token.map((t) => ({ spec: { callId: `c-${t}` }, matters: true })),
  fc.integer({ min: 2, max: 1000 }).map((n) => ({ spec: { seq: n }, matters: true })),
  fc.constantFrom("OPTIONS", "CANCEL", "MESSAGE", "BYE").map((m) => ({ spec: { method: m }, matters: false })),
  token.map((t) => ({ spec: { extra: [`Subject: ${t}`] }, matters: false })),
);

describe("RFC 3261 §16.6 step 8 the loop-detection part of the branch", () => {
  it("RFC3261-16.6-58, RFC3261-16.6-59: it changes with the Request-URI, Route, Proxy-Require, Proxy-Authorization, To tag, Call-ID and CSeq number; not with the method or other fields", () => {
    const base = loopPart(request());
    fc.assert(
      fc.property(change, ({ spec, matters }) => {
        expect(loopPart(request(spec)) !== base).toBe(matters);
      }),
      { numRuns: 200 },
    );
  });
});
