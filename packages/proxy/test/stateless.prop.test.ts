// Properties of the stateless proxy (RFC 3261 §16.11) over random requests and retransmissions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findParam } from "@puresip/message";
import { alicePeer, config, harness, request, requests } from "./sip.js";

const spec = fc.record({
  method: fc.constantFrom("INVITE", "OPTIONS", "MESSAGE", "BYE", "ACK", "CANCEL", "INFO"),
  maxForwards: fc.integer({ min: 1, max: 70 }),
  branch: fc.stringMatching(/^[a-z0-9]{1,12}$/).map((b) => `z9hG4bK${b}`),
  host: fc.integer({ min: 2, max: 254 }).map((n) => `192.0.2.${String(n)}`),
  copies: fc.integer({ min: 1, max: 4 }),
});

describe("RFC 3261 §16.11 stateless proxy properties", () => {
  it("§16.6 steps 3, 8 / §16.11: every forwarded copy has Max-Forwards one lower, our Via on top, one branch for all retransmissions; nothing is kept", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const h = harness(config(), { stateless: true });
        const r = request({ method: s.method, maxForwards: s.maxForwards, branch: s.branch, uri: `sip:carol@${s.host}` });
        for (let i = 0; i < s.copies; i++) h.engine.receive(r, alicePeer);
        const out = requests(h.take());
        expect(out).toHaveLength(s.copies);
        for (const f of out) {
          expect(f.core.maxForwards).toBe(s.maxForwards - 1);
          expect(f.core.via).toHaveLength(2);
          expect(f.core.via[0]?.host.value).toBe("192.0.2.1");
        }
        const branches = new Set(out.map((f) => findParam(f.core.via[0]?.params ?? [], "branch")?.value));
        expect(branches.size).toBe(1);
        expect(h.engine.registry.size).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
