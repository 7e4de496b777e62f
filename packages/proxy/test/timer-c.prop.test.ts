// Timer C against a model (RFC 3261 §16.7 step 2, §16.8): over any run of provisional
// responses, the ringing branch is CANCELled exactly Timer C after the INVITE went out or after
// its last 101–199 response, whichever is later; a 100 never moves that moment.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { alicePeer, config, harness, register, request, requests, responseTo } from "./sip.js";

const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };
const timerC = 200_000;

const provisional = fc.record({ after: fc.integer({ min: 1, max: 150_000 }), status: fc.constantFrom(100, 180, 183) });
// The first comes before Timer B (64*T1 = 32 s), so the client transaction waits for the final response.
const run = fc.tuple(fc.integer({ min: 1, max: 30_000 }).chain((first) => fc.record({ first: fc.constant(first), status: fc.constantFrom(100, 180, 183) })), fc.array(provisional, { maxLength: 6 }));

describe("RFC 3261 §16.7 step 2, §16.8 Timer C as a model", () => {
  it("RFC3261-16.7-4, RFC3261-16.8-2: the CANCEL goes Timer C after the last 101–199 response (or the INVITE), whatever 100s come", () => {
    fc.assert(
      fc.property(run, ([head, tail]) => {
        const times: Array<{ readonly at: number; readonly status: number }> = [{ at: head.first, status: head.status }];
        for (const p of tail) times.push({ at: (times.at(-1)?.at ?? 0) + p.after, status: p.status });
        // The model: Timer C restarts on 101–199 only, and fires once nothing restarted it in time.
        let restarted = 0;
        for (const t of times) {
          if (t.at >= restarted + timerC) break;
          if (t.status > 100) restarted = t.at;
        }
        const fires = restarted + timerC;
        const h = harness(config({ timerC }));
        h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), { transport: "UDP", host: "192.0.2.20", port: 5060 });
        h.take();
        h.engine.receive(request(), alicePeer);
        const invite = requests(h.take()).find((r) => r.method === "INVITE");
        if (invite === undefined) throw new Error("not forwarded");
        for (const t of times.filter((x) => x.at < fires)) {
          h.advance(t.at);
          h.engine.receive(responseTo(invite, t.status, "b1"), bob1);
        }
        h.advance(fires - 1);
        const before = requests(h.take()).filter((r) => r.method === "CANCEL");
        h.advance(fires + 1);
        const at = requests(h.take().filter((o) => o.to.host === bob1.host)).filter((r) => r.method === "CANCEL");
        expect(before).toEqual([]);
        expect(at).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});
