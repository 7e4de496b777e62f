// Timer C (RFC 3261 §16.6 step 11, §16.7 step 2, §16.8): when it is set, what restarts it, and
// what its firing does to a branch with and without a provisional response.
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import type { SipRequest } from "@puresip/message";
import { defaultLayerConfig } from "@puresip/transaction";
import type { ProxyConfig } from "../src/index.js";
import { DEFAULT_TIMER_C } from "../src/index.js";
import { alicePeer, config, harness, register, request, requests, responses, responseTo } from "./sip.js";

const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };
const registrarPeer: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };
const THREE_MINUTES = 180_000;

/** The proxy with bob registered at bob1, an INVITE to bob sent at 0; the copy bob1 got. */
const ringing = (cfg: ProxyConfig) => {
  const h = harness(cfg);
  h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
  h.take();
  h.engine.receive(request(), alicePeer);
  const invite = requests(h.take()).find((r) => r.method === "INVITE");
  if (invite === undefined) throw new Error("the INVITE was not forwarded");
  return { h, invite };
};

const cancels = (out: ReadonlyArray<{ readonly message: SipRequest | { readonly _tag: string }; readonly to: Peer }>): number =>
  out.filter((o) => o.to.host === bob1.host && o.message._tag === "Request" && (o.message as SipRequest).method === "CANCEL").length;

describe("RFC 3261 §16.7 step 2, §16.8 Timer C", () => {
  const timerC = 200_000;

  it("RFC3261-16.7-4: a 100 (Trying) does not restart Timer C: the branch is CANCELled Timer C after the INVITE went out", () => {
    const { h, invite } = ringing(config({ timerC }));
    h.advance(10_000);
    h.engine.receive(responseTo(invite, 100, "b1"), bob1);
    h.advance(timerC - 1);
    expect(cancels(h.take())).toBe(0);
    h.advance(timerC + 1);
    expect(cancels(h.take())).toBe(1);
  });

  it("RFC3261-16.7-4: a 180 or 183 restarts Timer C, each time one comes", () => {
    const { h, invite } = ringing(config({ timerC }));
    h.advance(10_000);
    h.engine.receive(responseTo(invite, 180, "b1"), bob1);
    h.advance(20_000);
    h.engine.receive(responseTo(invite, 183, "b1"), bob1);
    h.advance(20_000 + timerC - 1);
    expect(cancels(h.take())).toBe(0);
    h.advance(20_000 + timerC + 1);
    expect(cancels(h.take())).toBe(1);
  });

  it("RFC3261-16.6-63, RFC3261-16.6-64: Timer C is set by default, larger than 3 minutes: a branch ringing past 3 minutes is not CANCELled yet", () => {
    expect(config().timerC).toBe(DEFAULT_TIMER_C);
    expect(DEFAULT_TIMER_C).toBeGreaterThan(THREE_MINUTES);
    const { h, invite } = ringing(config());
    h.engine.receive(responseTo(invite, 180, "b1"), bob1);
    h.advance(THREE_MINUTES);
    expect(cancels(h.take())).toBe(0);
    h.advance(DEFAULT_TIMER_C + 1);
    expect(cancels(h.take())).toBe(1);
  });

  it("RFC3261-16.6-63, RFC3261-16.7-4: a callee that sends a 180 every minute (§13.3.1.1) is not CANCELled while it does, past Timer C after the INVITE", () => {
    const { h, invite } = ringing(config({ timerC }));
    for (let at = 10_000; at <= 490_000; at += 60_000) {
      h.advance(at);
      h.engine.receive(responseTo(invite, 180, "b1"), bob1);
    }
    h.advance(490_000 + timerC - 1);
    expect(cancels(h.take())).toBe(0);
    h.advance(490_000 + timerC + 1);
    expect(cancels(h.take())).toBe(1);
  });

  it("RFC3261-16.6-63: in sequential forking each client transaction has its own Timer C: the second branch, started 100 s in, rings for a whole Timer C", () => {
    const h = harness(config({ timerC }));
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>;q=1.0", "reg-1"), registrarPeer);
    h.engine.receive(register("bob", "<sip:bob@192.0.2.32>;q=0.5", "reg-2"), registrarPeer);
    h.take();
    h.engine.receive(request(), alicePeer);
    const first = requests(h.take()).find((r) => r.method === "INVITE");
    if (first === undefined) throw new Error("not forwarded");
    h.engine.receive(responseTo(first, 180, "b1"), bob1);
    h.advance(100_000);
    h.engine.receive(responseTo(first, 486, "b1"), bob1);
    const second = h.take().find((o) => o.to.host === "192.0.2.32" && o.message._tag === "Request");
    if (second?.message._tag !== "Request") throw new Error("the second branch did not start");
    h.engine.receive(responseTo(second.message, 180, "b2"), second.to);
    h.advance(100_000 + timerC - 1);
    expect(h.take().filter((o) => o.message._tag === "Request" && o.message.method === "CANCEL")).toEqual([]);
    h.advance(100_000 + timerC + 1);
    expect(h.take().filter((o) => o.message._tag === "Request" && o.message.method === "CANCEL").map((o) => o.to.host)).toEqual(["192.0.2.32"]);
  });

  it("RFC3261-16.8-3: Timer C firing on a branch without a provisional response is a 408 for it: no CANCEL (§9.1), 408 upstream", () => {
    // T1 of 5 s puts Timer B (64*T1) after Timer C, so Timer C is the one that fires.
    const slow = config({ timerC, layer: { ...defaultLayerConfig, timers: { ...defaultLayerConfig.timers, t1: 5_000 } } });
    const { h } = ringing(slow);
    h.advance(timerC + 1);
    const out = h.take();
    expect(cancels(out)).toBe(0);
    expect(responses(out).map((r) => r.status)).toEqual([408]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P "))).toEqual([]);
  });
});
