// The in-memory registrar of `puresip serve` (RFC 3261 §10.3), as a pure step: a REGISTER and
// the time in, the new bindings and the response to send out. Digest authentication (§22.1)
// runs first when accounts are configured. The adapter keeps the state between requests.
import * as E from "fp-ts/lib/Either.js";
import type { AlgorithmName, NonceState } from "@puresip/auth";
import { createChallenge, verify } from "@puresip/auth";
import type { HeaderField, SipRequest, Uri } from "@puresip/message";
import { findParam, headerKey, headerValues, parseCredentials, printChallenge, printUri } from "@puresip/message";
import type { Account, Users } from "../config/users.js";

export interface Binding {
  /** The Contact URI as the UA registered it. */
  readonly contact: Uri;
  /** Monotonic milliseconds at which the binding lapses. */
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
}

export interface RegistrarState {
  /** Bindings by address-of-record (`user@host`, host in lower case). */
  readonly bindings: ReadonlyMap<string, ReadonlyArray<Binding>>;
  /** Nonces issued and not yet expired, by nonce. */
  readonly nonces: ReadonlyMap<string, NonceState>;
}

export const emptyRegistrar: RegistrarState = { bindings: new Map(), nonces: new Map() };

export interface RegistrarConfig {
  readonly realm: string;
  /** Accounts; undefined means no authentication. */
  readonly users?: Users;
  /** Challenge algorithms, most preferred first (RFC 8760 §2.4). */
  readonly algorithms: ReadonlyArray<AlgorithmName>;
  readonly minExpires: number;
  readonly maxExpires: number;
  readonly defaultExpires: number;
  /** How long an issued nonce is accepted, ms. */
  readonly nonceLifetimeMs: number;
}

/** A response to send: status, reason and the header fields to add to the §8.2.6 copy. */
export interface Reply {
  readonly status: number;
  readonly reason?: string;
  readonly headers: ReadonlyArray<HeaderField>;
}

export interface RegisterEvent {
  readonly request: SipRequest;
  /** Monotonic milliseconds from the adapter. */
  readonly now: number;
  /** A fresh nonce from the adapter's CSPRNG, used if this request is challenged. */
  readonly freshNonce: string;
}

const reply = (status: number, headers: ReadonlyArray<HeaderField> = [], reason?: string): Reply =>
  reason === undefined ? { status, headers } : { status, reason, headers };

/** §10.3 step 5: the address-of-record is the To URI, here `user@host` with the host in lower case. */
export const addressOfRecord = (uri: Uri): string | undefined =>
  uri._tag === "SipUri" && uri.user !== undefined ? `${uri.user}@${uri.host.value.toLowerCase()}` : undefined;

const secretOf = (account: Account) =>
  account._tag === "Password" ? ({ _tag: "Password", password: account.password } as const) : ({ _tag: "HA1", ha1: account.ha1 } as const);

const challenge = (state: RegistrarState, config: RegistrarConfig, event: RegisterEvent, stale: boolean): readonly [RegistrarState, Reply] => {
  const issued = createChallenge({
    realm: config.realm,
    nonce: event.freshNonce,
    algorithms: config.algorithms,
    qop: ["auth"],
    stale,
    expiresAt: event.now + config.nonceLifetimeMs,
  });
  if (E.isLeft(issued)) return [state, reply(500)];
  const nonces = new Map([...state.nonces].filter(([, n]) => n.expiresAt === undefined || n.expiresAt > event.now));
  nonces.set(event.freshNonce, issued.right.state);
  return [{ ...state, nonces }, reply(401, issued.right.challenges.map((c) => ({ name: "WWW-Authenticate", value: printChallenge(c) })))];
};

type Authenticated = { readonly _tag: "Authenticated"; readonly user: string; readonly state: RegistrarState } | { readonly _tag: "Answer"; readonly step: readonly [RegistrarState, Reply] };

/** §22.1 / §22.4: no credentials or a stale nonce get a challenge, wrong ones 403. */
const authenticate = (state: RegistrarState, config: RegistrarConfig, event: RegisterEvent, users: Users): Authenticated => {
  const header = event.request.headers.find((h) => headerKey(h.name) === "authorization");
  if (header === undefined) return { _tag: "Answer", step: challenge(state, config, event, false) };
  const credentials = parseCredentials(header.value);
  if (E.isLeft(credentials) || credentials.right._tag !== "DigestCredentials") return { _tag: "Answer", step: [state, reply(400, [], "Bad Authorization Header")] };
  const c = credentials.right;
  const nonce = state.nonces.get(c.nonce);
  if (nonce === undefined || c.realm !== config.realm) return { _tag: "Answer", step: challenge(state, config, event, nonce === undefined) };
  const account = users.get(c.username);
  if (account === undefined) return { _tag: "Answer", step: [state, reply(403)] };
  // An HA1 holds for one algorithm only: credentials in another one cannot be checked.
  const algorithm = c.algorithm ?? "MD5";
  if (account._tag === "HA1" && algorithm.toUpperCase() !== account.algorithm) return { _tag: "Answer", step: [state, reply(403)] };
  const checked = verify(c, { secret: secretOf(account), method: event.request.method, body: event.request.body, now: event.now }, nonce);
  if (E.isLeft(checked)) {
    const stale = checked.left._tag === "Expired";
    return { _tag: "Answer", step: stale ? challenge(state, config, event, true) : [state, reply(403)] };
  }
  return { _tag: "Authenticated", user: c.username, state: { ...state, nonces: new Map(state.nonces).set(c.nonce, checked.right) } };
};

const expiresHeader = (request: SipRequest): number | undefined => {
  const [value] = headerValues("Expires")(request);
  return value !== undefined && /^[0-9]{1,10}$/.test(value.trim()) ? Number(value.trim()) : undefined;
};

const contactsOf = (bindings: ReadonlyArray<Binding>, now: number): ReadonlyArray<HeaderField> =>
  bindings.map((b) => ({ name: "Contact", value: `<${printUri(b.contact)}>;expires=${Math.max(0, Math.ceil((b.expiresAt - now) / 1000))}` }));

/** One REGISTER: the registrar's new state and the response (§10.3 steps 1–8). */
export const register = (config: RegistrarConfig) => (state: RegistrarState, event: RegisterEvent): readonly [RegistrarState, Reply] => {
  const { request, now } = event;
  let s = state;
  let user: string | undefined;
  if (config.users !== undefined) {
    const auth = authenticate(s, config, event, config.users);
    if (auth._tag === "Answer") return auth.step;
    s = auth.state;
    user = auth.user;
  }
  const to = request.core.to;
  const aor = to === undefined ? undefined : addressOfRecord(to.uri);
  // §10.3 step 5: "If the address-of-record in the To header field is not valid ... 404 (Not Found)".
  if (aor === undefined) return [s, reply(404)];
  // §10.3 step 6: only the owner of an address-of-record may change its bindings.
  if (user !== undefined && to?.uri._tag === "SipUri" && to.uri.user !== user) return [s, reply(403)];
  const callId = request.core.callId ?? "";
  const cseq = request.core.cseq?.seq ?? 0;
  const live = (s.bindings.get(aor) ?? []).filter((b) => b.expiresAt > now);
  const contacts = request.core.contact;
  const headerExpires = expiresHeader(request);
  let next: Array<Binding> = [...live];

  if (contacts.some((c) => c._tag === "Wildcard")) {
    // §10.3 step 6: "*" only alone and with Expires: 0, else 400.
    if (contacts.length > 1 || headerExpires !== 0) return [s, reply(400, [], "Wildcard Contact Needs Expires 0")];
    if (live.some((b) => b.callId === callId && b.cseq >= cseq)) return [s, reply(500, [], "Out Of Order Request")];
    next = [];
  } else {
    for (const c of contacts) {
      if (c._tag === "Wildcard") continue;
      const param = findParam(c.params, "expires");
      const asked = param?.value !== undefined && /^[0-9]{1,10}$/.test(param.value) ? Number(param.value) : (headerExpires ?? config.defaultExpires);
      // §10.3 step 7: too brief is 423 with Min-Expires; too long is shortened.
      if (asked !== 0 && asked < config.minExpires) return [s, reply(423, [{ name: "Min-Expires", value: String(config.minExpires) }], "Interval Too Brief")];
      const granted = Math.min(asked, config.maxExpires);
      const same = next.findIndex((b) => printUri(b.contact) === printUri(c.uri));
      const existing = same < 0 ? undefined : next[same];
      // §10.3 step 7: same Call-ID with a CSeq not higher "MUST be aborted and the request fails".
      if (existing !== undefined && existing.callId === callId && existing.cseq >= cseq) return [s, reply(500, [], "Out Of Order Request")];
      if (same >= 0) next.splice(same, 1);
      if (granted > 0) next.push({ contact: c.uri, expiresAt: now + granted * 1000, callId, cseq });
    }
  }
  const bindings = new Map(s.bindings);
  if (next.length === 0) bindings.delete(aor);
  else bindings.set(aor, next);
  // §10.3 step 8: the 200 lists every current binding with its remaining expiry.
  return [{ ...s, bindings }, reply(200, contactsOf(next, now))];
};

/** Where to reach an address-of-record now: its live bindings' Contact URIs, newest last. */
export const lookup = (state: RegistrarState, aor: string, now: number): ReadonlyArray<Uri> =>
  (state.bindings.get(aor) ?? []).filter((b) => b.expiresAt > now).map((b) => b.contact);
