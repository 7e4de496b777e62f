// RFC 3261 §12.2.1.1 with RFC 5057 §5's several usages in one dialog, under random
// interleavings: Carol's call with Alice, Carol's REFERs (subscriber usages), Alice's REFERs
// to Carol (notifier usages), Carol's INFOs, answered or left to time out, with ticks between.
// Whatever the order, Carol's requests in the dialog carry CSeq numbers increasing by one, and
// once everything ends nothing is left in her registry: no usage, no dialog entry, nothing.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { Methods, createResponse } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { StoreEntryCodec } from "../../src/index.js";
import type { StoreEntry, UsageKey } from "../../src/index.js";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";
import { carol } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const CALL_ID = "prop@alice";

type Act =
  | { readonly _tag: "Refer" }
  | { readonly _tag: "Info" }
  | { readonly _tag: "PeerRefer"; readonly accept: boolean }
  | { readonly _tag: "Progress" }
  | { readonly _tag: "Answer"; readonly status: 200 | 481 | 500 }
  | { readonly _tag: "Wait"; readonly ms: number };

const act: fc.Arbitrary<Act> = fc.oneof(
  fc.constant<Act>({ _tag: "Refer" }),
  fc.constant<Act>({ _tag: "Info" }),
  fc.boolean().map((accept): Act => ({ _tag: "PeerRefer", accept })),
  fc.constant<Act>({ _tag: "Progress" }),
  fc.constantFrom<200 | 481 | 500>(200, 200, 200, 481, 500).map((status): Act => ({ _tag: "Answer", status })),
  fc.integer({ min: 1, max: 40_000 }).map((ms): Act => ({ _tag: "Wait", ms })),
);

const branchOf = (m: SipRequest): string => m.core.via[0]?.params.find((p) => p.name === "branch")?.value ?? "";

test.prop([fc.array(act, { minLength: 1, maxLength: 14 })], { numRuns: 60 })(
  "RFC3261-12.2.1.1-7 / RFC 5057 §5: any interleaving of a call's, its REFER subscriptions' and its notifiers' requests keeps the dialog's CSeq strictly increasing by one; nothing is left at the end",
  (acts) => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, CALL_ID, "alicetag");
    // Carol's requests in the dialog, first transmissions only (a retransmission keeps its branch), and those not yet answered.
    const sent: Array<SipRequest> = [];
    const seen = new Set<string>();
    let pending: Array<SipRequest> = [];
    const notifiers: Array<UsageKey> = [];
    let aliceSeq = 1;
    let now = 1_000;
    const take = (out: { readonly sent: ReadonlyArray<SipMessage> }): void => {
      for (const m of out.sent) {
        if (m._tag !== "Request" || m.core.callId !== CALL_ID || m.method === Methods.ACK || m.method === Methods.CANCEL || seen.has(branchOf(m))) continue;
        seen.add(branchOf(m));
        sent.push(m);
        pending.push(m);
      }
    };
    const answerAll = (status: number): void => {
      const waiting = pending;
      pending = [];
      for (const r of waiting) take(c.receive(must(createResponse(r.method === Methods.REFER && status === 200 ? 202 : status)(r)), ALICE_IP));
    };
    const wait = (ms: number): void => {
      now += ms;
      // The driver's own clock moves by 10 per message; ticks go at `now`, past it. What the
      // ticks send counts too (a BYE that ends a dialog whose request timed out, §12.2.1.2).
      take(c.d.settle(now));
    };
    for (const a of acts) {
      switch (a._tag) {
        case "Refer":
          take(c.command({ _tag: "Refer", call: held.call, referTo: uri("sip:dave@example.com") }));
          break;
        case "Info":
          take(c.command({ _tag: "SendInDialog", call: held.call, method: Methods.INFO }));
          break;
        case "PeerRefer": {
          aliceSeq += 1;
          const { sent, subscription } = c.answerPeerRefer(held, ALICE_IP, aliceSeq, a.accept);
          take({ sent });
          if (subscription !== undefined) notifiers.push(subscription);
          break;
        }
        case "Progress": {
          const n = notifiers.shift();
          if (n !== undefined) take(c.command({ _tag: "TransferProgress", subscription: n, status: 200 }));
          break;
        }
        case "Answer":
          answerAll(a.status);
          break;
        case "Wait":
          wait(a.ms);
          break;
        default:
          throw new Error("unreachable");
      }
    }
    // The end: the call hung up, every notifier told the transfer is over, every request answered.
    take(c.command({ _tag: "Hangup", call: held.call }));
    for (const n of notifiers) take(c.command({ _tag: "TransferProgress", subscription: n, status: 200 }));
    answerAll(200);
    for (let round = 0; round < 12; round++) {
      wait(100_000);
      answerAll(200);
    }

    const seqs = sent.map((m) => m.core.cseq?.seq ?? -1);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i], sent.map((m) => `${m.method} ${String(m.core.cseq?.seq)}`).join(", ")).toBe((seqs[i - 1] ?? Infinity) + 1);
    expect([...c.d.store.keys()]).toStrictEqual([]);
  },
);

const TARGETS = ["sip:alice@192.0.2.77:5060", "sips:alice@pc33.example.com;transport=tls", "sip:[2001:db8::1]:5070;ob"] as const;
const ROUTES = ["sip:p1.example.com;lr", "sip:p2.example.com:5070;lr;transport=tcp", "sip:strict.example.com"] as const;

test.prop([
  fc.nat(),
  fc.option(fc.nat(), { nil: undefined }),
  fc.constantFrom(...TARGETS),
  fc.subarray([...ROUTES]),
  fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }),
])("RFC 5057 §5: a dialog's entry (its local and remote CSeq, remote target, route set and its usages) survives the registry codec through JSON", (localSeq, remoteSeq, target, routes, keys) => {
  const entry: StoreEntry = {
    _tag: "Dialog",
    localSeq,
    ...(remoteSeq === undefined ? {} : { remoteSeq }),
    remoteTarget: uri(target),
    routeSet: routes.map((r) => ({ _tag: "NameAddr" as const, uri: uri(r), angle: true, params: [] })),
    usages: keys.map((k) => `U call UAS ${k}` as UsageKey),
  };
  expect(StoreEntryCodec.decode(JSON.parse(JSON.stringify(StoreEntryCodec.encode(entry))))).toStrictEqual(E.right(entry));
});
