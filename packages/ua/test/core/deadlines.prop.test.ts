// Issue #15 §2: every entry the UA core stores has a deadline. A random peer sends the UA
// INVITEs (with and without Expires), CANCELs, BYEs and ACKs, and answers the UA's own INVITEs,
// CANCELs and BYEs with silence, a provisional only, a 2xx, a failure, a CANCEL's 200 with or
// without the 487, over a link that loses, duplicates and reorders; the application answers,
// rings, rejects or ignores incoming calls, makes calls and cancels or hangs them up. Then time
// runs past the longest timer: the registry is empty and no wake-up is left.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { createNetwork, isQuiet, run } from "@puresip/testkit";
import type { Endpoint } from "@puresip/testkit";
import type { UaCommand } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { endpoint, events, node, uaConfig, uri } from "./harness.js";
import type { CancelAnswer, InviteAnswer, PeerAction, RandomPeer } from "./random-peer.js";
import { randomPeer, randomPeerEndpoint } from "./random-peer.js";

const UA = "10.0.0.1";
const PEER = "10.0.0.9";

type Node = UaNode | RandomPeer;
const isUa = (s: Node): s is UaNode => "engine" in s;
const both: Endpoint<Node, Wire, UaCommand> = {
  deadline: (s) => (isUa(s) ? endpoint.deadline(s) : randomPeerEndpoint.deadline(s)),
  step: (s, i) => (isUa(s) ? endpoint.step(s, i) : randomPeerEndpoint.step(s, i)),
};

const link = fc.record({
  latency: fc.integer({ min: 5, max: 50 }),
  jitter: fc.integer({ min: 0, max: 150 }),
  loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

const at = fc.integer({ min: 0, max: 20_000 });
const n = fc.integer({ min: 0, max: 3 });
const action: fc.Arbitrary<PeerAction> = fc.oneof(
  fc.record({ _tag: fc.constant("Invite" as const), at, n, expires: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }) }),
  fc.record({ _tag: fc.constantFrom("Cancel" as const, "Bye" as const, "Ack" as const), at, n }),
);
const inviteAnswer: fc.Arbitrary<InviteAnswer> = fc.constantFrom("Silent", "Trying", "Ring", "RingAnswer", "Answer", "Reject");
const cancelAnswer: fc.Arbitrary<CancelAnswer> = fc.constantFrom("Silent", "Ok", "OkAnd487");

type Incoming = { readonly _tag: "Ignore" } | { readonly _tag: "Ring" } | { readonly _tag: "Answer"; readonly after: number } | { readonly _tag: "Reject"; readonly after: number };
const incoming: fc.Arbitrary<Incoming> = fc.oneof(
  fc.constant({ _tag: "Ignore" as const }),
  fc.constant({ _tag: "Ring" as const }),
  fc.record({ _tag: fc.constant("Answer" as const), after: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ _tag: fc.constant("Reject" as const), after: fc.integer({ min: 0, max: 5000 }) }),
);

/**
 * What the application does with a call it made. A UAC ringing has no RFC deadline of its own:
 * the application ends it (`Cancel`) or, §13.2.1, bounds it with Expires, which the UA honours.
 */
type Outgoing = { readonly at: number; readonly cancelAfter: number | undefined; readonly expires: number | undefined; readonly hangupAfter: number };
const outgoing: fc.Arbitrary<Outgoing> = fc
  .record({
    at,
    cancelAfter: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: undefined }),
    expires: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
    hangupAfter: fc.integer({ min: 0, max: 10_000 }),
  })
  .filter((o) => o.cancelAfter !== undefined || o.expires !== undefined);

test.prop(
  [link, fc.array(action, { maxLength: 8 }), fc.array(inviteAnswer, { minLength: 1, maxLength: 4 }), cancelAnswer, fc.boolean(), fc.array(incoming, { minLength: 1, maxLength: 4 }), fc.array(outgoing, { maxLength: 3 }), fc.integer()],
  { numRuns: 200 },
)(
  "random inbound sequences and commands, then time past the longest timer: the UA core's registry is empty and no wake-up is left (issue #15 §2)",
  (l, script, inviteAnswers, onCancel, answerBye, incomings, outgoings, seed) => {
    let arrivals = 0;
    const policy: Policy = (e) => {
      if (e._tag === "IncomingCall") {
        const plan = incomings[arrivals++ % incomings.length]!;
        switch (plan._tag) {
          case "Ignore":
            return [];
          case "Ring":
            return [{ delay: 0, command: { _tag: "Ring", call: e.call } }];
          case "Answer":
            return [{ delay: plan.after, command: { _tag: "Answer", call: e.call } }];
          case "Reject":
            return [{ delay: plan.after, command: { _tag: "Reject", call: e.call, status: 486 } }];
        }
      }
      if (e._tag === "CallCreated") {
        // Each call names its plan in its Subject (calls made at the same instant may start in any order).
        const plan = outgoings[Number(e.invite.headers.find((h) => h.name === "Subject")?.value ?? "-1")];
        return plan?.cancelAfter === undefined ? [] : [{ delay: plan.cancelAfter, command: { _tag: "Cancel", call: e.call } }];
      }
      if (e._tag === "CallEstablished") return [{ delay: outgoings[0]?.hangupAfter ?? 0, command: { _tag: "Hangup", call: e.call } }];
      return [];
    };
    const net = createNetwork<Node, Wire, UaCommand>({
      seed,
      nodes: { [UA]: node("alice", uaConfig("alice", UA), seed, policy, { log: true }), [PEER]: randomPeer(PEER, UA, script, inviteAnswers, onCancel, answerBye) },
      defaultLink: l,
      agenda: outgoings.map((o, i) => ({
        at: o.at,
        node: UA,
        command: {
          _tag: "MakeCall",
          to: uri(`sip:bob@${PEER}`),
          headers: [{ name: "Subject", value: String(i) }, ...(o.expires === undefined ? [] : [{ name: "Expires", value: String(o.expires) }])],
        } as const,
      })),
    });
    const done = run(both, { maxSteps: 200_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    expect(isQuiet(both)(done.right)).toBe(true);
    const ua = done.right.nodes[UA];
    if (ua === undefined || !isUa(ua)) throw new Error("no UA");
    expect([...ua.engine.registry.keys()]).toStrictEqual([]);
    expect(ua.agenda).toStrictEqual([]);
    // Every call the application heard of ended for it.
    const ids = (tag: string) => new Set(events(ua).flatMap((e) => (e._tag === tag && "call" in e ? [e.call] : [])));
    expect(ids("CallEnded")).toStrictEqual(new Set([...ids("CallCreated"), ...ids("IncomingCall")]));
  },
);
