// What comes back for a client request (§8.1.3): its responses, a timeout or transport failure
// (treated as 408 / 503, §8.1.3.1), each routed to the request's owner through the context
// filed under its transaction key. A 401/407 is answered here once per challenge (§22.2)
// before the owner sees it, for every request but REGISTER (whose client does it itself).
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse, headerValues, printUri } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { TransactionKey } from "@puresip/transaction";
import { isChallenge, retryWithCredentials } from "./digest-retry.js";
import { callOf, runSession } from "../usages/call/call.js";
import type { Ctx } from "../core/context.js";
import { deliver, mintBranch, mintCnonce, problem, toLayer } from "../core/context.js";
import { callKey, challengedKey, clientRequestKey, contextKeyOf, transactionKeyOf } from "../core/keys.js";
import { sendRequest } from "./send.js";
import { standaloneResult } from "../usages/pager/pager.js";
import { failOver } from "./failover.js";
import { withoutUnsupported } from "./extension-retry.js";
import { afterRedirect, contactsToTry, nextTarget, redirectedRequest } from "./redirect.js";
import { adoptResend } from "./resend.js";
import type { Secret } from "@puresip/auth";
import type { ClientRequest, Credential, Owner, StoreEntry, Usage, UsageKey } from "../core/types.js";
import { current, dialogOfUsage } from "../core/dialogs.js";
import { kindOf, usageAt } from "../core/usages.js";
import { afterFailure } from "../core/dialog-failure.js";

/** The CSeq of a retry: one more than the request's, or than the dialog's local count. */
const retrySeq = (ctx: Ctx, request: SipRequest, usage: Usage | undefined): number => {
  const own = (request.core.cseq?.seq ?? 0) + 1;
  const dialog = usage === undefined ? O.none : dialogOfUsage(usage);
  if (O.isNone(dialog) || (usage?._tag === "Call" && usage.session._tag !== "Established" && usage.session._tag !== "Terminating")) return own;
  return Math.max(own, O.getOrElse(() => 0)(current(ctx.store, dialog.value).localSeq) + 1);
};

/**
 * §22.2: retry with credentials (the application's for this request first, then the table);
 * false when the challenge stands and goes to the owner. A realm nobody has credentials for
 * is asked of the application (`CredentialsNeeded`), the challenge kept under `challengedKey`.
 */
const tryAuthRetry = (ctx: Ctx, contextKey: string, context: ClientRequest, response: SipResponse, extra: ReadonlyArray<Credential> = []): boolean => {
  const { request, owner } = context;
  if (request.method === Methods.REGISTER || request.method === Methods.CANCEL || request.method === Methods.ACK) return false;
  const usage = owner._tag === "Usage" ? usageAt(ctx, owner.key) : undefined;
  if (owner._tag === "Usage" && (usage === undefined || !kindOf(usage).coreDigest)) return false;
  const provided = [...extra, ...(context.provided ?? [])];
  const seq = retrySeq(ctx, request, usage);
  const cnonce = mintCnonce(ctx);
  const outcome = retryWithCredentials([...provided, ...ctx.config.credentials], request, context.answered, response, seq, { branch: mintBranch(ctx), cnonce }, context.cached === true);
  if (outcome._tag === "NeedCredentials") {
    const id = challengedKey(contextKey);
    const kept: ClientRequest = provided.length === 0 ? context : { ...context, provided };
    ctx.store.put(id, { _tag: "Challenged", context: kept, response, realm: outcome.realm, until: ctx.now + 64 * ctx.config.layer.timers.t1 });
    deliver(ctx, { _tag: "CredentialsNeeded", id, realm: outcome.realm, request });
    return true;
  }
  if (outcome._tag === "GiveUp") {
    problem(ctx, `${request.method} challenged with ${response.status}: ${outcome.reason}`);
    return false;
  }
  if (!adoptResend(ctx, owner, request, outcome.request, seq)) return false;
  sendRequest(ctx, outcome.request, owner, outcome.answered, provided);
  // §22.2, §22.3: the call's later requests carry these answers unasked.
  const call = owner._tag === "Usage" ? callOf(ctx, owner.key) : undefined;
  if (owner._tag === "Usage" && call !== undefined) {
    ctx.store.put(owner.key, { _tag: "Usage", usage: { ...call, digest: { answers: outcome.answered, cnonce, ...(provided.length === 0 ? {} : { provided }) } } });
  }
  return true;
};

/** §8.1.3.5: after a 420, the request again without the extensions it names; false when there is nothing to omit. */
const tryExtensionRetry = (ctx: Ctx, context: ClientRequest, response: SipResponse): boolean => {
  const { request, owner } = context;
  if (request.method === Methods.CANCEL || request.method === Methods.ACK) return false;
  const usage = owner._tag === "Usage" ? usageAt(ctx, owner.key) : undefined;
  const seq = retrySeq(ctx, request, usage);
  const retry = withoutUnsupported(request, response, seq, mintBranch(ctx));
  if (O.isNone(retry) || !adoptResend(ctx, owner, request, retry.value, seq)) return false;
  problem(ctx, `${request.method}: 420 for ${headerValues("Unsupported")(response).join(", ")}; sent again without (§8.1.3.5)`);
  sendRequest(ctx, retry.value, owner, context.answered, context.provided ?? []);
  return true;
};

/**
 * §8.1.3.4, with `UaConfig.followRedirects`: a call's INVITE answered 3xx goes to the first of
 * the Contacts it lists; one answered with a failure ("codes greater than 399", a timeout or a
 * transport failure, §8.1.3.1) goes to the next of those left. False: the response stands.
 */
const tryRedirect = (ctx: Ctx, context: ClientRequest, response: SipResponse | undefined): boolean => {
  const { request, owner } = context;
  if (ctx.config.followRedirects !== true || request.method !== Methods.INVITE || owner._tag !== "Usage" || context.giveUpAt !== undefined) return false;
  const call = callOf(ctx, owner.key);
  if (call?.session._tag !== "Calling") return false;
  const status = response?.status ?? 408;
  // §21.6: a 6xx is definitive for every location; no other target is tried.
  if (status >= 600) return false;
  const redirects = status < 400 && response !== undefined ? afterRedirect(context.redirects, contactsToTry(request, response, [])) : context.redirects;
  const next = nextTarget(redirects);
  if (next === undefined) return false;
  const seq = retrySeq(ctx, request, call);
  const again = redirectedRequest(request, next.target, seq, mintBranch(ctx));
  if (E.isLeft(again) || !adoptResend(ctx, owner, request, again.right, seq)) return false;
  problem(ctx, `INVITE: ${String(status)} from ${printUri(request.uri)}; trying ${printUri(next.target)} (§8.1.3.4)`);
  sendRequest(ctx, again.right, owner, [], context.provided ?? [], next.rest);
  return true;
};

/** `response` to `request` reaches the request's owner; a failure inside a dialog then does what RFC 5057 §5.1 says to the usage and the dialog. */
const toOwner = (ctx: Ctx, owner: Owner, request: SipRequest, response: SipResponse): void => {
  if (owner._tag === "Standalone") {
    if (response.status >= 200) standaloneResult(ctx, owner, response.status, O.some(response));
    return;
  }
  // A usage already gone (a call ended by the callee's BYE on an early dialog, §15.1.2, then
  // cancelled): the CANCEL's 200 and the INVITE's 487 still come, and the transaction layer has
  // acknowledged the 487 (§17.1.1.3); nobody is left to tell.
  const usage = usageAt(ctx, owner.key);
  if (usage === undefined) return;
  kindOf(usage).response(ctx, owner.key, response);
  afterFailure(ctx, owner.key, usage, request, response);
};

/** The UAC call a response belongs to by its Call-ID and From tag (a 2xx retransmission, another fork's 2xx). */
export const uacCallOf = (response: SipResponse): UsageKey | undefined => {
  const from = response.core.from;
  const tag = from?.params.find((p) => p.name.toLowerCase() === "tag")?.value;
  const id = response.core.callId;
  return tag === undefined || id === undefined ? undefined : callKey("UAC", id, tag);
};

/** A response from client transaction `key`. */
export const clientResponse = (ctx: Ctx, key: TransactionKey, response: SipResponse): void => {
  const contextKey = clientRequestKey(key);
  const entry = ctx.store.get(contextKey);
  if (entry?._tag !== "ClientRequest") {
    // The context ended with the first final response; later 2xx of an INVITE still reach the call.
    const call = uacCallOf(response);
    if (call !== undefined && callOf(ctx, call) !== undefined) runSession(ctx, call, { _tag: "Received", now: ctx.now, message: response });
    return;
  }
  const context = entry.context;
  if (response.status >= 200) {
    ctx.store.forget(contextKey);
    // RFC 3263 §4.3: a 503 (the INVITE client transaction has acknowledged it, §17.1.1.3) sends the request to the next target.
    if (response.status === 503 && failOver(ctx, context, "503 Service Unavailable")) return;
    if (isChallenge(response.status) && tryAuthRetry(ctx, contextKey, context, response)) return;
    if (response.status === 420 && tryExtensionRetry(ctx, context, response)) return;
    if (response.status >= 300 && tryRedirect(ctx, context, response)) return;
  } else if (context.heard === undefined && context.alternatives !== undefined && context.request.method !== Methods.INVITE) {
    // A non-INVITE's Timer F also runs in Proceeding; a timeout there is no failover (an INVITE's Timer B runs in Calling only).
    ctx.store.put(contextKey, { _tag: "ClientRequest", context: { ...context, heard: true } });
  }
  toOwner(ctx, context.owner, context.request, response);
};

/** A request's owner hears that it failed without a response (Timer B/F, transport, no route). */
export const ownerTimeout = (ctx: Ctx, owner: Owner, request: SipRequest): void => {
  if (owner._tag === "Standalone") {
    standaloneResult(ctx, owner, 408, O.none);
    return;
  }
  const usage = usageAt(ctx, owner.key);
  if (usage !== undefined) kindOf(usage).timeout(ctx, owner.key, request);
};

/** A request that cannot leave (no route, RFC 3263 found nothing) fails like a timeout (§8.1.3.1). */
export const unroutable = (ctx: Ctx, owner: Owner, request: SipRequest, reason: string): void => {
  problem(ctx, `${request.method} not sent: ${reason}`);
  ownerTimeout(ctx, owner, request);
};

/**
 * §8.1.3.1: "If a fatal transport error is reported by the transport layer (generally, due to
 * fatal ICMP errors in UDP or connection failures in TCP), the condition MUST be treated as a
 * 503 (Service Unavailable) status code." The owner gets a 503 made here from the request (a
 * standalone MESSAGE/OPTIONS its status only: no response came from the peer).
 */
export const clientTransportFailure = (ctx: Ctx, key: TransactionKey): void => {
  const contextKey = clientRequestKey(key);
  const entry = ctx.store.get(contextKey);
  if (entry?._tag !== "ClientRequest") return;
  ctx.store.forget(contextKey);
  if (failOver(ctx, entry.context, "the transport failed")) return;
  if (tryRedirect(ctx, entry.context, undefined)) return;
  const { owner, request } = entry.context;
  problem(ctx, `${request.method}: the transport failed; treated as 503 (§8.1.3.1)`);
  if (owner._tag === "Standalone") {
    standaloneResult(ctx, owner, 503, O.none);
    return;
  }
  const local = createResponse(503)(request);
  if (E.isLeft(local)) ownerTimeout(ctx, owner, request);
  else toOwner(ctx, owner, request, local.right);
};

/** Timer B or F fired for client transaction `key`: a 408 to its owner (§8.1.3.1). */
export const clientTimeout = (ctx: Ctx, key: TransactionKey): void => {
  const contextKey = clientRequestKey(key);
  const entry = ctx.store.get(contextKey);
  if (entry?._tag !== "ClientRequest") return;
  ctx.store.forget(contextKey);
  if (entry.context.heard === undefined && failOver(ctx, entry.context, "no response before the transaction timed out")) return;
  if (tryRedirect(ctx, entry.context, undefined)) return;
  ownerTimeout(ctx, entry.context.owner, entry.context.request);
};

/**
 * The deadline of a client-request context came (`ClientRequest.giveUpAt`): an RFC 3263
 * resolution that never answered fails its owner like a timeout (§8.1.3.1); a cancelled INVITE
 * with no final response is given up, §9.1: "the client SHOULD then consider the original
 * transaction cancelled and SHOULD destroy the client transaction handling the original
 * request" (the layer's `Destroy`), and its call, if it still lives, ends as timed out (408).
 */
export const clientGiveUp = (ctx: Ctx, contextKey: string): void => {
  const entry = ctx.store.get(contextKey);
  if (entry?._tag !== "ClientRequest" || entry.context.giveUpAt === undefined || ctx.now < entry.context.giveUpAt) return;
  ctx.store.forget(contextKey);
  const { owner, request, destination } = entry.context;
  if (O.isNone(destination)) {
    unroutable(ctx, owner, request, "RFC 3263 resolution did not answer within 64*T1");
    return;
  }
  problem(ctx, `${request.method}: no final response 64*T1 after the CANCEL; the transaction is destroyed (§9.1)`);
  toLayer(ctx, { _tag: "Destroy", now: ctx.now, key: transactionKeyOf(contextKey) });
  ownerTimeout(ctx, owner, request);
};

type Challenged = Extract<StoreEntry, { _tag: "Challenged" }>;

const challengedOf = (ctx: Ctx, id: string): Challenged | undefined => {
  const entry = ctx.store.get(id);
  return entry?._tag === "Challenged" ? entry : undefined;
};

/** `ProvideCredentials { id }`: the challenged request goes again with them (§22.2). */
export const provideCredentials = (ctx: Ctx, id: string, credential: { readonly username: string; readonly secret: Secret }): void => {
  const entry = challengedOf(ctx, id);
  if (entry === undefined) {
    problem(ctx, `ProvideCredentials: no challenge ${id} is waiting`);
    return;
  }
  ctx.store.forget(id);
  const extra: Credential = { realm: entry.realm, username: credential.username, secret: credential.secret };
  if (!tryAuthRetry(ctx, contextKeyOf(id), entry.context, entry.response, [extra])) toOwner(ctx, entry.context.owner, entry.context.request, entry.response);
};

/** `DeclineCredentials { id }`, or no answer by the deadline: the 401/407 reaches the owner. */
export const declineCredentials = (ctx: Ctx, id: string): void => {
  const entry = challengedOf(ctx, id);
  if (entry === undefined) return;
  ctx.store.forget(id);
  toOwner(ctx, entry.context.owner, entry.context.request, entry.response);
};
