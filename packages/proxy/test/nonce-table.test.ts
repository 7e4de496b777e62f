import { describe, expect, it } from "vitest";
import { challengeOf, authConfig, LIFETIME } from "./auth-fixtures.js";
import { harness } from "./sip.js";
import { answering, keysWith, unauthenticated } from "./register-digest.js";

const statuses = (rs: ReadonlyArray<{ readonly status: number }>): ReadonlyArray<number> => rs.map((r) => r.status);

describe("RFC 7616 §3.3, §3.4 the registrar's bounded table of nonce uses", () => {
  it("RFC7616-3.3-6: with the table full the first nonce used is forgotten; its next use gets 401 stale=true and the retry on the fresh nonce 200", () => {
    const h = harness(authConfig({ maxNonces: 2 }));
    const [a] = unauthenticated(h, "a");
    expect(statuses(answering(h, a!, "a1"))).toEqual([200]);
    h.advance(10);
    const [b] = unauthenticated(h, "b");
    expect(statuses(answering(h, b!, "b1"))).toEqual([200]);
    h.advance(20);
    const [c] = unauthenticated(h, "c");
    expect(statuses(answering(h, c!, "c1"))).toEqual([200]);
    expect(keysWith(h, "N ")).toHaveLength(2);
    const [stale] = answering(h, a!, "a2", 2);
    expect(stale?.status).toBe(401);
    expect(stale && challengeOf(stale).stale).toBe(true);
    expect(statuses(answering(h, stale!, "a3"))).toEqual([200]);
    // The fresh nonce pushed b out in turn; c, used after b, is still remembered.
    expect(statuses(answering(h, c!, "c2", 2))).toEqual([200]);
    expect(statuses(answering(h, b!, "b2", 2))).toEqual([401]);
    expect(keysWith(h, "N ")).toHaveLength(2);
  });

  it("RFC 7616 §3.4: a nonce count seen before is refused (403) while the nonce is remembered, and once it is forgotten the replay gets a stale challenge, never a 200", () => {
    const h = harness(authConfig({ maxNonces: 1 }));
    const [a] = unauthenticated(h, "a");
    expect(statuses(answering(h, a!, "a1", 1))).toEqual([200]);
    expect(statuses(answering(h, a!, "a2", 1))).toEqual([403]);
    h.advance(5);
    const [b] = unauthenticated(h, "b");
    expect(statuses(answering(h, b!, "b1"))).toEqual([200]);
    const replay = answering(h, a!, "a3", 1);
    expect(statuses(replay)).toEqual([401]);
    expect(challengeOf(replay[0]!).stale).toBe(true);
  });

  it("RFC7616-3.3-6: a lapsed nonce gets 401 stale=true; it leaves the table with its slot, and the retry on the fresh nonce gets 200", () => {
    const h = harness(authConfig({ maxNonces: 4 }));
    const [a] = unauthenticated(h, "a");
    expect(statuses(answering(h, a!, "a1"))).toEqual([200]);
    h.advance(LIFETIME + 1);
    expect(keysWith(h, "N ")).toEqual([]);
    expect(keysWith(h, "Q ")).toEqual([]);
    const [stale] = answering(h, a!, "a2", 2);
    expect(stale?.status).toBe(401);
    expect(stale && challengeOf(stale).stale).toBe(true);
    expect(statuses(answering(h, stale!, "a3"))).toEqual([200]);
  });
});
