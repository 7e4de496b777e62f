// Client requests leaving the UA (§8.1.2, §18.1.1): each gets a context in the registry, filed
// under its transaction's key, so its response, a timeout or a challenge finds its owner;
// then it goes to the transaction layer, or first to the shell's RFC 3263 resolver.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { tagOf } from "@puresip/dialog";
import { Methods } from "@puresip/message";
import type { SipRequest, Uri } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import type { Peer } from "@puresip/transaction";
import type { Ctx } from "../core/context.js";
import { emit, problem, toLayer } from "../core/context.js";
import { clientRequestKey } from "../core/keys.js";
import { noteSent } from "../core/dialogs.js";
import { unroutable } from "./client-responses.js";
import { nextHop } from "./next-hop.js";
import { withOutbound } from "./outbound.js";
import type { NextHop } from "./next-hop.js";
import type { Answered, ClientRequest, Credential, Owner, Redirects } from "../core/types.js";
import { withCachedCredentials } from "./digest-retry.js";
import { withRefresh } from "./invite-refresh.js";

const transmitVia = (ctx: Ctx, request: SipRequest, destination: Peer): void => {
  toLayer(ctx, { _tag: "SendRequest", now: ctx.now, request, destination });
};

/**
 * §9.1: "the destination address, port, and transport ... MUST be identical" for a CANCEL and
 * the request it cancels: the INVITE's resolved destination, while its context lives.
 */
const cancelled = (ctx: Ctx, request: SipRequest): NextHop | undefined => {
  const entry = cancelledContext(ctx, request);
  return entry !== undefined && O.isSome(entry[1].destination) ? { _tag: "Peer", peer: entry[1].destination.value } : undefined;
};

/** The context of the INVITE a CANCEL cancels (§9.1: same Call-ID, To, From, CSeq number and branch), while it lives. */
const cancelledContext = (ctx: Ctx, request: SipRequest): readonly [string, ClientRequest] | undefined => {
  const cseq = request.core.cseq;
  if (request.method !== Methods.CANCEL || cseq === undefined) return undefined;
  const invite = clientKeyOfRequest({ ...request, method: Methods.INVITE, core: { ...request.core, cseq: { ...cseq, method: Methods.INVITE } } });
  if (E.isLeft(invite)) return undefined;
  const key = clientRequestKey(invite.right);
  const entry = ctx.store.get(key);
  return entry?._tag === "ClientRequest" ? [key, entry.context] : undefined;
};

/** 64*T1: Timer B's and F's span (§17.1.1.2, §17.1.2.2), the longest a request is waited for. */
const sixtyFourT1 = (ctx: Ctx): number => 64 * ctx.config.layer.timers.t1;

/**
 * §9.1: "If there is no final response for the original request in 64*T1 seconds ... the
 * client SHOULD then consider the original transaction cancelled and SHOULD destroy the client
 * transaction handling the original request": the INVITE's context gets that deadline
 * (./client-responses.ts `clientGiveUp` acts on it). An INVITE client transaction in Proceeding
 * has no timer of its own, so without it both would live forever.
 */
const giveUpOnCancelled = (ctx: Ctx, request: SipRequest): void => {
  const found = cancelledContext(ctx, request);
  if (found === undefined) return;
  const [key, context] = found;
  const at = ctx.now + sixtyFourT1(ctx);
  // A cancelled INVITE is no longer refreshed for a NAT (RFC 3581 §3, ./invite-refresh.ts): its CANCEL's transaction keeps the binding.
  const { refreshAt: _refresh, ...rest } = context;
  if (context.giveUpAt === undefined || context.giveUpAt > at) ctx.store.put(key, { _tag: "ClientRequest", context: { ...rest, giveUpAt: at } });
};

/**
 * The route set `request` was formed from (§12.2.1.1), for §8.1.2's choice between its first
 * Route and its Request-URI: a call's dialog of the request's remote tag (an early one while
 * the INVITE is pending), or, for a request outside a dialog, the outbound proxy.
 */
const routeSetOf = (ctx: Ctx, request: SipRequest, owner: Owner): O.Option<ReadonlyArray<Uri>> => {
  const remote = request.core.to === undefined ? O.none : tagOf(request.core.to);
  if (O.isNone(remote)) return O.some(ctx.config.outboundProxy ?? []);
  const entry = owner._tag === "Usage" ? ctx.store.get(owner.key) : undefined;
  if (entry?._tag !== "Usage" || entry.usage._tag !== "Call") return O.none;
  const s = entry.usage.session;
  const dialogs = s._tag === "Established" || s._tag === "Terminating" ? [s.dialog] : s._tag === "Calling" ? s.early : s._tag === "Incoming" && s.early !== null ? [s.early] : [];
  const dialog = dialogs.find((d) => O.isSome(d.id.remoteTag) && d.id.remoteTag.value === remote.value);
  return dialog === undefined ? O.none : O.some(dialog.routeSet.map((r) => r.uri));
};

/**
 * §22.2, §22.3: a request of a call whose challenge was answered goes with the call's cached
 * answers (the same Call-ID; never across dialogs). Not an ACK or a CANCEL: neither can be
 * challenged and retried (§22.1), and a CANCEL must match its INVITE (§9.1).
 */
const cachedCredentials = (ctx: Ctx, request: SipRequest, owner: Owner): { readonly request: SipRequest; readonly answered: ReadonlyArray<Answered> } | undefined => {
  if (owner._tag !== "Usage" || request.method === Methods.ACK || request.method === Methods.CANCEL) return undefined;
  const entry = ctx.store.get(owner.key);
  if (entry?._tag !== "Usage" || entry.usage._tag !== "Call" || entry.usage.digest === undefined) return undefined;
  const used = withCachedCredentials(ctx.config.credentials, request, entry.usage.digest);
  if (O.isNone(used)) return undefined;
  const [withAnswers, digest] = used.value;
  ctx.store.put(owner.key, { _tag: "Usage", usage: { ...entry.usage, digest } });
  return { request: withAnswers, answered: digest.answers };
};

/**
 * Files `context` under its transaction's key (the ACK of a 2xx is no transaction and keeps
 * none) and hands its request to the transaction layer for `destination`.
 */
export const transmit = (ctx: Ctx, context: ClientRequest, destination: Peer): void => {
  const { request } = context;
  noteSent(ctx.store, request);
  if (request.method !== Methods.ACK) {
    const key = clientKeyOfRequest(request);
    if (E.isLeft(key)) {
      problem(ctx, `a ${request.method} without a usable Via branch cannot be sent: ${key.left.reason}`);
      return;
    }
    ctx.store.put(clientRequestKey(key.right), { _tag: "ClientRequest", context: withRefresh(ctx, context, destination) });
  }
  transmitVia(ctx, request, destination);
};

/**
 * RFC 5626 §4.2.1, §4.3: with `config.outbound`, the instance id and reg-id, the option tags and
 * `ob` go on before the request is filed, so its retries and failover copies carry them too.
 */
const outbound = (ctx: Ctx, request: SipRequest): SipRequest => {
  const id = ctx.config.outbound;
  if (id === undefined) return request;
  const decorated = withOutbound(id)(request);
  if (E.isRight(decorated)) return decorated.right;
  problem(ctx, `the RFC 5626 fields could not be added to a ${request.method}: ${decorated.left}`);
  return request;
};

/**
 * Sends `request` for `owner`. The ACK of a 2xx is no transaction (§17.1.1.3): it keeps a
 * context only while its address is being resolved.
 */
export const sendRequest = (
  ctx: Ctx,
  built: SipRequest,
  owner: Owner,
  asked: ReadonlyArray<Answered> = [],
  provided: ReadonlyArray<Credential> = [],
  redirects?: Redirects,
): void => {
  const decorated = outbound(ctx, built);
  const fromCache = asked.length === 0 ? cachedCredentials(ctx, decorated, owner) : undefined;
  const request = fromCache?.request ?? decorated;
  const given = { ...(provided.length === 0 ? {} : { provided }), ...(fromCache === undefined ? {} : { cached: true as const }), ...(redirects === undefined ? {} : { redirects }) };
  const answered = fromCache?.answered ?? asked;
  const key = clientKeyOfRequest(request);
  if (E.isLeft(key)) {
    problem(ctx, `a ${request.method} without a usable Via branch cannot be sent: ${key.left.reason}`);
    return;
  }
  const contextKey = clientRequestKey(key.right);
  noteSent(ctx.store, request);
  const hop = cancelled(ctx, request) ?? nextHop(request, ctx.config.sentBy.transport, routeSetOf(ctx, request, owner));
  if (hop._tag !== "Unroutable") giveUpOnCancelled(ctx, request);
  switch (hop._tag) {
    case "Unroutable":
      unroutable(ctx, owner, request, hop.reason);
      return;
    case "Peer":
      transmit(ctx, { request, owner, answered, destination: O.some(hop.peer), ...given }, hop.peer);
      return;
    case "Resolve": {
      // The resolver is the shell's: if it never answers, the owner hears a timeout (§8.1.3.1) at 64*T1.
      const context: ClientRequest = { request, owner, answered, destination: O.none, ...given, giveUpAt: ctx.now + sixtyFourT1(ctx) };
      ctx.store.put(contextKey, { _tag: "ClientRequest", context });
      emit(ctx, { _tag: "Resolve", id: contextKey, target: hop.target, transport: hop.transport });
      return;
    }
  }
};

/**
 * RFC 3263's answer for a request waiting in context `id`: send to the first target, keeping
 * the others for failover (RFC 3263 §4.3, ./failover.ts), or fail its owner.
 */
export const resolved = (ctx: Ctx, id: string, result: E.Either<string, ReadonlyArray<Peer>>): void => {
  const entry = ctx.store.get(id);
  if (entry?._tag !== "ClientRequest" || O.isSome(entry.context.destination)) return;
  const { request, owner } = entry.context;
  const first = E.isRight(result) ? result.right[0] : undefined;
  if (first === undefined) {
    ctx.store.forget(id);
    unroutable(ctx, owner, request, E.isLeft(result) ? result.left : "RFC 3263 found no target");
    return;
  }
  if (request.method === Methods.ACK) ctx.store.forget(id);
  else {
    // Resolved: from here the transaction's own timers bound the request (its resolution deadline goes).
    const { giveUpAt: _resolving, ...context } = entry.context;
    const alternatives = E.isRight(result) && result.right.length > 1 ? { alternatives: result.right.slice(1) } : {};
    ctx.store.put(id, { _tag: "ClientRequest", context: withRefresh(ctx, { ...context, destination: O.some(first), ...alternatives }, first) });
  }
  transmitVia(ctx, request, first);
};
