import { describe, expect, it } from "vitest";
import { defaultTimers } from "../src/index.js";
import { doubled, doubledCapped, firstRetransmit, sixtyFourT1, timerD, timerJ, timerT4 } from "../src/timers.js";

describe("RFC 3261 Table 4 and RFC 6026 §8.11 timer values", () => {
  it("defaults T1 = 500 ms, T2 = 4 s, T4 = 5 s", () => {
    expect(defaultTimers).toEqual({ t1: 500, t2: 4000, t4: 5000 });
  });

  it("B, F, H, L, M = 64*T1", () => {
    expect(sixtyFourT1(defaultTimers)).toBe(32_000);
    expect(sixtyFourT1({ ...defaultTimers, t1: 100 })).toBe(6400);
  });

  it("D: at least 32 s on unreliable transports, 0 on reliable ones", () => {
    expect(timerD(defaultTimers, false)).toBe(32_000);
    expect(timerD({ ...defaultTimers, t1: 100 }, false)).toBe(32_000);
    expect(timerD({ ...defaultTimers, t1: 1000 }, false)).toBe(64_000);
    expect(timerD(defaultTimers, true)).toBe(0);
  });

  it("I and K: T4 unreliable, 0 reliable; J: 64*T1 unreliable, 0 reliable", () => {
    expect([timerT4(defaultTimers, false), timerT4(defaultTimers, true)]).toEqual([5000, 0]);
    expect([timerJ(defaultTimers, false), timerJ(defaultTimers, true)]).toEqual([32_000, 0]);
  });

  it("A, E, G start at T1 and only on unreliable transports", () => {
    expect(firstRetransmit(100, defaultTimers, false)).toEqual({ at: 600, interval: 500 });
    expect(firstRetransmit(100, defaultTimers, true)).toBeNull();
  });

  it("A doubles without a cap; E and G double up to T2", () => {
    const big = { at: 0, interval: 8000 };
    expect(doubled(0, big)).toEqual({ at: 16_000, interval: 16_000 });
    expect(doubledCapped(0, big, defaultTimers)).toEqual({ at: 4000, interval: 4000 });
    expect(doubledCapped(10, { at: 10, interval: 1000 }, defaultTimers)).toEqual({ at: 2010, interval: 2000 });
  });
});
