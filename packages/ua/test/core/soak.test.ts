// A soak in virtual time: 10,000 calls through one UA pair (INVITE, 200, ACK, BYE, 200 with
// opaque bodies, a few calls in flight at once) leave no state behind. Measured on the registries
// themselves, not on the clock: the test does not depend on wall-clock time.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { createNetwork, run } from "@puresip/testkit";
import type { Body } from "@puresip/dialog";
import type { UaCommand, UaConfig } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { endpoint, node, uaConfig, uri } from "./harness.js";
import { ALICE, BOB, nodeOf } from "./flows.js";

const CALLS = 10_000;

/** An opaque session description: the UA passes it through. */
const body = (text: string): Body => ({ type: "application/sdp", content: new TextEncoder().encode(`v=0 ${text}\r\n`) });

/** A UA without media capabilities: the SDP work is measured elsewhere; this is about state. */
const plain = (user: string, ip: string): UaConfig => {
  const { media: _media, ...config } = uaConfig(user, ip);
  return config;
};
const SPACING = 40;
/**
 * What RFC 3261 itself keeps: a server transaction of each call lingers 64*T1 = 32 s after its
 * final response (Timer J for the BYE, RFC 6026 Timer L for the INVITE), so a UA holds about
 * two per call started in the last 32 s, plus the calls in progress, and the §8.2.2.2 record
 * of each INVITE for as long (64*T1).
 */
const PEAK = 3 * (32_000 / SPACING) + 50;

describe("soak: 10,000 calls in virtual time", () => {
  it("every call is set up and torn down, and both registries end empty with no wake-up left", () => {
    let made = 1;
    const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("offer") };
    const alicePolicy: Policy = (e) => {
      const next = e._tag === "CallCreated" && made < CALLS ? [{ delay: SPACING, command: call }] : [];
      if (e._tag === "CallCreated") made += next.length;
      const hangup = e._tag === "CallEstablished" ? [{ delay: 60, command: { _tag: "Hangup" as const, call: e.call } }] : [];
      return [...next, ...hangup];
    };
    const net = createNetwork<UaNode, Wire, UaCommand>({
      seed: 10_000,
      nodes: {
        [ALICE]: node("alice", plain("alice", ALICE), 1, alicePolicy, { log: false }),
        [BOB]: node("bob", plain("bob", BOB), 2, (e) => (e._tag === "IncomingCall" ? [{ delay: 20, command: { _tag: "Answer", call: e.call, body: body("answer") } }] : []), { log: false }),
      },
      defaultLink: { latency: 5, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: ALICE, command: call }],
    });
    const done = run(endpoint, { maxSteps: 2_000_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const alice = nodeOf(done.right, ALICE);
    const bob = nodeOf(done.right, BOB);
    expect(alice.counts.get("CallCreated")).toBe(CALLS);
    expect(alice.counts.get("CallEstablished")).toBe(CALLS);
    expect(alice.counts.get("CallEnded")).toBe(CALLS);
    expect(bob.counts.get("IncomingCall")).toBe(CALLS);
    expect(bob.counts.get("CallEnded")).toBe(CALLS);
    expect(alice.counts.get("Problem") ?? 0).toBe(0);
    expect(bob.counts.get("Problem") ?? 0).toBe(0);
    // Nothing left: no transaction, usage or context, no pending command, no deadline.
    expect(alice.engine.registry.size + bob.engine.registry.size).toBe(0);
    expect(alice.agenda.length + bob.agenda.length).toBe(0);
    // The registry stayed bounded while 10,000 calls went through: transactions wait out their
    // timers (Timer J, 64*T1 = 32 s) and no call leaks an entry.
    expect(alice.stats.peak).toBeLessThan(PEAK);
    expect(bob.stats.peak).toBeLessThan(PEAK);
    // Virtual time, not the clock, bounds this test; a loaded CI machine only makes it slower.
  }, 240_000);
});
