// RFC 5057 §5.1 under random interleavings: Carol's call with Alice and, in its dialog, the
// subscriptions of Carol's REFERs (subscriber usages) and of Alice's REFERs (notifier usages).
// Carol's requests get random final responses from every column of Table 2. Whatever happens,
// the registry stays consistent (RFC 5057 §4, §5: a dialog lives with its usages): every
// dialog entry lists only live usages of that dialog and every usage in a dialog is listed in
// its entry; once a response destroyed the dialog, no usage of it remains; the entry goes with
// its last usage; at the end nothing is left.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { dialogIdOf, dialogKey, sessionDialog } from "@puresip/dialog";
import { Methods, createResponse } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { clientKeyOfRequest } from "@puresip/transaction";
import type { TransactionKey } from "@puresip/transaction";
import { clientRequestKey } from "../../src/index.js";
import type { StoreEntry, Usage, UsageKey } from "../../src/index.js";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";
import { carol, fromPeer } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const CALL_ID = "survey-prop@alice";
/** Table 2: every column, and a success. */
const CODES = [200, 200, 400, 404, 405, 408, 410, 416, 480, 481, 482, 483, 486, 489, 491, 500, 501, 502, 503, 603, 604] as const;
const DESTROYS_DIALOG: ReadonlySet<number> = new Set([404, 410, 416, 482, 483, 484, 485, 502, 604]);

type Act =
  | { readonly _tag: "Info" }
  | { readonly _tag: "Refer" }
  | { readonly _tag: "PeerRefer" }
  | { readonly _tag: "Progress"; readonly final: boolean }
  | { readonly _tag: "Answer"; readonly status: number }
  /** Alice's INFO to the call, its CSeq this far from the highest she has had accepted. */
  | { readonly _tag: "PeerInfo"; readonly offset: number }
  | { readonly _tag: "Wait"; readonly ms: number };

const act: fc.Arbitrary<Act> = fc.oneof(
  fc.constant<Act>({ _tag: "Info" }),
  fc.constant<Act>({ _tag: "Refer" }),
  fc.constant<Act>({ _tag: "PeerRefer" }),
  fc.boolean().map((final): Act => ({ _tag: "Progress", final })),
  fc.constantFrom(...CODES).map((status): Act => ({ _tag: "Answer", status })),
  fc.constantFrom(...CODES).map((status): Act => ({ _tag: "Answer", status })),
  fc.integer({ min: 1, max: 40_000 }).map((ms): Act => ({ _tag: "Wait", ms })),
  fc.constantFrom(-2, -1, 1, 2).map((offset): Act => ({ _tag: "PeerInfo", offset })),
);

/** The dialog a usage's state holds, by its key in the registry (RFC 3261 §12: Call-ID and tags). */
const dialogOf = (usage: Usage): string | undefined => {
  switch (usage._tag) {
    case "Call": {
      const d = sessionDialog(usage.session);
      return O.isSome(d) ? dialogKey(d.value.id) : undefined;
    }
    case "Subscriber":
    case "Notifier":
      return "dialog" in usage.state && usage.state.dialog !== null ? dialogKey(usage.state.dialog.id) : undefined;
    case "Registration":
      return undefined;
  }
};

const localSeqOf = (usage: Usage): number => {
  const d = usage._tag === "Call" ? O.toUndefined(sessionDialog(usage.session)) : usage._tag !== "Registration" && "dialog" in usage.state && usage.state.dialog !== null ? usage.state.dialog : undefined;
  return d === undefined ? -1 : Math.max(O.getOrElse(() => -1)(d.localSeq), 0);
};

const remoteSeqOf = (usage: Usage): number => {
  const d = usage._tag === "Call" ? O.toUndefined(sessionDialog(usage.session)) : usage._tag !== "Registration" && "dialog" in usage.state && usage.state.dialog !== null ? usage.state.dialog : undefined;
  return d === undefined ? -1 : O.getOrElse(() => -1)(d.remoteSeq);
};

/** RFC 5057 §5: the dialog table agrees with the usages, both ways; its CSeqs are the highest any usage of it holds (§12.2.1.1, §12.2.2). */
const consistent = (store: ReadonlyMap<string, StoreEntry>): void => {
  for (const [key, entry] of store) {
    if (entry._tag === "Dialog") {
      expect(entry.usages.length, key).toBeGreaterThan(0);
      for (const u of entry.usages) {
        const usage = store.get(u);
        expect(usage?._tag, `${u} listed in ${key}`).toBe("Usage");
        if (usage?._tag === "Usage") {
          expect(dialogOf(usage.usage), u).toBe(key);
          expect(localSeqOf(usage.usage), u).toBeLessThanOrEqual(entry.localSeq);
          expect(remoteSeqOf(usage.usage), u).toBeLessThanOrEqual(entry.remoteSeq ?? -1);
        }
      }
    }
    if (entry._tag === "Usage") {
      const d = dialogOf(entry.usage);
      if (d === undefined) continue;
      const dialog = store.get(d);
      expect(dialog?._tag === "Dialog" && dialog.usages.includes(key as UsageKey), `${key} in its dialog's entry`).toBe(true);
    }
  }
};

const branchOf = (m: SipRequest): string => m.core.via[0]?.params.find((p) => p.name === "branch")?.value ?? "";

test.prop([fc.array(act, { minLength: 1, maxLength: 16 })], { numRuns: 80 })(
  "RFC 5057 §5.1: random final responses to random usages' requests in a dialog with two usages or more leave the registry consistent; no usage of a destroyed dialog remains; the dialog entry goes with its last usage; RFC3261-12.2.2-4: a request lower than the dialog's remote CSeq, raised by any usage, gets 500",
  (acts) => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, CALL_ID, "alicetag");
    const theDialog = [...c.d.store].find(([, e]) => e._tag === "Dialog")?.[0];
    expect(theDialog).toBeDefined();
    const seen = new Set<string>();
    const pending: Array<SipRequest> = [];
    const notifiers: Array<UsageKey> = [];
    let destroyed = false;
    // The highest CSeq of Alice's that Carol accepted in the dialog (§12.2.2).
    let aliceSeq = 1;
    let now = 1_000;
    const take = (out: { readonly sent: ReadonlyArray<SipMessage> }): void => {
      for (const m of out.sent) {
        if (m._tag !== "Request" || m.core.callId !== CALL_ID || m.method === Methods.ACK || seen.has(branchOf(m))) continue;
        seen.add(branchOf(m));
        pending.push(m);
      }
      consistent(c.d.store);
      if (destroyed) expect([...c.d.store].filter(([, e]) => (e._tag === "Usage" && dialogOf(e.usage) === theDialog) || e._tag === "Dialog").map(([k]) => k)).toStrictEqual([]);
    };
    const answer = (status: number): void => {
      const r = pending.shift();
      if (r === undefined) return;
      const inDialog = O.exists((id: { readonly remoteTag: O.Option<string> }) => O.isSome(id.remoteTag))(dialogIdOf("UAC")(r));
      // A failure that destroys the dialog, to a request sent in it while it was alive and still
      // waiting for its response (one that timed out has no transaction left to take it).
      const waiting = E.exists((k: TransactionKey) => c.d.store.has(clientRequestKey(k)))(clientKeyOfRequest(r));
      if (inDialog && waiting && DESTROYS_DIALOG.has(status) && c.d.store.has(theDialog ?? "")) destroyed = true;
      take(c.receive(must(createResponse(r.method === Methods.REFER && status === 200 ? 202 : status)(r)), ALICE_IP));
    };
    for (const a of acts) {
      switch (a._tag) {
        case "Info":
          take(c.command({ _tag: "SendInDialog", call: held.call, method: Methods.INFO }));
          break;
        case "Refer":
          take(c.command({ _tag: "Refer", call: held.call, referTo: uri("sip:dave@example.com") }));
          break;
        case "PeerInfo": {
          const seq = Math.max(0, aliceSeq + a.offset);
          // A confirmed call checks the CSeq (§12.2.2); one whose BYE is out answers 481 to anything.
          const entry = c.d.store.get(held.call);
          const alive = entry?._tag === "Usage" && entry.usage._tag === "Call" && entry.usage.session._tag === "Established";
          const out = c.receive(fromPeer({ method: "INFO", user: "alice", ip: ALICE_IP, callId: CALL_ID, fromTag: "alicetag", toTag: held.carolTag, seq }), ALICE_IP);
          take(out);
          const refused = out.sent.some((m) => m._tag === "Response" && m.status === 500);
          // §12.2.2: lower than the dialog's remote CSeq, whichever usage raised it: 500; otherwise never.
          expect(refused, `INFO ${String(seq)} after ${String(aliceSeq)}`).toBe(alive && seq < aliceSeq);
          const handed = out.delivered.find((e) => e._tag === "InDialogRequest");
          if (handed?._tag === "InDialogRequest") take(c.command({ _tag: "RespondTo", call: held.call, request: handed.request, status: 200 }));
          if (alive && !refused) aliceSeq = seq;
          break;
        }
        case "PeerRefer": {
          aliceSeq += 1;
          const { sent, subscription } = c.answerPeerRefer(held, ALICE_IP, aliceSeq, true);
          take({ sent });
          if (subscription !== undefined) notifiers.push(subscription);
          break;
        }
        case "Progress": {
          const n = a.final ? notifiers.shift() : notifiers[0];
          if (n !== undefined) take(c.command({ _tag: "TransferProgress", subscription: n, status: a.final ? 200 : 180 }));
          break;
        }
        case "Answer":
          answer(a.status);
          break;
        case "Wait":
          now += a.ms;
          take(c.d.settle(now));
          break;
        default:
          throw new Error("unreachable");
      }
    }
    // The end: the call hung up, every transfer reported, every request answered, time run out.
    take(c.command({ _tag: "Hangup", call: held.call }));
    for (const n of notifiers) take(c.command({ _tag: "TransferProgress", subscription: n, status: 200 }));
    for (let round = 0; round < 12; round++) {
      while (pending.length > 0) answer(200);
      now += 100_000;
      take(c.d.settle(now));
    }
    expect([...c.d.store.keys()]).toStrictEqual([]);
  },
);
