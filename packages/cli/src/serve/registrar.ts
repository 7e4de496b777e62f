// The registrar of `puresip serve` as a pure step: §10.3 steps 1 and 5 (the domains served),
// digest authentication (RFC 3261 §22.1, §22.4) with @puresip/auth, then @puresip/ua's
// `processRegister` (§10.3 steps 4–8, its caps and the UDP size rule). A REGISTER comes in with
// the bindings of its address-of-record, read access to the shell's tables (./registrar-tables.ts)
// and entropy; the response goes out with the AOR's new bindings when they changed and the
// writes for the tables. Nonces are stateless (RFC 7616 §3.3: an HMAC of time, salt and realm
// under a server secret), so a challenge stores nothing; only nonces that authenticated a
// request are remembered, for their nonce counts, in a capped table.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { AlgorithmName, BudgetPolicy, FailureBucket, NonceCounts, NonceState } from "@puresip/auth";
import { countsForUse, createChallenge, issueNonce, readNonce, secondsUntilBudget, spendFailure, verify, withinBudget } from "@puresip/auth";
import type { DigestCredentials, HeaderField, SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse, headerKey, parseCredentials, printChallenge, printUri } from "@puresip/message";
import type { AorKey, Binding, RegistrarConfig as BindingRules } from "@puresip/ua/registrar";
import { checkAddressOfRecord, processRegister } from "@puresip/ua/registrar";
import type { Account, Users } from "../config/users.js";

export interface RegistrarConfig {
  readonly realm: string;
  /** Accounts; none: no authentication, anyone may register any AOR (§10.3 step 3 skipped). */
  readonly users: O.Option<Users>;
  /** Challenge algorithms, most preferred first (RFC 8760 §2.4). */
  readonly algorithms: ReadonlyArray<AlgorithmName>;
  /** How long an issued nonce is accepted, ms. */
  readonly nonceLifetimeMs: number;
  /** The key of the nonces' HMAC: 16+ bytes from the CSPRNG, drawn once per process. */
  readonly nonceSecret: Uint8Array;
  /** Failed verifications a source address, and a user, may have (RFC 7616 §5.7). */
  readonly budgets: { readonly perSource: BudgetPolicy; readonly perUser: BudgetPolicy };
  /** §10.3 steps 1, 4, 7: domains, Expires bounds, who may change an AOR's bindings, caps. */
  readonly rules: BindingRules;
}

export type BudgetScope = "Source" | "User";

/** What the step reads of the shell's tables. */
export interface RegistrarTables {
  readonly nonceCounts: (nonce: string) => NonceCounts | undefined;
  readonly forgottenBefore: () => number;
  readonly failures: (scope: BudgetScope, key: string) => FailureBucket | undefined;
}

/** What the step asks the shell to remember. */
export type RegistrarWrite =
  | { readonly _tag: "NonceUsed"; readonly nonce: string; readonly issuedAt: number; readonly counts: NonceCounts }
  | { readonly _tag: "Failed"; readonly scope: BudgetScope; readonly key: string; readonly bucket: FailureBucket };

export interface RegisterEvent {
  readonly request: SipRequest;
  /** Monotonic whole milliseconds: binding and nonce times are on this clock. */
  readonly now: number;
  /** The To tag of the response (§8.2.6.2), as the UA core gave it. */
  readonly toTag: Tag;
  /** 16 hex digits from the shell's CSPRNG, the salt of a nonce if this request is challenged. */
  readonly salt: string;
  /** The address the request came from: the key of its source's failure budget. */
  readonly source: string;
  /** How many AORs the location service holds (ua's `maxAors`). */
  readonly aors: number;
}

/** What to do: send `response`; `bind` says the AOR's bindings after an accepted REGISTER. */
export interface RegisterStep {
  readonly response: SipResponse;
  readonly bind: O.Option<{ readonly aor: AorKey; readonly bindings: ReadonlyArray<Binding> }>;
  readonly writes: ReadonlyArray<RegistrarWrite>;
}

type Stepped = E.Either<string, RegisterStep>;

const answer = (event: RegisterEvent, status: number, o: { readonly headers?: ReadonlyArray<HeaderField>; readonly reason?: string; readonly writes?: ReadonlyArray<RegistrarWrite> } = {}): Stepped =>
  E.bimap(
    (e: { readonly header: string; readonly reason: string }) => `cannot answer the REGISTER with ${status}: ${e.header}: ${e.reason}`,
    (response: SipResponse): RegisterStep => ({ response, bind: O.none, writes: o.writes ?? [] }),
  )(createResponse(status, { toTag: event.toTag, headers: o.headers ?? [], ...(o.reason === undefined ? {} : { reason: o.reason }) })(event.request));

const secretOf = (account: Account) =>
  account._tag === "Password" ? ({ _tag: "Password", password: account.password } as const) : ({ _tag: "HA1", ha1: account.ha1 } as const);

/**
 * The algorithms an account can answer: an HA1 holds for one algorithm only, so an account
 * stored as an MD5 HA1 is challenged with MD5 alone (RFC 8760 §2.3 lets a server offer what it
 * can verify). When the configured algorithms exclude it, they are offered and it cannot pass.
 */
export const algorithmsFor = (config: RegistrarConfig, account: Account | undefined): ReadonlyArray<AlgorithmName> => {
  if (account?._tag !== "HA1") return config.algorithms;
  const own = config.algorithms.filter((a) => a === account.algorithm);
  return own.length > 0 ? own : config.algorithms;
};

/** §22.1: a 401 with one WWW-Authenticate per algorithm, on a fresh stateless nonce. */
const challenge = (config: RegistrarConfig, event: RegisterEvent, account: Account | undefined, stale: boolean, writes: ReadonlyArray<RegistrarWrite> = []): Stepped => {
  const nonce = issueNonce({ secret: config.nonceSecret, realm: config.realm, now: event.now, salt: event.salt });
  if (E.isLeft(nonce)) return E.left(`cannot challenge: ${nonce.left}`);
  const issued = createChallenge({ realm: config.realm, nonce: nonce.right, algorithms: algorithmsFor(config, account), qop: ["auth"], ...(stale ? { stale } : {}) });
  if (E.isLeft(issued)) return E.left(`cannot challenge: ${issued.left._tag}`);
  return answer(event, 401, { headers: issued.right.challenges.map((c) => ({ name: "WWW-Authenticate", value: printChallenge(c) })), writes });
};

const toUser = (request: SipRequest): string | undefined => {
  const uri = request.core.to?.uri;
  return uri?._tag === "SipUri" ? uri.user : undefined;
};

type Authenticated = { readonly _tag: "User"; readonly user: string; readonly writes: ReadonlyArray<RegistrarWrite> } | { readonly _tag: "Answered"; readonly step: Stepped };

const answered = (step: Stepped): Authenticated => ({ _tag: "Answered", step });

/** RFC 7616 §5.7: over budget, refused before any hash with 503 and when to come back (§21.5.4, §20.33). */
const overBudget = (event: RegisterEvent, policy: BudgetPolicy, bucket: FailureBucket | undefined): Authenticated =>
  answered(
    answer(event, 503, {
      reason: "Too Many Failed Authentications",
      headers: [{ name: "Retry-After", value: String(Math.max(1, secondsUntilBudget(policy, bucket, event.now))) }],
    }),
  );

/**
 * §22.1, §22.4 with RFC 7616: no credentials get a challenge; credentials for another realm a
 * fresh one; a digest uri that is not the Request-URI 400 (§3.4.6); an unknown user or a wrong
 * response 403 and a failure; a right response with a nonce that is forged, lapsed or forgotten
 * a challenge with stale=true (§3.3: only a client that knows the secret hears "stale").
 */
const authenticate = (config: RegistrarConfig, users: Users, tables: RegistrarTables, event: RegisterEvent): Authenticated => {
  const header = event.request.headers.find((h) => headerKey(h.name) === "authorization");
  if (header === undefined) return answered(challenge(config, event, users.get(toUser(event.request) ?? ""), false));
  const parsed = parseCredentials(header.value);
  if (E.isLeft(parsed) || parsed.right._tag !== "DigestCredentials") return answered(answer(event, 400, { reason: "Bad Authorization Header" }));
  const c: DigestCredentials = parsed.right;
  if (c.realm !== config.realm) return answered(challenge(config, event, users.get(c.username), false));
  const { perSource, perUser } = config.budgets;
  const sourceBucket = tables.failures("Source", event.source);
  if (!withinBudget(perSource, sourceBucket, event.now)) return overBudget(event, perSource, sourceBucket);
  const failed = (scope: BudgetScope, key: string, policy: BudgetPolicy, bucket: FailureBucket | undefined): RegistrarWrite => ({
    _tag: "Failed",
    scope,
    key,
    bucket: spendFailure(policy, bucket, event.now),
  });
  const sourceFailed = failed("Source", event.source, perSource, sourceBucket);
  const account = users.get(c.username);
  if (account === undefined) return answered(answer(event, 403, { writes: [sourceFailed] }));
  const userBucket = tables.failures("User", c.username);
  if (!withinBudget(perUser, userBucket, event.now)) return overBudget(event, perUser, userBucket);
  const bothFailed = [sourceFailed, failed("User", c.username, perUser, userBucket)];
  // An HA1 holds for one algorithm only: credentials in another one cannot be checked.
  if (account._tag === "HA1" && (c.algorithm ?? "MD5").toUpperCase() !== account.algorithm) return answered(answer(event, 403));
  const issued = readNonce({ secret: config.nonceSecret, realm: config.realm }, c.nonce, event.now, config.nonceLifetimeMs);
  const counts = E.isRight(issued) ? countsForUse(tables.nonceCounts(c.nonce), issued.right, tables.forgottenBefore()) : O.none;
  const usable = E.isRight(issued) && O.isSome(counts);
  const state: NonceState = { realm: config.realm, nonce: c.nonce, algorithms: algorithmsFor(config, account), qop: ["auth"], ...(O.isSome(counts) ? counts.value : { highestNc: 0, window: 0 }) };
  const checked = verify(c, { secret: secretOf(account), method: event.request.method, body: event.request.body, requestUri: printUri(event.request.uri) }, state);
  if (E.isLeft(checked)) {
    const e = checked.left;
    if (e._tag === "Mismatch" && e.field === "uri") return answered(answer(event, 400, { reason: "Digest uri Is Not the Request-URI" }));
    // Only these come after the digest was computed: they are the guesses a budget counts.
    const guessed = e._tag === "WrongResponse" || e._tag === "Replay";
    // A wrong response to a nonce we cannot vouch for: the credentials are not ours to judge.
    if (e._tag === "WrongResponse" && !usable) return answered(challenge(config, event, account, false, bothFailed));
    return answered(answer(event, 403, guessed ? { writes: bothFailed } : {}));
  }
  if (!usable) return answered(challenge(config, event, account, true));
  const issuedAt = E.isRight(issued) ? issued.right : 0;
  return { _tag: "User", user: c.username, writes: [{ _tag: "NonceUsed", nonce: c.nonce, issuedAt, counts: { highestNc: checked.right.highestNc, window: checked.right.window } }] };
};

/**
 * One REGISTER against `current`, the bindings the shell keeps for `aorOfRequest(request)`.
 * A Left says only that no response could be built (the shell answers 500 and logs it).
 */
export const register =
  (config: RegistrarConfig) =>
  (tables: RegistrarTables, current: ReadonlyArray<Binding>, event: RegisterEvent): Stepped => {
    // §10.3 steps 1 and 5 first: a REGISTER for a domain not served costs no digest.
    const foreign = checkAddressOfRecord(config.rules)(event.request, event.toTag);
    if (E.isLeft(foreign)) return E.left(`cannot answer the REGISTER: ${foreign.left}`);
    if (O.isSome(foreign.right)) return E.right({ response: foreign.right.value.response, bind: O.none, writes: [] });
    let identity: string | undefined;
    let writes: ReadonlyArray<RegistrarWrite> = [];
    if (O.isSome(config.users)) {
      const auth = authenticate(config, config.users.value, tables, event);
      if (auth._tag === "Answered") return auth.step;
      identity = auth.user;
      writes = auth.writes;
    }
    const outcome = processRegister(config.rules)(current, event.request, { now: event.now, toTag: event.toTag, aors: event.aors, ...(identity === undefined ? {} : { identity }) });
    if (E.isLeft(outcome)) return E.left(`cannot answer the REGISTER: ${outcome.left}`);
    const o = outcome.right;
    return E.right({ response: o.response, bind: o._tag === "Accepted" ? O.some({ aor: o.aor, bindings: o.bindings }) : O.none, writes });
  };
