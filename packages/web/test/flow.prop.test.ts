// RFC 5626 §4.4.1 and §4.5 as invariants of the flow under any sequence of network events:
// never two live sockets, one timer at a time, waits within
// the §4.5 bounds, and nothing left armed after close().
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Flow, retryDelayMs } from "../src/index.js";
import { fakeClock, fakeServer } from "./fakes.js";

type Op =
  | { readonly _tag: "accept" }
  | { readonly _tag: "refuse" }
  | { readonly _tag: "drop" }
  | { readonly _tag: "pong" }
  | { readonly _tag: "message" }
  | { readonly _tag: "succeeded" }
  | { readonly _tag: "keepAlive"; readonly flowTimer: number | undefined }
  | { readonly _tag: "advance"; readonly ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ _tag: "accept" as const }),
  fc.constant({ _tag: "refuse" as const }),
  fc.constant({ _tag: "drop" as const }),
  fc.constant({ _tag: "pong" as const }),
  fc.constant({ _tag: "message" as const }),
  fc.constant({ _tag: "succeeded" as const }),
  fc.record({ _tag: fc.constant("keepAlive" as const), flowTimer: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) }),
  fc.record({ _tag: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 200_000 }) }),
);

describe("RFC 5626 §4.4.1, §4.5 the flow under any sequence of events (properties)", () => {
  test.prop([fc.array(op, { maxLength: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    "one live socket at most, bounded timers, §4.5 waits, nothing armed after close",
    (ops, u) => {
      const clock = fakeClock();
      const server = fakeServer(false);
      const recovery = { baseTimeMs: 1000, maxTimeMs: 64_000 };
      const waits: Array<number> = [];
      const flow = new Flow({
        url: "ws://h",
        connect: server.connect,
        timers: clock.host,
        uniform: () => u,
        recovery,
        keepAliveUpperBoundMs: 120_000,
        opened: () => undefined,
        failed: (_reason, wait) => {
          waits.push(wait);
        },
        message: () => undefined,
      });
      flow.start();
      for (const o of ops) {
        const last = server.sockets.at(-1);
        const failuresBefore = flow.consecutiveFailures;
        const waitsBefore = waits.length;
        switch (o._tag) {
          case "accept":
            last?.accept();
            break;
          case "refuse":
            last?.accept("");
            break;
          case "drop":
            last?.drop();
            break;
          case "pong":
            last?.push("\r\n");
            break;
          case "message":
            last?.push("SIP/2.0 200 OK\r\n\r\n");
            break;
          case "succeeded":
            flow.succeeded();
            break;
          case "keepAlive":
            flow.useKeepAlive(o.flowTimer);
            break;
          case "advance":
            clock.advance(o.ms);
            break;
          default:
            o satisfies never;
        }
        if (waits.length > waitsBefore) {
          // §4.5: the wait of this failure is bounded by the failures counted before it.
          expect(waits.at(-1)).toBe(retryDelayMs(recovery, failuresBefore, u));
        }
        // Every socket but the newest was closed by the flow, and at most one is live.
        for (const s of server.sockets.slice(0, -1)) expect(s.closedByClient).toBe(true);
        expect(server.sockets.filter((s) => !s.closedByClient).length).toBeLessThanOrEqual(1);
        // One timer at a time: the recovery wait, the next ping, or the pong deadline.
        expect(clock.pending()).toBeLessThanOrEqual(1);
        expect(flow.consecutiveFailures).toBeLessThanOrEqual(ops.length);
      }
      flow.close();
      expect(clock.pending()).toBe(0);
      expect(flow.send("x")._tag).toBe("Left");
    },
  );
});
