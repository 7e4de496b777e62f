// What the digest judgement (./digest.ts) reads of the proxy's memory and what it asks to be
// written back: the counts of nonces that authenticated before (RFC 7616 §3.4 nc), the mark
// below which a nonce may have been used and forgotten, and the failure budgets of sources and
// users against online password guessing (RFC 7616 §5.7, RFC 3261 §26.3.2.4), as
// `puresip serve`'s registrar has them. The element keeps all three in bounded tables.
import type { BudgetPolicy, FailureBucket, NonceCounts } from "@puresip/auth";
import { secondsUntilBudget, spendFailure, withinBudget } from "@puresip/auth";

/** Whose failures a budget counts: a source address (its host) or a user name. */
export type BudgetScope = "Source" | "User";

/**
 * RFC 7616 §5.7: the failed digest verifications a source address and a user may have in a
 * burst (one comes back every `refillMs`), and how many of each the proxy remembers at once.
 */
export interface FailureBudgets {
  readonly perSource: BudgetPolicy;
  readonly perUser: BudgetPolicy;
  /** Sources remembered at once; over it the first remembered is forgotten (its burst comes back). */
  readonly maxSources: number;
  /** Users remembered at once: at least the number of accounts, so no flood of names evicts one. */
  readonly maxUsers: number;
}

/**
 * `puresip serve`'s budgets: ten failures a source and five a user in a burst, one coming back
 * every 12 s; 10 000 sources and 10 000 users remembered.
 */
export const DEFAULT_FAILURE_BUDGETS: FailureBudgets = {
  perSource: { burst: 10, refillMs: 12_000 },
  perUser: { burst: 5, refillMs: 12_000 },
  maxSources: 10_000,
  maxUsers: 10_000,
};

/** The proxy's memory as the judgement reads it. */
export interface AuthMemory {
  /** The counts remembered for a nonce that authenticated a request before, if it is remembered. */
  readonly counts: (nonce: string) => NonceCounts | undefined;
  /** A nonce issued before this and not remembered may have been used and forgotten: it is stale. */
  readonly forgottenBefore: number;
  /** The failure bucket of a source host or a user name, if it has failed lately. */
  readonly failures: (scope: BudgetScope, key: string) => FailureBucket | undefined;
}

/** A failure to remember: `key`'s bucket after it. */
export interface Failure {
  readonly scope: BudgetScope;
  readonly key: string;
  readonly bucket: FailureBucket;
}

/** Memory that remembers nothing: every nonce new, every budget whole (a judgement on its own). */
export const NO_MEMORY: AuthMemory = { counts: () => undefined, forgottenBefore: 0, failures: () => undefined };

/** The policy of a scope. */
export const policyOf = (budgets: FailureBudgets, scope: BudgetScope): BudgetPolicy => (scope === "Source" ? budgets.perSource : budgets.perUser);

/** One key's budget at `now`: within it, or over it with the whole seconds until it is not (a Retry-After, at least 1). */
export const budgetOf = (
  budgets: FailureBudgets,
  memory: AuthMemory,
  scope: BudgetScope,
  key: string,
  now: number,
): { readonly _tag: "Within"; readonly failed: Failure } | { readonly _tag: "Over"; readonly retryAfter: number } => {
  const policy = policyOf(budgets, scope);
  const bucket = memory.failures(scope, key);
  if (!withinBudget(policy, bucket, now)) return { _tag: "Over", retryAfter: Math.max(1, secondsUntilBudget(policy, bucket, now)) };
  return { _tag: "Within", failed: { scope, key, bucket: spendFailure(policy, bucket, now) } };
};
