import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { secondsUntilBudget, spendFailure, tokensAt, withinBudget, type BudgetPolicy, type FailureBucket } from "../src/index.js";

const policy = fc.record({ burst: fc.integer({ min: 1, max: 50 }), refillMs: fc.integer({ min: 1, max: 100_000 }) });
/** Strictly ordered failure attempts: gaps between them in ms. */
const gaps = fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 200 });

/** Runs attempts: each is refused when out of budget, else spends a token (every attempt fails). */
const run = (p: BudgetPolicy, ds: ReadonlyArray<number>): { readonly allowed: ReadonlyArray<number>; readonly bucket: FailureBucket | undefined } => {
  let bucket: FailureBucket | undefined;
  let now = 0;
  const allowed: Array<number> = [];
  for (const d of ds) {
    now += d;
    if (!withinBudget(p, bucket, now)) continue;
    allowed.push(now);
    bucket = spendFailure(p, bucket, now);
  }
  return { allowed, bucket };
};

describe("RFC 7616 §5.7 online dictionary attacks: a failure budget per key (token bucket)", () => {
  it("allows `burst` failures at once, then refuses until a token comes back", () => {
    const p = { burst: 3, refillMs: 10_000 };
    const { allowed, bucket } = run(p, [0, 0, 0, 0, 0]);
    expect(allowed).toStrictEqual([0, 0, 0]);
    expect(withinBudget(p, bucket, 9_999)).toBe(false);
    expect(secondsUntilBudget(p, bucket, 0)).toBe(10);
    expect(withinBudget(p, bucket, 10_000)).toBe(true);
  });
  test.prop([policy, gaps])("in any window of T ms at most burst + T/refillMs failures get verified", (p, ds) => {
    const { allowed } = run(p, ds);
    for (let i = 0; i < allowed.length; i++)
      for (let j = i; j < allowed.length; j++) {
        const span = (allowed[j] ?? 0) - (allowed[i] ?? 0);
        expect(j - i + 1).toBeLessThanOrEqual(p.burst + span / p.refillMs + 1e-9);
      }
  });
  test.prop([policy, gaps, fc.integer({ min: 0, max: 10 ** 7 })])("tokens stay within 0..burst, and a wait of secondsUntilBudget is always enough", (p, ds, later) => {
    const { bucket } = run(p, ds);
    const now = (bucket?.at ?? 0) + later;
    const t = tokensAt(p, bucket, now);
    expect(t).toBeGreaterThanOrEqual(0);
    expect(t).toBeLessThanOrEqual(p.burst);
    expect(withinBudget(p, bucket, now + secondsUntilBudget(p, bucket, now) * 1000)).toBe(true);
  });
});
