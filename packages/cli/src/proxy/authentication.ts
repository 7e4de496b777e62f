// `puresip proxy --users FILE`: the users file of `puresip serve` (config/users.ts) turned into
// @puresip/proxy's `Authentication` (RFC 3261 §22.1 for its registrar, §22.3 for what its users
// send). The file is read here, in the shell; the proxy element judges credentials purely.
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Authentication, ProxyAccount, ProxyConfig } from "@puresip/proxy";
import { DEFAULT_FAILURE_BUDGETS } from "@puresip/proxy";
import type { DigestAlgorithm } from "../config/serve-config.js";
import type { Account, Users } from "../config/users.js";
import { foreignRealms, parseUsers, unchallengedHa1 } from "../config/users.js";

/** How long a nonce is accepted (as `puresip serve`): five minutes. */
export const NONCE_LIFETIME_MS = 300_000;
/**
 * Nonce uses remembered at once (RFC 7616 §3.4 nonce counts): a bound on memory. Past it the
 * first used is forgotten and older nonces become stale (a 401 with stale=true), never a 503.
 */
export const MAX_NONCES = 10_000;
/** The default challenges: SHA-256 first (RFC 8760 §2.4), MD5 for older UAs. */
export const DEFAULT_DIGEST: ReadonlyArray<DigestAlgorithm> = ["SHA-256", "MD5"];

const accountOf = (a: Account): ProxyAccount =>
  a._tag === "Password" ? { secret: { _tag: "Password", password: a.password } } : { secret: { _tag: "HA1", ha1: a.ha1 }, ha1Algorithm: a.algorithm };

/** The proxy's `Authentication` for `users` in `realm`, challenging with `digest`, nonces keyed by `nonceSecret`. */
export const authenticationFor = (users: Users, realm: string, digest: ReadonlyArray<DigestAlgorithm>, nonceSecret: Uint8Array): Authentication => {
  const accounts = new Map([...users].map(([name, a]) => [name, accountOf(a)] as const));
  return {
    realm,
    algorithms: digest,
    nonceSecret,
    nonceLifetimeMs: NONCE_LIFETIME_MS,
    maxNonces: MAX_NONCES,
    // serve's budgets (RFC 7616 §5.7); room for every account, so no flood of names evicts one.
    budgets: { ...DEFAULT_FAILURE_BUDGETS, maxUsers: Math.max(DEFAULT_FAILURE_BUDGETS.maxUsers, users.size) },
    account: (user) => O.fromNullable(accounts.get(user)),
  };
};

/** `config` with authentication on: its registrar then lets a user change only its own AOR (§10.3 step 3). */
export const withAuthentication = (config: ProxyConfig, auth: Authentication): ProxyConfig => ({
  ...config,
  authentication: O.some(auth),
  registrar: O.map((r: Extract<ProxyConfig["registrar"], { _tag: "Some" }>["value"]) => ({ ...r, authorization: "UserPart" as const }))(config.registrar),
});

/** Reads and checks the users file; warnings for accounts that can never authenticate. */
export const loadUsers = (path: string, realm: string, digest: ReadonlyArray<DigestAlgorithm>): E.Either<ReadonlyArray<string>, { readonly users: Users; readonly warnings: ReadonlyArray<string> }> => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return E.left([`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`]);
  }
  return E.map((users: Users) => ({ users, warnings: [...foreignRealms(users, realm), ...unchallengedHa1(users, digest)] }))(
    E.mapLeft((problems: ReadonlyArray<string>) => problems.map((p) => `${path}: ${p}`))(parseUsers(text)),
  );
};
