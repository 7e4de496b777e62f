// The UAS core (§8.2) inside the UA: every request the transaction layer passes up is checked
// in §8.2's order, then goes to the usage it belongs to (a call by its dialog, a CANCEL to the
// INVITE it cancels) or to the handler of its method outside a dialog (INVITE, OPTIONS,
// MESSAGE); anything else is answered here.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { isInDialogRequest, rejectNoDialog, startUas, tagOf } from "@puresip/dialog";
import { Methods, createResponse, expiresHeader, readHeader, tag } from "@puresip/message";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import type { Peer, TransactionKey } from "@puresip/transaction";
import { mergeKey } from "../uas/merged.js";
import type { RecentRequests } from "../uas/merged.js";
import { optionsResponse } from "../uas/options.js";
import type { OptionsBody } from "../uas/options.js";
import { rejectionResponse } from "../uas/respond.js";
import { checkRequest } from "../uas/checks.js";
import { applySession, callOf, runSession } from "../usages/call/call.js";
import type { Ctx } from "./context.js";
import { deliver, mintSeed, mintTag, mintUsageSeed, problem, toLayer } from "./context.js";
import { callKey, recentKey } from "./keys.js";
import { schemeDowngraded } from "./scheme-downgrade.js";
import { SDP_TYPE, bodyOf, initialOffer, sdpOf } from "../usages/call/sdp.js";
import { receiveMessage } from "../usages/pager/pager.js";
import { callDialog, inboundSubscriptionRequest, incomingRefer, incomingSubscribe } from "../usages/subscription/usage.js";
import type { UsageKey } from "./types.js";
import { localContact, localVia } from "../uac/out-of-dialog.js";
import { replacesVerdict, supportedOf, warning } from "../usages/call/replaces.js";
import type { ReplacesVerdict } from "../usages/call/replaces.js";

/**
 * §8.2.2.2: the recent request with this request's From tag, Call-ID and CSeq, if any, as the
 * `RecentRequests` checkRequest reads; and this request filed for the requests to come. It is
 * kept for 64*T1, as long as a server transaction can last.
 */
const recentRequests = (ctx: Ctx, own: TransactionKey, request: SipRequest): RecentRequests => {
  const merge = mergeKey(request);
  if (O.isNone(merge) || request.method === Methods.ACK) return new Map();
  const key = recentKey(merge.value);
  const seen = ctx.store.get(key);
  if (seen?._tag === "Recent") return new Map([[merge.value, seen.serverKey]]);
  // The layer's own key for the transaction (not computed again): one string for both entries.
  ctx.store.put(key, { _tag: "Recent", serverKey: own, until: ctx.now + 64 * ctx.config.layer.timers.t1 });
  return new Map();
};

/** Methods that only make sense inside a dialog (§12.2.2, §15.1.2, RFC 3262/3311/6086/6665). */
const DIALOG_ONLY: ReadonlySet<string> = new Set([Methods.BYE, Methods.PRACK, Methods.UPDATE, Methods.INFO, Methods.NOTIFY, Methods.ACK, Methods.CANCEL]);

/** The UA's media capabilities as an SDP body for an OPTIONS answer (§11.2), when it has media. */
const mediaBody = (ctx: Ctx): { readonly body?: OptionsBody } => {
  const offer = ctx.config.media === undefined ? undefined : initialOffer(ctx.config.media);
  return offer === undefined || E.isLeft(offer) ? {} : { body: { contentType: SDP_TYPE, content: bodyOf(offer.right).content } };
};

const respond = (ctx: Ctx, key: TransactionKey, response: E.Either<unknown, SipResponse>, what: string): void => {
  if (E.isLeft(response)) problem(ctx, `cannot answer ${what}`);
  else toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key, response: response.right });
};

const tagParam = (request: SipRequest, which: "from" | "to"): string | undefined => {
  const header = request.core[which];
  if (header === undefined) return undefined;
  const t = tagOf(header);
  return O.isSome(t) ? t.value : undefined;
};

/**
 * The call a request belongs to: as UAC its To tag is ours (the INVITE's From tag), as UAS its
 * From tag is the caller's. Both ends file a call under the caller's tag (core/keys.ts).
 */
export const callOfRequest = (ctx: Ctx, request: SipRequest): UsageKey | undefined => {
  const id = request.core.callId;
  if (id === undefined) return undefined;
  const to = tagParam(request, "to");
  const from = tagParam(request, "from");
  if (to !== undefined && request.method !== Methods.CANCEL) {
    const asUac = callKey("UAC", id, to);
    if (callOf(ctx, asUac) !== undefined) return asUac;
  }
  if (from === undefined) return undefined;
  const asUas = callKey("UAS", id, from);
  return callOf(ctx, asUas) === undefined ? undefined : asUas;
};

/** A response with a fresh To tag (§8.2.6.2) for a request outside a dialog. */
const toTagFor = (ctx: Ctx): E.Either<{ readonly reason: string }, Tag> =>
  E.mapLeft(() => ({ reason: "cannot mint a To tag" }))(tag(mintTag(ctx)));

/** §9.2: a CANCEL for a pending INVITE ends it (the session answers 200 and 487); otherwise 481, or 200 when the INVITE was already answered. */
const cancel = (ctx: Ctx, key: TransactionKey, request: SipRequest, cancels: O.Option<TransactionKey>): void => {
  const call = callOfRequest(ctx, request);
  const usage = call === undefined ? undefined : callOf(ctx, call);
  if (call !== undefined && usage?.session._tag === "Incoming" && O.isSome(cancels)) {
    runSession(ctx, call, { _tag: "Received", now: ctx.now, message: request });
    return;
  }
  // §9.2: "If the UAS did not find a matching transaction for the CANCEL ... it SHOULD respond to the CANCEL with a 481";
  // a CANCEL of an INVITE already answered "has no effect" and gets 200.
  respond(ctx, key, createResponse(O.isSome(cancels) || usage !== undefined ? 200 : 481)(request), "a CANCEL");
};

/** RFC 3891 §3 when the UA lists "replaces" in its capabilities (and so advertises it in Supported). */
const replacesOf = (ctx: Ctx, request: SipRequest): ReplacesVerdict =>
  ctx.config.capabilities.extensions.some((x) => x.toLowerCase() === "replaces") ? replacesVerdict(request, (k) => callOf(ctx, k)) : { _tag: "NoReplaces" };

const refuseReplaces = (ctx: Ctx, key: TransactionKey, request: SipRequest, verdict: Extract<ReplacesVerdict, { _tag: "Refuse" }>, toTag: Tag): void => {
  const response = createResponse(verdict.status, { toTag, headers: [warning(ctx.config.capabilities.warnAgent, verdict.reason)] })(request);
  respond(ctx, key, response, "an INVITE with Replaces");
  if (E.isRight(response)) deliver(ctx, { _tag: "Rejected", request, status: verdict.status });
};

/** §13.3.1: a new call: the session starts, the application hears `IncomingCall` and decides. */
const incomingCall = (ctx: Ctx, key: TransactionKey, request: SipRequest): void => {
  const id = request.core.callId;
  const from = tagParam(request, "from");
  if (id === undefined || from === undefined) {
    respond(ctx, key, createResponse(400, { reason: "Missing From tag" })(request), "an INVITE without a From tag");
    return;
  }
  const call = callKey("UAS", id, from);
  if (callOf(ctx, call) !== undefined) {
    // §8.2.2.2: the same request arrived by another path (a forking proxy): "it SHOULD generate a 482".
    const toTag = toTagFor(ctx);
    respond(ctx, key, E.flatMap(toTag, (t) => createResponse(482, { toTag: t })(request)), "a merged INVITE");
    return;
  }
  const toTag = toTagFor(ctx);
  if (E.isLeft(toTag)) return;
  // RFC 3891 §3: an INVITE with Replaces is refused, or names the call it takes over.
  const verdict = replacesOf(ctx, request);
  if (verdict._tag === "Refuse") {
    refuseReplaces(ctx, key, request, verdict, toTag.right);
    return;
  }
  const replaces = verdict._tag === "Replace" ? { replaces: verdict.call } : {};
  const [session, effects] = startUas({
    now: ctx.now,
    invite: request,
    toTag: toTag.right,
    localContact: localContact(ctx, contactUserFor(ctx, request)),
    localVia: localVia(ctx),
    seed: mintUsageSeed(ctx),
    config: ctx.config.session,
    initialRSeq: 1 + (mintSeed(ctx) % 0x7fffffff),
  });
  const offer = sdpOf(request);
  // §13.3.1: "If the INVITE contains an Expires header field, the UAS core sets a timer for the number of seconds indicated".
  const expires = readHeader(expiresHeader)(request);
  const expiresAt = E.isRight(expires) && O.isSome(expires.right) ? { expiresAt: ctx.now + expires.right.value * 1000 } : {};
  deliver(ctx, { _tag: "IncomingCall", call, invite: request, offer, ...replaces, ...(schemeDowngraded(request) ? { schemeDowngraded: true as const } : {}) });
  const call_ = { _tag: "Call" as const, session, media: { local: O.none, remote: offer }, ...expiresAt, unansweredAt: ctx.now + (ctx.config.answerTimeout ?? 180) * 1000, ...replaces, peerSupports: supportedOf(request) };
  applySession(ctx, call, session, call_, effects);
};

/** `UaConfig.contactFromRequestUri`: the user part a response's Contact takes from the request (RFC 4579 §4.2). */
const contactUserFor = (ctx: Ctx, request: SipRequest): string | undefined =>
  ctx.config.contactFromRequestUri === true && request.uri._tag === "SipUri" ? request.uri.user : undefined;

/** A request the transaction layer passed up, in a new server transaction `key`. */
export const inboundRequest = (ctx: Ctx, key: TransactionKey, request: SipRequest, source: Peer, cancels: O.Option<TransactionKey>): void => {
  if (request.method === Methods.CANCEL) {
    cancel(ctx, key, request, cancels);
    return;
  }
  // §21.5.4: "The server is temporarily unable to process the request due to a temporary
  // overloading or maintenance of the server": a closing UA starts nothing new (a request with
  // no To tag; not an ACK, CANCEL is answered above), while its dialogs go on. No
  // Retry-After: "The server MAY indicate when the client should retry", and a closing process
  // cannot know when (or whether) another will listen here.
  if (ctx.closing && tagParam(request, "to") === undefined && request.method !== Methods.ACK) {
    respond(ctx, key, E.flatMap(toTagFor(ctx), (t) => createResponse(503, { toTag: t, reason: "Service Unavailable - shutting down" })(request)), "a request while closing");
    return;
  }
  // §8.2: method, Request-URI, merged requests, Require, bodies; each failure is a response.
  const checked = checkRequest(ctx.config.capabilities, { recent: recentRequests(ctx, key, request), validated: ctx.validated })(request);
  if (E.isLeft(checked)) {
    // A request in a dialog keeps its To tag; createResponse adds ours only when there is none.
    const response = E.flatMap(toTagFor(ctx), (t) => rejectionResponse(checked.left, { toTag: t })(request));
    respond(ctx, key, response, `a ${request.method} the UAS rejects`);
    if (E.isRight(response)) deliver(ctx, { _tag: "Rejected", request, status: response.right.status });
    return;
  }
  // RFC 3891 §3: "if a Replaces header field is present in a request other than INVITE, the UAS MUST reject the request with a 400".
  const replaces = request.method === Methods.INVITE ? undefined : replacesOf(ctx, request);
  if (replaces?._tag === "Refuse") {
    respond(ctx, key, E.flatMap(toTagFor(ctx), (t) => createResponse(replaces.status, { toTag: t })(request)), "a request with Replaces");
    return;
  }
  if (isInDialogRequest(request)) {
    // RFC 6665: a SUBSCRIBE or NOTIFY of a subscription (the NOTIFY perhaps before the SUBSCRIBE's 2xx, §4.1.2.4).
    if (inboundSubscriptionRequest(ctx, request)) return;
    // §12.2.2: a request in a dialog goes to its usage; none matches: 481.
    const call = callOfRequest(ctx, request);
    // RFC 3515 §2.4.4: a REFER in a call's dialog starts a subscription on that dialog.
    if (call !== undefined && request.method === Methods.REFER) {
      incomingRefer(ctx, request, callDialog(ctx, call));
      return;
    }
    if (call !== undefined) {
      runSession(ctx, call, { _tag: "Received", now: ctx.now, message: request });
      return;
    }
    const outcome = rejectNoDialog(request);
    if (outcome._tag === "Respond") respond(ctx, key, E.right(outcome.response), "a request for no dialog");
    return;
  }
  switch (request.method) {
    case Methods.INVITE:
      incomingCall(ctx, key, request);
      return;
    case Methods.OPTIONS:
      // §11.2: the answer is what an INVITE would get, with our capabilities.
      // RFC 4579 §4.3: a UA with Contact feature parameters (a focus's `isfocus`) says them in the 200 too.
      // §11.2: "If the types include one that can describe media capabilities, the UAS SHOULD
      // include a body in the response for that purpose": our media as an SDP offer would say it.
      respond(ctx, key, E.flatMap(toTagFor(ctx), (t) => optionsResponse(ctx.config.capabilities, { toTag: t, ...mediaBody(ctx), ...(ctx.config.contactParams === undefined || ctx.config.contactParams.length === 0 ? {} : { contact: [localContact(ctx, contactUserFor(ctx, request))] }) })(request)), "an OPTIONS");
      return;
    case Methods.MESSAGE:
      receiveMessage(ctx, key, request);
      return;
    case Methods.SUBSCRIBE:
      incomingSubscribe(ctx, request);
      return;
    case Methods.REFER:
      incomingRefer(ctx, request, O.none);
      return;
    default: {
      if (!DIALOG_ONLY.has(request.method)) {
        // A method the UA accepts (checkRequest passed it) with no usage here: the application's.
        deliver(ctx, { _tag: "IncomingRequest", key, request, source, toTag: mintTag(ctx) });
        return;
      }
      // BYE, PRACK, UPDATE, INFO, NOTIFY... outside a dialog: §12.2.2 / §15.1.2, 481.
      const outcome = rejectNoDialog(request);
      if (outcome._tag === "Respond") respond(ctx, key, E.right(outcome.response), `a ${request.method} outside a dialog`);
    }
  }
};

/** An ACK for a 2xx (no transaction, §17.2.3), or one an Accepted INVITE server transaction passed up. */
export const inboundAck = (ctx: Ctx, request: SipRequest): void => {
  const call = callOfRequest(ctx, request);
  if (call !== undefined) runSession(ctx, call, { _tag: "Received", now: ctx.now, message: request });
};
