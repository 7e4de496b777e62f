// Failure budgets against online password guessing (RFC 7616 §5.7 "Online Dictionary Attacks",
// RFC 3261 §26.1.5 denial of service). A token bucket: each failed digest verification spends a
// token, tokens come back at a steady rate up to a burst, and a key (a source address, a user
// name) with no token left is refused before any hash is computed.
// Pure: the bucket is plain data, time enters as `now`, and the caller's table holds the buckets.

/** How many failed verifications a key may have (RFC 7616 §5.7 online dictionary attacks): a burst and the time one token takes to come back. */
export interface BudgetPolicy {
  /** Failures allowed in a burst: the bucket's size. */
  readonly burst: number;
  /** ms for one spent token to come back (the sustained rate is one failure per `refillMs`). */
  readonly refillMs: number;
}

/** One key's token bucket of allowed failures, as plain data with the time it was last refilled. */
export interface FailureBucket {
  /** Tokens left at `at`; may be fractional. */
  readonly tokens: number;
  /** When `tokens` was computed, on the adapter's clock. */
  readonly at: number;
}

/** The tokens a bucket holds at `now`; a key never seen (undefined) has the whole burst. */
export const tokensAt = (policy: BudgetPolicy, bucket: FailureBucket | undefined, now: number): number => {
  if (bucket === undefined) return policy.burst;
  // A clock that went back refills nothing rather than throwing or going negative.
  const elapsed = now > bucket.at ? now - bucket.at : 0;
  const refilled = bucket.tokens + (policy.refillMs > 0 ? elapsed / policy.refillMs : policy.burst);
  return refilled > policy.burst ? policy.burst : refilled;
};

/** True when the key may try once more: at least one whole token is left. */
export const withinBudget = (policy: BudgetPolicy, bucket: FailureBucket | undefined, now: number): boolean => tokensAt(policy, bucket, now) >= 1;

/** The bucket after one failure at `now` (never below zero tokens). */
export const spendFailure = (policy: BudgetPolicy, bucket: FailureBucket | undefined, now: number): FailureBucket => {
  const left = tokensAt(policy, bucket, now) - 1;
  return { tokens: left > 0 ? left : 0, at: now };
};

/** Whole seconds until the next try is within budget (0 when it already is): a Retry-After value. */
export const secondsUntilBudget = (policy: BudgetPolicy, bucket: FailureBucket | undefined, now: number): number => {
  const missing = 1 - tokensAt(policy, bucket, now);
  return missing <= 0 ? 0 : Math.ceil((missing * policy.refillMs) / 1000);
};
