// The focus under random joins, leaves, add-by-REFER and remove-by-REFER on a lossy simulated
// network (RFC 4579 §5.1, §5.5, §5.11): no step throws (the simulator turns a fault into a
// failure), every participant with a call has a live call in the UA core underneath, at the end
// every entry is forgotten, and a focus restored from its JSON snapshot goes on exactly as the
// one that was never stopped.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { snapshotCodec } from "@puresip/kernel";
import type { Wire } from "@puresip/testkit";
import { createNetwork, restoreNode, run, schedule, trace } from "@puresip/testkit";
import type { AppEvent } from "@puresip/ua";
import { focusElement } from "../src/index.js";
import type { AnyNode } from "./sim.js";
import { FOCUS, FOCUS_CONFIG, endpoint, focus, participant, uaConfig, uaEvents, wireLabel } from "./sim.js";
import type { Net, Op } from "./ops.js";
import { NAMES, PEOPLE, STEP, commandFor, liveCalls, op, rosters } from "./ops.js";

/** Runs `ops`, one every STEP ms; `restoreAt`: the op index before which the focus is restored from its JSON snapshot. */
const scenario = (ops: ReadonlyArray<Op>, seed: number, loss: number, restoreAt: number | null, check: (nodes: ReadonlyArray<AnyNode>) => void) => {
  const nodes: ReadonlyArray<AnyNode> = [focus(seed, FOCUS_CONFIG, false, false), ...PEOPLE.map((ip, i) => participant(NAMES[i] ?? "x", ip, seed + i + 1, "answer", true))];
  let net: Net = createNetwork<AnyNode, Wire, unknown>({
    seed,
    nodes: Object.fromEntries(nodes.map((n) => [n.name, n])),
    defaultLink: { latency: 10, jitter: 5, loss, duplicate: 0.02 },
  });
  const advance = (until: number): void => {
    const done = run(endpoint, { until, maxSteps: 100_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    net = done.right;
  };
  for (const [i, o] of ops.entries()) {
    if (i === restoreAt) {
      const f = nodes[0];
      if (f === undefined) throw new Error("no focus");
      const codec = snapshotCodec(focusElement(uaConfig("focus", FOCUS, false), FOCUS_CONFIG).codec);
      const decoded = codec.decode(JSON.parse(JSON.stringify(codec.encode(f.engine.snapshot() as never))));
      if (E.isLeft(decoded)) throw new Error("the snapshot does not decode");
      restoreNode(f, decoded.right as never);
    }
    const c = commandFor(o, nodes);
    if (c !== undefined) net = schedule<unknown>(net.now, c.node, c.command)(net);
    advance(net.now + STEP);
    check(nodes);
  }
  // Everyone hangs up; the focus closes (its dial-outs end too); then wait for every timer.
  for (const [i, ip] of PEOPLE.entries()) for (const call of liveCalls(nodes[i + 1] ?? nodes[0] ?? ({} as AnyNode))) net = schedule<unknown>(net.now, ip, { _tag: "Hangup", call })(net);
  net = schedule<unknown>(net.now, FOCUS, { _tag: "Ua", command: { _tag: "Shutdown" } })(net);
  advance(Infinity);
  return { net, nodes };
};

describe("@puresip/focus under random RFC 4579 §5 flows with loss", () => {
  test.prop([fc.array(op, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, 0.1)], { numRuns: 12 })(
    "the roster is the live calls, every entry is forgotten at the end, a restored snapshot continues identically",
    (ops, seed, loss) => {
      const check = (nodes: ReadonlyArray<AnyNode>): void => {
        const f = nodes[0];
        if (f === undefined) return;
        const calls = new Set(liveCalls(f));
        for (const entry of rosters(f)) {
          // One entry per live conference, never an empty one; each participant with a call has a live call.
          expect(entry.participants.length).toBeGreaterThan(0);
          expect(entry.participants.length).toBeLessThanOrEqual(FOCUS_CONFIG.maxParticipants);
          for (const p of entry.participants) if (p.call !== null) expect(calls.has(p.call)).toBe(true);
        }
        // Every established call of the focus is some participant's.
        const inRoster = new Set(rosters(f).flatMap((e) => e.participants.flatMap((p) => (p.call === null ? [] : [p.call]))));
        for (const [k, e] of f.engine.registry) {
          const usage = (e as { readonly _tag?: string; readonly usage?: { readonly _tag: string; readonly session?: { readonly _tag: string } } }).usage;
          if (usage?._tag === "Call" && usage.session?._tag === "Established") expect(inRoster.has(k)).toBe(true);
        }
      };
      const plain = scenario(ops, seed, loss, null, check);
      for (const n of plain.nodes) expect([n.name, n.engine.registry.size]).toStrictEqual([n.name, 0]);
      // The same run with the focus restored from JSON half-way: the same messages, the same events.
      const restored = scenario(ops, seed, loss, Math.floor(ops.length / 2), () => {});
      const labels = (net: Net) => trace(net).flatMap((t) => (t._tag === "Sent" ? [`${t.from}->${t.to} ${wireLabel(t.message)}`] : []));
      expect(labels(restored.net)).toStrictEqual(labels(plain.net));
      const said = (nodes: ReadonlyArray<AnyNode>) => nodes.slice(1).map((n) => uaEvents(n).map((e: AppEvent) => e._tag));
      expect(said(restored.nodes)).toStrictEqual(said(plain.nodes));
    },
  );
});
