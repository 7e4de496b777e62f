// §16.7 "Response Processing" for a stateful proxy, §16.8 Timer C, §16.9 transport errors,
// and RFC 3263's answers for branches waiting for their next hop.
import * as E from "fp-ts/lib/Either.js";
import type { Peer } from "@puresip/kernel";
import { findParam, Methods, printUri } from "@puresip/message";
import type { SipResponse } from "@puresip/message";
import { serverKeyOfResponse } from "@puresip/transaction";
import type { Branch, ProxyContext, TargetEntry } from "../context/types.js";
import { parseStatefulBranch } from "../forwarding/via.js";
import { statelessResponse, withoutTopVia } from "../response-processing/upstream.js";
import { isOwnDomain } from "../self.js";
import { abandon, cancelBranch, cancelPending, completeWith, failOver, finalOn, parseResolveId, provisional, sendBranch, settle } from "./branches.js";
import type { Work } from "./work.js";
import { dropped, getContext, respond, transmit } from "./work.js";

/** The context and branch a message of one of our branches belongs to (by its top Via branch). */
const locate = (w: Work, branchParam: string | undefined): { readonly c: ProxyContext; readonly b: Branch } | undefined => {
  const parsed = branchParam === undefined ? undefined : parseStatefulBranch(branchParam);
  const c = parsed === undefined ? undefined : getContext(w, parsed.context);
  const b = c?.branches[parsed?.index ?? -1];
  return c === undefined || b === undefined ? undefined : { c, b };
};

/** §16.11: a response a stateless proxy (or this proxy for a CANCEL it forwarded statelessly) sends on by its next Via. */
export const forwardStatelessResponse = (w: Work, response: SipResponse): void => {
  // Stateless forwarding (§16.11, or a CANCEL forwarded statelessly, §16.10). A response for a
  // branch of a stateful context never comes here (RFC 6026 §7.3: it is not forwarded).
  const top = response.core.via[0];
  const branch = top === undefined ? undefined : findParam(top.params, "branch")?.value;
  if (response.status >= 300 && branch !== undefined && parseStatefulBranch(branch) !== undefined) {
    dropped(w, `a late ${String(response.status)} for an ended branch`);
    return;
  }
  const up = statelessResponse(w.config, response);
  if (E.isLeft(up)) {
    dropped(w, `${String(response.status)} response: ${up.left}`);
    return;
  }
  transmit(w, up.right[0], up.right[1]);
};

/**
 * A response from a live client transaction whose context has ended: a 2xx to an INVITE
 * retransmitted (or from another fork) while the client transaction is RFC 6026 "Accepted".
 * Step 9 sends it on the server transaction, which stays "Accepted" as long (Timer L); RFC 6026
 * §8.3: "If the server transaction is no longer available to handle the transmission, the
 * response is simply discarded" (the layer discards a response for a key it no longer has).
 */
const afterContext = (w: Work, response: SipResponse): void => {
  const upstream = withoutTopVia(response);
  const key = E.isRight(upstream) ? serverKeyOfResponse(upstream.right) : undefined;
  if (response.status < 200 || response.status >= 300 || response.core.cseq?.method !== Methods.INVITE || key === undefined || E.isLeft(key) || E.isLeft(upstream)) {
    dropped(w, `a ${String(response.status)} for a response context that has ended (RFC 6026 §8.3)`);
    return;
  }
  respond(w, key.right, upstream.right);
};

const isInvite = (c: ProxyContext): boolean => c.request.method === Methods.INVITE;

export const onResponse = (w: Work, response: SipResponse): void => {
  // A response to one of our CANCELs ends there (§16.10: the 487 comes on the INVITE's branch).
  if (response.core.cseq?.method === Methods.CANCEL) return;
  const top = response.core.via[0];
  const found = locate(w, top === undefined ? undefined : findParam(top.params, "branch")?.value);
  if (found === undefined) {
    afterContext(w, response);
    return;
  }
  const { c, b } = found;
  // Step 3: the topmost Via (ours) comes off before anything goes upstream.
  const upstream = withoutTopVia(response);
  if (E.isLeft(upstream)) {
    dropped(w, upstream.left);
    return;
  }
  const status = response.status;
  if (status < 200) {
    if (b.state === "Completed") return;
    const next = provisional(w, c, b, status);
    // Step 5: "Any provisional response other than a 100 (Trying) MUST be forwarded upstream immediately."
    if (status > 100 && !c.finalSent) respond(w, c.server, upstream.right);
    settle(w, next);
    return;
  }
  if (status < 300) {
    // Step 5: "Any 2xx response to an INVITE request MUST be forwarded upstream immediately", retransmissions too.
    if (b.state === "Completed" && !isInvite(c)) return;
    if (isInvite(c) || !c.finalSent) respond(w, c.server, upstream.right);
    const answered = { ...finalOn(c, b, upstream.right), finalSent: true, stop: true };
    // Step 10: "If a final response is forwarded, ... CANCEL all pending client transactions" (for a 2xx to INVITE).
    // Also when this branch had already ended (a 2xx after its Timer B): the others still ring.
    // cancelPending skips branches already CANCELled, so a retransmitted 2xx sends nothing more.
    settle(w, cancelPending(w, answered));
    return;
  }
  if (b.state === "Completed") return;
  // §16.5: "A proxy MUST NOT add additional targets to the target set if the Request-URI of the
  // original request does not indicate a resource this proxy is responsible for."
  if (status < 400 && w.config.recurse && !c.stop && isOwnDomain(w.config, c.request.uri)) {
    const more = recursionTargets(c, response);
    // §16.7 step 4: the Contacts join the target set (tried next, as a group); the 3xx itself is kept only if none is new.
    if (more.length > 0) {
      settle(w, { ...c, branches: c.branches.map((x) => (x.index === b.index ? { ...x, state: "Completed", deadline: null } : x)), groups: [more, ...c.groups] });
      return;
    }
  }
  const next = finalOn(c, b, upstream.right);
  // Step 5/10: a 6xx ends the search: no new branches, and every pending one is CANCELled.
  settle(w, status >= 600 ? cancelPending(w, { ...next, stop: true }) : next);
};

/**
 * §16.7 step 4: the Contacts of a 3xx as targets, leaving out any already tried or waiting ("A
 * proxy MUST NOT add a target to the target set more than once", §16.5), any that is not a
 * SIP or SIPS URI, and a SIP one when the request was for a SIPS URI.
 */
const recursionTargets = (c: ProxyContext, response: SipResponse): ReadonlyArray<TargetEntry> => {
  const known = new Set([...c.branches.map((x) => printUri(x.target)), ...c.groups.flat().map((t) => printUri(t.uri))]);
  const out: Array<TargetEntry> = [];
  const secure = c.request.uri._tag === "SipUri" && c.request.uri.scheme === "sips";
  for (const contact of response.core.contact) {
    if (contact._tag !== "NameAddr" || contact.uri._tag !== "SipUri") continue;
    // "a proxy SHOULD NOT recurse to a non-SIPS URI if the Request-URI of the original request was a SIPS URI".
    if (secure && contact.uri.scheme !== "sips") continue;
    const text = printUri(contact.uri);
    if (known.has(text)) continue;
    known.add(text);
    const q = Number(findParam(contact.params, "q")?.value ?? "1");
    out.push({ uri: contact.uri, q: Number.isFinite(q) ? q : 1 });
  }
  return out;
};

/**
 * The client transaction of a branch timed out (Timer B or F): "treated as ... a 408"; or its
 * transport failed: a 503 (§16.9), or over a flow a token named, RFC 5626 §5.3.1's "If the flow
 * no longer exists, the proxy SHOULD send a 430 (Flow Failed) response".
 */
export const onTimeout = (w: Work, branchParam: string | undefined, status: 408 | 503): void => {
  const found = locate(w, branchParam);
  if (found === undefined || found.b.state === "Completed") return;
  settle(w, failOver(w, found.c, found.b, status === 503 && found.b.flow === true ? 430 : status));
};

/** RFC 3263 answered for a branch: send it to the first address (§16.9 says a failure is a 503). */
export const onResolvedBranch = (w: Work, id: string, result: E.Either<string, ReadonlyArray<Peer>>): void => {
  const parsed = parseResolveId(id);
  const c = parsed === undefined ? undefined : getContext(w, parsed.context);
  const b = c?.branches[parsed?.index ?? -1];
  if (c === undefined || b === undefined || b.state !== "Resolving") return;
  const peer = E.isRight(result) ? result.right[0] : undefined;
  if (peer === undefined || b.cancel !== "None") {
    settle(w, completeWith(w, c, b, peer === undefined ? 503 : 487));
    return;
  }
  settle(w, sendBranch(w, c, b, peer, E.isRight(result) ? result.right.slice(1) : []));
};

/**
 * The context's deadline came. §16.8: "If timer C should fire, the proxy MUST either reset the
 * timer with any value it chooses, or terminate the client transaction. If the client
 * transaction has received a provisional response, the proxy MUST generate a CANCEL request
 * matching that transaction. If the client transaction has not received a provisional
 * response, the proxy MUST behave as if the transaction received a 408". A CANCELled branch
 * with no final response after 64*T1 is given up (§9.1); past the context's end, everything is.
 */
export const onContextTick = (w: Work, id: string): void => {
  const start = getContext(w, id);
  if (start === undefined) return;
  let c = start;
  const over = w.now >= start.endsAt;
  for (const b of start.branches) {
    if (b.state === "Completed" || (!over && (b.deadline === null || b.deadline > w.now))) continue;
    if (over && b.state === "Proceeding" && b.cancel === "None") {
      // The end came while it rings: CANCEL it (§16.8's rule), then give it up.
      c = cancelBranch(w, c, b);
      c = abandon(w, c, c.branches[b.index] ?? b, 408);
    } else if (over || b.state === "Resolving" || b.state === "Trying") c = abandon(w, c, b, 408);
    else if (b.cancel === "Sent") c = abandon(w, c, b, 487);
    else c = cancelBranch(w, c, b);
  }
  if (over && c.phase === "Locating") c = { ...c, phase: "Forwarding", groups: [] };
  settle(w, over ? { ...c, stop: true, groups: [] } : c);
};
