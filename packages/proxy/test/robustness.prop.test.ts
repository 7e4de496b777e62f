// Bad input (issue #16: "nothing crashes the process"): any message the parser accepts, fed to
// the proxy in either mode and followed by every timer, never throws, and leaves no context.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbMessage } from "@puresip/testkit";
import { cancelGrace } from "../src/index.js";
import { alicePeer, config, harness } from "./sip.js";

describe("RFC 3261 §16 proxy on arbitrary messages", () => {
  it("§16.3: any parsed message, stateful or stateless, is answered, forwarded or dropped; every context ends", () => {
    const cfg = config({ recordRoute: true });
    fc.assert(
      fc.property(fc.array(arbMessage, { minLength: 1, maxLength: 4 }), fc.boolean(), (messages, stateless) => {
        const h = harness(cfg, { stateless });
        for (const m of messages) h.engine.receive(m, alicePeer);
        for (const id of h.resolves.splice(0)) h.engine.resolved(id, { _tag: "Left", left: "no such host" });
        h.advance(cfg.timerC + cancelGrace(cfg) + 64 * 500 + 1);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X ") || k.startsWith("F "))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
