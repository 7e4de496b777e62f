import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseProxyArgs } from "../src/commands/proxy.js";
import type { RatePolicy } from "../src/proxy/rate-limit.js";
import { SourceTable, admit } from "../src/proxy/rate-limit.js";

const policy: RatePolicy = { perSecond: 5, over: "503", logEveryMs: 10_000 };

describe("puresip proxy: the per-source request budget (issue #16 abuse limits; RFC 3261 §21.5.4 503, §20.33 Retry-After)", () => {
  it("a burst of perSecond requests passes, the next is over with Retry-After 1 s, and a token comes back after 1/perSecond s", () => {
    const table = new SourceTable(10);
    const verdicts = Array.from({ length: 7 }, () => table.check(policy, "192.0.2.1", 1000));
    expect(verdicts.map((v) => v._tag)).toEqual(["Admit", "Admit", "Admit", "Admit", "Admit", "Over", "Over"]);
    const over = verdicts[5];
    expect(over?._tag === "Over" && over.retryAfter).toBe(1);
    expect(table.check(policy, "192.0.2.1", 1200)._tag).toBe("Admit");
    expect(table.check(policy, "192.0.2.2", 1200)._tag).toBe("Admit");
    expect(table.over).toBe(2);
  });

  it("an overrunning source is logged once per interval, with the count since the last line", () => {
    let entry;
    const logs: Array<number> = [];
    for (let t = 0; t < 25_000; t += 10) {
      const v = admit({ ...policy, perSecond: 1 }, entry, t);
      entry = v.entry;
      if (v._tag === "Over" && v.log !== undefined) logs.push(v.log);
    }
    expect(logs.length).toBe(3);
    expect(logs[0]).toBe(1);
  });

  it("properties: in any run no source gets more than its burst plus its rate, and the table never holds more than its cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.record({ source: fc.integer({ min: 0, max: 30 }), gap: fc.integer({ min: 0, max: 300 }) }), { maxLength: 300 }), (perSecond, cap, requests) => {
        const table = new SourceTable(cap);
        const p = { ...policy, perSecond };
        let now = 0;
        const admitted = new Map<number, number>();
        for (const r of requests) {
          now += r.gap;
          if (table.check(p, `192.0.2.${String(r.source)}`, now)._tag === "Admit") admitted.set(r.source, (admitted.get(r.source) ?? 0) + 1);
          expect(table.size).toBeLessThanOrEqual(cap);
        }
        // Forgetting a source gives it its burst again: the bound holds per remembered stretch,
        // so check it where nothing is forgotten (a cap above the 31 sources).
        if (cap > 30) for (const n of admitted.values()) expect(n).toBeLessThanOrEqual(perSecond + Math.floor((now * perSecond) / 1000));
        const total = [...admitted.values()].reduce((a, b) => a + b, 0) + table.over;
        expect(total).toBe(requests.length);
      }),
    );
  });

  it("--rate and --over-budget: clear errors for bad values", () => {
    const plan = parseProxyArgs(["--rate", "50/s", "--over-budget", "drop"]);
    expect(E.isRight(plan) && [plan.right.rate, plan.right.overBudget]).toEqual([50, "drop"]);
    expect(E.isRight(parseProxyArgs(["--rate", "7"]))).toBe(true);
    expect(parseProxyArgs(["--rate", "fast"])).toEqual(E.left('--rate takes requests a second such as 50/s, got "fast"'));
    expect(parseProxyArgs(["--rate", "5/s", "--over-budget", "404"])).toEqual(E.left('--over-budget takes 503 or drop, got "404"'));
    expect(parseProxyArgs(["--over-budget", "drop"])).toEqual(E.left("--over-budget needs --rate"));
  });
});
