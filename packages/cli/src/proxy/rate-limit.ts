// Abuse limits of `puresip proxy` (issue #16: "a per-source request budget with a configurable
// rate; over budget, requests are answered 503 with Retry-After or dropped, counted, and logged
// once per source per interval"). The decision is pure: one token bucket per source address
// (@puresip/auth's, a token a request), time as data. The table of buckets is a capped Map in the
// shell: over its cap the least recently seen source is forgotten (it gets its whole burst
// back), so memory has a fixed bound whatever the number of sources.
import type { BudgetPolicy, FailureBucket } from "@puresip/auth";
import { secondsUntilBudget, spendFailure, withinBudget } from "@puresip/auth";

/** A request budget: `perSecond` requests a second from one source, in bursts of up to `perSecond`. */
export interface RatePolicy {
  readonly perSecond: number;
  /** What happens over budget: a 503 with Retry-After (RFC 3261 §21.5.4, §20.33), or silence. */
  readonly over: "503" | "drop";
  /** How often one source's overruns are logged, at most (ms). */
  readonly logEveryMs: number;
}

/** One source's bucket, and what its log knows. */
export interface SourceEntry {
  readonly bucket: FailureBucket;
  /** When this source was last logged as over budget; undefined: never. */
  readonly loggedAt: number | undefined;
  /** Requests over budget since that log line. */
  readonly overSinceLog: number;
}

/** The verdict on one request, with the source's entry after it. */
export type Admission =
  | { readonly _tag: "Admit"; readonly entry: SourceEntry }
  /** Over budget: `retryAfter` seconds until a token is back; `log` the count to report now, if it is time. */
  | { readonly _tag: "Over"; readonly entry: SourceEntry; readonly retryAfter: number; readonly log: number | undefined };

const budgetOf = (policy: RatePolicy): BudgetPolicy => ({ burst: policy.perSecond, refillMs: 1000 / policy.perSecond });

/** One request from a source whose entry is `entry` (undefined: not seen, or forgotten) at `now`. */
export const admit = (policy: RatePolicy, entry: SourceEntry | undefined, now: number): Admission => {
  const budget = budgetOf(policy);
  if (withinBudget(budget, entry?.bucket, now))
    return { _tag: "Admit", entry: { bucket: spendFailure(budget, entry?.bucket, now), loggedAt: entry?.loggedAt, overSinceLog: entry?.overSinceLog ?? 0 } };
  const over = (entry?.overSinceLog ?? 0) + 1;
  const due = entry?.loggedAt === undefined || now - entry.loggedAt >= policy.logEveryMs;
  const retryAfter = Math.max(1, secondsUntilBudget(budget, entry?.bucket, now));
  const bucket = entry?.bucket ?? { tokens: 0, at: now };
  return due
    ? { _tag: "Over", entry: { bucket, loggedAt: now, overSinceLog: 0 }, retryAfter, log: over }
    : { _tag: "Over", entry: { bucket, loggedAt: entry.loggedAt, overSinceLog: over }, retryAfter, log: undefined };
};

/** The shell's table of sources, least recently seen first, at most `cap` of them. */
export class SourceTable {
  private readonly entries = new Map<string, SourceEntry>();
  /** Requests over budget in all, for the line at exit. */
  over = 0;
  constructor(readonly cap: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** `admit` for `source`, remembering its entry (and forgetting the oldest over the cap). */
  check(policy: RatePolicy, source: string, now: number): Admission {
    const verdict = admit(policy, this.entries.get(source), now);
    this.entries.delete(source);
    this.entries.set(source, verdict.entry);
    while (this.entries.size > this.cap) {
      const first = this.entries.keys().next();
      if (first.done === true) break;
      this.entries.delete(first.value);
    }
    if (verdict._tag === "Over") this.over += 1;
    return verdict;
  }
}
