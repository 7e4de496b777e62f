import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, it } from "vitest";
import type { Endpoint, Network, NodeInput, NodeOutput } from "../src/index.js";
import { createNetwork, isQuiet, ladder, nextFloat, run, schedule, seeded, trace } from "../src/index.js";

// A toy protocol: a pinger retransmits "ping" every 500 ms until a "pong", giving up after 4 sends.
interface Node {
  readonly role: "pinger" | "echo";
  readonly sent: number;
  readonly retryAt: number | null;
  readonly done: boolean;
}
type Msg = string;
type Cmd = "start";

const echo: Node = { role: "echo", sent: 0, retryAt: null, done: false };
const pinger: Node = { role: "pinger", sent: 0, retryAt: null, done: false };

const endpoint: Endpoint<Node, Msg, Cmd> = {
  deadline: (s) => O.fromNullable(s.retryAt),
  step: (s, input: NodeInput<Msg, Cmd>): readonly [Node, ReadonlyArray<NodeOutput<Msg>>] => {
    if (s.role === "echo") {
      return input._tag === "Deliver" ? [s, [{ _tag: "Send", to: input.from, message: "pong" }]] : [s, []];
    }
    switch (input._tag) {
      case "Command":
        return [{ ...s, sent: 1, retryAt: input.now + 500 }, [{ _tag: "Send", to: "bob", message: "ping" }]];
      case "Deliver":
        return s.done ? [s, []] : [{ ...s, done: true, retryAt: null }, [{ _tag: "Note", text: "got pong" }]];
      case "Wake":
        if (s.sent >= 4) return [{ ...s, done: true, retryAt: null }, [{ _tag: "Note", text: "gave up" }]];
        return [{ ...s, sent: s.sent + 1, retryAt: input.now + 500 }, [{ _tag: "Send", to: "bob", message: "ping" }]];
    }
  },
};

const network = (seed: number, loss: number): Network<Node, Msg, Cmd> =>
  createNetwork<Node, Msg, Cmd>({
    seed,
    nodes: { alice: pinger, bob: echo },
    defaultLink: { latency: 20, jitter: 10, loss, duplicate: 0 },
    agenda: [{ at: 0, node: "alice", command: "start" }],
  });

const settle = (net: Network<Node, Msg, Cmd>) => {
  const result = run(endpoint)(net);
  if (E.isLeft(result)) throw new Error(result.left.reason);
  return result.right;
};

describe("seeded generator", () => {
  it("is a pure function of its state", () => {
    expect(nextFloat(seeded(42))).toEqual(nextFloat(seeded(42)));
    expect(nextFloat(seeded(42))[0]).not.toBe(nextFloat(seeded(43))[0]);
  });

  it("draws floats in [0, 1) spread over the interval", () => {
    let rng = seeded(7);
    let below = 0;
    for (let i = 0; i < 10_000; i++) {
      const [x, next] = nextFloat(rng);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      if (x < 0.5) below++;
      rng = next;
    }
    expect(below).toBeGreaterThan(4_700);
    expect(below).toBeLessThan(5_300);
  });
});

describe("simulated network", () => {
  it("advances virtual time straight to each delivery and deadline", () => {
    const end = settle(network(1, 0));
    const entries = trace(end);
    expect(entries.map((e) => e._tag)).toEqual(["Command", "Sent", "Delivered", "Sent", "Delivered", "Note"]);
    expect(end.nodes["alice"]?.done).toBe(true);
    expect(end.now).toBeGreaterThanOrEqual(40);
    expect(end.now).toBeLessThan(60);
    expect(isQuiet(endpoint)(end)).toBe(true);
  });

  it("gives the same trace for the same seed and a different one for another seed", () => {
    const a = trace(settle(network(5, 0.5)));
    const b = trace(settle(network(5, 0.5)));
    expect(a).toEqual(b);
    const others = [6, 7, 8, 9].map((seed) => JSON.stringify(trace(settle(network(seed, 0.5)))));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
  });

  it("loses every packet on a link with loss 1, so the pinger gives up after its timers", () => {
    const end = settle(network(3, 1));
    const notes = trace(end).filter((e) => e._tag === "Note");
    expect(notes).toEqual([{ _tag: "Note", at: 2000, node: "alice", text: "gave up" }]);
    expect(trace(end).filter((e) => e._tag === "Delivered")).toEqual([]);
  });

  it("duplicates packets with duplicate probability 1", () => {
    const net = createNetwork<Node, Msg, Cmd>({
      seed: 1,
      nodes: { alice: pinger, bob: echo },
      links: { "alice->bob": { latency: 5, jitter: 0, loss: 0, duplicate: 1 } },
      agenda: [{ at: 0, node: "alice", command: "start" }],
    });
    const deliveredToBob = trace(settle(net)).filter((e) => e._tag === "Delivered" && e.to === "bob");
    expect(deliveredToBob.map((e) => e.at)).toEqual([5, 5]);
  });

  it("reorders packets when jitter exceeds the gap between sends", () => {
    // A burst of five packets over a link with 100 ms of jitter: some seed delivers them out of order.
    const burst: Endpoint<null, Msg, Cmd> = {
      deadline: () => O.none,
      step: (s, input) =>
        input._tag === "Command" ? [s, ["1", "2", "3", "4", "5"].map((m) => ({ _tag: "Send" as const, to: "bob", message: m }))] : [s, []],
    };
    const orders = [1, 2, 3].map((seed) => {
      const net = createNetwork<null, Msg, Cmd>({
        seed,
        nodes: { alice: null, bob: null },
        defaultLink: { latency: 1, jitter: 100, loss: 0, duplicate: 0 },
        agenda: [{ at: 0, node: "alice", command: "start" }],
      });
      const end = run(burst)(net);
      return E.isRight(end) ? trace(end.right).flatMap((e) => (e._tag === "Delivered" ? [e.message] : [])).join("") : "";
    });
    expect(orders.every((o) => Array.from(o).sort().join("") === "12345")).toBe(true);
    expect(orders.some((o) => o !== "12345")).toBe(true);
  });

  it("runs a command scheduled at a virtual time", () => {
    const net = pipe(
      createNetwork<Node, Msg, Cmd>({ seed: 1, nodes: { alice: pinger, bob: echo } }),
      schedule(1000, "alice", "start"),
    );
    const first = trace(settle(net))[0];
    expect(first).toEqual({ _tag: "Command", at: 1000, node: "alice", command: "start" });
  });

  it("stops at `until` with work still pending", () => {
    const result = run(endpoint, { until: 10 })(network(1, 0));
    expect(E.isRight(result)).toBe(true);
    if (E.isRight(result)) {
      expect(result.right.now).toBe(10);
      expect(isQuiet(endpoint)(result.right)).toBe(false);
    }
  });

  it("reports a node that never settles instead of hanging", () => {
    const restless: Endpoint<number, Msg, Cmd> = { deadline: (n) => O.some(n), step: (n) => [n, []] };
    const result = run(restless, { maxSteps: 50 })(createNetwork<number, Msg, Cmd>({ seed: 1, nodes: { x: 0 } }));
    expect(result).toEqual(E.left({ _tag: "SimulationError", reason: "did not settle within 50 steps", now: 0 }));
  });

  it("never mutates the network it steps from", () => {
    const start = network(9, 0.3);
    const snapshot = JSON.stringify(start);
    settle(start);
    expect(JSON.stringify(start)).toBe(snapshot);
  });
});

describe("ladder diagram", () => {
  it("draws each message as an arrow between node columns, lost ones cut short", () => {
    const net = createNetwork<Node, Msg, Cmd>({
      seed: 1,
      nodes: { alice: pinger, bob: echo },
      links: { "alice->bob": { latency: 10, jitter: 0, loss: 0, duplicate: 0 }, "bob->alice": { latency: 10, jitter: 0, loss: 1, duplicate: 0 } },
      agenda: [{ at: 0, node: "alice", command: "start" }],
    });
    const text = ladder(["alice", "bob"], trace(settle(net)).slice(0, 6), { label: (m) => m, command: (c) => c, columnWidth: 20 });
    expect(text).toBe(
      [
        "    time  alice               bob",
        "   0.000  | * start           |",
        "   0.000  |------ ping ------>|",
        "   0.010  |   x-- pong -------|  lost",
        "   0.500  |------ ping ------>|",
      ].join("\n"),
    );
  });
});
