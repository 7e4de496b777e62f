// The registrar of `puresip serve` as a pure step: digest authentication (RFC 3261 §22.1,
// §22.4) with @puresip/auth, then @puresip/ua's `processRegister` (§10.3 steps 4–8: Contact *,
// 423 with Min-Expires, out-of-order CSeq, RFC 5626 reg-id). A REGISTER comes in with the
// bindings of its address-of-record (the shell's location service, a Map) and entropy; the
// response goes out, with the AOR's new bindings when they changed. The shell keeps the state.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { AlgorithmName, NonceState } from "@puresip/auth";
import { createChallenge, verify } from "@puresip/auth";
import type { HeaderField, SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse, headerKey, parseCredentials, printChallenge } from "@puresip/message";
import type { AorKey, Binding, RegistrarConfig as BindingRules } from "@puresip/ua";
import { processRegister } from "@puresip/ua";
import type { Account, Users } from "../config/users.js";

export interface RegistrarConfig {
  readonly realm: string;
  /** Accounts; none: no authentication, anyone may register any AOR (§10.3 step 3 skipped). */
  readonly users: O.Option<Users>;
  /** Challenge algorithms, most preferred first (RFC 8760 §2.4). */
  readonly algorithms: ReadonlyArray<AlgorithmName>;
  /** How long an issued nonce is accepted, ms. */
  readonly nonceLifetimeMs: number;
  /** §10.3 steps 1, 4, 7: domains, Expires bounds, who may change an AOR's bindings. */
  readonly rules: BindingRules;
}

/** Nonces issued and not yet lapsed, by nonce: what a later REGISTER's credentials are checked against. */
export interface RegistrarState {
  readonly nonces: ReadonlyMap<string, NonceState>;
}

export const emptyRegistrar: RegistrarState = { nonces: new Map() };

export interface RegisterEvent {
  readonly request: SipRequest;
  /** Monotonic milliseconds: binding and nonce expiries are on this clock. */
  readonly now: number;
  /** The To tag of the response (§8.2.6.2), as the UA core gave it. */
  readonly toTag: Tag;
  /** A fresh nonce from the shell's CSPRNG, used if this request is challenged. */
  readonly freshNonce: string;
}

/** What to do: send `response`; `bind` says the AOR's bindings after an accepted REGISTER. */
export interface RegisterStep {
  readonly state: RegistrarState;
  readonly response: SipResponse;
  readonly bind: O.Option<{ readonly aor: AorKey; readonly bindings: ReadonlyArray<Binding> }>;
}

const answer = (state: RegistrarState, event: RegisterEvent, status: number, headers: ReadonlyArray<HeaderField> = [], reason?: string): E.Either<string, RegisterStep> =>
  E.bimap(
    (e: { readonly header: string; readonly reason: string }) => `cannot answer the REGISTER with ${status}: ${e.header}: ${e.reason}`,
    (response: SipResponse): RegisterStep => ({ state, response, bind: O.none }),
  )(createResponse(status, { toTag: event.toTag, headers, ...(reason === undefined ? {} : { reason }) })(event.request));

const secretOf = (account: Account) =>
  account._tag === "Password" ? ({ _tag: "Password", password: account.password } as const) : ({ _tag: "HA1", ha1: account.ha1 } as const);

/** §22.1: a 401 with one WWW-Authenticate a configured algorithm; lapsed nonces are dropped here. */
const challenge = (config: RegistrarConfig, state: RegistrarState, event: RegisterEvent, stale: boolean): E.Either<string, RegisterStep> => {
  const issued = createChallenge({ realm: config.realm, nonce: event.freshNonce, algorithms: config.algorithms, qop: ["auth"], stale, expiresAt: event.now + config.nonceLifetimeMs });
  if (E.isLeft(issued)) return E.left(`cannot challenge: ${issued.left._tag}`);
  const nonces = new Map([...state.nonces].filter(([, n]) => n.expiresAt === undefined || n.expiresAt > event.now));
  nonces.set(event.freshNonce, issued.right.state);
  return answer({ nonces }, event, 401, issued.right.challenges.map((c) => ({ name: "WWW-Authenticate", value: printChallenge(c) })));
};

type Authenticated = { readonly _tag: "User"; readonly user: string; readonly state: RegistrarState } | { readonly _tag: "Answered"; readonly step: E.Either<string, RegisterStep> };

/** §22.1, §22.4: no credentials, an unknown or lapsed nonce get a challenge (stale=true for a lapsed one); wrong ones 403. */
const authenticate = (config: RegistrarConfig, users: Users, state: RegistrarState, event: RegisterEvent): Authenticated => {
  const header = event.request.headers.find((h) => headerKey(h.name) === "authorization");
  if (header === undefined) return { _tag: "Answered", step: challenge(config, state, event, false) };
  const credentials = parseCredentials(header.value);
  if (E.isLeft(credentials) || credentials.right._tag !== "DigestCredentials") return { _tag: "Answered", step: answer(state, event, 400, [], "Bad Authorization Header") };
  const c = credentials.right;
  const nonce = state.nonces.get(c.nonce);
  if (nonce === undefined || c.realm !== config.realm) return { _tag: "Answered", step: challenge(config, state, event, nonce === undefined) };
  const account = users.get(c.username);
  if (account === undefined) return { _tag: "Answered", step: answer(state, event, 403) };
  // An HA1 holds for one algorithm only: credentials in another one cannot be checked.
  if (account._tag === "HA1" && (c.algorithm ?? "MD5").toUpperCase() !== account.algorithm) return { _tag: "Answered", step: answer(state, event, 403) };
  const checked = verify(c, { secret: secretOf(account), method: event.request.method, body: event.request.body, now: event.now }, nonce);
  if (E.isLeft(checked)) return { _tag: "Answered", step: checked.left._tag === "Expired" ? challenge(config, state, event, true) : answer(state, event, 403) };
  return { _tag: "User", user: c.username, state: { nonces: new Map(state.nonces).set(c.nonce, checked.right) } };
};

/**
 * One REGISTER against `current`, the bindings the shell keeps for `aorOfRequest(request)`.
 * A Left says only that no response could be built (the shell answers 500 and logs it).
 */
export const register =
  (config: RegistrarConfig) =>
  (state: RegistrarState, current: ReadonlyArray<Binding>, event: RegisterEvent): E.Either<string, RegisterStep> => {
    let s = state;
    let identity: string | undefined;
    if (O.isSome(config.users)) {
      const auth = authenticate(config, config.users.value, state, event);
      if (auth._tag === "Answered") return auth.step;
      s = auth.state;
      identity = auth.user;
    }
    const outcome = processRegister(config.rules)(current, event.request, { now: event.now, toTag: event.toTag, ...(identity === undefined ? {} : { identity }) });
    if (E.isLeft(outcome)) return E.left(`cannot answer the REGISTER: ${outcome.left}`);
    const o = outcome.right;
    return E.right(o._tag === "Accepted" ? { state: s, response: o.response, bind: O.some({ aor: o.aor, bindings: o.bindings }) } : { state: s, response: o.response, bind: O.none });
  };
