// RFC 3261 §22.3 "Proxy-to-User Authentication" and §22.1 (a registrar's 401) with RFC 7616 and
// RFC 8760 through @puresip/auth, as one pure judgement of one request: pass (with the nonce
// counts to remember), challenge, or refuse. Nonces are stateless (RFC 7616 §3.3: an HMAC of
// time, salt and realm under the proxy's secret), so a challenge stores nothing; only a nonce
// that authenticated a request is remembered, for its nonce counts (the element keeps it in the
// registry until the nonce lapses). Time and the salt come in as data.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { AlgorithmName, NonceCounts, NonceState, Secret } from "@puresip/auth";
import { NO_COUNTS, createChallenge, issueNonce, readNonce, verify } from "@puresip/auth";
import type { DigestCredentials, HeaderField, SipRequest } from "@puresip/message";
import { headerKey, parseCredentials, parseProxyCredentials, printChallenge, printUri } from "@puresip/message";

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
  /** Nonce uses remembered at once; over it, a request on a new nonce gets 503 (nothing grows without bound). */
  readonly maxNonces: number;
  /** The account of a user name, if there is one: a pure lookup over the owner's users. */
  readonly account: (user: string) => O.Option<ProxyAccount>;
}

/** Which exchange: §22.1's 401 with WWW-Authenticate/Authorization, or §22.3's 407 with Proxy-Authenticate/Proxy-Authorization. */
export type Exchange = "Registrar" | "Proxy";

const challengeHeader = (x: Exchange): string => (x === "Registrar" ? "WWW-Authenticate" : "Proxy-Authenticate");
/** The header that carries credentials in `x`. */
export const credentialsHeader = (x: Exchange): string => (x === "Registrar" ? "Authorization" : "Proxy-Authorization");

/** What the element does with the request. */
export type Judgement =
  /** Authenticated as `user`; remember `counts` for `nonce` (issued at `issuedAt`). */
  | { readonly _tag: "Pass"; readonly user: string; readonly nonce: string; readonly issuedAt: number; readonly counts: NonceCounts; readonly known: boolean }
  /** Answer 401/407 with a fresh nonce; `stale` when the credentials were right but the nonce was not (RFC 7616 §3.3). */
  | { readonly _tag: "Challenge"; readonly stale: boolean; readonly account: ProxyAccount | undefined }
  /** Answer `status` (400 or 403). */
  | { readonly _tag: "Refuse"; readonly status: number; readonly reason: string };

const challenge = (stale: boolean, account: ProxyAccount | undefined): Judgement => ({ _tag: "Challenge", stale, account });
const refuse = (status: number, reason: string): Judgement => ({ _tag: "Refuse", status, reason });

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
 * One request's credentials against the proxy's realm. `known` gives the counts remembered for
 * a nonce that authenticated before. No credentials for our realm: a challenge (a malformed
 * value: 400). An unknown user or a wrong response: 403, unless the nonce is not one we can
 * vouch for (then a fresh challenge); a digest uri that is not the Request-URI: 400 (RFC 7616
 * §3.4.6); right credentials on a lapsed or forged nonce: a challenge with stale=true.
 */
export const judge = (auth: Authentication, request: SipRequest, x: Exchange, now: number, known: (nonce: string) => NonceCounts | undefined): Judgement => {
  const { credentials: c, malformed } = ownCredentials(auth, request, x);
  if (c === undefined) return malformed ? refuse(400, `Bad ${credentialsHeader(x)} Header`) : challenge(false, undefined);
  const found = auth.account(c.username);
  if (O.isNone(found)) return refuse(403, "Forbidden");
  const account = found.value;
  // An H(A1) holds for one algorithm only: credentials in another cannot be checked.
  if (account.ha1Algorithm !== undefined && (c.algorithm ?? "MD5").toUpperCase() !== account.ha1Algorithm) return refuse(403, "Forbidden");
  const issued = readNonce({ secret: auth.nonceSecret, realm: auth.realm }, c.nonce, now, auth.nonceLifetimeMs);
  const remembered = known(c.nonce);
  const state: NonceState = { realm: auth.realm, nonce: c.nonce, algorithms: algorithmsFor(auth, account), qop: ["auth"], ...(remembered ?? NO_COUNTS) };
  const checked = verify(c, { secret: account.secret, method: request.method, body: request.body, requestUri: printUri(request.uri) }, state);
  if (E.isLeft(checked)) {
    const e = checked.left;
    if (e._tag === "Mismatch" && e.field === "uri") return refuse(400, "Digest uri Is Not the Request-URI");
    if (e._tag === "WrongResponse" && E.isLeft(issued)) return challenge(false, account);
    return refuse(403, "Forbidden");
  }
  if (E.isLeft(issued)) return challenge(true, account);
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
