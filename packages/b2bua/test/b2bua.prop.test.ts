// Random A and B behaviour (answer, reject, ring on, hang up, cancel, re-INVITE with or without an offer, INFO) over a lossy, duplicating network: the B2BUA never throws, forgets
// every link and every call, and a snapshot taken mid-run through the codecs and restored
// continues exactly as the run that was never stopped.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Methods } from "@puresip/message";
import type { Policy } from "@puresip/testkit";
import type { AppEvent, UaCommand } from "@puresip/ua";
import { b2buaApplication, initialB2buaState } from "../src/index.js";
import type { Net } from "./sim.js";
import { ALICE, BOB, MIDDLE, ladder, middle, network, party, registryOf, restoreMiddle, runTo, tagsOf, uri } from "./sim.js";

type P = Policy<UaCommand, AppEvent>;
type BobDoes = { readonly _tag: "Answer" | "Ring" | "HangUp"; readonly after: number } | { readonly _tag: "Reject"; readonly status: number; readonly after: number };
type AliceDoes = { readonly _tag: "HangUp" | "Cancel" | "Reinvite" | "OfferlessReinvite" | "Info"; readonly after: number };

const ms = fc.integer({ min: 0, max: 3000 });
const bobDoes: fc.Arbitrary<BobDoes> = fc.oneof(
  fc.record({ _tag: fc.constantFrom("Answer" as const, "Ring" as const, "HangUp" as const), after: ms }),
  fc.record({ _tag: fc.constant("Reject" as const), status: fc.constantFrom(404, 486, 503, 603), after: ms }),
);
const aliceDoes: fc.Arbitrary<AliceDoes> = fc.record({ _tag: fc.constantFrom("HangUp" as const, "Cancel" as const, "Reinvite" as const, "OfferlessReinvite" as const, "Info" as const), after: ms });

const bobPolicy = (d: BobDoes): P => (e) => {
  if (e._tag === "IncomingCall") {
    const ring = { delay: 0, command: { _tag: "Ring" as const, call: e.call } };
    if (d._tag === "Reject") return [ring, { delay: d.after, command: { _tag: "Reject", call: e.call, status: d.status } }];
    if (d._tag === "Ring") return [ring];
    return [ring, { delay: d.after, command: { _tag: "Answer", call: e.call } }];
  }
  if (e._tag === "CallEstablished" && d._tag === "HangUp") return [{ delay: d.after, command: { _tag: "Hangup", call: e.call } }];
  if (e._tag === "InDialogRequest") return [{ delay: 10, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 200 } }];
  return [];
};
const alicePolicy = (d: AliceDoes): P => (e) => {
  if (e._tag === "CallProgress" && d._tag === "Cancel") return [{ delay: d.after, command: { _tag: "Cancel", call: e.call } }];
  if (e._tag === "CallEstablished") {
    if (d._tag === "Reinvite") return [{ delay: d.after, command: { _tag: "Hold", call: e.call } }];
    if (d._tag === "OfferlessReinvite") return [{ delay: d.after, command: { _tag: "Reoffer", call: e.call, offerless: true } }];
    if (d._tag === "Info") return [{ delay: d.after, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO } }];
    return [{ delay: d.after, command: { _tag: "Hangup", call: e.call } }];
  }
  if (e._tag === "ReofferDone" || e._tag === "InDialogDone") return [{ delay: 200, command: { _tag: "Hangup", call: e.call } }];
  return [];
};

const build = (a: AliceDoes, b: BobDoes, loss: number, duplicate: number, seed: number): Net =>
  network({
    seed,
    link: { latency: 10, jitter: 5, loss, duplicate },
    nodes: { [ALICE]: party("alice", ALICE, 11, alicePolicy(a)), [BOB]: party("bob", BOB, 22, bobPolicy(b)), [MIDDLE]: middle(b2buaApplication({ logic: () => ({ _tag: "Route", target: uri(`sip:bob@${BOB}`) }) }), initialB2buaState) },
    agenda: [
      { at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${MIDDLE}`) } },
      { at: 50, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${MIDDLE}`) } },
    ],
  });

describe("B2BUA under random behaviour, loss and duplication", () => {
  test.prop([aliceDoes, bobDoes, fc.constantFrom(0, 0.1, 0.2), fc.constantFrom(0, 0.1), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 8000 })], { numRuns: 20 })(
    "RFC 3261 §6, §15: every link and call entry is forgotten, and a snapshot restored mid-run continues identically",
    (a, b, loss, duplicate, seed, cut) => {
      const straight = runTo(build(a, b, loss, duplicate, seed));
      const first = runTo(build(a, b, loss, duplicate, seed), cut);
      restoreMiddle(first);
      const restored = runTo(first);
      expect(ladder(restored)).toStrictEqual(ladder(straight));
      expect(tagsOf(restored, MIDDLE)).toStrictEqual(tagsOf(straight, MIDDLE));
      for (const net of [straight, restored]) {
        expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
        expect(registryOf(net, ALICE).size + registryOf(net, BOB).size).toBe(0);
        // Every link made was let go.
        const said = tagsOf(net, MIDDLE);
        expect(said.filter((t) => t === "Linked").length).toBe(said.filter((t) => t === "Unlinked").length);
      }
    },
  );
});
