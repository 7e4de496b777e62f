// The failure budgets as a property: whatever mix of sources, users and guesses comes, a wrong
// password never registers, the budget tables never hold more than their caps, and every budget
// is forgotten once it is whole again.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import type { Peer } from "@puresip/kernel";
import { snapshotCodec } from "@puresip/kernel";
import { authConfig } from "./auth-fixtures.js";
import { harness } from "./sip.js";
import { answering, keysWith, unauthenticated } from "./register-digest.js";

const arbTry = fc.record({ source: fc.integer({ min: 1, max: 40 }), right: fc.boolean(), gap: fc.integer({ min: 0, max: 3_000 }) });

describe("RFC 7616 §5.7 / RFC 3261 §26.3.2.4 failure budgets, as properties", () => {
  it("RFC 7616 §5.7: wrong passwords never register, the source and user budget tables stay within their caps, and all are forgotten once whole", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(arbTry, { minLength: 1, maxLength: 50 }), (cap, tries) => {
        const policy = { burst: 2, refillMs: 5_000 };
        const h = harness(authConfig({ budgets: { perSource: policy, perUser: policy, maxSources: cap, maxUsers: cap } }));
        let now = 0;
        tries.forEach((t, i) => {
          now += t.gap;
          h.advance(now);
          const from: Peer = { transport: "UDP", host: `198.51.100.${String(t.source)}`, port: 5060 };
          const [challenge] = unauthenticated(h, `c${String(i)}`, from);
          const got = answering(h, challenge!, `a${String(i)}`, 1, t.right ? "secret" : "guess", from).map((r) => r.status);
          expect(got).toHaveLength(1);
          if (!t.right) expect(got[0] === 403 || got[0] === 503).toBe(true);
          else expect(got[0] === 200 || got[0] === 503).toBe(true);
          expect(keysWith(h, "B S ").length).toBeLessThanOrEqual(cap);
          expect(keysWith(h, "B U ").length).toBeLessThanOrEqual(cap);
          expect(keysWith(h, "Q Sources ").length).toBeLessThanOrEqual(cap);
        });
        // Budgets and their slots survive a snapshot as JSON (the codec of every entry and of the cursors).
        const codec = snapshotCodec(h.element.codec);
        const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(h.engine.snapshot()))));
        expect(E.isRight(back) && back.right).toEqual(h.engine.snapshot());
        h.advance(now + 2 * policy.refillMs + 1);
        expect(keysWith(h, "B ")).toEqual([]);
        expect(keysWith(h, "Q Sources ")).toEqual([]);
        expect(keysWith(h, "Q Users ")).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
