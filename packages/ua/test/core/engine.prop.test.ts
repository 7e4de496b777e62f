// Issue #14's property of the composed UA core on the kernel's engine: random interleavings of
// application commands (calls, hold, hang-up, cancel, MESSAGE, OPTIONS), wire messages with
// loss, duplication and reordering from the simulator, and timers. The engine never faults
// (testkit's engine node turns a fault into a failed run), every entry stored is eventually
// forgotten, and a run whose registries and states are saved through the codecs at any instant
// and restored into new engines continues exactly as the run that never stopped.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { snapshotCodec } from "@puresip/kernel";
import { createNetwork, restoreNode, run, trace } from "@puresip/testkit";
import type { LinkConfig, Network, Scheduled } from "@puresip/testkit";
import { uaElement } from "../../src/index.js";
import type { UaCommand, UsageKey } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { endpoint, node, uaConfig, uri } from "./harness.js";
import { ALICE, BOB } from "./flows.js";

const link: fc.Arbitrary<LinkConfig> = fc.record({
  latency: fc.integer({ min: 5, max: 40 }),
  jitter: fc.integer({ min: 0, max: 120 }),
  loss: fc.double({ min: 0, max: 0.2, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

type Act = "call" | "message" | "options" | "shutdown";
/** "shutdown": the graceful close (§21.5.4), at Alice on even turns and at Bob on odd ones. */
const plan = fc.array(fc.record({ at: fc.integer({ min: 0, max: 3000 }), act: fc.constantFrom<Act>("call", "message", "options", "shutdown") }), { minLength: 1, maxLength: 4 });
interface Behaviour {
  readonly answerAfter: number;
  readonly reject: boolean;
  readonly hangupAfter: number;
  readonly cancelAfter: number | undefined;
  readonly hold: boolean;
}

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  answerAfter: fc.integer({ min: 0, max: 2000 }),
  reject: fc.boolean(),
  hangupAfter: fc.integer({ min: 10, max: 3000 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }),
  hold: fc.boolean(),
});

type Net = Network<UaNode, Wire, UaCommand>;


const build = (seed: number, l: LinkConfig, acts: ReadonlyArray<{ readonly at: number; readonly act: Act }>, b: Behaviour): Net => {
  const alicePolicy: Policy = (e) => {
    if (e._tag === "CallCreated" && b.cancelAfter !== undefined) return [{ delay: b.cancelAfter, command: { _tag: "Cancel", call: e.call } }];
    if (e._tag !== "CallEstablished") return [];
    const hold: ReadonlyArray<{ readonly delay: number; readonly command: UaCommand }> = b.hold ? [{ delay: 10, command: { _tag: "Hold", call: e.call } }] : [];
    return [...hold, { delay: b.hangupAfter, command: { _tag: "Hangup", call: e.call } }];
  };
  const bobPolicy: Policy = (e) => {
    if (e._tag !== "IncomingCall") return [];
    const call: UsageKey = e.call;
    return b.reject ? [{ delay: b.answerAfter, command: { _tag: "Reject", call, status: 486 } }] : [{ delay: 0, command: { _tag: "Ring", call } }, { delay: b.answerAfter, command: { _tag: "Answer", call } }];
  };
  const agenda: ReadonlyArray<Scheduled<UaCommand>> = acts.map((a, i) => {
    const to = uri(`sip:bob@${BOB}`);
    if (a.act === "shutdown") return { at: a.at, node: i % 2 === 0 ? ALICE : BOB, command: { _tag: "Shutdown" } };
    const command: UaCommand =
      a.act === "call" ? { _tag: "MakeCall", to } : a.act === "message" ? { _tag: "SendMessage", ref: `m${String(i)}`, to, body: { type: "text/plain", content: new TextEncoder().encode("hi") } } : { _tag: "Options", ref: `o${String(i)}`, to };
    return { at: a.at, node: ALICE, command };
  });
  return createNetwork<UaNode, Wire, UaCommand>({
    seed,
    nodes: { [ALICE]: node("alice", uaConfig("alice", ALICE), seed, alicePolicy), [BOB]: node("bob", uaConfig("bob", BOB), seed + 1, bobPolicy) },
    defaultLink: l,
    agenda,
  });
};

const wire = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => (e._tag === "Sent" ? [`${String(e.at)} ${e.from}->${e.to} ${new TextDecoder().decode(e.message)} ${e.arrivals.join(",")}`] : []));

const codec = snapshotCodec(uaElement(uaConfig("alice", ALICE)).codec);

test.prop([fc.integer(), link, plan, behaviour, fc.integer({ min: 0, max: 9000 })], { numRuns: 25 })(
  "RFC 3261 §17, §12–15, §21.5.4 (Shutdown) on the engine: no fault, nothing left, and a save through the codecs at any instant continues identically",
  (seed, l, acts, b, cut) => {
    const straight = run(endpoint, { maxSteps: 200_000 })(build(seed, l, acts, b));
    if (E.isLeft(straight)) throw new Error(straight.left.reason);

    const mid = run(endpoint, { until: cut, maxSteps: 200_000 })(build(seed, l, acts, b));
    if (E.isLeft(mid)) throw new Error(mid.left.reason);
    for (const name of [ALICE, BOB]) {
      const n = mid.right.nodes[name];
      if (n === undefined) throw new Error(`no ${name}`);
      // Another process: the snapshot as JSON text, decoded into a new engine.
      const stored = JSON.stringify(codec.encode(n.engine.snapshot()));
      const decoded = codec.decode(JSON.parse(stored));
      if (E.isLeft(decoded)) throw new Error(`${name}: the snapshot did not decode`);
      restoreNode(n, decoded.right);
    }
    const resumed = run(endpoint, { maxSteps: 200_000 })(mid.right);
    if (E.isLeft(resumed)) throw new Error(resumed.left.reason);

    expect(wire(resumed.right)).toStrictEqual(wire(straight.right));
    for (const name of [ALICE, BOB]) {
      const a = straight.right.nodes[name]!;
      const r = resumed.right.nodes[name]!;
      expect(r.log?.map((x) => [x.at, x.event._tag])).toStrictEqual(a.log?.map((x) => [x.at, x.event._tag]));
      // Every entry stored was forgotten in the end, on both runs.
      expect([...a.engine.registry.keys()], `${name} registry`).toStrictEqual([]);
      expect([...r.engine.registry.keys()], `${name} registry (resumed)`).toStrictEqual([]);
      expect(r.engine.state()).toStrictEqual(a.engine.state());
    }
  },
);
