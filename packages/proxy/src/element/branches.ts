// §16.6 for each target of a context (steps 1–11), and the end of branches: §16.7 step 10's
// and §16.10's CANCELs, and §16.7 step 6's final answer once no branch is pending.
import * as E from "fp-ts/lib/Either.js";
import type { Peer } from "@puresip/kernel";
import { Methods } from "@puresip/message";
import type { SipResponse, Uri } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { cancelFor } from "../cancel.js";
import { cancelGrace } from "../config.js";
import type { Branch, ProxyContext } from "../context/types.js";
import { contextKey, indexKey } from "../context/types.js";
import { forwardCopy, secondRecordRoute } from "../forwarding/copy.js";
import { nextHop } from "../forwarding/next-hop.js";
import { flowHop } from "../outbound/routing.js";
import { addVia, statefulBranch } from "../forwarding/via.js";
import { finalResponse } from "../response-processing/best.js";
import type { Work } from "./work.js";
import { dropped, ownResponse, respond } from "./work.js";

const isInvite = (c: ProxyContext): boolean => c.request.method === Methods.INVITE;

export const resolveId = (context: string, index: number): string => `R ${context} ${String(index)}`;

export const parseResolveId = (id: string): { readonly context: string; readonly index: number } | undefined => {
  const [r, context, index] = id.split(" ");
  return r === "R" && context !== undefined && index !== undefined ? { context, index: Number(index) } : undefined;
};

const withBranch = (c: ProxyContext, b: Branch): ProxyContext => ({ ...c, branches: c.branches.map((x) => (x.index === b.index ? b : x)) });

/** A branch that ended without a response of its own (§16.7: a timeout is a 408, §16.9: a transport error a 503). */
export const completeWith = (w: Work, c: ProxyContext, b: Branch, status: number): ProxyContext => {
  const r = ownResponse(w, c.request, status);
  const done: Branch = { ...b, state: "Completed", deadline: null };
  const next = withBranch(c, done);
  return E.isRight(r) ? { ...next, responses: [...next.responses, r.right] } : next;
};

/** Steps 8–11: the Via with this branch's id, the client transaction, and Timer C for INVITE. */
export const sendBranch = (w: Work, c: ProxyContext, b: Branch, peer: Peer, alternatives: ReadonlyArray<Peer> = []): ProxyContext => {
  const sent = E.flatMap(secondRecordRoute(w.config, b.request, c.transport, peer.transport), (r) => addVia(w.config, r, peer.transport, statefulBranch(c.id, b.index, c.loop)));
  if (E.isLeft(sent)) return completeWith(w, c, b, 500);
  w.layer.push({ _tag: "SendRequest", now: w.now, request: sent.right, destination: peer });
  return withBranch(c, { ...b, state: "Trying", request: sent.right, destination: peer, alternatives, deadline: isInvite(c) ? w.now + w.config.timerC : null });
};

/** A new branch for `target`: steps 1–7, then sent at once (numeric next hop), or once RFC 3263 answers. */
const startBranch = (w: Work, start: ProxyContext, target: Uri, peers: ReadonlyArray<Peer>, path: ReadonlyArray<string> = []): ProxyContext => {
  if (start.branches.length >= w.config.maxBranches) return start;
  const made = forwardCopy(w.config, start.request, target, start.transport, path);
  // RFC 5626 §5.3.1: a copy whose top Route is a flow token of ours leaves over that flow.
  const flow = E.isRight(made) ? flowHop(w.config, made.right) : ({ _tag: "Usual" } as const);
  const copy = flow._tag === "Flow" ? E.right(flow.request) : made;
  const index = start.branches.length;
  const fresh: Branch = {
    index,
    state: "Resolving",
    request: E.isRight(copy) ? copy.right : start.request,
    destination: null,
    target,
    alternatives: [],
    deadline: w.now + cancelGrace(w.config),
    cancel: "None",
    ...(path.length === 0 ? {} : { path }),
    ...(flow._tag === "Flow" ? { flow: true as const } : {}),
  };
  const c = { ...start, branches: [...start.branches, fresh] };
  if (E.isLeft(copy)) return completeWith(w, c, fresh, 500);
  if (flow._tag === "Refused") return completeWith(w, c, fresh, flow.refusal.status);
  if (flow._tag === "Flow") return sendBranch(w, c, fresh, flow.flow);
  const [first, ...rest] = peers;
  if (first !== undefined) return sendBranch(w, c, fresh, first, rest);
  const hop = nextHop(copy.right, c.transport);
  switch (hop._tag) {
    case "Peer":
      return sendBranch(w, c, fresh, hop.peer);
    case "Resolve":
      w.out.push({ _tag: "Resolve", id: resolveId(c.id, index), target: hop.target, transport: hop.transport });
      return c;
    case "Unroutable":
      return completeWith(w, c, fresh, 503);
  }
};

/** The next group of targets (§16.6: every target of it, in parallel). */
const launchGroup = (w: Work, start: ProxyContext): ProxyContext => {
  const [group, ...later] = start.groups;
  let c: ProxyContext = { ...start, groups: later };
  for (const target of group ?? []) c = startBranch(w, c, target.uri, [], target.path ?? []);
  return c;
};

/**
 * RFC 3263 §4.3: a branch that heard nothing before its transaction timed out or its transport
 * failed is tried again at the next address of its next hop, as a new branch (a new client
 * transaction, §16.6 step 8's fresh branch); none left: the 408 or 503 stands.
 */
export const failOver = (w: Work, c: ProxyContext, b: Branch, status: number): ProxyContext => {
  const retried = b.state === "Trying" && b.alternatives.length > 0 && !c.stop;
  const ended = withBranch(c, { ...b, state: "Completed", deadline: null });
  return retried ? startBranch(w, ended, b.target, b.alternatives, b.path ?? []) : completeWith(w, c, b, status);
};

/** §9.1: the CANCEL of a branch that has had a provisional response. */
export const cancelBranch = (w: Work, c: ProxyContext, b: Branch): ProxyContext => {
  const cancel = cancelFor(b.request);
  if (E.isLeft(cancel) || b.destination === null) return completeWith(w, c, b, 487);
  w.layer.push({ _tag: "SendRequest", now: w.now, request: cancel.right, destination: b.destination });
  return withBranch(c, { ...b, cancel: "Sent", deadline: w.now + cancelGrace(w.config) });
};

/**
 * CANCEL every pending branch (§16.10, §16.7 step 10). "If no provisional response has been
 * received, the CANCEL request MUST NOT be sent; rather, the client MUST wait for the arrival
 * of a provisional response" (§9.1): such a branch is marked and CANCELled when one comes.
 */
export const cancelPending = (w: Work, start: ProxyContext): ProxyContext => {
  if (!isInvite(start)) return start;
  let c = start;
  for (const b of start.branches) {
    if (b.state === "Completed" || b.cancel !== "None") continue;
    if (b.state === "Resolving") c = completeWith(w, c, b, 487);
    else if (b.state === "Trying") c = withBranch(c, { ...b, cancel: "Wanted" });
    else c = cancelBranch(w, c, b);
  }
  return c;
};

/** A provisional response on branch `b`: Timer C restarts (§16.7 step 2), a wanted CANCEL goes. */
export const provisional = (w: Work, c: ProxyContext, b: Branch): ProxyContext => {
  const proceeding: Branch = { ...b, state: "Proceeding", deadline: b.cancel === "Sent" ? b.deadline : isInvite(c) ? w.now + w.config.timerC : b.deadline };
  const next = withBranch(c, proceeding);
  return proceeding.cancel === "Wanted" ? cancelBranch(w, next, proceeding) : next;
};

/** A final response on branch `b` (already without our Via). */
export const finalOn = (c: ProxyContext, b: Branch, upstream: SipResponse): ProxyContext => {
  const next = withBranch(c, { ...b, state: "Completed", deadline: null });
  return upstream.status >= 200 && upstream.status < 300 ? next : { ...next, responses: [...next.responses, upstream] };
};

/** Give up on branch `b`'s client transaction (Timer C with no provisional, or no answer to its CANCEL). */
export const abandon = (w: Work, c: ProxyContext, b: Branch, status: number): ProxyContext => {
  const key = clientKeyOfRequest(b.request);
  if (E.isRight(key) && b.state !== "Resolving") w.layer.push({ _tag: "Destroy", now: w.now, key: key.right });
  return completeWith(w, c, b, status);
};

const pending = (c: ProxyContext): boolean => c.branches.some((b) => b.state !== "Completed");

/**
 * After any change: start the next group when the current one ended without a 2xx or 6xx;
 * send the best response when nothing is left to try (§16.7 step 6); forget the context once
 * its final response is sent and no branch is pending.
 */
export const settle = (w: Work, start: ProxyContext): void => {
  let c = start;
  while (c.phase === "Forwarding" && !pending(c) && !c.finalSent && !c.stop && c.groups.length > 0) c = launchGroup(w, c);
  if (c.phase === "Forwarding" && !pending(c) && !c.finalSent) {
    const best = finalResponse(c.request, c.responses);
    if (E.isRight(best)) respond(w, c.server, best.right);
    else dropped(w, `no final response could be built: ${best.left}`);
    c = { ...c, finalSent: true };
  }
  if (c.finalSent && !pending(c)) {
    w.store.forget(contextKey(c.id));
    w.store.forget(indexKey(c.server));
    return;
  }
  w.store.put(contextKey(c.id), c);
};

/** Starts forwarding: the target groups are known. */
export const forward = (w: Work, c: ProxyContext): void => {
  settle(w, launchGroup(w, { ...c, phase: "Forwarding" }));
};
