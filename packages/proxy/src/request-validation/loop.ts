// RFC 3261 §16.3 step 4 as replaced by RFC 5393 §4.2.2, with §16.6 step 8 as replaced by RFC
// 5393 §4.2.1: the branch this proxy writes is separable into two parts; the second "MUST vary
// with any field used by the location service logic ... MUST depend at least on the received
// Request-URI and any Route header field values", and "MUST NOT vary with the request method".
// A request that comes back with one of our Vias whose second part equals the one computed
// for it now has looped (482); a different one means it spiraled (a changed Request-URI).
import { findParam, headerValues, printUri } from "@puresip/message";
import type { NameAddr, SipRequest } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { digest } from "../branch-digest.js";
import { isOwnVia } from "../self.js";

const tagOf = (a: NameAddr | undefined): string => (a === undefined ? "" : (findParam(a.params, "tag")?.value ?? ""));

/**
 * The second part for `request` as received: the Request-URI and Route values (RFC 5393), and
 * §16.3's other loop fields (To tag, From tag, Call-ID, CSeq number, Proxy-Require,
 * Proxy-Authorization). Not the method, so a CANCEL's part equals its INVITE's.
 */
export const loopPart = (request: SipRequest): string =>
  digest([
    printUri(request.uri),
    headerValues("Route")(request).join(","),
    tagOf(request.core.to),
    tagOf(request.core.from),
    request.core.callId ?? "",
    String(request.core.cseq?.seq ?? ""),
    headerValues("Proxy-Require")(request).join(","),
    headerValues("Proxy-Authorization")(request).join(","),
  ]);

/** The second part of one of our branches (after the last `.`), if it has one. */
export const secondPartOf = (branch: string): string | undefined => {
  const dot = branch.lastIndexOf(".");
  return dot < 0 ? undefined : branch.slice(dot + 1).toLowerCase();
};

/**
 * RFC 5393 §4.2.2's answer for a request: none of our Vias in it (`NoLoop`), ours with another
 * second part (`Spiral`: forward it), or ours with the same second part (`Loop`: 482).
 */
export type LoopVerdict = "NoLoop" | "Spiral" | "Loop";

/** RFC 5393 §4.2.2: inspect every Via this proxy wrote. */
export const loopCheck = (config: ProxyConfig, request: SipRequest): LoopVerdict => {
  let verdict: LoopVerdict = "NoLoop";
  let mine: string | undefined;
  for (const via of request.core.via) {
    if (!isOwnVia(config, via)) continue;
    const branch = findParam(via.params, "branch")?.value;
    const part = branch === undefined ? undefined : secondPartOf(branch);
    if (part === undefined) continue;
    mine ??= loopPart(request);
    if (part === mine) return "Loop";
    verdict = "Spiral";
  }
  return verdict;
};
