// Properties of the UA core on the simulated network with random loss, duplication and
// reordering (jitter larger than the gap between packets): every call the application starts
// ends on both sides in states that agree, every registration converges with the registrar,
// and when the applications are done the registries are empty and no wake-up remains.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { findParam, printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { createNetwork, isQuiet, run } from "@puresip/testkit";
import type { Endpoint, LinkConfig } from "@puresip/testkit";
import { StoreEntryCodec } from "../../src/index.js";
import type { AppEvent, StoreEntry, UaCommand } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { endpoint, events, node, restore, uaConfig, uri } from "./harness.js";
import { ALICE, BOB, nodeOf } from "./flows.js";
import type { Scripted } from "./scripted.js";
import { reply, scripted, scriptedEndpoint } from "./scripted.js";

const link = fc.record({
  latency: fc.integer({ min: 5, max: 50 }),
  jitter: fc.integer({ min: 0, max: 150 }),
  loss: fc.double({ min: 0, max: 0.25, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.25, noNaN: true }),
});

type Answer = { readonly _tag: "Answer"; readonly ring: boolean; readonly after: number } | { readonly _tag: "Reject"; readonly status: number };
const answer: fc.Arbitrary<Answer> = fc.oneof(
  fc.record({ _tag: fc.constant("Answer" as const), ring: fc.boolean(), after: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ _tag: fc.constant("Reject" as const), status: fc.constantFrom(486, 603, 480) }),
);
const callPlan = fc.record({
  at: fc.integer({ min: 0, max: 4000 }),
  hangupAfter: fc.integer({ min: 50, max: 4000 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  hold: fc.boolean(),
});

const callIdOf = (key: string): string => key.split(" ")[3] ?? "";

/** The Call-ID an event is about, for calls (their `call` is the usage key). */
const callOfEvent = (e: AppEvent): string | undefined => ("call" in e && typeof e.call === "string" ? callIdOf(e.call) : undefined);

const byCall = (n: UaNode, tag: AppEvent["_tag"]): ReadonlySet<string> =>
  new Set(events(n).flatMap((e) => (e._tag === tag ? [callOfEvent(e) ?? ""] : [])));

const quietAndEmpty = (nodes: ReadonlyArray<UaNode>): void => {
  for (const n of nodes) {
    expect([...n.engine.registry.keys()], `${n.name} registry`).toStrictEqual([]);
    expect(n.agenda, `${n.name} agenda`).toStrictEqual([]);
  }
};

test.prop([link, fc.array(callPlan, { minLength: 1, maxLength: 3 }), fc.array(answer, { minLength: 1, maxLength: 3 }), fc.integer()], { numRuns: 30 })(
  "calls with loss, duplication and reordering end on both sides in agreeing states, leaving no state and no wake-up",
  (l: LinkConfig, plans, answers, seed) => {
    let arrivals = 0;
    const bobPolicy: Policy = (e) => {
      if (e._tag !== "IncomingCall") return [];
      const a = answers[arrivals++ % answers.length]!;
      if (a._tag === "Reject") return [{ delay: 0, command: { _tag: "Reject", call: e.call, status: a.status } }];
      return [...(a.ring ? [{ delay: 0, command: { _tag: "Ring" as const, call: e.call } }] : []), { delay: a.after, command: { _tag: "Answer", call: e.call } }];
    };
    let made = 0;
    const alicePolicy: Policy = (e) => {
      if (e._tag === "CallCreated") {
        const plan = plans[made++ % plans.length]!;
        return plan.cancelAfter === undefined ? [] : [{ delay: plan.cancelAfter, command: { _tag: "Cancel", call: e.call } }];
      }
      if (e._tag === "CallEstablished") {
        const plan = plans[0]!;
        // RFC 3264 §8.4: hold mid-call (a re-INVITE that may cross the BYE or be lost and retried).
        const hold = plan.hold ? [{ delay: Math.floor(plan.hangupAfter / 2), command: { _tag: "Hold" as const, call: e.call } }] : [];
        return [...hold, { delay: plan.hangupAfter, command: { _tag: "Hangup", call: e.call } }];
      }
      return [];
    };
    const net = createNetwork<UaNode, Wire, UaCommand>({
      seed,
      nodes: { [ALICE]: node("alice", uaConfig("alice", ALICE), seed, alicePolicy, { log: true }), [BOB]: node("bob", uaConfig("bob", BOB), seed + 1, bobPolicy) },
      defaultLink: l,
      agenda: plans.map((p) => ({ at: p.at, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } as const })),
    });
    const done = run(endpoint, { maxSteps: 200_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    expect(isQuiet(endpoint)(done.right)).toBe(true);
    const alice = nodeOf(done.right, ALICE);
    const bob = nodeOf(done.right, BOB);
    // Every call started on either side ended there.
    expect(byCall(alice, "CallEnded")).toStrictEqual(byCall(alice, "CallCreated"));
    expect(byCall(alice, "CallCreated").size).toBe(plans.length);
    expect(byCall(bob, "CallEnded")).toStrictEqual(byCall(bob, "IncomingCall"));
    // Agreement: a call the callee saw established (it got the ACK) was established for the caller too.
    const aliceUp = byCall(alice, "CallEstablished");
    for (const id of byCall(bob, "CallEstablished")) expect(aliceUp.has(id), `call ${id}`).toBe(true);
    // A call the caller saw established was answered by the callee, not cancelled or rejected there.
    const bobEnds = new Map(events(bob).flatMap((e) => (e._tag === "CallEnded" ? [[callIdOf(e.call), e.reason] as const] : [])));
    for (const id of aliceUp) expect(["Cancelled", "Rejected"]).not.toContain(bobEnds.get(id));
    quietAndEmpty([alice, bob]);
  },
);

/** A registrar keeping bindings by Contact, refusing stale updates by Call-ID and CSeq (§10.3 step 7). */
const registrar = () => {
  const bindings = new Map<string, { readonly callId: string; readonly cseq: number; readonly expires: number }>();
  const handler = (r: SipRequest) => {
    if (r.method !== "REGISTER") return [];
    const cseq = r.core.cseq?.seq ?? 0;
    for (const c of r.core.contact) {
      if (c._tag !== "NameAddr") continue;
      const key = printUri(c.uri);
      const old = bindings.get(key);
      if (old !== undefined && old.callId === r.core.callId && old.cseq >= cseq) continue;
      const expires = Number(findParam(c.params, "expires")?.value ?? "3600");
      if (expires === 0) bindings.set(key, { callId: r.core.callId ?? "", cseq, expires: 0 });
      else bindings.set(key, { callId: r.core.callId ?? "", cseq, expires });
    }
    const live = [...bindings].filter(([, b]) => b.expires > 0);
    return [reply(r, 200, live.map(([contact, b]) => ({ name: "Contact", value: `<${contact}>;expires=${b.expires}` })))];
  };
  return { handler, bound: () => [...bindings.values()].some((b) => b.expires > 0) };
};

type Node2 = UaNode | Scripted;
const isUa = (s: Node2): s is UaNode => "engine" in s;
const mixed: Endpoint<Node2, Wire, UaCommand> = {
  deadline: (s) => (isUa(s) ? endpoint.deadline(s) : scriptedEndpoint.deadline(s)),
  step: (s, i) => (isUa(s) ? endpoint.step(s, i) : scriptedEndpoint.step(s, i)),
};

test.prop([link, fc.integer({ min: 60, max: 600 }), fc.integer({ min: 1000, max: 400_000 }), fc.integer()], { numRuns: 30 })(
  "a registration over a lossy, duplicating, reordering link converges: the UA's last word agrees with the registrar, and nothing is left",
  (l, expires, unregisterAt, seed) => {
    const reg = registrar();
    const PEER = "10.0.0.9";
    const net = createNetwork<Node2, Wire, UaCommand>({
      seed,
      nodes: { [ALICE]: node("alice", uaConfig("alice", ALICE), seed, () => []), [PEER]: scripted(reg.handler) },
      defaultLink: l,
      agenda: [
        { at: 0, node: ALICE, command: { _tag: "Register", id: "a", registrar: uri(`sip:${PEER}`), expires } },
        { at: unregisterAt, node: ALICE, command: { _tag: "Unregister", id: "a" } },
      ],
    });
    const done = run(mixed, { maxSteps: 200_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const alice = done.right.nodes[ALICE];
    if (alice === undefined || !isUa(alice)) throw new Error("no UA");
    const words = events(alice).filter((e) => e._tag === "Registered" || e._tag === "Unregistered" || e._tag === "RegistrationFailed");
    const last = words.at(-1);
    expect(last).toBeDefined();
    // The UA said Unregistered: the registrar holds no binding. (A failure is the UA admitting it does not know.)
    if (last?._tag === "Unregistered") expect(reg.bound()).toBe(false);
    expect(["Unregistered", "RegistrationFailed"]).toContain(last?._tag);
    quietAndEmpty([alice]);
  },
);

const throughJson = (entry: StoreEntry): StoreEntry => {
  const decoded = StoreEntryCodec.decode(JSON.parse(JSON.stringify(StoreEntryCodec.encode(entry))));
  if (E.isLeft(decoded)) throw new Error(`an entry did not decode: ${entry._tag}`);
  return decoded.right;
};

test.prop([link, fc.integer({ min: 0, max: 8000 }), fc.integer()], { numRuns: 25 })(
  "stopped at any instant of a lossy call, both registries go through JSON and the call still ends on both sides with nothing left",
  (l, stopAt, seed) => {
    const alicePolicy: Policy = (e) => (e._tag === "CallEstablished" ? [{ delay: 2000, command: { _tag: "Hangup", call: e.call } }] : []);
    const bobPolicy: Policy = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }, { delay: 1000, command: { _tag: "Answer", call: e.call } }] : []);
    const net = createNetwork<UaNode, Wire, UaCommand>({
      seed,
      nodes: { [ALICE]: node("alice", uaConfig("alice", ALICE), seed, alicePolicy), [BOB]: node("bob", uaConfig("bob", BOB), seed + 1, bobPolicy) },
      defaultLink: l,
      agenda: [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } }],
    });
    const mid = run(endpoint, { until: stopAt, maxSteps: 100_000 })(net);
    if (E.isLeft(mid)) throw new Error(mid.left.reason);
    for (const ip of [ALICE, BOB]) {
      const n = nodeOf(mid.right, ip);
      restore(n, new Map([...n.engine.registry].map(([k, entry]) => [k, throughJson(entry)])));
    }
    const done = run(endpoint, { maxSteps: 200_000 })(mid.right);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const alice = nodeOf(done.right, ALICE);
    const bob = nodeOf(done.right, BOB);
    expect(byCall(alice, "CallEnded")).toStrictEqual(byCall(alice, "CallCreated"));
    expect(byCall(bob, "CallEnded")).toStrictEqual(byCall(bob, "IncomingCall"));
    quietAndEmpty([alice, bob]);
  },
);
