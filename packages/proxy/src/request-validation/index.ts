// RFC 3261 §16.3 "Request Validation": "Before an element can proxy a request, it MUST verify
// the message's validity", in the RFC's order. A request that fails a step is answered with
// the step's response and not forwarded. Step 6 (Proxy-Authorization) is the owner's policy.
import type { HeaderField, SipRequest } from "@puresip/message";
import { headerValues, Methods } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { loopCheck } from "./loop.js";

/** What to do with a request after §16.3. */
export type Validation =
  | { readonly _tag: "Valid" }
  /** §16.3 step 3: OPTIONS with Max-Forwards 0: "the element MAY act as the final recipient ... and respond per Section 11". */
  | { readonly _tag: "AnswerOptions" }
  | { readonly _tag: "Reject"; readonly status: number; readonly reason: string; readonly headers: ReadonlyArray<HeaderField> };

const reject = (status: number, reason: string, headers: ReadonlyArray<HeaderField> = []): Validation => ({ _tag: "Reject", status, reason, headers });

/** Step 1, "Reasonable syntax": the fields a proxy needs to forward and answer must be there and agree. */
const syntax = (request: SipRequest): Validation | undefined => {
  const c = request.core;
  if (c.via.length === 0 || c.from === undefined || c.to === undefined || c.callId === undefined || c.cseq === undefined) {
    return reject(400, "a request needs Via, From, To, Call-ID and CSeq (§8.1.1)");
  }
  if (c.cseq.method !== request.method) return reject(400, "the CSeq method differs from the request method (§8.1.1.5)");
  return undefined;
};

/** Step 2: "If the Request-URI has a URI whose scheme is not understood by the proxy, the proxy SHOULD reject the request with a 416". */
const scheme = (config: ProxyConfig, request: SipRequest): Validation | undefined => {
  const s = request.uri._tag === "SipUri" ? request.uri.scheme : request.uri._tag === "TelUri" ? "tel" : request.uri.scheme.toLowerCase();
  return config.schemes.includes(s) ? undefined : reject(416, `the ${s} scheme is not one this proxy forwards`);
};

/** Step 3: Max-Forwards 0 "MUST NOT" be forwarded: OPTIONS may be answered here, anything else gets 483. */
const maxForwards = (request: SipRequest): Validation | undefined => {
  if (request.core.maxForwards !== 0) return undefined;
  return request.method === Methods.OPTIONS ? { _tag: "AnswerOptions" } : reject(483, "Max-Forwards reached 0");
};

/** Step 4 with RFC 5393 §4.2.2: a looped request gets 482; a spiral goes on. */
const loop = (config: ProxyConfig, request: SipRequest): Validation | undefined =>
  loopCheck(config, request) === "Loop" ? reject(482, "the request came back unchanged through this proxy") : undefined;

/** Step 5: option-tags in Proxy-Require this proxy does not support: 420 with them in Unsupported. */
const proxyRequire = (config: ProxyConfig, request: SipRequest): Validation | undefined => {
  const tags = headerValues("Proxy-Require")(request).flatMap((v) => v.split(",")).map((t) => t.trim()).filter((t) => t.length > 0);
  const unknown = tags.filter((t) => !config.supported.some((s) => s.toLowerCase() === t.toLowerCase()));
  return unknown.length === 0 ? undefined : reject(420, "Proxy-Require names an extension this proxy does not support", [{ name: "Unsupported", value: unknown.join(", ") }]);
};

/** §16.3 steps 1–5 in order; the first that fails decides. */
export const validateRequest = (config: ProxyConfig, request: SipRequest): Validation =>
  syntax(request) ?? scheme(config, request) ?? maxForwards(request) ?? loop(config, request) ?? proxyRequire(config, request) ?? { _tag: "Valid" };

export { loopCheck, loopPart, secondPartOf } from "./loop.js";
export type { LoopVerdict } from "./loop.js";
