// RFC 4028 session timers: Session-Expires / Min-SE negotiation, 422, the refresher role, and
// the timer itself (refresh at half the interval, BYE shortly before expiry), as values.
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { headerValues } from "@puresip/message";
import type { HeaderField, SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { hasOptionTag } from "./reliable-provisional.js";

/** §4: "its value MUST NOT be less than 90 seconds"; also Min-SE's default (§5). */
export const MIN_SE_FLOOR = 90;

/** Which side refreshes the session (RFC 4028 §4). */
export type Refresher = "uac" | "uas";

/** The Session-Expires header's value (RFC 4028 §4): the interval in seconds and the refresher, if named. */
export interface SessionExpires {
  /** The session interval in seconds. */
  readonly interval: number;
  readonly refresher: O.Option<Refresher>;
}

const delta = (s: string): O.Option<number> => {
  const v = s.trim();
  if (v.length === 0 || v.length > 10) return O.none;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return O.none;
  }
  return O.some(Number(v));
};

/** §4: `Session-Expires = ("Session-Expires" / "x") HCOLON delta-seconds *(SEMI se-params)`, `se-params = refresher-param / generic-param`. */
export const sessionExpiresOf = (message: SipMessage): O.Option<SessionExpires> => {
  const [value] = [...headerValues("Session-Expires")(message), ...headerValues("x")(message)];
  if (value === undefined) return O.none;
  const [first = "", ...params] = value.split(";");
  let refresher: O.Option<Refresher> = O.none;
  for (const p of params) {
    const [name = "", v = ""] = p.split("=");
    const r = v.trim().toLowerCase();
    if (name.trim().toLowerCase() === "refresher" && (r === "uac" || r === "uas")) refresher = O.some(r);
  }
  return O.map((interval: number): SessionExpires => ({ interval, refresher }))(delta(first));
};

/** §5: `Min-SE = "Min-SE" HCOLON delta-seconds`; absent means 90. */
export const minSeOf = (message: SipMessage): number => {
  const [value] = headerValues("Min-SE")(message);
  return value === undefined ? MIN_SE_FLOOR : O.getOrElse(() => MIN_SE_FLOOR)(delta(value.split(";")[0] ?? ""));
};

/** Prints a Session-Expires value (RFC 4028 §4). */
export const printSessionExpires = (se: { readonly interval: number; readonly refresher: Refresher }): string => `${se.interval};refresher=${se.refresher}`;

/** The UAS's policy: its own minimum (≥ 90) and the interval it asks for when the UAC asked for none. */
export interface TimerPolicy {
  readonly minSE: number;
  readonly interval: number;
  /** Who refreshes when the UAC supports timers and left the choice to the UAS (Table 2, fourth row). */
  readonly preferRefresher: Refresher;
}

/** A UAS's answer to a request's Session-Expires (RFC 4028 §9): the interval and refresher to use, or 422 with its Min-SE. */
export type UasNegotiation =
  /** §9: "the UAS MAY reject the INVITE request with a 422 ... the UAS MUST include a Min-SE header field". */
  | { readonly _tag: "TooSmall"; readonly headers: ReadonlyArray<HeaderField> }
  /** Put `headers` in the 2xx; the session runs with `interval` and `refresher`. */
  | { readonly _tag: "Accept"; readonly interval: number; readonly refresher: Refresher; readonly headers: ReadonlyArray<HeaderField> };

/**
 * §9 UAS behavior for an INVITE (or a refresh): copy or choose the interval, never below the
 * request's Min-SE nor above the request's own value, and set the refresher by Table 2.
 */
export const negotiateUas =
  (policy: TimerPolicy) =>
  (request: SipRequest): UasNegotiation => {
    const uacSupports = hasOptionTag("Supported", "timer")(request);
    const asked = sessionExpiresOf(request);
    const floor = Math.max(minSeOf(request), MIN_SE_FLOOR);
    if (O.isSome(asked) && uacSupports && asked.value.interval < policy.minSE) {
      return { _tag: "TooSmall", headers: [{ name: "Min-SE", value: String(Math.max(policy.minSE, MIN_SE_FLOOR)) }] };
    }
    // "The UAS MUST NOT increase the value of the Session-Expires header field."
    const interval = O.isSome(asked) ? Math.max(Math.min(asked.value.interval, Math.max(policy.interval, policy.minSE)), floor) : Math.max(policy.interval, floor, policy.minSE);
    // Table 2: without timer support at the UAC only the UAS can refresh; otherwise the UAC's choice stands.
    const refresher: Refresher = !uacSupports ? "uas" : O.getOrElse((): Refresher => policy.preferRefresher)(O.isSome(asked) ? asked.value.refresher : O.none);
    const headers: Array<HeaderField> = [{ name: "Session-Expires", value: printSessionExpires({ interval, refresher }) }];
    // §9: "If the refresher parameter ... has a value of 'uac', the UAS MUST place a Require header field into the response with the value 'timer'."
    if (refresher === "uac") headers.push({ name: "Require", value: "timer" });
    return { _tag: "Accept", interval, refresher, headers };
  };

/** §7.2: the session timer a 2xx sets up for the UAC, if any. */
export const uacTimerOf = (response: SipResponse): O.Option<{ readonly interval: number; readonly refresher: Refresher }> =>
  O.map((se: SessionExpires) => ({ interval: se.interval, refresher: O.getOrElse((): Refresher => "uas")(se.refresher) }))(sessionExpiresOf(response));

/**
 * §7.3 / §7.4: after a 422, retry with Min-SE set to the largest value seen and a
 * Session-Expires no smaller than it. `previous` is the interval last asked for.
 */
export const retryAfter422 = (response: SipResponse, previous: number): ReadonlyArray<HeaderField> => {
  const minSE = Math.max(minSeOf(response), MIN_SE_FLOOR);
  return [
    { name: "Session-Expires", value: String(Math.max(previous, minSE)) },
    { name: "Min-SE", value: String(minSE) },
  ];
};

/** A running session timer: deadlines in ms of virtual time, from `now` on the events. */
export interface SessionTimer {
  readonly interval: number;
  /** This UA performs the refreshes. */
  readonly localRefresher: boolean;
  /** §7.2: "It is RECOMMENDED that this refresh be sent once half the session interval has elapsed." */
  readonly refreshAt: number;
  /** §10: BYE "slightly before the session expiration. The minimum of 32 seconds and one third of the session interval is RECOMMENDED." */
  readonly byeAt: number;
}

/** io-ts codec for SessionTimer. */
export const SessionTimerCodec = t.readonly(
  t.type({ interval: t.number, localRefresher: t.boolean, refreshAt: t.number, byeAt: t.number }),
  "SessionTimer",
) satisfies t.Type<SessionTimer, unknown>;

/** Starts (or restarts on a 2xx to a refresh: §10 "only a 2xx response to a session refresh request extends the session expiration") the timer. */
export const startTimer = (now: number, interval: number, localRefresher: boolean): SessionTimer => ({
  interval,
  localRefresher,
  refreshAt: now + (interval * 1000) / 2,
  byeAt: now + interval * 1000 - Math.min(32, interval / 3) * 1000,
});

/** What a session timer asks for now (RFC 4028 §10): nothing, a refresh, or the BYE of an expired session. */
export type TimerDue = "None" | "Refresh" | "Expire";

/** What the timer asks for at `now`: the refresher refreshes at half-time; anyone BYEs near expiry. */
export const timerDue =
  (now: number) =>
  (timer: SessionTimer): TimerDue =>
    now >= timer.byeAt ? "Expire" : timer.localRefresher && now >= timer.refreshAt ? "Refresh" : "None";

/** The session timer's next deadline: the refresh if this side refreshes, else the BYE at expiry (RFC 4028 §10). */
export const timerDeadline = (timer: SessionTimer): number => (timer.localRefresher ? Math.min(timer.refreshAt, timer.byeAt) : timer.byeAt);

/** §7.4: the headers of a refresh this UA sends: its current interval and role. */
export const refreshHeaders = (timer: SessionTimer, minSE: number = MIN_SE_FLOOR): ReadonlyArray<HeaderField> => [
  { name: "Session-Expires", value: printSessionExpires({ interval: Math.max(timer.interval, minSE), refresher: timer.localRefresher ? "uac" : "uas" }) },
  { name: "Supported", value: "timer" },
];
