// RFC 3262: reliable provisional responses. The UAS side numbers its reliable 1xx (RSeq),
// retransmits each until its PRACK (T1 doubling, no T2 cap) and keeps one outstanding at a
// time; the UAC side acknowledges each in-order reliable 1xx with a PRACK carrying RAck.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { Methods, addHeader, createResponse, headerValues } from "@puresip/message";
import type { HeaderField, SipMessage, SipRequest, SipResponse, Via } from "@puresip/message";
import { SipResponseCodec, optionCodec } from "./codec.js";
import type { Dialog } from "./dialog.js";
import { buildRequest } from "./request.js";
import type { RequestBuildError } from "./request.js";

/** Whether an option tag appears in Supported or Require (RFC 3261 §20.37, §20.32); tags compare case-insensitively. */
export const hasOptionTag =
  (header: "Supported" | "Require", optionTag: string) =>
  (message: SipMessage): boolean =>
    headerValues(header)(message).some((v) => v.split(",").some((t) => t.trim().toLowerCase() === optionTag));

/** §3: "If the UAS ... the initial request contained a Supported or Require header field listing 100rel". */
export const uacSupports100rel = (invite: SipRequest): boolean => hasOptionTag("Supported", "100rel")(invite) || hasOptionTag("Require", "100rel")(invite);

const parseNumber = (s: string): O.Option<number> => {
  const v = s.trim();
  if (v.length === 0 || v.length > 10) return O.none;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return O.none;
  }
  const n = Number(v);
  return n <= 0xffffffff ? O.some(n) : O.none;
};

/** §7.1: `RSeq = "RSeq" HCOLON response-num`. */
export const rseqOf = (response: SipResponse): O.Option<number> => {
  const [first] = headerValues("RSeq")(response);
  return first === undefined ? O.none : parseNumber(first);
};

/** The RAck header's value (RFC 3262 §7.2): the RSeq and the CSeq of the response it acknowledges. */
export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: string;
}

/** §7.2: `RAck = "RAck" HCOLON response-num LWS CSeq-num LWS Method`. */
export const rackOf = (request: SipRequest): O.Option<RAck> => {
  const [first] = headerValues("RAck")(request);
  if (first === undefined) return O.none;
  const parts = first.trim().split(/\s+/);
  if (parts.length !== 3) return O.none;
  const [a, b, method] = parts as [string, string, string];
  return O.flatMap((rseq: number) => O.map((cseq: number): RAck => ({ rseq, cseq, method }))(parseNumber(b)))(parseNumber(a));
};

// ---------------------------------------------------------------- UAS

/** The one unacknowledged reliable provisional response and its retransmission timer. */
export interface Unacknowledged {
  readonly response: SipResponse;
  readonly rseq: number;
  readonly retransmitAt: number;
  readonly interval: number;
  /** §3: "retransmitted for 64*T1 seconds without reception of a corresponding PRACK". */
  readonly giveUpAt: number;
}

/** A UAS's reliable provisional responses (RFC 3262 §3): the next RSeq and the one awaiting its PRACK. */
export interface ReliableUas {
  /** The RSeq of the next reliable 1xx; the first is data (§3: "chosen uniformly" in 1..2**31-1). */
  readonly nextRSeq: number;
  readonly unacknowledged: O.Option<Unacknowledged>;
  readonly t1: number;
}

const UnacknowledgedCodec = t.readonly(
  t.type({ response: SipResponseCodec, rseq: t.number, retransmitAt: t.number, interval: t.number, giveUpAt: t.number }),
  "Unacknowledged",
);

/** io-ts codec for ReliableUas. */
export const ReliableUasCodec = t.readonly(
  t.type({ nextRSeq: t.number, unacknowledged: optionCodec(UnacknowledgedCodec), t1: t.number }),
  "ReliableUas",
) satisfies t.Type<ReliableUas, unknown>;

/** A UAS's reliable-response state, from its first RSeq (RFC 3262 §3: random, below 2**31) and T1. */
export const startReliableUas = (initialRSeq: number, t1: number): ReliableUas => ({ nextRSeq: initialRSeq, unacknowledged: O.none, t1 });

/** Why a reliable provisional response could not be sent (RFC 3262 §3: one unacknowledged at a time). */
export type ReliableError =
  /** §3: "The UAS MUST NOT send a second reliable provisional response until the first is acknowledged." */
  | { readonly _tag: "Unacknowledged"; readonly rseq: number }
  | { readonly _tag: "NotProvisional"; readonly status: number }
  | { readonly _tag: "Header"; readonly reason: string };

/**
 * §3: makes `response` (a 101–199 built with createResponse) reliable: "it MUST contain a
 * Require header field containing the option tag 100rel, and MUST include an RSeq header
 * field". Returns the response to pass to the server transaction and the state that will
 * retransmit it.
 */
export const sendReliable =
  (response: SipResponse, now: number) =>
  (state: ReliableUas): E.Either<ReliableError, readonly [SipResponse, ReliableUas]> => {
    if (response.status <= 100 || response.status >= 200) return E.left({ _tag: "NotProvisional", status: response.status });
    if (O.isSome(state.unacknowledged)) return E.left({ _tag: "Unacknowledged", rseq: state.unacknowledged.value.rseq });
    const withHeaders = E.flatMap(addHeader("Require", "100rel")(response), addHeader("RSeq", String(state.nextRSeq)));
    if (E.isLeft(withHeaders)) return E.left({ _tag: "Header", reason: withHeaders.left.reason });
    const reliable = withHeaders.right;
    const unacknowledged: Unacknowledged = { response: reliable, rseq: state.nextRSeq, retransmitAt: now + state.t1, interval: state.t1, giveUpAt: now + 64 * state.t1 };
    // §3: "The value of the RSeq in each subsequent reliable provisional response for the same request MUST be greater by exactly one."
    return E.right([reliable, { ...state, nextRSeq: state.nextRSeq + 1, unacknowledged: O.some(unacknowledged) }]);
  };

/** What a UAS does with a PRACK (RFC 3262 §3): acknowledge the matching reliable response, or answer 481. */
export type PrackOutcome =
  /** The PRACK matches: answer it with this 200; retransmissions stop. */
  | { readonly _tag: "Acknowledged"; readonly response: SipResponse; readonly state: ReliableUas; readonly acknowledged: SipResponse }
  /** §3: "If a PRACK request is received by the UA core that does not match any unacknowledged reliable provisional response, the UAS MUST respond to the PRACK with a 481". */
  | { readonly _tag: "NoMatch"; readonly response: SipResponse };

/**
 * §3: "A matching PRACK is defined as one within the same dialog as the response, and whose
 * method, CSeq-num, and response-num in the RAck header field match, respectively, the method
 * from the CSeq, the sequence number from the CSeq, and the sequence number from the RSeq".
 * The caller has matched the dialog. Left only when no response at all can be built.
 */
export const receivePrack =
  (prack: SipRequest) =>
  (state: ReliableUas): E.Either<string, PrackOutcome> => {
    const rack = rackOf(prack);
    const u = state.unacknowledged;
    const cseq = O.isSome(u) ? u.value.response.core.cseq : undefined;
    const matches = O.isSome(rack) && O.isSome(u) && cseq !== undefined && rack.value.rseq === u.value.rseq && rack.value.cseq === cseq.seq && rack.value.method === cseq.method;
    if (!matches || O.isNone(u)) return E.bimap((e: { readonly reason: string }) => e.reason, (response: SipResponse): PrackOutcome => ({ _tag: "NoMatch", response }))(createResponse(481)(prack));
    return E.bimap(
      (e: { readonly reason: string }) => e.reason,
      (response: SipResponse): PrackOutcome => ({ _tag: "Acknowledged", response, state: { ...state, unacknowledged: O.none }, acknowledged: u.value.response }),
    )(createResponse(200)(prack));
  };

/** What a UAS does when its retransmission deadline comes (RFC 3262 §3): retransmit, or give up after 64*T1. */
export type ReliableTick =
  | { readonly _tag: "Idle" }
  /** Pass this response to the server transaction again. */
  | { readonly _tag: "Retransmit"; readonly response: SipResponse; readonly state: ReliableUas }
  /** §3: "the UAS SHOULD reject the original request with a 5xx response". */
  | { readonly _tag: "GiveUp"; readonly state: ReliableUas };

/** §3: "an interval that starts at T1 seconds and doubles for each retransmission" (no T2 cap, unlike 2xx). */
export const tickReliable =
  (now: number) =>
  (state: ReliableUas): ReliableTick => {
    if (O.isNone(state.unacknowledged)) return { _tag: "Idle" };
    const u = state.unacknowledged.value;
    if (now >= u.giveUpAt) return { _tag: "GiveUp", state: { ...state, unacknowledged: O.none } };
    if (now < u.retransmitAt) return { _tag: "Idle" };
    const interval = u.interval * 2;
    return { _tag: "Retransmit", response: u.response, state: { ...state, unacknowledged: O.some({ ...u, interval, retransmitAt: now + interval }) } };
  };

/** When the unacknowledged reliable response is next retransmitted, if there is one. */
export const reliableDeadline = (state: ReliableUas): O.Option<number> =>
  O.map((u: Unacknowledged) => Math.min(u.retransmitAt, u.giveUpAt))(state.unacknowledged);

/**
 * §3: "The UAS MAY send a final response ... before having received PRACKs ..., unless the
 * final response is 2xx and any of the unacknowledged reliable provisional responses
 * contained a session description."
 */
export const mayAnswer = (status: number, state: ReliableUas): boolean =>
  !(status >= 200 && status < 300 && O.isSome(state.unacknowledged) && state.unacknowledged.value.response.body.length > 0);

// ---------------------------------------------------------------- UAC

/** What a UAC does with a reliable provisional response (RFC 3262 §4): PRACK a new one, ignore a retransmission or one out of order. */
export type ReliableReceipt =
  /** In order: acknowledge it with a PRACK; `lastRSeq` is the new sequence number to keep. */
  | { readonly _tag: "Acknowledge"; readonly rseq: number }
  /** §4: "retransmissions of that response MUST be discarded". */
  | { readonly _tag: "Retransmission" }
  /** §4: "its RSeq value is not one higher ... MUST NOT be acknowledged with a PRACK". */
  | { readonly _tag: "OutOfOrder"; readonly expected: number; readonly received: number }
  /** A 1xx without RSeq (or a 100): not reliable. */
  | { readonly _tag: "Unreliable" };

/**
 * §4: the UAC's view of a provisional response for its INVITE, given the RSeq of the last
 * in-order reliable 1xx on the same early dialog (None before the first).
 */
export const receiveReliable =
  (response: SipResponse) =>
  (lastRSeq: O.Option<number>): ReliableReceipt => {
    const rseq = rseqOf(response);
    if (response.status <= 100 || response.status >= 200 || O.isNone(rseq) || !hasOptionTag("Require", "100rel")(response)) return { _tag: "Unreliable" };
    if (O.isNone(lastRSeq)) return { _tag: "Acknowledge", rseq: rseq.value };
    if (rseq.value <= lastRSeq.value) return { _tag: "Retransmission" };
    if (rseq.value !== lastRSeq.value + 1) return { _tag: "OutOfOrder", expected: lastRSeq.value + 1, received: rseq.value };
    return { _tag: "Acknowledge", rseq: rseq.value };
  };

/**
 * §4 / §7.2: the PRACK for a reliable 1xx, within its (early) dialog, with `RAck: rseq cseq method`.
 * The dialog must already be the one the 1xx created (createUacDialog on it).
 */
export const buildPrack =
  (response: SipResponse, spec: { readonly via: Via; readonly headers?: ReadonlyArray<HeaderField>; readonly body?: Uint8Array }) =>
  (dialog: Dialog): E.Either<RequestBuildError | { readonly _tag: "Unreliable" }, readonly [SipRequest, Dialog]> => {
    const rseq = rseqOf(response);
    const cseq = response.core.cseq;
    if (O.isNone(rseq) || cseq === undefined) return E.left({ _tag: "Unreliable" });
    return buildRequest({
      method: Methods.PRACK,
      via: spec.via,
      initialSeq: 1,
      headers: [{ name: "RAck", value: `${rseq.value} ${cseq.seq} ${cseq.method}` }, ...(spec.headers ?? [])],
      ...(spec.body === undefined ? {} : { body: spec.body }),
    })(dialog);
  };
