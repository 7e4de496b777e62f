// RFC 3261 §13–15: the INVITE session of one call as a reducer, for either side. The UAC core
// sends the INVITE, collects early dialogs per remote tag, ACKs every 2xx itself (§13.2.2.4),
// cancels only after a provisional (§9.1), and BYEs extra forks. The UAS core answers, and
// retransmits its 2xx until the ACK (§13.3.1.4). Both sides re-INVITE with glare handling
// (§14) and hang up with BYE (§15).
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse, printContact, printVia, setHeader } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse, Tag, Via } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { createUacDialog, createUasDialog } from "../dialog.js";
import { initialOfferAnswer, offerAnswerOn } from "../offer-answer.js";
import { buildPrack, hasOptionTag, mayAnswer, receivePrack, receiveReliable, reliableDeadline, sendReliable, startReliableUas, tickReliable, uacSupports100rel } from "../reliable.js";
import type { OfferAnswerState, Party } from "../offer-answer.js";
import { buildAck, buildCancel, buildRequest } from "../request.js";
import { tagOf } from "../tags.js";
import { confirmUac, processResponse } from "../uac.js";
import { receiveRequest } from "../uas.js";
import { minSeOf, negotiateUas, refreshHeaders, retryAfter422, sessionExpiresOf, startTimer, timerDeadline, timerDue, uacTimerOf } from "../session-timer.js";
import type { SessionTimer } from "../session-timer.js";
import { drawBranch, glareDelay, retryAfterSeconds } from "./random.js";
import type {
  AwaitingAck,
  Body,
  Calling,
  EndReason,
  Established,
  Incoming,
  InviteSession,
  SessionConfig,
  SessionEffect,
  SessionEvent,
  SessionNotice,
  SessionStep,
  Terminating,
} from "./types.js";

export const defaultSessionConfig: SessionConfig = { t1: 500, t2: 4000, reliable: false, overTls: false };

const notify = (notice: SessionNotice): SessionEffect => ({ _tag: "Notify", notice });
const sendRequest = (request: SipRequest): SessionEffect => ({ _tag: "SendRequest", request });
const sendResponse = (request: SipRequest, response: SipResponse): SessionEffect => ({ _tag: "SendResponse", request, response });
const discard = (s: InviteSession, reason: string): SessionStep => [s, [{ _tag: "Discarded", reason }]];
const ended = (reason: EndReason, effects: ReadonlyArray<SessionEffect>): SessionStep => [
  { _tag: "Ended", reason },
  [...effects, notify({ _tag: "Ended", reason }), { _tag: "Forget" }],
];

const isProvisional = (status: number): boolean => status >= 100 && status < 200;
const isSuccess = (status: number): boolean => status >= 200 && status < 300;
const sixtyFourT1 = (c: SessionConfig): number => 64 * c.t1;

const bodyFields = (body: Body | undefined | null): { headers: ReadonlyArray<HeaderField>; body?: Uint8Array } =>
  body === undefined || body === null ? { headers: [] } : { headers: [{ name: "Content-Type", value: body.type }], body: body.content };

/** A fresh branch for a request this session sends (§8.1.1.7), drawn from the session's seed. */
const nextVia = (via: Via, seed: number): readonly [Via, number] => {
  const [branch, next] = drawBranch(seed);
  return [{ ...via, params: [...via.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: branch }] }, next];
};

/** Offer/answer for a message, reported rather than fatal when the peer broke the rules. */
const trackBody = (oa: OfferAnswerState, from: Party, message: SipRequest | SipResponse): readonly [OfferAnswerState, ReadonlyArray<SessionEffect>] => {
  const r = offerAnswerOn(from, message)(oa);
  return E.isRight(r) ? [r.right[0], []] : [oa, [notify({ _tag: "ProtocolError", reason: `offer/answer: ${r.left._tag}` })]];
};

const toTagOf = (response: SipResponse): O.Option<Tag> => (response.core.to === undefined ? O.none : tagOf(response.core.to));

const sameRemoteTag = (dialog: Dialog, tag: O.Option<Tag>): boolean =>
  O.isSome(tag) && O.isSome(dialog.id.remoteTag) && dialog.id.remoteTag.value === tag.value;

// ---------------------------------------------------------------- starting

export interface UacStart {
  readonly now: number;
  /** The initial INVITE, built by the caller with createRequest (tag, Call-ID and branch minted as data). */
  readonly invite: SipRequest;
  readonly localContact: NameAddr;
  readonly seed: number;
  readonly config?: SessionConfig;
}

/** §13.2.1: the UAC sends the INVITE. */
export const startUac = (start: UacStart): SessionStep => {
  const [oa] = trackBody(initialOfferAnswer, "Local", start.invite);
  const via = start.invite.core.via[0];
  if (via === undefined) return ended("Rejected", [{ _tag: "Discarded", reason: "the INVITE has no Via" }]);
  const calling: Calling = {
    _tag: "Calling",
    role: "UAC",
    config: start.config ?? defaultSessionConfig,
    invite: start.invite,
    localContact: start.localContact,
    localVia: via,
    seed: start.seed,
    offerAnswer: oa,
    provisional: false,
    cancel: { _tag: "No" },
    early: [],
    rseqs: [],
    prackOwed: null,
  };
  return [calling, [sendRequest(start.invite)]];
};

export interface UasStart {
  readonly now: number;
  readonly invite: SipRequest;
  readonly toTag: Tag;
  readonly localContact: NameAddr;
  /** sent-by of this UA, for the requests it sends in the dialog (BYE, re-INVITE). */
  readonly localVia: Via;
  readonly seed: number;
  readonly config?: SessionConfig;
  /** RFC 3262 §3: the first RSeq, "chosen uniformly" in 1..2**31-1 by the adapter. */
  readonly initialRSeq?: number;
}

/** §13.3.1: the UAS core has an INVITE; the application answers with `Respond`. */
export const startUas = (start: UasStart): SessionStep => {
  const [oa, problems] = trackBody(initialOfferAnswer, "Remote", start.invite);
  const incoming: Incoming = {
    _tag: "Incoming",
    role: "UAS",
    config: start.config ?? defaultSessionConfig,
    invite: start.invite,
    localContact: start.localContact,
    localVia: start.localVia,
    seed: start.seed,
    offerAnswer: oa,
    toTag: start.toTag,
    early: null,
    reliable: null,
  };
  // RFC 3262 §3: reliable 1xx when the UAC requires 100rel, or supports it and this UA wants it.
  const config = incoming.config;
  const reliable =
    hasOptionTag("Require", "100rel")(start.invite) || (config.reliableProvisionals === true && uacSupports100rel(start.invite))
      ? startReliableUas(start.initialRSeq ?? 1, config.t1)
      : null;
  // RFC 4028 §9: a Session-Expires below the UAS's minimum is refused with 422 and Min-SE.
  const policy = incoming.config.sessionTimer;
  const negotiated = policy === undefined ? undefined : negotiateUas(policy)(start.invite);
  if (negotiated?._tag === "TooSmall") {
    const tooSmall = createResponse(422, { toTag: start.toTag, headers: negotiated.headers })(start.invite);
    return ended("Rejected", E.isRight(tooSmall) ? [sendResponse(start.invite, tooSmall.right)] : []);
  }
  return [{ ...incoming, reliable }, problems];
};

// ---------------------------------------------------------------- helpers in a dialog

const common = (s: Calling | Incoming | Established | Terminating) => ({
  role: s.role,
  config: s.config,
  invite: s.invite,
  localContact: s.localContact,
  localVia: s.localVia,
  seed: s.seed,
  offerAnswer: s.offerAnswer,
});

/** §15.1.1: BYE in the dialog, with a fresh branch. */
const sendBye = (s: Established, now: number, extra: ReadonlyArray<SessionEffect> = []): SessionStep => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  const built = buildRequest({ method: Methods.BYE, via, initialSeq: 1 })(s.dialog);
  if (E.isLeft(built)) return ended("LocalBye", [...extra, { _tag: "Discarded", reason: `BYE could not be built: ${built.left._tag}` }]);
  const [bye, dialog] = built.right;
  const terminating: Terminating = { _tag: "Terminating", ...common(s), seed, dialog, bye, lastAck: s.lastAck, giveUpAt: now + sixtyFourT1(s.config) };
  return [terminating, [...extra, sendRequest(bye)]];
};

/** A response from this UA, with its Contact when it is a 101–299 to INVITE (§12.1.1, §13.3.1.4). */
const answer = (
  s: { readonly localContact: NameAddr },
  request: SipRequest,
  status: number,
  body: Body | undefined,
  toTag?: Tag,
  extra: ReadonlyArray<HeaderField> = [],
): E.Either<string, SipResponse> => {
  const b = bodyFields(body);
  const contact: ReadonlyArray<HeaderField> =
    request.method === Methods.INVITE && status > 100 && status < 300 ? [{ name: "Contact", value: printContact([s.localContact]) }] : [];
  const r = createResponse(status, { ...(toTag === undefined ? {} : { toTag }), headers: [...contact, ...extra, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(request);
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(r);
};

/** §13.3.1.4: "an interval that starts at T1 seconds and doubles for each retransmission until it reaches T2". */
const awaitAck = (s: InviteSession & { readonly config: SessionConfig }, request: SipRequest, ok: SipResponse, now: number, initial: boolean): AwaitingAck => ({
  _tag: "AwaitingAck",
  request,
  ok,
  retransmitAt: s.config.reliable ? now + sixtyFourT1(s.config) : now + s.config.t1,
  interval: s.config.t1,
  giveUpAt: now + sixtyFourT1(s.config),
  initial,
});

// ---------------------------------------------------------------- UAC: Calling

const cancelNow = (s: Calling, now: number): SessionStep => {
  const cancel = buildCancel(s.invite);
  if (E.isLeft(cancel)) return discard(s, "the INVITE cannot be cancelled");
  return [{ ...s, cancel: { _tag: "Sent", giveUpAt: now + sixtyFourT1(s.config) } }, [sendRequest(cancel.right)]];
};

/** §13.2.2.4: ACK a 2xx on its dialog with a fresh branch; the ACK is kept for retransmissions. */
const ackFor = (s: { readonly localVia: Via; readonly seed: number }, seq: number, dialog: Dialog): E.Either<string, readonly [SipRequest, number]> => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  return E.bimap((e: { readonly _tag: string }) => `ACK could not be built: ${e._tag}`, (ack: SipRequest) => [ack, seed] as const)(buildAck(seq, { via })(dialog));
};

/** A 2xx from a second fork after the call is up: ACK it, then BYE it (one call, §13.2.2.4). */
const byeExtraFork = (s: Established | Terminating, response: SipResponse): readonly [number, ReadonlyArray<SessionEffect>] => {
  const dialog = createUacDialog(s.invite, { overTls: s.config.overTls })(response);
  if (E.isLeft(dialog)) return [s.seed, [notify({ _tag: "ProtocolError", reason: `2xx from another fork has no usable dialog: ${dialog.left._tag}` })]];
  const seq = s.invite.core.cseq?.seq ?? 0;
  const ack = ackFor(s, seq, dialog.right);
  if (E.isLeft(ack)) return [s.seed, [{ _tag: "Discarded", reason: ack.left }]];
  const [ackRequest, seed1] = ack.right;
  const [via, seed2] = nextVia(s.localVia, seed1);
  const bye = buildRequest({ method: Methods.BYE, via, initialSeq: 1 })(dialog.right);
  return [seed2, E.isLeft(bye) ? [sendRequest(ackRequest)] : [sendRequest(ackRequest), sendRequest(bye.right[0])]];
};

type PrackStep =
  | { readonly _tag: "Ignore" }
  | {
      readonly _tag: "Go";
      readonly early: ReadonlyArray<Dialog>;
      readonly rseqs: Calling["rseqs"];
      readonly seed: number;
      readonly effects: ReadonlyArray<SessionEffect>;
      readonly owed: SipResponse | null;
    };

/** The PRACK for `response` in the early dialog of `tag`, carrying `body` (RFC 3262 §4, §5). */
const sendPrack = (s: Calling, response: SipResponse, tag: Tag, body: Body | null): E.Either<string, readonly [ReadonlyArray<Dialog>, number, SipRequest]> => {
  const index = s.early.findIndex((d) => sameRemoteTag(d, O.some(tag)));
  const dialog = s.early[index];
  if (dialog === undefined) return E.left("no early dialog for the reliable provisional response");
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const built = buildPrack(response, { via, headers: b.headers, ...(b.body === undefined ? {} : { body: b.body }) })(dialog);
  if (E.isLeft(built)) return E.left(`PRACK could not be built: ${built.left._tag}`);
  const [prack, after] = built.right;
  return E.right([s.early.map((d, i) => (i === index ? after : d)), seed, prack] as const);
};

/**
 * RFC 3262 §4: PRACK each in-order reliable 1xx; retransmissions and gaps are dropped. When the
 * 1xx carried an offer (§5: the INVITE had none) the PRACK must carry the answer, so it waits
 * for the application (`owed`).
 */
const prackFor = (s: Calling, response: SipResponse, tag: O.Option<Tag>, offer: boolean): PrackStep => {
  const none: PrackStep = { _tag: "Go", early: s.early, rseqs: s.rseqs, seed: s.seed, effects: [], owed: s.prackOwed };
  if (O.isNone(tag)) return none;
  const last = O.fromNullable(s.rseqs.find((r) => r.tag === tag.value)?.rseq);
  const receipt = receiveReliable(response)(last);
  if (receipt._tag === "Unreliable") return none;
  if (receipt._tag !== "Acknowledge") return { _tag: "Ignore" };
  const rseqs = [...s.rseqs.filter((r) => r.tag !== tag.value), { tag: tag.value, rseq: receipt.rseq }];
  if (offer) return { ...none, rseqs, owed: response, effects: [notify({ _tag: "AnswerNeeded", response })] };
  const sent = sendPrack(s, response, tag.value, null);
  if (E.isLeft(sent)) return { ...none, effects: [{ _tag: "Discarded", reason: sent.left }] };
  const [early, seed, prack] = sent.right;
  return { _tag: "Go", early, rseqs, seed, effects: [sendRequest(prack)], owed: s.prackOwed };
};

/** The application's answer to an offer in a reliable 1xx, sent in the PRACK (RFC 3262 §5). */
const answerInPrack = (s: Calling, body: Body | undefined): SessionStep => {
  const owed = s.prackOwed;
  const tag = owed?.core.to === undefined ? O.none : tagOf(owed.core.to);
  if (owed === null || O.isNone(tag)) return discard(s, "nothing to answer before the call is answered");
  const sent = sendPrack(s, owed, tag.value, body ?? null);
  if (E.isLeft(sent)) return discard(s, sent.left);
  const [early, seed, prack] = sent.right;
  const [oa, problems] = trackBody(s.offerAnswer, "Local", prack);
  return [{ ...s, early, seed, offerAnswer: oa, prackOwed: null }, [...problems, sendRequest(prack)]];
};

/**
 * RFC 4028 §7.3/§7.4: a new INVITE after a 422: same Call-ID, To and From, CSeq one higher, a new
 * branch, Session-Expires and Min-SE raised to the 422's Min-SE. None when there is nothing to
 * raise (no Session-Expires asked, or the Min-SE is no larger: retrying would loop).
 */
const retryInvite = (s: Calling, response: SipResponse): SessionStep | undefined => {
  const asked = sessionExpiresOf(s.invite);
  const cseq = s.invite.core.cseq;
  if (O.isNone(asked) || cseq === undefined || minSeOf(response) <= asked.value.interval) return undefined;
  const [via, seed] = nextVia(s.localVia, s.seed);
  let invite: E.Either<unknown, SipRequest> = E.right(s.invite);
  for (const h of [...retryAfter422(response, asked.value.interval), { name: "CSeq", value: `${cseq.seq + 1} INVITE` }, { name: "Via", value: printVia(via) }]) {
    invite = E.flatMap(invite, setHeader(h.name, h.value));
  }
  if (E.isLeft(invite)) return undefined;
  const [oa] = trackBody(initialOfferAnswer, "Local", invite.right);
  return [{ ...s, seed, invite: invite.right, offerAnswer: oa, provisional: false, early: [], rseqs: [], prackOwed: null }, [sendRequest(invite.right)]];
};

const callingResponse = (s: Calling, response: SipResponse, now: number): SessionStep => {
  const status = response.status;
  const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
  if (isProvisional(status)) {
    if (status === 100) return [s, []];
    // §13.2.2.1: a provisional with a To tag creates (or refreshes) an early dialog per remote tag.
    const tag = toTagOf(response);
    let early = s.early;
    if (O.isSome(tag) && !s.early.some((d) => sameRemoteTag(d, tag))) {
      const d = createUacDialog(s.invite, { overTls: s.config.overTls })(response);
      if (E.isRight(d)) early = [...s.early, d.right];
    }
    // RFC 3262 §4: PRACK each in-order reliable 1xx in its early dialog; drop retransmissions and gaps.
    const offered = oa._tag === "OfferPending" && oa.carrier === "ReliableProvisional" && oa.offerer === "Remote";
    const prack = prackFor({ ...s, early }, response, tag, offered && s.offerAnswer._tag !== "OfferPending");
    if (prack._tag === "Ignore") return [s, []];
    const next: Calling = { ...s, offerAnswer: oa, provisional: true, early: prack.early, rseqs: prack.rseqs, seed: prack.seed, prackOwed: prack.owed };
    const effects = [...problems, notify({ _tag: "Provisional", response }), ...prack.effects];
    // §9.1: "the client MUST wait for the arrival of a provisional response before sending the request".
    if (s.cancel._tag === "Wanted") {
      const [c, more] = cancelNow(next, now);
      return [c, [...effects, ...more]];
    }
    return [next, effects];
  }
  if (isSuccess(status)) {
    // §13.2.2.4: the 2xx confirms the early dialog with its tag, or creates one.
    const tag = toTagOf(response);
    const fork = s.early.find((d) => sameRemoteTag(d, tag));
    const dialog = fork === undefined ? createUacDialog(s.invite, { overTls: s.config.overTls })(response) : E.right(confirmUac(response)(fork));
    if (E.isLeft(dialog)) return [s, [notify({ _tag: "ProtocolError", reason: `2xx creates no dialog: ${dialog.left._tag}` })]];
    const timerOf = uacTimerOf(response);
    const timerStart = O.isSome(timerOf) ? startTimer(now, timerOf.value.interval, timerOf.value.refresher === "uac") : null;
    // §13.2.1: an offer in the 2xx (the INVITE had none) is answered in the ACK: the application gives the answer.
    if (s.cancel._tag === "No" && oa._tag === "OfferPending" && oa.carrier === "InviteSuccess") {
      const owed: Established = {
        _tag: "Established",
        ...common(s),
        offerAnswer: oa,
        dialog: dialog.right,
        lastAck: null,
        pending: { _tag: "AckOwed", seq: s.invite.core.cseq?.seq ?? 0 },
        hangupWanted: false,
        update: { _tag: "None" },
        timer: timerStart,
      };
      return [owed, [...problems, notify({ _tag: "AnswerNeeded", response }), notify({ _tag: "Established", dialog: dialog.right })]];
    }
    const ack = ackFor(s, s.invite.core.cseq?.seq ?? 0, dialog.right);
    if (E.isLeft(ack)) return discard(s, ack.left);
    const [ackRequest, seed] = ack.right;
    // RFC 4028 §7.2: the 2xx's Session-Expires starts the timer; refresher=uac means this UA.
    const established: Established = {
      _tag: "Established",
      ...common(s),
      seed,
      offerAnswer: oa,
      dialog: dialog.right,
      lastAck: ackRequest,
      pending: { _tag: "None" },
      hangupWanted: false,
      update: { _tag: "None" },
      timer: timerStart,
    };
    const effects = [...problems, sendRequest(ackRequest), notify({ _tag: "Established", dialog: dialog.right })];
    // §9.1 race: the CANCEL lost against a 2xx; the call is up and the UAC hangs up with BYE (§15).
    return s.cancel._tag === "No" ? [established, effects] : sendBye(established, now, effects);
  }
  // RFC 4028 §7.3: "If the response ... is a 422 ... the UAC MAY retry the request" with a larger Session-Expires.
  if (status === 422 && s.cancel._tag === "No") {
    const retry = retryInvite(s, response);
    if (retry !== undefined) return retry;
  }
  // §13.2.2.3: a final failure ends every early dialog; 487 answers our CANCEL (§9.1).
  const reason: EndReason = status === 487 && s.cancel._tag !== "No" ? "Cancelled" : "Rejected";
  return ended(reason, [notify({ _tag: "Failed", status })]);
};

// ---------------------------------------------------------------- UPDATE in an early dialog (RFC 3311 §5)

type EarlyUpdate =
  | { readonly _tag: "Refused"; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: number }
  | { readonly _tag: "Accepted"; readonly dialog: Dialog; readonly offerAnswer: OfferAnswerState; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: number };

/**
 * RFC 3311 §5.2 in an early dialog: "the UAS MUST ... process the UPDATE as it would any other
 * request within a dialog": §12.2.2 CSeq check, 491 / 500 + Retry-After for an offer that
 * collides, an offer passed to the application, a bodiless UPDATE answered 200 at once.
 */
const earlyUpdate = (common: { readonly localContact: NameAddr; readonly seed: number }, dialog: Dialog | undefined, oa: OfferAnswerState, request: SipRequest): EarlyUpdate => {
  const reply = (status: number, headers: ReadonlyArray<HeaderField> = []): ReadonlyArray<SessionEffect> => {
    const r = createResponse(status, { headers })(request);
    return E.isRight(r) ? [sendResponse(request, r.right)] : [];
  };
  if (dialog === undefined) return { _tag: "Refused", effects: reply(481), seed: common.seed };
  const checked = receiveRequest(request)(dialog);
  if (E.isLeft(checked)) return { _tag: "Refused", effects: reply(checked.left.status), seed: common.seed };
  const step = offerAnswerOn("Remote", request)(oa);
  if (E.isLeft(step)) {
    if (step.left._tag === "Glare") return { _tag: "Refused", effects: reply(491), seed: common.seed };
    const [seconds, seed] = retryAfterSeconds(common.seed);
    return { _tag: "Refused", effects: reply(500, [{ name: "Retry-After", value: String(seconds) }]), seed };
  }
  const [offerAnswer, role] = step.right;
  const effects = role === "Offer" ? [notify({ _tag: "IncomingUpdate", request })] : reply(200, [{ name: "Contact", value: printContact([common.localContact]) }]);
  return { _tag: "Accepted", dialog: checked.right, offerAnswer, effects, seed: common.seed };
};

/** The application's answer to an UPDATE offer in an early dialog. */
const earlyUpdateAnswer = (s: Calling | Incoming, request: SipRequest, status: number, body: Body | undefined): E.Either<string, readonly [OfferAnswerState, SipResponse]> => {
  if (request.method !== Methods.UPDATE) return E.left(`only an UPDATE can be answered before the INVITE's final response`);
  const response = answer(s, request, status, body, undefined, isSuccess(status) ? [{ name: "Contact", value: printContact([s.localContact]) }] : []);
  if (E.isLeft(response)) return response;
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  return E.isLeft(oa) ? E.left(`offer/answer forbids this ${status}: ${oa.left._tag}`) : E.right([oa.right[0], response.right] as const);
};

const callingUpdate = (s: Calling, request: SipRequest): SessionStep => {
  const from = request.core.from === undefined ? O.none : tagOf(request.core.from);
  const index = s.early.findIndex((d) => sameRemoteTag(d, from));
  const r = earlyUpdate(s, s.early[index], s.offerAnswer, request);
  if (r._tag === "Refused") return [{ ...s, seed: r.seed }, r.effects];
  return [{ ...s, seed: r.seed, offerAnswer: r.offerAnswer, early: s.early.map((d, i) => (i === index ? r.dialog : d)) }, r.effects];
};

const incomingUpdate = (s: Incoming, request: SipRequest): SessionStep => {
  const r = earlyUpdate(s, s.early ?? undefined, s.offerAnswer, request);
  if (r._tag === "Refused") return [{ ...s, seed: r.seed }, r.effects];
  return [{ ...s, seed: r.seed, offerAnswer: r.offerAnswer, early: r.dialog }, r.effects];
};

const calling = (s: Calling, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Request") {
        if (m.method === Methods.UPDATE) return callingUpdate(s, m);
        return discard(s, `${m.method} before the call is answered is not handled by the UAC core`);
      }
      if (m.core.cseq?.method !== Methods.INVITE) return [s, []];
      return callingResponse(s, m, event.now);
    }
    case "Timeout":
      // §13.2.2.4 / §8.1.3.1: Timer B "the UAC core ... MUST act as if it received a 408".
      return event.method === Methods.INVITE ? ended("Timeout", [notify({ _tag: "Failed", status: 408 })]) : [s, []];
    case "Tick":
      // §9.1: no final response 64*T1 after the CANCEL: give up on the INVITE.
      return s.cancel._tag === "Sent" && event.now >= s.cancel.giveUpAt ? ended("Cancelled", [notify({ _tag: "Failed", status: 408 })]) : [s, []];
    case "Cancel":
    case "Hangup":
      if (s.cancel._tag !== "No") return [s, []];
      return s.provisional ? cancelNow(s, event.now) : [{ ...s, cancel: { _tag: "Wanted" } }, []];
    case "RespondTo": {
      const r = earlyUpdateAnswer(s, event.request, event.status, event.body);
      return E.isLeft(r) ? discard(s, r.left) : [{ ...s, offerAnswer: r.right[0] }, [sendResponse(event.request, r.right[1])]];
    }
    case "Respond":
      return answerInPrack(s, event.body);
    case "Reinvite":
    case "Update":
      return discard(s, `${event._tag} needs an established call`);
    default:
      return absurd(event);
  }
};

// ---------------------------------------------------------------- UAS: Incoming

const incomingRespond = (s: Incoming, status: number, body: Body | undefined, now: number): SessionStep => {
  // RFC 4028 §9: the 2xx carries the negotiated Session-Expires (and Require: timer for a UAC refresher).
  const policy = s.config.sessionTimer;
  const negotiated = policy !== undefined && isSuccess(status) ? negotiateUas(policy)(s.invite) : undefined;
  const timerFields = negotiated?._tag === "Accept" ? negotiated.headers : [];
  // RFC 3262 §3: no 2xx while a reliable 1xx with a session description is unacknowledged.
  if (s.reliable !== null && !mayAnswer(status, s.reliable)) return discard(s, "a reliable 1xx with a session description awaits its PRACK (RFC 3262 §3)");
  const response = answer(s, s.invite, status, body, s.toTag, timerFields);
  if (E.isLeft(response)) return discard(s, response.left);
  let r = response.right;
  let reliable = s.reliable;
  if (reliable !== null && status > 100 && status < 200) {
    const sent = sendReliable(r, now)(reliable);
    if (E.isLeft(sent)) return discard(s, `reliable ${status} refused: ${sent.left._tag} (RFC 3262 §3)`);
    [r, reliable] = sent.right;
  }
  const oaStep = offerAnswerOn("Local", r)(s.offerAnswer);
  if (E.isLeft(oaStep)) return discard(s, `offer/answer forbids this ${status}: ${oaStep.left._tag}`);
  const oa = oaStep.right[0];
  if (isProvisional(status)) {
    // §12.1.1: a 101–199 with a To tag creates the early dialog on the UAS side.
    let early = s.early;
    if (early === null && status > 100) {
      const d = createUasDialog(s.invite, { overTls: s.config.overTls })(r);
      if (E.isRight(d)) early = d.right;
    }
    return [{ ...s, offerAnswer: oa, early, reliable }, [sendResponse(s.invite, r)]];
  }
  if (isSuccess(status)) {
    const dialog = createUasDialog(s.invite, { overTls: s.config.overTls })(r);
    if (E.isLeft(dialog)) return discard(s, `the INVITE cannot create a dialog: ${dialog.left._tag}`);
    const established: Established = {
      _tag: "Established",
      ...common(s),
      offerAnswer: oa,
      dialog: dialog.right,
      lastAck: null,
      pending: awaitAck(s, s.invite, r, now, true),
      hangupWanted: false,
      update: { _tag: "None" },
      timer: negotiated?._tag === "Accept" ? startTimer(now, negotiated.interval, negotiated.refresher === "uas") : null,
    };
    return [established, [sendResponse(s.invite, r)]];
  }
  return ended("Rejected", [sendResponse(s.invite, r)]);
};

/** RFC 3262 §3: a PRACK for our reliable 1xx: 200 when it matches (answering an offer in the 1xx), 481 otherwise. */
const incomingPrack = (s: Incoming, prack: SipRequest): SessionStep => {
  if (s.reliable === null) {
    const r = createResponse(481)(prack);
    return [s, E.isRight(r) ? [sendResponse(prack, r.right)] : []];
  }
  const outcome = receivePrack(prack)(s.reliable);
  if (E.isLeft(outcome)) return discard(s, outcome.left);
  if (outcome.right._tag === "NoMatch") return [s, [sendResponse(prack, outcome.right.response)]];
  const oa = offerAnswerOn("Remote", prack)(s.offerAnswer);
  // A new offer in the PRACK would need an answer in its 200 from the application: not supported, refused.
  if (E.isLeft(oa) || oa.right[1] === "Offer") {
    const r = createResponse(488)(prack);
    return [s, E.isRight(r) ? [sendResponse(prack, r.right)] : []];
  }
  return [{ ...s, reliable: outcome.right.state, offerAnswer: oa.right[0] }, [sendResponse(prack, outcome.right.response)]];
};

const incoming = (s: Incoming, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Response") return [s, []];
      if (m.method === Methods.CANCEL) {
        // §9.2: "the UAS core ... responds to the INVITE with a 487 (Request Terminated)" and the CANCEL with 200.
        const ok = createResponse(200)(m);
        const terminated = answer(s, s.invite, 487, undefined, s.toTag);
        const effects: Array<SessionEffect> = [];
        if (E.isRight(ok)) effects.push(sendResponse(m, ok.right));
        if (E.isRight(terminated)) effects.push(sendResponse(s.invite, terminated.right));
        return ended("Cancelled", effects);
      }
      if (m.method === Methods.PRACK) return incomingPrack(s, m);
      if (m.method === Methods.BYE) {
        // §15: "The caller's UA MAY send a BYE for either confirmed or early dialogs"; §15.1.2: the UAS answers
        // the BYE and "the UAS MUST still respond to any pending requests ... It is RECOMMENDED that a 487" be generated.
        const ok = createResponse(200)(m);
        const terminated = answer(s, s.invite, 487, undefined, s.toTag);
        const effects: Array<SessionEffect> = [];
        if (E.isRight(ok)) effects.push(sendResponse(m, ok.right));
        if (E.isRight(terminated)) effects.push(sendResponse(s.invite, terminated.right));
        return ended("RemoteBye", effects);
      }
      if (m.method === Methods.UPDATE) return incomingUpdate(s, m);
      return discard(s, `${m.method} before the INVITE is answered`);
    }
    case "Respond":
      return incomingRespond(s, event.status, event.body, event.now);
    case "Hangup":
      return incomingRespond(s, 603, undefined, event.now);
    case "Tick": {
      if (s.reliable === null) return [s, []];
      const tick = tickReliable(event.now)(s.reliable);
      switch (tick._tag) {
        case "Idle":
          return [s, []];
        case "Retransmit":
          return [{ ...s, reliable: tick.state }, [sendResponse(s.invite, tick.response)]];
        case "GiveUp":
          // RFC 3262 §3: "the UAS SHOULD reject the original request with a 5xx response".
          return incomingRespond({ ...s, reliable: tick.state }, 500, undefined, event.now);
      }
      return [s, []];
    }
    case "Timeout":
      return [s, []];
    case "RespondTo": {
      const r = earlyUpdateAnswer(s, event.request, event.status, event.body);
      return E.isLeft(r) ? discard(s, r.left) : [{ ...s, offerAnswer: r.right[0] }, [sendResponse(event.request, r.right[1])]];
    }
    case "Cancel":
    case "Reinvite":
    case "Update":
      return discard(s, `${event._tag} is not possible before the INVITE is answered`);
    default:
      return absurd(event);
  }
};

// ---------------------------------------------------------------- in the dialog

const respondSimple = (s: Established | Terminating, request: SipRequest, status: number, extra: ReadonlyArray<HeaderField> = []): ReadonlyArray<SessionEffect> => {
  const r = createResponse(status, { headers: extra })(request);
  return E.isRight(r) ? [sendResponse(request, r.right)] : [{ _tag: "Discarded", reason: `no ${status} for ${request.method}: ${r.left.reason}` }];
};

/** §13.2.2.4: a retransmitted 2xx gets the same ACK again; a 2xx from another fork is ACKed and BYEd. */
const retransmitted2xx = (s: Established | Terminating, response: SipResponse): SessionStep => {
  const tag = toTagOf(response);
  if (!sameRemoteTag(s.dialog, tag)) {
    if (s.role !== "UAC" || response.core.cseq?.seq !== s.invite.core.cseq?.seq) return [s, []];
    const [seed, effects] = byeExtraFork(s, response);
    return [{ ...s, seed }, effects];
  }
  const ack = s.lastAck;
  return ack !== null && ack.core.cseq?.seq === response.core.cseq?.seq ? [s, [sendRequest(ack)]] : [s, []];
};

/** 500 with "a Retry-After header field with a randomly chosen value of between 0 and 10 seconds" (§14.2). */
const serverBusy = (s: Established, request: SipRequest): SessionStep => {
  const [seconds, seed] = retryAfterSeconds(s.seed);
  return [{ ...s, seed }, respondSimple(s, request, 500, [{ name: "Retry-After", value: String(seconds) }])];
};

/**
 * A re-INVITE from the peer. `checked` is the dialog after §12.2.2's CSeq rule, which applies
 * before anything else; a refused re-INVITE moves the remote sequence number but not the
 * remote target (RFC 6141 §3.4: the target is refreshed only by an accepted request).
 */
const reinviteRequest = (s: Established, request: SipRequest, checked: Dialog): SessionStep => {
  const p = s.pending;
  const counted: Established = { ...s, dialog: { ...s.dialog, remoteSeq: checked.remoteSeq } };
  // §14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on that dialog is in progress MUST return a 491".
  if (p._tag === "Sending") return [counted, respondSimple(s, request, 491)];
  // §14.2: "A UAS that receives a second INVITE before it sends the final response to a first INVITE with a lower CSeq ... MUST return a 500 ... with a Retry-After".
  if (p._tag === "Receiving" || p._tag === "AwaitingAck") return serverBusy(counted, request);
  const idle: Established = p._tag === "RetryAt" ? { ...counted, pending: { _tag: "None" } } : counted;
  const oa = offerAnswerOn("Remote", request)(idle.offerAnswer);
  if (E.isLeft(oa)) return oa.left._tag === "Glare" ? [idle, respondSimple(s, request, 491)] : serverBusy(idle, request);
  // Our own retry after a 491 gives way to the peer's re-INVITE: the application hears that it lost.
  const gaveUp = p._tag === "RetryAt" ? [notify({ _tag: "ReinviteDone", status: 491 })] : [];
  return [
    { ...idle, dialog: checked, offerAnswer: oa.right[0], pending: { _tag: "Receiving", request } },
    [...gaveUp, notify({ _tag: "IncomingReinvite", request })],
  ];
};

/** RFC 4028 §10: a 2xx to a session refresh restarts the timer, with the roles the 2xx names. */
const refreshedTimer = (timer: SessionTimer | null, now: number, refresh: SipRequest | SipResponse, localSentRequest: boolean): SessionTimer | null => {
  if (timer === null) return null;
  const se = sessionExpiresOf(refresh);
  if (O.isNone(se)) return startTimer(now, timer.interval, timer.localRefresher);
  if (O.isNone(se.value.refresher)) return startTimer(now, se.value.interval, timer.localRefresher);
  // refresher=uac names the sender of the refresh request, refresher=uas its receiver.
  const uacRefreshes = se.value.refresher.value === "uac";
  return startTimer(now, se.value.interval, localSentRequest ? uacRefreshes : !uacRefreshes);
};

/** A response to an in-dialog request from the application, with offer/answer and the session timer kept in step. */
const respondInDialog = (s: Established, request: SipRequest, status: number, body: Body | undefined, now: number): SessionStep => {
  if (request.method !== Methods.UPDATE) return [s, respondSimple(s, request, status)];
  const timerFields = s.timer !== null && isSuccess(status) ? (O.isSome(sessionExpiresOf(request)) ? [{ name: "Session-Expires", value: headerValue(request, "Session-Expires") }] : refreshHeaders(s.timer).slice(0, 1)) : [];
  const response = answer(s, request, status, body, undefined, [...(isSuccess(status) ? [{ name: "Contact", value: printContact([s.localContact]) }] : []), ...timerFields]);
  if (E.isLeft(response)) return discard(s, response.left);
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids this ${status}: ${oa.left._tag}`);
  const timer = isSuccess(status) ? refreshedTimer(s.timer, now, request, false) : s.timer;
  return [{ ...s, offerAnswer: oa.right[0], timer }, [sendResponse(request, response.right)]];
};

const headerValue = (m: SipRequest | SipResponse, name: string): string => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? "";

/**
 * RFC 3311 §5.2: an UPDATE from the peer. An offer while an exchange is in progress gets 491
 * or 500 with Retry-After; an offer goes to the application for its answer; an UPDATE without
 * a body (a session refresh, RFC 4028) is answered at once. UPDATE is a target refresh.
 */
const updateRequest = (s: Established, request: SipRequest, checked: Dialog, now: number): SessionStep => {
  const counted: Established = { ...s, dialog: { ...s.dialog, remoteSeq: checked.remoteSeq } };
  const oa = offerAnswerOn("Remote", request)(s.offerAnswer);
  if (E.isLeft(oa)) return oa.left._tag === "Glare" ? [counted, respondSimple(s, request, 491)] : serverBusy(counted, request);
  const next: Established = { ...s, dialog: checked, offerAnswer: oa.right[0] };
  if (oa.right[1] === "Offer") return [next, [notify({ _tag: "IncomingUpdate", request })]];
  return respondInDialog(next, request, 200, undefined, now);
};

/** RFC 3311 §5.1: our UPDATE, with an offer when there is a body; RFC 4028 §7.4 timer headers when a timer runs. */
const sendUpdate = (s: Established, body: Body | null, now: number): SessionStep => {
  if (s.update._tag === "Sending") return discard(s, "an UPDATE is already in progress");
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const timerFields = s.timer === null ? [] : refreshHeaders(s.timer);
  const built = buildRequest({ method: Methods.UPDATE, via, initialSeq: 1, contact: [s.localContact], headers: [...timerFields, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(built)) return discard(s, `UPDATE could not be built: ${built.left._tag}`);
  const [request, dialog] = built.right;
  const oa = offerAnswerOn("Local", request)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids an UPDATE offer now: ${oa.left._tag} (RFC 3311 §5.1)`);
  // A refresh is out: the refresher does not send another before this one ends (§10).
  const timer = s.timer === null ? null : { ...s.timer, refreshAt: Math.max(s.timer.byeAt, now) };
  return [{ ...s, seed, dialog, offerAnswer: oa.right[0], update: { _tag: "Sending", request }, timer }, [sendRequest(request)]];
};

const updateResponse = (s: Established, response: SipResponse, now: number): SessionStep => {
  const u = s.update;
  if (u._tag !== "Sending" || response.core.cseq?.seq !== u.request.core.cseq?.seq || isProvisional(response.status)) return [s, []];
  const outcome = processResponse(Methods.UPDATE, response)(s.dialog);
  // RFC 4028 §10: "If the session refresh request transaction times out or generates a 408 or 481 response, then the UAC sends a BYE".
  if (outcome._tag === "Terminate") return ended("DialogGone", [notify({ _tag: "UpdateDone", status: response.status })]);
  const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
  const timer = isSuccess(response.status) ? refreshedTimer(s.timer, now, response, true) : s.timer;
  return [
    { ...s, dialog: outcome.dialog, offerAnswer: oa, update: { _tag: "None" }, timer },
    [...problems, notify({ _tag: "UpdateDone", status: response.status })],
  ];
};

const establishedRequest = (s: Established, request: SipRequest, now: number): SessionStep => {
  if (request.method === Methods.ACK) {
    const p = s.pending;
    if (p._tag !== "AwaitingAck" || request.core.cseq?.seq !== p.request.core.cseq?.seq) return [s, []];
    const [oa, problems] = trackBody(s.offerAnswer, "Remote", request);
    const next: Established = { ...s, offerAnswer: oa, pending: { _tag: "None" } };
    const effects = [...problems, ...(p.initial ? [notify({ _tag: "Established", dialog: s.dialog })] : [])];
    return s.hangupWanted ? sendBye(next, now, effects) : [next, effects];
  }
  if (request.method === Methods.CANCEL) return [s, respondSimple(s, request, 200)];
  const checked = receiveRequest(request)(s.dialog);
  // §12.2.2: out of order requests get 500.
  if (E.isLeft(checked)) return [s, respondSimple(s, request, checked.left.status)];
  if (request.method === Methods.BYE) {
    // §15.1.2: "the UAS MUST still respond to any pending requests received for that dialog. It is RECOMMENDED that a 487 ... be generated".
    const pending = s.pending._tag === "Receiving" ? respondSimple(s, s.pending.request, 487) : [];
    return ended("RemoteBye", [...respondSimple(s, request, 200), ...pending]);
  }
  if (request.method === Methods.INVITE) return reinviteRequest(s, request, checked.right);
  if (request.method === Methods.UPDATE) return updateRequest(s, request, checked.right, now);
  return [{ ...s, dialog: checked.right }, [notify({ _tag: "InDialogRequest", request })]];
};

const establishedResponse = (s: Established, response: SipResponse, now: number): SessionStep => {
  const method = response.core.cseq?.method;
  const p = s.pending;
  if (method === Methods.INVITE) {
    if (p._tag !== "Sending" || response.core.cseq?.seq !== p.request.core.cseq?.seq || !sameRemoteTag(s.dialog, toTagOf(response))) {
      return isSuccess(response.status) ? retransmitted2xx(s, response) : [s, []];
    }
    if (isProvisional(response.status)) return [s, []];
    const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
    const outcome = processResponse(Methods.INVITE, response)(s.dialog);
    if (outcome._tag === "Terminate") return ended("DialogGone", [...problems, notify({ _tag: "ReinviteDone", status: response.status })]);
    if (isSuccess(response.status)) {
      const ack = ackFor(s, response.core.cseq?.seq ?? 0, outcome.dialog);
      if (E.isLeft(ack)) return discard(s, ack.left);
      const [ackRequest, seed] = ack.right;
      const timer = refreshedTimer(s.timer, now, response, true);
      const next: Established = { ...s, seed, offerAnswer: oa, dialog: outcome.dialog, lastAck: ackRequest, pending: { _tag: "None" }, timer };
      return [next, [...problems, sendRequest(ackRequest), notify({ _tag: "ReinviteDone", status: response.status })]];
    }
    if (response.status === 491) {
      // §14.1: retry after T, owner of the Call-ID or not.
      const [delay, seed] = glareDelay(s.role === "UAC", s.seed);
      const body = p.request.body.length === 0 ? null : { type: p.request.headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "application/sdp", content: p.request.body };
      return [{ ...s, seed, offerAnswer: oa, pending: { _tag: "RetryAt", at: now + delay, body } }, problems];
    }
    // §14.1: "the session parameters MUST remain unchanged, as if no re-INVITE had been issued".
    return [{ ...s, offerAnswer: oa, pending: { _tag: "None" } }, [...problems, notify({ _tag: "ReinviteDone", status: response.status })]];
  }
  if (method === Methods.UPDATE) return updateResponse(s, response, now);
  // §12.2.1.2: 481 or 408 to any request in the dialog ends it.
  const outcome = processResponse(method ?? Methods.OPTIONS, response)(s.dialog);
  if (outcome._tag === "Terminate") return ended("DialogGone", []);
  return [{ ...s, dialog: outcome.dialog }, []];
};

const sendReinvite = (s: Established, body: Body | null): SessionStep => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const built = buildRequest({ method: Methods.INVITE, via, initialSeq: 1, contact: [s.localContact], headers: b.headers, ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(built)) return discard(s, `re-INVITE could not be built: ${built.left._tag}`);
  const [request, dialog] = built.right;
  const oa = offerAnswerOn("Local", request)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids a re-INVITE now: ${oa.left._tag}`);
  return [{ ...s, seed, dialog, offerAnswer: oa.right[0], pending: { _tag: "Sending", request } }, [sendRequest(request)]];
};

/** §13.2.1 / §13.2.2.4: the ACK for a 2xx that carried an offer, with the application's answer. */
const sendOwedAck = (s: Established, body: Body | undefined | null): SessionStep => {
  if (s.pending._tag !== "AckOwed") return [s, []];
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const ack = buildAck(s.pending.seq, { via, headers: b.headers, ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(ack)) return discard(s, `ACK could not be built: ${ack.left._tag}`);
  const [oa, problems] = trackBody(s.offerAnswer, "Local", ack.right);
  return [{ ...s, seed, offerAnswer: oa, lastAck: ack.right, pending: { _tag: "None" } }, [...problems, sendRequest(ack.right)]];
};

const establishedRespond = (s: Established, status: number, body: Body | undefined, now: number): SessionStep => {
  const p = s.pending;
  if (p._tag === "AckOwed") return sendOwedAck(s, body);
  if (p._tag !== "Receiving") return discard(s, "no re-INVITE is waiting for an answer");
  const response = answer(s, p.request, status, body);
  if (E.isLeft(response)) return discard(s, response.left);
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids this ${status}: ${oa.left._tag}`);
  const effects = [sendResponse(p.request, response.right)];
  if (isProvisional(status)) return [{ ...s, offerAnswer: oa.right[0] }, effects];
  const pending = isSuccess(status) ? awaitAck(s, p.request, response.right, now, false) : { _tag: "None" as const };
  return [{ ...s, offerAnswer: oa.right[0], pending }, effects];
};

const establishedTick = (s: Established, now: number): SessionStep => {
  const p = s.pending;
  if (p._tag === "AwaitingAck") {
    // §13.3.1.4: "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated. This is accomplished with a BYE".
    if (now >= p.giveUpAt) {
      const [after, effects] = sendBye({ ...s, pending: { _tag: "None" } }, now, [notify({ _tag: "ProtocolError", reason: "no ACK for the 2xx within 64*T1" })]);
      return after._tag === "Terminating" ? [after, effects] : ended("NoAck", effects);
    }
    if (now >= p.retransmitAt && !s.config.reliable) {
      const interval = Math.min(p.interval * 2, s.config.t2);
      return [{ ...s, pending: { ...p, interval, retransmitAt: now + interval } }, [sendResponse(p.request, p.ok)]];
    }
    return [s, []];
  }
  if (p._tag === "RetryAt" && now >= p.at) return sendReinvite({ ...s, pending: { _tag: "None" } }, p.body);
  if (s.timer !== null) {
    switch (timerDue(now)(s.timer)) {
      case "Expire":
        // RFC 4028 §10: "if the side not performing refreshes does not receive a session refresh request before the session expiration, it SHOULD send a BYE".
        return sendBye(s, now, [notify({ _tag: "SessionExpired" })]);
      case "Refresh":
        // §7.2: the refresher refreshes at half-time; an UPDATE without a body refreshes without touching the session (RFC 3311).
        return s.update._tag === "None" && s.offerAnswer._tag === "Idle" ? sendUpdate(s, null, now) : [{ ...s, timer: { ...s.timer, refreshAt: s.timer.byeAt } }, []];
      case "None":
        return [s, []];
    }
  }
  return [s, []];
};

const established = (s: Established, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received":
      return event.message._tag === "Request" ? establishedRequest(s, event.message, event.now) : establishedResponse(s, event.message, event.now);
    case "Timeout":
      // §12.2.1.2 / §14.1: no response at all to a request in the dialog ends it.
      return event.method === Methods.ACK ? [s, []] : ended("DialogGone", event.method === Methods.INVITE ? [notify({ _tag: "ReinviteDone", status: 408 })] : []);
    case "Tick":
      return establishedTick(s, event.now);
    case "Respond":
      return establishedRespond(s, event.status, event.body, event.now);
    case "RespondTo":
      return respondInDialog(s, event.request, event.status, event.body, event.now);
    case "Update":
      return sendUpdate(s, event.body ?? null, event.now);
    case "Cancel":
      return discard(s, "the call is up: hang up with BYE, CANCEL has no effect after a 2xx (§9.1)");
    case "Hangup": {
      if (s.pending._tag === "AwaitingAck" && s.pending.initial) return [{ ...s, hangupWanted: true }, []];
      if (s.pending._tag === "AckOwed") {
        // The 2xx still needs its ACK (§13.2.2.4) before the BYE; without an answer the peer sees a protocol error.
        const [acked, ackEffects] = sendOwedAck(s, null);
        return acked._tag === "Established" ? sendBye(acked, event.now, ackEffects) : [acked, ackEffects];
      }
      const pending = s.pending._tag === "Receiving" ? respondSimple(s, s.pending.request, 487) : [];
      return sendBye({ ...s, pending: { _tag: "None" } }, event.now, pending);
    }
    case "Reinvite":
      // §14.1: "a UAC MUST NOT initiate a re-INVITE while another INVITE transaction is in progress in either direction".
      return s.pending._tag === "None" ? sendReinvite(s, event.body ?? null) : discard(s, "another INVITE transaction is in progress (§14.1)");
    default:
      return absurd(event);
  }
};

const terminating = (s: Terminating, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Request") {
        // Both sides hung up at once: answer their BYE too; anything else gets 481 now that our BYE is out.
        if (m.method === Methods.ACK) return [s, []];
        return [s, respondSimple(s, m, m.method === Methods.BYE ? 200 : 481)];
      }
      if (m.core.cseq?.method === Methods.BYE && m.core.cseq.seq === s.bye.core.cseq?.seq && m.status >= 200) return ended("LocalBye", []);
      return m.core.cseq?.method === Methods.INVITE && isSuccess(m.status) ? retransmitted2xx(s, m) : [s, []];
    }
    case "Timeout":
      return event.method === Methods.BYE ? ended("LocalBye", []) : [s, []];
    case "Tick":
      // A shell that lost the BYE's timeout still ends the session: bounded time, no state left.
      return event.now >= s.giveUpAt ? ended("LocalBye", []) : [s, []];
    case "Respond":
    case "RespondTo":
    case "Cancel":
    case "Hangup":
    case "Reinvite":
    case "Update":
      return [s, []];
    default:
      return absurd(event);
  }
};

/** The session reducer: `step(state, event)` gives the next state and the effects to run in order. */
export const step = (state: InviteSession, event: SessionEvent): SessionStep => {
  switch (state._tag) {
    case "Calling":
      return calling(state, event);
    case "Incoming":
      return incoming(state, event);
    case "Established":
      return established(state, event);
    case "Terminating":
      return terminating(state, event);
    case "Ended":
      return [state, []];
    default:
      return absurd(state);
  }
};

const incomingDeadline = (state: Incoming): O.Option<number> => (state.reliable === null ? O.none : reliableDeadline(state.reliable));

/** When the shell should send `Tick` next (DESIGN.md: deadlines live in the state). */
export const nextDeadline = (state: InviteSession): O.Option<number> => {
  switch (state._tag) {
    case "Calling":
      return state.cancel._tag === "Sent" ? O.some(state.cancel.giveUpAt) : O.none;
    case "Incoming":
      return incomingDeadline(state);
    case "Ended":
      return O.none;
    case "Established": {
      const p = state.pending;
      const own = p._tag === "AwaitingAck" ? (state.config.reliable ? p.giveUpAt : Math.min(p.retransmitAt, p.giveUpAt)) : p._tag === "RetryAt" ? p.at : Infinity;
      const at = Math.min(own, state.timer === null ? Infinity : timerDeadline(state.timer));
      return at === Infinity ? O.none : O.some(at);
    }
    case "Terminating":
      return O.some(state.giveUpAt);
    default:
      return absurd(state);
  }
};

/** The dialog ID this session answers to, for the shell's registry (§12); none before a dialog exists. */
export const sessionDialog = (state: InviteSession): O.Option<Dialog> =>
  state._tag === "Established" || state._tag === "Terminating" ? O.some(state.dialog) : state._tag === "Incoming" && state.early !== null ? O.some(state.early) : O.none;

