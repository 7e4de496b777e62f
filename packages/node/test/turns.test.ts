// turns.ts: what stream connections brought in is handed on round robin, a bounded number of
// messages per turn of the event loop (RFC 3261 §26.1.5: one flooding peer must not hold the
// others). Counts, never durations.
import { describe, expect, it } from "vitest";
import { TURN_BUDGET, TURN_SHARE, Turns } from "../src/transport/turns.js";

/** A clock that stands still: turns end on their message budget only, however slow the machine. */
const still = (): number => 0;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Keys holding `left` items each; records every hand-off as [turn, key]. */
const host = (left: Map<string, number>) => {
  const log: Array<readonly [number, string]> = [];
  let turn = 0;
  return {
    log,
    tick: () => ++turn,
    host: {
      serve: (key: string, max: number) => {
        const n = Math.min(max, left.get(key) ?? 0);
        left.set(key, (left.get(key) ?? 0) - n);
        for (let i = 0; i < n; i++) log.push([turn, key]);
        return n;
      },
      waiting: (key: string) => (left.get(key) ?? 0) > 0,
      emptied: () => undefined,
    },
  };
};

describe("fair hand-off of stream input (turns.ts)", () => {
  it("a turn hands on at most TURN_BUDGET messages, at most TURN_SHARE from one connection per pass, round robin", async () => {
    const left = new Map([["flood-a", 10_000], ["flood-b", 10_000], ["flood-c", 10_000]]);
    const h = host(left);
    const turns = new Turns(h.host, still);
    for (const k of left.keys()) turns.add(k);
    for (let t = 0; t < 5; t++) {
      h.tick();
      await nextTurn();
    }
    const perTurn = new Map<number, number>();
    for (const [t] of h.log) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(TURN_BUDGET);
    // Round robin: no connection is more than one share ahead of another.
    const served = [...left.keys()].map((k) => h.log.filter(([, key]) => key === k).length);
    expect(Math.max(...served) - Math.min(...served)).toBeLessThanOrEqual(TURN_SHARE);
  });

  it("a connection that arrives behind 100 flooding ones is served in the next turn (it had nothing waiting: it goes first)", async () => {
    const left = new Map<string, number>(Array.from({ length: 100 }, (_, i) => [`flood-${i}`, 1_000_000] as const));
    const h = host(left);
    const turns = new Turns(h.host, still);
    for (const k of left.keys()) turns.add(k);
    h.tick();
    await nextTurn();
    left.set("probe", 1);
    turns.add("probe");
    const bound = 1;
    let waited = 0;
    while (!h.log.some(([, k]) => k === "probe") && waited <= bound) {
      h.tick();
      await nextTurn();
      waited++;
    }
    expect(waited).toBeLessThanOrEqual(bound);
    for (const k of left.keys()) turns.remove(k);
  });

  it("a connection with nothing left is told so (it may read again) and leaves the rotation", async () => {
    const left = new Map([["quiet", 3]]);
    const emptied: Array<string> = [];
    const turns = new Turns({ ...host(left).host, emptied: (k: string) => emptied.push(k) }, still);
    turns.add("quiet");
    await nextTurn();
    await nextTurn();
    expect(emptied).toEqual(["quiet"]);
    expect(left.get("quiet")).toBe(0);
  });
});
