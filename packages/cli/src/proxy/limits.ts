// `--rate N/s` and `--over-budget` of `puresip proxy`: the policy, the table (capped) and the
// log line, once per source per interval (./rate-limit.ts decides when).
import type { ProxyPlan } from "../commands/proxy.js";
import type { Io } from "../io.js";
import type { RatePolicy } from "./rate-limit.js";
import { SourceTable } from "./rate-limit.js";

/** Sources remembered at once; the least recently seen is forgotten beyond. */
export const MAX_SOURCES = 10_000;
/** One log line per source over budget at most this often. */
export const LOG_EVERY_MS = 10_000;

/** The limits the plan asks for, if any. */
export const sourceLimits = (
  plan: ProxyPlan,
  io: Io,
): { readonly policy: RatePolicy; readonly table: SourceTable; readonly note: (source: string, over: number) => void } | undefined => {
  if (plan.rate === undefined) return undefined;
  const policy: RatePolicy = { perSecond: plan.rate, over: plan.overBudget ?? "503", logEveryMs: LOG_EVERY_MS };
  const note = (source: string, over: number): void => {
    if (!plan.quiet) io.stderr(`puresip proxy: ${source} is over its budget of ${String(policy.perSecond)}/s: ${String(over)} request(s) ${policy.over === "503" ? "answered 503" : "dropped"}\n`);
  };
  return { policy, table: new SourceTable(MAX_SOURCES), note };
};
