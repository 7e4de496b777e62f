// Subscriptions and a transfer through the UA core on a network that loses, duplicates and
// reorders packets: the transaction layer retransmits, the usages converge, and when the
// applications are done both registries are empty with no wake-up left.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { Methods } from "@puresip/message";
import { createNetwork, run } from "@puresip/testkit";
import type { LinkConfig } from "@puresip/testkit";
import type { UaCommand, UaConfig, UsageKey } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "../core/harness.js";
import { capabilities, endpoint, events, node, uaConfig, uri } from "../core/harness.js";
import { ALICE, BOB, nodeOf } from "../core/flows.js";

const link = fc.record({
  latency: fc.integer({ min: 5, max: 50 }),
  jitter: fc.integer({ min: 0, max: 150 }),
  loss: fc.double({ min: 0, max: 0.2, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

const config = (user: string, ip: string): UaConfig =>
  uaConfig(user, ip, {
    capabilities: {
      ...capabilities,
      methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER],
      contentTypes: [...capabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }],
    },
  });

const text = (s: string) => ({ type: "text/plain", content: new TextEncoder().encode(s) });

const ended = (n: UaNode): number => events(n).filter((e) => e._tag === "Subscription" && e.notice._tag === "Ended").length;

test.prop([link, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2000, max: 20_000 }), fc.integer()], { numRuns: 20 })(
  "RFC 6665 through the UA core under loss, duplication and reordering: subscribed, updated, unsubscribed, nothing left",
  (l: LinkConfig, updates, unsubscribeAt, seed) => {
    const bobPolicy: Policy = (e) => {
      if (e._tag !== "Subscription" || e.notice._tag !== "Incoming") return [];
      const key: UsageKey = e.subscription;
      return [
        { delay: 0, command: { _tag: "AcceptSubscription", subscription: key, body: text("open") } },
        ...Array.from({ length: updates }, (_, i) => ({ delay: 500 * (i + 1), command: { _tag: "UpdateSubscription" as const, subscription: key, body: text(`state ${String(i)}`) } })),
      ];
    };
    const alicePolicy: Policy = (e) => (e._tag === "SubscriptionCreated" ? [{ delay: unsubscribeAt, command: { _tag: "Unsubscribe", subscription: e.subscription } }] : []);
    const net = createNetwork<UaNode, Wire, UaCommand>({
      seed,
      nodes: { [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy), [BOB]: node("bob", config("bob", BOB), 22, bobPolicy) },
      defaultLink: l,
      agenda: [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "presence", expires: 600 } }],
    });
    const done = run(endpoint, { maxSteps: 50_000 })(net);
    expect(E.isRight(done)).toBe(true);
    if (E.isLeft(done)) return;
    const alice = nodeOf(done.right, ALICE);
    const bob = nodeOf(done.right, BOB);
    // Each side's usage ended exactly once, and nothing is left to wake for.
    expect(ended(alice)).toBe(1);
    expect(ended(bob)).toBe(1);
    for (const n of [alice, bob]) {
      expect([...n.engine.registry.keys()], `${n.name} registry`).toStrictEqual([]);
      expect(n.agenda, `${n.name} agenda`).toStrictEqual([]);
    }
    // With a NOTIFY delivered at all, Alice heard the subscription's state at least once.
    expect(events(alice).some((e) => e._tag === "Subscription" && e.notice._tag === "Notification")).toBe(true);
  },
);

const CAROL = "10.0.0.3";

test.prop([link, fc.integer()], { numRuns: 15 })(
  "RFC 3515 blind transfer through the UA cores under loss, duplication and reordering: both subscription ends end once, every call ends, nothing left",
  (l: LinkConfig, seed) => {
    let transfer: UsageKey | null = null;
    let carolCall: UsageKey | null = null;
    const alicePolicy: Policy = (e) => {
      if (e._tag === "Subscription" && e.notice._tag === "Refer") {
        transfer = e.subscription;
        return [
          { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription } },
          { delay: 100, command: { _tag: "MakeCall", to: e.notice.referTo.uri } },
        ];
      }
      if (e._tag === "CallCreated" && transfer !== null) carolCall = e.call;
      if (transfer === null || carolCall === null || !("call" in e) || e.call !== carolCall) return [];
      if (e._tag === "CallProgress") return [{ delay: 0, command: { _tag: "TransferProgress", subscription: transfer, status: e.status } }];
      if (e._tag === "CallEstablished") return [{ delay: 0, command: { _tag: "TransferProgress", subscription: transfer, status: 200 } }, { delay: 2000, command: { _tag: "Hangup", call: carolCall } }];
      if (e._tag === "CallFailed") return [{ delay: 0, command: { _tag: "TransferProgress", subscription: transfer, status: e.status } }];
      return [];
    };
    let bobCall: UsageKey | null = null;
    const bobPolicy: Policy = (e) => {
      if (e._tag === "IncomingCall") {
        bobCall = e.call;
        return [{ delay: 0, command: { _tag: "Answer", call: e.call } }];
      }
      if (e._tag === "CallEstablished") return [{ delay: 500, command: { _tag: "Refer", call: e.call, referTo: uri(`sip:carol@${CAROL}`) } }];
      if (e._tag === "Subscription" && e.notice._tag === "Ended" && bobCall !== null) return [{ delay: 0, command: { _tag: "Hangup", call: bobCall } }];
      return [];
    };
    const carolPolicy: Policy = (e) => (e._tag === "IncomingCall" ? [{ delay: 300, command: { _tag: "Answer", call: e.call } }] : []);
    const net = createNetwork<UaNode, Wire, UaCommand>({
      seed,
      nodes: {
        [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy),
        [BOB]: node("bob", config("bob", BOB), 22, bobPolicy),
        [CAROL]: node("carol", config("carol", CAROL), 33, carolPolicy),
      },
      defaultLink: l,
      agenda: [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } }],
    });
    const done = run(endpoint, { maxSteps: 80_000 })(net);
    expect(E.isRight(done)).toBe(true);
    if (E.isLeft(done)) return;
    const alice = nodeOf(done.right, ALICE);
    const bob = nodeOf(done.right, BOB);
    expect(ended(alice)).toBe(1);
    expect(ended(bob)).toBe(1);
    for (const n of [alice, bob, nodeOf(done.right, CAROL)]) {
      expect([...n.engine.registry.keys()], `${n.name} registry`).toStrictEqual([]);
      expect(n.agenda, `${n.name} agenda`).toStrictEqual([]);
    }
  },
);
