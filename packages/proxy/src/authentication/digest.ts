// RFC 3261 §22.3 "Proxy-to-User Authentication" and §22.1 (a registrar's 401) with RFC 7616 and
// RFC 8760 through @puresip/auth, as one pure judgement of one request: pass (with the nonce
// counts to remember), challenge, or refuse, with the failures to count against the source's and
// the user's budgets (RFC 7616 §5.7). Nonces are stateless (RFC 7616 §3.3: an HMAC of time, salt
// and realm under the proxy's secret), so a challenge stores nothing; only a nonce that
// authenticated a request is remembered, for its nonce counts, in a bounded table (the element's
// registry) that forgets the oldest and makes nonces issued before it stale. Time, the salt and
// that memory come in as data.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { AlgorithmName, NonceCounts, NonceState, Secret } from "@puresip/auth";
import { countsForUse, createChallenge, issueNonce, readNonce, verify } from "@puresip/auth";
import type { DigestCredentials, HeaderField, SipRequest } from "@puresip/message";
import { headerKey, parseCredentials, parseProxyCredentials, printChallenge, printUri } from "@puresip/message";
import type { AuthMemory, Failure, FailureBudgets } from "./memory.js";
import { DEFAULT_FAILURE_BUDGETS, budgetOf } from "./memory.js";

/**
 * One account the proxy authenticates: its secret, and for a stored H(A1) the one algorithm it
 * holds for (RFC 7616 §3.4.2); a password holds for every algorithm.
 */
export interface ProxyAccount {
  readonly secret: Secret;
  readonly ha1Algorithm?: AlgorithmName;
}

/**
 * How the proxy authenticates (RFC 3261 §22.1, §22.3): its realm, the algorithms it challenges
 * with (most preferred first, RFC 8760 §2.4), its nonces' key and lifetime, and its accounts.
 */
export interface Authentication {
  readonly realm: string;
  readonly algorithms: ReadonlyArray<AlgorithmName>;
  /** The key of the nonces' HMAC: 16+ bytes the owner drew once from its CSPRNG. */
  readonly nonceSecret: Uint8Array;
  /** How long an issued nonce is accepted, ms. */
  readonly nonceLifetimeMs: number;
  /**
   * Nonce uses remembered at once (RFC 7616 §3.4 nonce counts). Over it the first remembered is
   * forgotten and every nonce issued up to it becomes stale (a fresh 401/407 with stale=true), so
   * a replay is never taken for a new nonce and no request is refused for want of room.
   */
  readonly maxNonces: number;
  /** RFC 7616 §5.7: failed verifications allowed a source and a user (absent: `DEFAULT_FAILURE_BUDGETS`). */
  readonly budgets?: FailureBudgets;
  /** The account of a user name, if there is one: a pure lookup over the owner's users. */
  readonly account: (user: string) => O.Option<ProxyAccount>;
  /**
   * §22.3: which requests must carry credentials before they are forwarded: `OwnUsers` (absent:
   * the default), those whose From is in one of the proxy's domains; `Everyone`, every request
   * but ACK and CANCEL, from any domain (a proxy that admits only callers it has accounts for).
   */
  readonly challenge?: "OwnUsers" | "Everyone";
}

/** Which exchange: §22.1's 401 with WWW-Authenticate/Authorization, or §22.3's 407 with Proxy-Authenticate/Proxy-Authorization. */
export type Exchange = "Registrar" | "Proxy";

const challengeHeader = (x: Exchange): string => (x === "Registrar" ? "WWW-Authenticate" : "Proxy-Authenticate");
/** The header that carries credentials in `x`. */
export const credentialsHeader = (x: Exchange): string => (x === "Registrar" ? "Authorization" : "Proxy-Authorization");

/** What the element does with the request. */
export type Judgement =
  /** Authenticated as `user`; remember `counts` for `nonce` (issued at `issuedAt`; `known`: remembered before). */
  | { readonly _tag: "Pass"; readonly user: string; readonly nonce: string; readonly issuedAt: number; readonly counts: NonceCounts; readonly known: boolean }
  /**
   * Answer 401/407 with a fresh nonce; `stale` when the credentials were right but the nonce was
   * not (RFC 7616 §3.3); `failed`: the failures to remember.
   */
  | { readonly _tag: "Challenge"; readonly stale: boolean; readonly account: ProxyAccount | undefined; readonly failed: ReadonlyArray<Failure> }
  /** Answer `status` (400 or 403); `failed`: the failures to remember. */
  | { readonly _tag: "Refuse"; readonly status: number; readonly reason: string; readonly failed: ReadonlyArray<Failure> }
  /** RFC 7616 §5.7: the source or the user has no failure left: 503 with Retry-After `retryAfter` s, before any hash. */
  | { readonly _tag: "OverBudget"; readonly retryAfter: number };

const challenge = (stale: boolean, account: ProxyAccount | undefined, failed: ReadonlyArray<Failure> = []): Judgement => ({ _tag: "Challenge", stale, account, failed });
const refuse = (status: number, reason: string, failed: ReadonlyArray<Failure> = []): Judgement => ({ _tag: "Refuse", status, reason, failed });

/** RFC 8760 §2.3: an account stored as one algorithm's H(A1) is challenged with that algorithm alone. */
export const algorithmsFor = (auth: Authentication, account: ProxyAccount | undefined): ReadonlyArray<AlgorithmName> => {
  const own = account?.ha1Algorithm;
  if (own === undefined) return auth.algorithms;
  return auth.algorithms.includes(own) ? [own] : auth.algorithms;
};

/**
 * §22.3: "A Proxy-Authorization header field value applies only to the proxy whose realm is
 * identified in the "realm" parameter ... [it] MUST NOT be consumed by any proxy whose realm
 * does not match": the first Digest credentials of the exchange's header for our realm.
 */
export const ownCredentials = (auth: Authentication, request: SipRequest, x: Exchange): { readonly credentials: DigestCredentials | undefined; readonly malformed: boolean } => {
  const key = headerKey(credentialsHeader(x));
  let malformed = false;
  for (const h of request.headers) {
    if (headerKey(h.name) !== key) continue;
    const parsed = x === "Registrar" ? parseCredentials(h.value) : parseProxyCredentials(h.value);
    if (E.isLeft(parsed)) {
      malformed = true;
      continue;
    }
    if (parsed.right._tag === "DigestCredentials" && parsed.right.realm === auth.realm) return { credentials: parsed.right, malformed: false };
  }
  return { credentials: undefined, malformed };
};

/**
 * One request from `source` (its host) with its credentials against the proxy's realm and its
 * `memory`. No credentials for our realm: a challenge (a malformed value: 400). A source or a
 * user with no failure left in its budget: OverBudget, before any hash (RFC 7616 §5.7). An
 * unknown user: 403 and a failure of the source; a wrong response or a replayed nonce count
 * (RFC 7616 §3.4): 403 and a failure of both, unless the nonce is not one we can vouch for (then
 * a fresh challenge); a digest uri that is not the Request-URI: 400 (RFC 7616 §3.4.6); right
 * credentials on a lapsed, forged or forgotten nonce: a challenge with stale=true (§3.3: "only
 * if it receives a request for which the nonce is invalid").
 */
export const judge = (auth: Authentication, request: SipRequest, x: Exchange, now: number, memory: AuthMemory, source: string): Judgement => {
  const { credentials: c, malformed } = ownCredentials(auth, request, x);
  if (c === undefined) return malformed ? refuse(400, `Bad ${credentialsHeader(x)} Header`) : challenge(false, undefined);
  const budgets = auth.budgets ?? DEFAULT_FAILURE_BUDGETS;
  const bySource = budgetOf(budgets, memory, "Source", source, now);
  if (bySource._tag === "Over") return { _tag: "OverBudget", retryAfter: bySource.retryAfter };
  const found = auth.account(c.username);
  if (O.isNone(found)) return refuse(403, "Forbidden", [bySource.failed]);
  const account = found.value;
  const byUser = budgetOf(budgets, memory, "User", c.username, now);
  if (byUser._tag === "Over") return { _tag: "OverBudget", retryAfter: byUser.retryAfter };
  // An H(A1) holds for one algorithm only: credentials in another cannot be checked.
  if (account.ha1Algorithm !== undefined && (c.algorithm ?? "MD5").toUpperCase() !== account.ha1Algorithm) return refuse(403, "Forbidden");
  const issued = readNonce({ secret: auth.nonceSecret, realm: auth.realm }, c.nonce, now, auth.nonceLifetimeMs);
  const remembered = memory.counts(c.nonce);
  const counts = E.isRight(issued) ? countsForUse(remembered, issued.right, memory.forgottenBefore) : O.none;
  const state: NonceState = { realm: auth.realm, nonce: c.nonce, algorithms: algorithmsFor(auth, account), qop: ["auth"], ...(O.isSome(counts) ? counts.value : { highestNc: 0, window: 0 }) };
  const checked = verify(c, { secret: account.secret, method: request.method, body: request.body, requestUri: printUri(request.uri) }, state);
  const both = [bySource.failed, byUser.failed];
  if (E.isLeft(checked)) {
    const e = checked.left;
    if (e._tag === "Mismatch" && e.field === "uri") return refuse(400, "Digest uri Is Not the Request-URI");
    // Only these come after the digest was computed: they are the guesses a budget counts.
    const guessed = e._tag === "WrongResponse" || e._tag === "Replay";
    if (e._tag === "WrongResponse" && (E.isLeft(issued) || O.isNone(counts))) return challenge(false, account, both);
    return refuse(403, "Forbidden", guessed ? both : []);
  }
  if (E.isLeft(issued) || O.isNone(counts)) return challenge(true, account);
  return { _tag: "Pass", user: c.username, nonce: c.nonce, issuedAt: issued.right, counts: { highestNc: checked.right.highestNc, window: checked.right.window }, known: remembered !== undefined };
};

/** §22.1 / §22.3: the 401's WWW-Authenticate or the 407's Proxy-Authenticate values, one per algorithm, on a fresh nonce. */
export const challengeHeaders = (
  auth: Authentication,
  x: Exchange,
  now: number,
  salt: string,
  stale: boolean,
  account: ProxyAccount | undefined,
): E.Either<string, ReadonlyArray<HeaderField>> => {
  const nonce = issueNonce({ secret: auth.nonceSecret, realm: auth.realm, now, salt });
  if (E.isLeft(nonce)) return E.left(`cannot challenge: ${nonce.left}`);
  const issued = createChallenge({ realm: auth.realm, nonce: nonce.right, algorithms: algorithmsFor(auth, account), qop: ["auth"], ...(stale ? { stale } : {}) });
  if (E.isLeft(issued)) return E.left(`cannot challenge: ${issued.left._tag}`);
  return E.right(issued.right.challenges.map((c) => ({ name: challengeHeader(x), value: printChallenge(c) })));
};
