// The registrar's table of nonce uses as a property: however many REGISTERs with digest come,
// none is refused for want of room, the table never holds more than its cap, and a replayed
// nonce count never registers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SipResponse } from "@puresip/message";
import { authConfig, challengeOf } from "./auth-fixtures.js";
import { harness } from "./sip.js";
import { answering, keysWith, unauthenticated } from "./register-digest.js";

/** One step: a new registration (challenged, answered after `held` more challenges), or a replay of an earlier answer. */
const arbStep = fc.oneof(
  fc.record({ _tag: fc.constant("New" as const), gap: fc.integer({ min: 1, max: 2_000 }), held: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ _tag: fc.constant("Replay" as const), pick: fc.nat() }),
);

describe("RFC 7616 §3.3, §3.4 the registrar's nonce table, as properties", () => {
  it("RFC7616-3.3-6: N ≫ cap REGISTERs with digest never get 503, each registers within two tries (a stale=true 401 at most), the table never holds more than its cap, and a replayed count never registers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(arbStep, { minLength: 20, maxLength: 60 }), (cap, steps) => {
        const h = harness(authConfig({ maxNonces: cap }));
        let now = 0;
        let n = 0;
        const held: Array<SipResponse> = [];
        const used: Array<SipResponse> = [];
        const bounded = (): void => {
          expect(keysWith(h, "N ").length).toBeLessThanOrEqual(cap);
          expect(keysWith(h, "Q Nonces ").length).toBeLessThanOrEqual(cap);
        };
        /** Answers `challenge`; a stale 401 is answered once more, on its fresh nonce. */
        const complete = (challenge: SipResponse): void => {
          n += 1;
          const first = answering(h, challenge, `r${String(n)}`);
          expect(first.map((r) => r.status)).not.toContain(503);
          bounded();
          if (first[0]?.status === 401) {
            expect(challengeOf(first[0]).stale).toBe(true);
            const again = answering(h, first[0], `r${String(n)}b`);
            expect(again.map((r) => r.status)).toEqual([200]);
            used.push(first[0]);
          } else {
            expect(first.map((r) => r.status)).toEqual([200]);
            used.push(challenge);
          }
          bounded();
        };
        for (const s of steps) {
          if (s._tag === "Replay") {
            if (used.length === 0) continue;
            n += 1;
            const replayed = answering(h, used[s.pick % used.length]!, `x${String(n)}`);
            expect(replayed.map((r) => r.status)).not.toContain(200);
            expect(replayed.map((r) => r.status)).not.toContain(503);
            continue;
          }
          now += s.gap;
          h.advance(now);
          n += 1;
          const [challenge] = unauthenticated(h, `c${String(n)}`);
          expect(challenge?.status).toBe(401);
          held.push(challenge!);
          // Challenges answered out of order, some after others were used.
          while (held.length > s.held) complete(held.shift()!);
        }
        for (const c of held.splice(0)) complete(c);
        bounded();
      }),
      { numRuns: 40 },
    );
  });
});
