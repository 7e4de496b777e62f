import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { headerValues } from "@puresip/message";
import type { SipResponse } from "@puresip/message";
import { answer, freshMemory, guarded, registerRequest, step } from "./registrar-fixtures.js";

const stale = (r: SipResponse): boolean => r.status === 401 && /stale=true/i.test(headerValues("WWW-Authenticate")(r).join());

describe("RFC 7616 §3.3 stateless nonces: an unauthenticated REGISTER stores nothing", () => {
  it("RFC3261-26.3.2.4-2: 20,000 outstanding challenges, one 401 each, leave every table empty, and the first of them still authenticates", () => {
    const memory = freshMemory();
    const first = step(guarded, memory, [], registerRequest(), 0).response;
    for (let i = 0; i < 20_000; i++) expect(step(guarded, memory, [], registerRequest({ cseq: i + 2 }), i % 1000).response.status).toBe(401);
    expect(memory.nonces.size).toBe(0);
    expect(memory.sources.size + memory.users.size).toBe(0);
    const ok = step(guarded, memory, [], registerRequest({ cseq: 30_000, callId: "late", authorization: answer(first, "alice", "secret", "SHA-256") }), 1000);
    expect(ok.response.status).toBe(200);
    expect(memory.nonces.size).toBe(1);
  });
});

describe("RFC 7616 §3.4 nc replay protection with a capped table of used nonces", () => {
  it("the table never holds more than its cap; an evicted nonce is refused as stale, never accepted again", () => {
    const memory = freshMemory(4);
    const challenges = Array.from({ length: 50 }, (_, i) => step(guarded, memory, [], registerRequest({ cseq: i + 1 }), i).response);
    challenges.forEach((c, i) => {
      expect(step(guarded, memory, [], registerRequest({ cseq: 100 + i, authorization: answer(c, "alice", "secret", "MD5") }), 100 + i).response.status).toBe(200);
      expect(memory.nonces.size).toBeLessThanOrEqual(4);
    });
    const evicted = challenges[0];
    if (evicted === undefined) throw new Error("no challenge");
    // A replay of its nc=1 and a new nc=2 are both refused: its counts are gone.
    expect(stale(step(guarded, memory, [], registerRequest({ cseq: 200, authorization: answer(evicted, "alice", "secret", "MD5") }), 200).response)).toBe(true);
    expect(stale(step(guarded, memory, [], registerRequest({ cseq: 201, authorization: answer(evicted, "alice", "secret", "MD5", { nc: 2 }) }), 201).response)).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 20_000 })), { maxLength: 60 })])(
    "whatever the cap and the order of answers: no (nonce, nc) is accepted twice, and the table stays within its cap",
    (cap, uses) => {
      const memory = freshMemory(cap);
      let now = 0;
      const challenges = Array.from({ length: 8 }, (_, i) => step(guarded, memory, [], registerRequest({ cseq: i + 1 }), now).response);
      const accepted = new Set<string>();
      uses.forEach(([which, nc, dt], i) => {
        now += dt;
        const c = challenges[which];
        if (c === undefined) throw new Error("no challenge");
        const r = step(guarded, memory, [], registerRequest({ cseq: 100 + i, callId: `c${String(i)}`, authorization: answer(c, "alice", "secret", "MD5", { nc }) }), now).response;
        if (r.status === 200) {
          expect(accepted.has(`${String(which)}/${String(nc)}`)).toBe(false);
          accepted.add(`${String(which)}/${String(nc)}`);
        } else expect([401, 403]).toContain(r.status);
        expect(memory.nonces.size).toBeLessThanOrEqual(cap);
      });
    },
  );
});

describe("RFC 7616 §5.7 online dictionary attacks: failure budgets per source and per user", () => {
  it("a source over its budget gets 503 with Retry-After before any digest is checked, even for the right password", () => {
    const memory = freshMemory();
    const c = step(guarded, memory, [], registerRequest(), 0).response;
    // 4 guesses at alice and at bob (each user's budget is 5), 2 at names that do not exist: 10 from this source.
    const who = ["alice", "bob", "alice", "bob", "alice", "bob", "alice", "bob", "nobody", "nobody"];
    who.forEach((user, i) => {
      expect(step(guarded, memory, [], registerRequest({ user, cseq: i + 2, authorization: answer(c, user, `guess${String(i)}`, "MD5", { nc: i + 1 }) }), 1).response.status).toBe(403);
    });
    const refused = step(guarded, memory, [], registerRequest({ cseq: 50, authorization: answer(c, "alice", "secret", "MD5", { nc: 50 }) }), 1).response;
    expect(refused.status).toBe(503);
    expect(Number(headerValues("Retry-After")(refused)[0])).toBeGreaterThan(0);
    // Another source is not affected; this one is welcome again once a token came back.
    expect(step(guarded, memory, [], registerRequest({ cseq: 51, authorization: answer(c, "alice", "secret", "MD5", { nc: 51 }) }), 1, "192.0.2.99").response.status).toBe(200);
    expect(step(guarded, memory, [], registerRequest({ cseq: 52, authorization: answer(c, "alice", "secret", "MD5", { nc: 52 }) }), 1 + 6_000, "192.0.2.1").response.status).toBe(200);
  });

  it("a user over its budget gets 503 from every source; unknown user names spend the source's budget only", () => {
    const memory = freshMemory();
    const c = step(guarded, memory, [], registerRequest(), 0).response;
    for (let i = 0; i < 5; i++)
      expect(step(guarded, memory, [], registerRequest({ cseq: i + 2, authorization: answer(c, "alice", "guess", "MD5", { nc: i + 1 }) }), 1, `198.51.100.${String(i)}`).response.status).toBe(403);
    expect(step(guarded, memory, [], registerRequest({ cseq: 9, authorization: answer(c, "alice", "secret", "MD5", { nc: 9 }) }), 1, "203.0.113.1").response.status).toBe(503);
    for (let i = 0; i < 30; i++) step(guarded, memory, [], registerRequest({ user: `nobody${String(i)}`, cseq: 20 + i, authorization: answer(c, `nobody${String(i)}`, "x", "MD5") }), 1, "203.0.113.2");
    expect(memory.users.size).toBe(1);
  });

  it("the tables are capped: failures from 1,000 sources keep at most the cap", () => {
    const memory = freshMemory();
    const c = step(guarded, memory, [], registerRequest(), 0).response;
    for (let i = 0; i < 1000; i++) step(guarded, memory, [], registerRequest({ user: "nobody", cseq: i + 2, authorization: answer(c, "nobody", "x", "MD5") }), 1, `10.0.${String(i >> 8)}.${String(i & 255)}`);
    expect(memory.sources.size).toBe(100);
  });
});
