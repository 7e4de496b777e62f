// A client and a server transaction layer over a lossy, duplicating, reordering simulated
// network: both TUs must agree on the outcome, time out only by the RFC's timers, and leave
// nothing behind in either store.
import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { LinkConfig, Network } from "@puresip/testkit";
import { createNetwork, ladder, run, trace } from "@puresip/testkit";
import type { Command, Plan, SimNode } from "./sim-node.js";
import { decode, endpoint, label, simNode } from "./sim-node.js";
import { request } from "./sip.js";

const T1 = 500;

const scenario = (method: string, plan: Plan, link: LinkConfig, seed: number): Network<SimNode, Uint8Array, Command> =>
  createNetwork<SimNode, Uint8Array, Command>({
    seed,
    nodes: { alice: simNode("alice", plan), bob: simNode("bob", plan) },
    defaultLink: link,
    agenda: [{ at: 0, node: "alice", command: { _tag: "Send", request: request({ method, viaHost: "alice" }), to: "bob" } }],
  });

const settle = (net: Network<SimNode, Uint8Array, Command>) => {
  const result = run(endpoint, { maxSteps: 20_000 })(net);
  if (E.isLeft(result)) throw new Error(result.left.reason);
  return result.right;
};

const isFinal = (m: ReturnType<typeof decode>): boolean => m?._tag === "Response" && m.status >= 200;

/** The agreement and no-leak checks every run must pass. */
const checkRun = (method: string, plan: Plan, end: Network<SimNode, Uint8Array, Command>): void => {
  const alice = end.nodes["alice"]!;
  const bob = end.nodes["bob"]!;
  // Nothing leaks: both layers' stores and timers are empty once the network is quiet.
  expect(alice.store.size).toBe(0);
  expect(bob.store.size).toBe(0);
  expect(alice.deadlines.size).toBe(0);
  expect(bob.deadlines.size).toBe(0);
  const finals = alice.seen.filter((s) => s._tag === "Final");
  const timeouts = alice.seen.filter((s) => s._tag === "Timeout");
  const abandoned = alice.seen.filter((s) => s._tag === "Abandoned");
  const answered = bob.seen.filter((s) => s._tag === "Answered");
  // The client's TU sees exactly one outcome kind.
  expect(Number(finals.length > 0) + Number(timeouts.length > 0) + Number(abandoned.length > 0)).toBe(1);
  // At most one final response reaches the client's TU, except 2xx retransmissions (RFC 6026).
  if (finals.some((f) => f.status >= 300) || method !== "INVITE") expect(finals.length).toBeLessThanOrEqual(1);
  for (const f of finals) {
    // A final response the client saw is the one the server's TU sent.
    expect(f.status).toBe(plan.status);
    expect(answered.length).toBeGreaterThan(0);
  }
  // A client timeout is Timer B or F, exactly 64*T1 after the request, and only when no final
  // response from the server ever reached the client.
  for (const t of timeouts) {
    expect(t).toEqual({ _tag: "Timeout", at: 64 * T1, timer: method === "INVITE" ? "B" : "F", side: "client" });
    const finalArrived = trace(end).some((e) => e._tag === "Delivered" && e.to === "alice" && isFinal(decode(e.message)) && e.at <= t.at);
    expect(finalArrived).toBe(false);
  }
  // Giving up (§9.1) only happens to an INVITE stuck in Proceeding: a provisional, no final.
  if (abandoned.length > 0) {
    expect(method).toBe("INVITE");
    expect(alice.seen.some((s) => s._tag === "Provisional")).toBe(true);
  }
  // A server timeout is Timer H, 64*T1 after a non-2xx final, and the client then never ACKed
  // in a way that reached the server.
  for (const t of bob.seen.filter((s) => s._tag === "Timeout")) {
    expect(t.timer).toBe("H");
    expect(plan.status).toBeGreaterThanOrEqual(300);
    expect(t.at).toBe((answered[0]?.at ?? NaN) + 64 * T1);
    expect(bob.seen.some((s) => s._tag === "Ack" && s.matched && s.at <= t.at)).toBe(false);
  }
  // An ACK that reached the server's transaction means the client got the non-2xx final.
  if (plan.status >= 300 && bob.seen.some((s) => s._tag === "Ack" && s.matched)) expect(finals.length).toBe(1);
  // Every message the layers built went over the wire and parsed back.
  expect(trace(end).filter((e) => e._tag === "Note" && e.text.startsWith("unparseable"))).toEqual([]);
  // Everything ends within the RFC's bounds (the last TU guard runs at 3 * 64*T1).
  expect(end.now).toBeLessThanOrEqual(3 * 64 * T1 + 5_000);
};

const linkArb = fc.record({
  latency: fc.integer({ min: 1, max: 150 }),
  jitter: fc.integer({ min: 0, max: 1500 }),
  loss: fc.double({ min: 0, max: 0.5, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.5, noNaN: true }),
});

const planArb = (statuses: ReadonlyArray<number>) =>
  fc.record({
    status: fc.constantFrom(...statuses),
    delay: fc.constantFrom(0, 150, 1200, 6000),
    ringing: fc.boolean(),
  });

describe("RFC 3261 §17 client and server transactions over a lossy network", () => {
  test.prop([planArb([200, 404, 503]), linkArb, fc.integer()])("non-INVITE (REGISTER): both sides agree and nothing leaks", (plan, link, seed) => {
    checkRun("REGISTER", plan, settle(scenario("REGISTER", plan, link, seed)));
  });

  test.prop([planArb([486, 603]), linkArb, fc.integer()])("INVITE rejected (§17.1.1.3 ACK, Timers G/H/D): both sides agree and nothing leaks", (plan, link, seed) => {
    checkRun("INVITE", plan, settle(scenario("INVITE", plan, link, seed)));
  });

  test.prop([planArb([200]), linkArb, fc.integer()])("INVITE accepted (RFC 6026 Accepted, Timers L/M): both sides agree and nothing leaks", (plan, link, seed) => {
    checkRun("INVITE", plan, settle(scenario("INVITE", plan, link, seed)));
  });

  test.prop([fc.constantFrom("INVITE", "OPTIONS"), planArb([200, 486]), linkArb, fc.integer()])("equal seeds give equal runs", (method, plan, link, seed) => {
    const a = trace(settle(scenario(method, plan, link, seed)));
    const b = trace(settle(scenario(method, plan, link, seed)));
    expect(a).toEqual(b);
  });
});

describe("RFC 3261 §17 over a perfect network", () => {
  it("INVITE/486/ACK: the ladder shows the exchange and the timers end it", () => {
    const end = settle(scenario("INVITE", { status: 486, delay: 300, ringing: false }, { latency: 20, jitter: 0, loss: 0, duplicate: 0 }, 1));
    const text = ladder(end.names, trace(end), { label, command: () => "INVITE" });
    expect(text).toBe(
      [
        "    time  alice                         bob",
        "   0.000  | * INVITE                    |",
        "   0.000  |---------- INVITE ---------->|",
        "   0.220  |<------- 100 Trying ---------|",
        "   0.320  |<------ 486 Busy Here -------|",
        "   0.340  |------------ ACK ----------->|",
      ].join("\n"),
    );
    expect(end.nodes["alice"]!.store.size).toBe(0);
    expect(end.nodes["bob"]!.store.size).toBe(0);
  });

  it("RFC 3261 §17.1.1.2: an INVITE into a black hole is sent 7 times and Timer B ends it at 32 s", () => {
    const net = createNetwork<SimNode, Uint8Array, Command>({
      seed: 1,
      nodes: { alice: simNode("alice", { status: 200, delay: 0, ringing: false }), bob: simNode("bob", { status: 200, delay: 0, ringing: false }) },
      links: { "alice->bob": { latency: 20, jitter: 0, loss: 1, duplicate: 0 } },
      agenda: [{ at: 0, node: "alice", command: { _tag: "Send", request: request({ method: "INVITE", viaHost: "alice" }), to: "bob" } }],
    });
    const end = settle(net);
    const text = ladder(end.names, trace(end).filter((e) => e._tag !== "Wake"), { label, command: () => "call" });
    expect(text).toBe(
      [
        "    time  alice                         bob",
        "   0.000  | * call                      |",
        "   0.000  |---------- INVITE -------x   |  lost",
        "   0.500  |---------- INVITE -------x   |  lost",
        "   1.500  |---------- INVITE -------x   |  lost",
        "   3.500  |---------- INVITE -------x   |  lost",
        "   7.500  |---------- INVITE -------x   |  lost",
        "  15.500  |---------- INVITE -------x   |  lost",
        "  31.500  |---------- INVITE -------x   |  lost",
        "  32.000  | [Timer B fired]             |",
      ].join("\n"),
    );
    expect(end.nodes["alice"]!.store.size).toBe(0);
  });

  it.each([
    ["INVITE", 486],
    ["INVITE", 200],
    ["REGISTER", 200],
  ] as const)("RFC 3261 §17: over TCP a %s answered %i is sent once, answered once, and nothing is retransmitted", (method, status) => {
    const plan = { status, delay: 1200, ringing: false };
    const net = createNetwork<SimNode, Uint8Array, Command>({
      seed: 1,
      nodes: { alice: simNode("alice", plan, "TCP"), bob: simNode("bob", plan, "TCP") },
      defaultLink: { latency: 30, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: "alice", command: { _tag: "Send", request: request({ method, viaHost: "alice", transport: "TCP" }), to: "bob" } }],
    });
    const end = settle(net);
    const sent = trace(end).flatMap((e) => (e._tag === "Sent" ? [`${e.from}: ${label(e.message)}`] : []));
    const expected =
      method === "REGISTER"
        ? ["alice: REGISTER", "bob: 200 OK"]
        : status === 486
          ? ["alice: INVITE", "bob: 100 Trying", "bob: 486 Busy Here", "alice: ACK"]
          : ["alice: INVITE", "bob: 100 Trying", "bob: 200 OK", "alice: ACK"];
    expect(sent).toEqual(expected);
    expect(end.nodes["alice"]!.store.size).toBe(0);
    expect(end.nodes["bob"]!.store.size).toBe(0);
  });
});
