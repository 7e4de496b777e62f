// The focus under random joins, leaves, add-by-REFER and remove-by-REFER on a lossy simulated
// network (RFC 4579 §5.1, §5.5, §5.11): no step throws (the simulator turns a fault into a
// failure), every participant with a call has a live call in the UA core underneath, at the end
// every entry is forgotten, and a focus restored from its JSON snapshot goes on exactly as the
// one that was never stopped.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { APPLICATION_KEY, snapshotCodec } from "@puresip/kernel";
import type { Network, Wire } from "@puresip/testkit";
import { createNetwork, restoreNode, run, schedule, trace } from "@puresip/testkit";
import type { AppEvent, UaCommand } from "@puresip/ua";
import type { ConferenceEntry } from "../src/index.js";
import { focusElement } from "../src/index.js";
import type { AnyNode } from "./sim.js";
import { FOCUS, FOCUS_CONFIG, endpoint, focus, participant, uaConfig, uaEvents, uri, wireLabel } from "./sim.js";

const PEOPLE = ["192.0.2.1", "192.0.2.2", "192.0.2.3"] as const;
const NAMES = ["alice", "bob", "carol"] as const;

type Op =
  | { readonly _tag: "Join"; readonly who: number; readonly conference: string }
  | { readonly _tag: "Leave"; readonly who: number }
  | { readonly _tag: "Add"; readonly by: number; readonly who: number; readonly conference: string }
  | { readonly _tag: "Remove"; readonly by: number; readonly who: number; readonly conference: string };

const who = fc.integer({ min: 0, max: 2 });
const conference = fc.constantFrom("alpha", "beta");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("Join" as const), who, conference }),
  fc.record({ _tag: fc.constant("Leave" as const), who }),
  fc.record({ _tag: fc.constant("Add" as const), by: who, who, conference }),
  fc.record({ _tag: fc.constant("Remove" as const), by: who, who, conference }),
);

type Net = Network<AnyNode, Wire, unknown>;

const STEP = 3000;

/** Every call key a participant's UA made or took that has not ended. */
const liveCalls = (n: AnyNode): ReadonlyArray<string> => [...n.engine.registry.entries()].flatMap(([k, e]) => ((e as { readonly _tag?: string; readonly usage?: { readonly _tag: string } })._tag === "Usage" && (e as { readonly usage: { readonly _tag: string } }).usage._tag === "Call" ? [k] : []));

const rosters = (f: AnyNode): ReadonlyArray<ConferenceEntry> =>
  [...f.engine.registry.entries()].flatMap(([k, e]) => (k.startsWith(APPLICATION_KEY) ? [(e as { readonly entry: ConferenceEntry }).entry] : []));

const commandFor = (o: Op, nodes: ReadonlyArray<AnyNode>): { readonly node: string; readonly command: UaCommand } | undefined => {
  const ip = (i: number): string => PEOPLE[i] ?? PEOPLE[0];
  switch (o._tag) {
    case "Join":
      return { node: ip(o.who), command: { _tag: "MakeCall", to: uri(`sip:${o.conference}@${FOCUS}`) } };
    case "Leave": {
      // Hang up the newest call of that participant that is still live.
      const n = nodes[o.who + 1];
      const live = n === undefined ? [] : liveCalls(n);
      const call = live.at(-1);
      return call === undefined ? undefined : { node: ip(o.who), command: { _tag: "Hangup", call: call as never } };
    }
    case "Add":
      return { node: ip(o.by), command: { _tag: "ReferOutOfDialog", to: uri(`sip:${o.conference}@${FOCUS}`), referTo: uri(`sip:${NAMES[o.who] ?? "alice"}@${ip(o.who)}`) } };
    case "Remove":
      return { node: ip(o.by), command: { _tag: "ReferOutOfDialog", to: uri(`sip:${o.conference}@${FOCUS}`), referTo: uri(`sip:${NAMES[o.who] ?? "alice"}@${ip(o.who)};method=BYE`) } };
  }
};

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
