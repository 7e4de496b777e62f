// What `puresip serve` does with each request, as a pure step over its state: the registrar
// (RFC 3261 §10.3), INVITE answered with an SDP answer and held until BYE (§13.3, §15), the
// 2xx retransmitted until its ACK (§13.3.1.4), OPTIONS (§11), MESSAGE (RFC 3428), CANCEL (§9.2)
// and 405 for the rest (§8.2.1). The transaction layer below has matched, absorbed and
// answered retransmissions already; the shell runs the effects.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { HeaderField, SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse, findParam, headerValues } from "@puresip/message";
import type { LocalCapabilities } from "@puresip/sdp";
import type { TransactionKey } from "@puresip/transaction";
import { answer, describeNegotiation, offer } from "./media.js";
import type { RegistrarConfig, RegistrarState } from "./registrar.js";
import { emptyRegistrar, register } from "./registrar.js";

export const ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, REGISTER";

/** A call this UAS answered: retransmitting its 200 until the ACK, then up until the BYE. */
export type Call =
  | {
      readonly _tag: "Answering";
      readonly key: TransactionKey;
      readonly ok: SipResponse;
      readonly nextAt: number;
      readonly interval: number;
      readonly giveUpAt: number;
    }
  | { readonly _tag: "Established"; readonly since: number };

/**
 * The state the step returns: the registrar's. Calls live in the shell's map, keyed by
 * `callId tag` (our To tag, the local half of the dialog ID, §12), which the step reads and
 * changes only through `PutCall`/`DeleteCall`, so no event copies the registry (DESIGN.md).
 */
export interface UasState {
  readonly registrar: RegistrarState;
}

export type CallStore = Pick<ReadonlyMap<string, Call>, "get">;

export const emptyUas: UasState = { registrar: emptyRegistrar };

export interface UasConfig {
  readonly registrar: RegistrarConfig;
  readonly media: (sessionId: string) => E.Either<string, LocalCapabilities>;
  /** T1 and T2 of §17.1.1.1, for the 2xx retransmissions of §13.3.1.4. */
  readonly t1: number;
  readonly t2: number;
}

/** Entropy the shell draws for each request: a To tag, a nonce, an o= session id. */
export interface Fresh {
  readonly tag: Tag;
  readonly nonce: string;
  readonly sessionId: string;
}

export type UasEvent =
  | {
      readonly _tag: "Request";
      readonly now: number;
      readonly key: TransactionKey;
      readonly request: SipRequest;
      /** For a CANCEL: the INVITE transaction it matches (§9.2). */
      readonly cancels: O.Option<TransactionKey>;
      /** The Contact of this server on the transport the request came in on. */
      readonly contact: string;
      readonly fresh: Fresh;
    }
  | { readonly _tag: "Ack"; readonly now: number; readonly request: SipRequest }
  | { readonly _tag: "Wake"; readonly now: number; readonly call: string };

export type UasEffect =
  | { readonly _tag: "Respond"; readonly key: TransactionKey; readonly response: SipResponse }
  /** Store `value` under `call`, to be woken at `wakeAt` (none: no timer). */
  | { readonly _tag: "PutCall"; readonly call: string; readonly value: Call; readonly wakeAt: O.Option<number> }
  | { readonly _tag: "DeleteCall"; readonly call: string }
  /** Something an operator wants to see: a registration, a call answered or ended, a MESSAGE. */
  | { readonly _tag: "Note"; readonly text: string };

type Step = readonly [UasState, ReadonlyArray<UasEffect>];

const toTagOf = (request: SipRequest): string | undefined => {
  const to = request.core.to;
  return to === undefined ? undefined : findParam(to.params, "tag")?.value;
};

const callKey = (callId: string, tag: string): string => `${callId} ${tag}`;

const respond = (key: TransactionKey, request: SipRequest, status: number, options: Parameters<typeof createResponse>[1] = {}): ReadonlyArray<UasEffect> => {
  const built = createResponse(status, options)(request);
  return E.isRight(built) ? [{ _tag: "Respond", key, response: built.right }] : [{ _tag: "Note", text: `cannot answer ${request.method} with ${status}: ${built.left.header}: ${built.left.reason}` }];
};

const sdpHeaders = (contact: string): ReadonlyArray<HeaderField> => [
  { name: "Contact", value: contact },
  { name: "Allow", value: ALLOW },
  { name: "Content-Type", value: "application/sdp" },
];

const encoder = new TextEncoder();

/** §13.3.1: an INVITE outside a dialog gets 180 and a 200 with the SDP answer (or an offer, when it had none). */
const invite = (config: UasConfig, calls: CallStore, state: UasState, e: Extract<UasEvent, { _tag: "Request" }>): Step => {
  const { request, key, now, fresh } = e;
  const existing = toTagOf(request);
  if (existing !== undefined) {
    // A re-INVITE (§14.2): answered the same way when the dialog is ours, 481 otherwise.
    const call = calls.get(callKey(request.core.callId ?? "", existing));
    if (call === undefined) return [state, respond(key, request, 481)];
  }
  const caps = config.media(fresh.sessionId);
  if (E.isLeft(caps)) return [state, respond(key, request, 500, { reason: caps.left })];
  let body: string;
  let summary: string;
  if (request.body.length === 0) {
    const o = offer(caps.right);
    if (E.isLeft(o)) return [state, respond(key, request, 500, { reason: o.left })];
    body = o.right;
    summary = "offer sent in the 200 (the INVITE had none)";
  } else {
    const a = answer(caps.right, request.body);
    // RFC 3261 §13.3.1.3 / RFC 3264 §6: an offer we cannot accept is refused with 488.
    if (E.isLeft(a)) return [state, respond(key, request, 488, { reason: `Not Acceptable Here - ${a.left}`.slice(0, 120) })];
    body = a.right.answer;
    summary = describeNegotiation(a.right.negotiation).join("; ");
  }
  const tag = (existing ?? fresh.tag) as Tag;
  const ok = createResponse(200, { toTag: tag, headers: sdpHeaders(e.contact), body: encoder.encode(body) })(request);
  if (E.isLeft(ok)) return [state, respond(key, request, 500)];
  const id = callKey(request.core.callId ?? "", tag);
  const ringing = existing === undefined ? respond(key, request, 180, { toTag: tag, headers: [{ name: "Contact", value: e.contact }] }) : [];
  const call: Call = { _tag: "Answering", key, ok: ok.right, nextAt: now + config.t1, interval: config.t1, giveUpAt: now + 64 * config.t1 };
  return [state, [...ringing, { _tag: "Respond", key, response: ok.right }, { _tag: "PutCall", call: id, value: call, wakeAt: O.some(call.nextAt) }, { _tag: "Note", text: `call ${id} answered: ${summary}` }]];
};

/** §15.1.2: "the UAS MUST generate a 2xx response to the BYE" for a dialog it has; 481 otherwise. */
const bye = (calls: CallStore, state: UasState, e: Extract<UasEvent, { _tag: "Request" }>): Step => {
  const tag = toTagOf(e.request);
  const id = callKey(e.request.core.callId ?? "", tag ?? "");
  if (tag === undefined || calls.get(id) === undefined) return [state, respond(e.key, e.request, 481)];
  return [state, [...respond(e.key, e.request, 200), { _tag: "DeleteCall", call: id }, { _tag: "Note", text: `call ${id} ended by BYE` }]];
};

const request = (config: UasConfig, calls: CallStore, state: UasState, e: Extract<UasEvent, { _tag: "Request" }>): Step => {
  const { request: req, key, now } = e;
  switch (req.method) {
    case "INVITE":
      return invite(config, calls, state, e);
    case "BYE":
      return bye(calls, state, e);
    case "REGISTER": {
      const [registrar, reply] = register(config.registrar)(state.registrar, { request: req, now, freshNonce: e.fresh.nonce });
      const options = reply.reason === undefined ? { headers: reply.headers, toTag: e.fresh.tag } : { headers: reply.headers, toTag: e.fresh.tag, reason: reply.reason };
      const aor = req.core.to === undefined ? "?" : headerValues("To")(req)[0] ?? "?";
      const note: ReadonlyArray<UasEffect> = reply.status === 200 ? [{ _tag: "Note", text: `REGISTER ${aor}: ${reply.headers.length} binding(s)` }] : [];
      return [{ ...state, registrar }, [...respond(key, req, reply.status, options), ...note]];
    }
    case "OPTIONS":
      // §11.2: the same answer an INVITE would get, with what this UAS supports.
      return [state, respond(key, req, 200, { toTag: e.fresh.tag, headers: [{ name: "Allow", value: ALLOW }, { name: "Accept", value: "application/sdp, text/plain" }] })];
    case "MESSAGE":
      return [state, [...respond(key, req, 200, { toTag: e.fresh.tag }), { _tag: "Note", text: `MESSAGE ${new TextDecoder().decode(req.body).slice(0, 200)}` }]];
    case "CANCEL":
      // §9.2: 200 to a CANCEL that matches a transaction; its INVITE has its final answer
      // already (this UAS answers at once), so the CANCEL changes nothing else.
      return [state, respond(key, req, O.isSome(e.cancels) ? 200 : 481, { toTag: e.fresh.tag })];
    default:
      // §8.2.1: "the UAS MUST generate a 405 (Method Not Allowed) response" with Allow.
      return [state, respond(key, req, 405, { toTag: e.fresh.tag, headers: [{ name: "Allow", value: ALLOW }] })];
  }
};

/** One event: the new state and the effects to run in order; `calls` is the shell's map, read only. */
export const uasStep = (config: UasConfig) => (calls: CallStore, state: UasState, event: UasEvent): Step => {
  switch (event._tag) {
    case "Request":
      return request(config, calls, state, event);
    case "Ack": {
      // §13.3.1.4: the ACK stops the 2xx retransmissions; the call is up until its BYE.
      const tag = toTagOf(event.request);
      const id = callKey(event.request.core.callId ?? "", tag ?? "");
      const call = calls.get(id);
      if (call?._tag !== "Answering") return [state, []];
      return [state, [{ _tag: "PutCall", call: id, value: { _tag: "Established", since: event.now }, wakeAt: O.none }]];
    }
    case "Wake": {
      const call = calls.get(event.call);
      if (call?._tag !== "Answering" || event.now < call.nextAt) return [state, []];
      if (event.now >= call.giveUpAt) {
        // §13.3.1.4: no ACK after 64*T1: "the session SHOULD be terminated"; this UAS forgets it.
        return [state, [{ _tag: "DeleteCall", call: event.call }, { _tag: "Note", text: `call ${event.call} dropped: no ACK for its 200 within 64*T1` }]];
      }
      // "the UAS ... retransmits it with an interval that starts at T1 and doubles ... until it reaches T2".
      const interval = Math.min(call.interval * 2, config.t2);
      const next: Call = { ...call, interval, nextAt: event.now + interval };
      return [state, [{ _tag: "Respond", key: call.key, response: call.ok }, { _tag: "PutCall", call: event.call, value: next, wakeAt: O.some(next.nextAt) }]];
    }
  }
};
