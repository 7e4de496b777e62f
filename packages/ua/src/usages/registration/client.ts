// The registration client (RFC 3261 §10.2) as a reducer: one REGISTER outstanding at a time,
// refreshes before the binding expires (§10.2.4), 423 answered with Min-Expires (§10.2.8),
// 401/407 answered once per challenge realm by the UA's one digest-retry engine (§22.2,
// uac/digest-retry.ts). Time and entropy arrive on the events.
import { Methods, expiresHeader, findParam, isToken, minExpiresHeader, readHeader, uriEquals } from "@puresip/message";
import type { HeaderField, NameAddr, SipResponse } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { answersAfterChallenge, credentialFields, nextUse } from "../../uac/digest-retry.js";
import { registerRequest } from "./register-request.js";
import type {
  RegistrationAnswer,
  RegistrationBinding,
  RegistrationCache,
  RegistrationConfig,
  RegistrationEffect,
  RegistrationEvent,
  RegistrationIntent,
  RegistrationNotification,
  RegistrationState,
} from "./state.js";

type Pending = Extract<RegistrationState, { _tag: "Pending" }>;

export type RegistrationStep = readonly [state: RegistrationState, effects: ReadonlyArray<RegistrationEffect>];

/** A config `start` refuses, and why. */
export interface RegistrationConfigError {
  readonly _tag: "RegistrationConfigError";
  readonly field: "branchSeed" | "expires";
  readonly reason: string;
}

/** §10.2.4: refresh at max(half the interval, interval − 30 s), so a lost refresh can be retried. */
export const REFRESH_MARGIN_SECONDS = 30;

const MAX_DELTA_SECONDS = 0xffffffff;

const isDeltaSeconds = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_DELTA_SECONDS;

/** A client with nothing registered yet; its first REGISTER will carry CSeq 1. */
export const startRegistration = (config: RegistrationConfig): E.Either<RegistrationConfigError, RegistrationState> => {
  if (!isToken(config.branchSeed)) return E.left({ _tag: "RegistrationConfigError", field: "branchSeed", reason: "must be a non-empty token (§25.1)" });
  if (!isDeltaSeconds(config.expires)) return E.left({ _tag: "RegistrationConfigError", field: "expires", reason: "must be delta-seconds (§20.19)" });
  return E.right({ _tag: "Unregistered", config, cseq: 0 });
};

/** When the client wants a Tick: the refresh time of a registered binding. */
export const nextRegistrationDeadline = (state: RegistrationState): O.Option<number> => (state._tag === "Registered" ? O.some(state.refreshAt) : O.none);

const notify = (notification: RegistrationNotification): RegistrationEffect => ({ _tag: "Notify", notification });
const ignored = (state: RegistrationState, reason: string): RegistrationStep => [state, [{ _tag: "Ignored", reason }]];
const unregistered = (state: RegistrationState): RegistrationState => ({ _tag: "Unregistered", config: state.config, cseq: state.cseq });

/** The binding a state holds, if any, so a fetch (§10.2.3) can leave it in place. */
const boundOf = (state: RegistrationState): RegistrationBinding | undefined => {
  switch (state._tag) {
    case "Unregistered":
      return undefined;
    case "Registered":
      return {
        granted: state.granted,
        requested: state.requested,
        refreshAt: state.refreshAt,
        expiresAt: state.expiresAt,
        ...(state.cache === undefined ? {} : { cache: state.cache }),
      };
    case "Pending":
      return state.bound;
    default:
      return absurd(state);
  }
};

/**
 * After a fetch: back to the binding we held (waking at its refresh time), else unregistered.
 * The fetch's own answers are cached in place of the binding's: their nonce counts are the
 * last used (RFC 7616 §3.4.5: a count must not be used twice with a nonce).
 */
const restore = (pending: Pending): RegistrationStep =>
  pending.bound === undefined
    ? [unregistered(pending), []]
    : [{ _tag: "Registered", config: pending.config, cseq: pending.cseq, ...pending.bound, ...cacheOf(pending) }, [{ _tag: "WakeAt", at: pending.bound.refreshAt }]];

/** The answers of the outstanding REGISTER, as the cache for the next one (§22.1). */
const cacheOf = (pending: Pending): { readonly cache?: RegistrationCache } =>
  pending.answers === undefined || pending.cnonce === undefined ? {} : { cache: { answers: pending.answers, cnonce: pending.cnonce } };

/** The answers a REGISTER carries, with the cnonce they use; `cached` when nobody asked for them. */
interface Answering {
  readonly answers: ReadonlyArray<RegistrationAnswer>;
  readonly cnonce: string;
  readonly cached: boolean;
}

/**
 * §10.2: "A UA MUST increment the CSeq value by one for each REGISTER request with the same
 * Call-ID." Without answers given, a REGISTER from a binding got with credentials carries them
 * again, unasked (§22.1), each with its next nonce count.
 */
const send = (state: RegistrationState, intent: RegistrationIntent): RegistrationStep => {
  const cache = boundOf(state)?.cache;
  if (cache === undefined) return sendWith(state, intent, [], undefined);
  const answers = cache.answers.map(nextUse);
  const headers = credentialHeaders(state.config, answers, cache.cnonce);
  // Answers that cannot be made again are left out: the registrar challenges, and we answer that.
  return E.isLeft(headers) ? sendWith(state, intent, [], undefined) : sendWith(state, intent, headers.right, { answers, cnonce: cache.cnonce, cached: true });
};

/** A REGISTER for `intent` with the credential headers `extra`, made from `answering`. */
const sendWith = (state: RegistrationState, intent: RegistrationIntent, extra: ReadonlyArray<HeaderField>, answering: Answering | undefined): RegistrationStep => {
  const seq = state.cseq + 1;
  const built = registerRequest(state.config, intent, seq, extra);
  if (E.isLeft(built)) {
    return [unregistered(state), [notify({ _tag: "Failed", status: 0, reason: `cannot build REGISTER: ${built.left.reason}` })]];
  }
  const bound = boundOf(state);
  const pending: Pending = {
    _tag: "Pending",
    config: state.config,
    cseq: seq,
    intent,
    ...(answering === undefined || answering.answers.length === 0 ? {} : { answers: answering.answers, cnonce: answering.cnonce, ...(answering.cached ? { cached: true } : {}) }),
    ...(bound === undefined ? {} : { bound }),
  };
  return [pending, [{ _tag: "SendRequest", request: built.right }]];
};

/** The outstanding REGISTER is done: report it, then send a command that waited for it. */
const settle = (pending: Pending, [state, effects]: RegistrationStep): RegistrationStep => {
  if (pending.next === undefined) return [state, effects];
  const [after, more] = send(state, pending.next);
  return [after, [...effects, ...more]];
};

/** A failed fetch leaves the binding alone; any other failure leaves none we can count on. */
const fail = (pending: Pending, status: number, reason: string): RegistrationStep => {
  const failed = notify({ _tag: "Failed", status, reason });
  if (pending.intent._tag !== "Fetch") return settle(pending, [unregistered(pending), [failed]]);
  const [state, effects] = restore(pending);
  return settle(pending, [state, [failed, ...effects]]);
};

const parseSeconds = (value: string | undefined): number | undefined => {
  if (value === undefined || value.length === 0 || value.length > 10) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(value);
  return n <= MAX_DELTA_SECONDS ? n : undefined;
};

/** §10.2: "Malformed values SHOULD be treated as equivalent to 3600." */
const MALFORMED_EXPIRES = 3600;

/**
 * §10.2.4: "The UA compares each contact address to see if it created the contact address,
 * using comparison rules in Section 19.1.4. If so, it updates the expiration time interval
 * according to the expires parameter or, if absent, the Expires field value." With neither we
 * keep the interval we asked for; an expires parameter we cannot read counts as 3600 (§10.2).
 */
export const grantedInterval = (config: RegistrationConfig, response: SipResponse, requested: number): number => {
  for (const c of response.core.contact) {
    if (c._tag !== "NameAddr" || !uriEquals(c.uri, config.contact.uri)) continue;
    const param = findParam(c.params, "expires");
    const fromParam = parseSeconds(param?.value);
    if (fromParam !== undefined) return fromParam;
    // §10.2: "Malformed values SHOULD be treated as equivalent to 3600."
    if (param !== undefined) return MALFORMED_EXPIRES;
  }
  const header = readHeader(expiresHeader)(response);
  if (E.isRight(header) && O.isSome(header.right)) return header.right.value;
  return requested;
};

const refreshDelaySeconds = (granted: number): number => Math.max(granted / 2, granted - REFRESH_MARGIN_SECONDS);

const onSuccess = (pending: Pending, event: { readonly now: number; readonly response: SipResponse }): RegistrationStep => {
  const contacts = event.response.core.contact.filter((c): c is NameAddr => c._tag === "NameAddr");
  switch (pending.intent._tag) {
    case "Bind": {
      const granted = grantedInterval(pending.config, event.response, pending.intent.expires);
      if (granted === 0) return settle(pending, [unregistered(pending), [notify({ _tag: "Unregistered" })]]);
      const refreshAt = event.now + Math.floor(refreshDelaySeconds(granted) * 1000);
      const registered: RegistrationState = {
        _tag: "Registered",
        config: pending.config,
        cseq: pending.cseq,
        granted,
        requested: pending.intent.expires,
        refreshAt,
        expiresAt: event.now + granted * 1000,
        ...cacheOf(pending),
      };
      return settle(pending, [registered, [notify({ _tag: "Registered", expires: granted, contacts }), { _tag: "WakeAt", at: refreshAt }]]);
    }
    case "Unbind":
    case "UnbindAll":
      return settle(pending, [unregistered(pending), [notify({ _tag: "Unregistered" })]]);
    case "Fetch": {
      const [state, effects] = restore(pending);
      return settle(pending, [state, [notify({ _tag: "Bindings", contacts }), ...effects]]);
    }
    default:
      return absurd(pending.intent);
  }
};

/**
 * §10.2.8: "it MAY retry the registration after making the expiration interval ... equal to or
 * greater than the expiration interval within the Min-Expires header field of the 423".
 */
const onTooBrief = (pending: Pending, response: SipResponse, cnonce: string): RegistrationStep => {
  if (pending.intent._tag !== "Bind") return fail(pending, response.status, "423 to a request that removes bindings");
  const min = readHeader(minExpiresHeader)(response);
  if (E.isLeft(min) || O.isNone(min.right)) return fail(pending, response.status, "423 without a valid Min-Expires");
  if (min.right.value <= pending.intent.expires) return fail(pending, response.status, "423 with a Min-Expires we already met");
  return resend(pending, { _tag: "Bind", expires: min.right.value }, (pending.answers ?? []).map(nextUse), cnonce, response.status);
};

/**
 * Authorization / Proxy-Authorization for every answer, by the engine (each with its own nonce
 * count, RFC 7616 §3.4): the registration's one set of credentials answers every realm.
 */
const credentialHeaders = (config: RegistrationConfig, answers: ReadonlyArray<RegistrationAnswer>, cnonce: string): E.Either<string, ReadonlyArray<HeaderField>> => {
  const credentials = config.credentials;
  if (credentials === undefined) return E.left("challenged, and no credentials are configured");
  return E.mapLeft((e: { readonly _tag: string; readonly reason?: string }) => e.reason ?? "no credentials for the realm")(
    credentialFields(() => O.some(credentials), { method: Methods.REGISTER, uri: config.registrar }, answers, cnonce),
  );
};

/** Sends `intent` again with `answers`, asked for now. */
const resend = (pending: Pending, intent: RegistrationIntent, answers: ReadonlyArray<RegistrationAnswer>, cnonce: string, status: number): RegistrationStep => {
  const headers = credentialHeaders(pending.config, answers, cnonce);
  if (E.isLeft(headers)) return fail(pending, status, headers.left);
  return sendWith(pending, intent, headers.right, { answers, cnonce, cached: false });
};

/**
 * §22.2: a 401/407 answered by the engine's rule set (once per realm unless stale=true, RFC 7616
 * §3.3; a challenge to cached answers is a first one); the retry is the next REGISTER, CSeq + 1
 * on the same Call-ID (§10.2, §8.1.3.5).
 */
const onChallenge = (pending: Pending, response: SipResponse, cnonce: string): RegistrationStep => {
  if (pending.config.credentials === undefined) return fail(pending, response.status, "challenged, and no credentials are configured");
  const answers = answersAfterChallenge(pending.answers ?? [], pending.cached === true, response);
  if (E.isLeft(answers)) return fail(pending, response.status, answers.left);
  return resend(pending, pending.intent, answers.right, cnonce, response.status);
};

const onResponse = (
  pending: Pending,
  event: Extract<RegistrationEvent, { _tag: "Response" }>,
): RegistrationStep => {
  const { response } = event;
  const cseq = response.core.cseq;
  if (cseq?.method !== Methods.REGISTER || cseq.seq !== pending.cseq || response.core.callId !== pending.config.callId) {
    return ignored(pending, "response to a REGISTER that is not outstanding");
  }
  if (response.status < 200) return ignored(pending, "provisional response");
  if (response.status < 300) return onSuccess(pending, event);
  if (response.status === 401 || response.status === 407) return onChallenge(pending, response, event.cnonce);
  if (response.status === 423) return onTooBrief(pending, response, event.cnonce);
  return fail(pending, response.status, response.reason);
};

const intentOf = (event: Extract<RegistrationEvent, { _tag: "Register" | "Unregister" | "UnregisterAll" | "FetchBindings" }>, config: RegistrationConfig): RegistrationIntent => {
  switch (event._tag) {
    case "Register":
      return { _tag: "Bind", expires: event.expires ?? config.expires };
    case "Unregister":
      return { _tag: "Unbind" };
    case "UnregisterAll":
      return { _tag: "UnbindAll" };
    case "FetchBindings":
      return { _tag: "Fetch" };
    default:
      return absurd(event);
  }
};

/** The reducer: one event in, the next state and the effects to run, in order. */
export const stepRegistration = (state: RegistrationState, event: RegistrationEvent): RegistrationStep => {
  switch (event._tag) {
    case "Register":
    case "Unregister":
    case "UnregisterAll":
    case "FetchBindings": {
      if (event._tag === "Register" && event.expires !== undefined && !isDeltaSeconds(event.expires)) {
        return ignored(state, "Register expires must be delta-seconds (§20.19)");
      }
      const intent = intentOf(event, state.config);
      // §10.2: "UAs MUST NOT send a new registration ... until they have received a final response
      // from the registrar for the previous one or the previous REGISTER request has timed out."
      // The latest command waits for that.
      if (state._tag === "Pending") return [{ ...state, next: intent }, []];
      return send(state, intent);
    }
    case "Response":
      return state._tag === "Pending" ? onResponse(state, event) : ignored(state, "no REGISTER is outstanding");
    case "Timeout":
      return state._tag === "Pending" ? fail(state, 408, "no final response (transaction timeout)") : ignored(state, "no REGISTER is outstanding");
    case "Tick":
      // §10.2.4: refresh the binding before it expires, asking for the same interval again.
      if (state._tag === "Registered" && event.now >= state.refreshAt) return send(state, { _tag: "Bind", expires: state.requested });
      return [state, []];
    default:
      return absurd(event);
  }
};
