// `wait`'s queue of event tags: taken in order, bounded.
import { describe, expect, it } from "vitest";
import { EventQueue, MAX_KEPT } from "../src/phone/event-queue.js";

describe("puresip phone: the events `wait` takes", () => {
  it("a wait takes the first matching event not taken and those before it, so two waits match two events in turn", async () => {
    const q = new EventQueue();
    q.push("CallProgress");
    q.push("ReofferDone");
    q.push("CallMedia");
    q.push("ReofferDone");
    expect(await q.take("ReofferDone", 0)).toBe(true);
    expect(q.size).toBe(2);
    expect(await q.take("ReofferDone", 0)).toBe(true);
    expect(q.size).toBe(0);
    expect(await q.take("CallProgress", 0)).toBe(false);
  });

  it("a wait made before its event comes ends when it comes; close ends a pending wait with false", async () => {
    const q = new EventQueue();
    const waiting = q.take("CallEstablished", 60_000);
    q.push("CallProgress");
    q.push("CallEstablished");
    expect(await waiting).toBe(true);
    expect(q.size).toBe(0);
    const closed = q.take("CallEnded", 60_000);
    q.close();
    expect(await closed).toBe(false);
  });

  it("keeps at most MAX_KEPT tags however many events no wait asks for", () => {
    const q = new EventQueue();
    for (let i = 0; i < MAX_KEPT * 3; i++) q.push(`Event${String(i)}`);
    expect(q.size).toBe(MAX_KEPT);
  });
});
