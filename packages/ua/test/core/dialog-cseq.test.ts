// One dialog, three usages (RFC 5057 §5): Carol's call with Alice, the implicit subscription
// of Carol's REFER (RFC 3515 §2.4.4) and the one of Alice's REFER to Carol, all in the call's
// dialog. RFC 3261 §12.2.1.1: the local sequence number "MUST be incremented by one" for each
// request in the dialog, whichever usage sends it ("strictly monotonically increasing and
// contiguous", RFC3261-12.2.1.1-7); the dialog's entry holds that one number
// (core/dialogs.ts) and goes with its last usage.
import { describe, expect, it } from "vitest";
import { Methods, createResponse } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";
import { carol, fromPeer } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const CALL_ID = "held@alice";

/** Carol's requests in the dialog, in the order they left (an ACK reuses the INVITE's CSeq, §13.2.2.4; none here). */
const inDialog = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipRequest> => sent.filter((m): m is SipRequest => m._tag === "Request" && m.core.callId === CALL_ID && m.method !== "ACK");

describe("RFC 5057 §5 / RFC 3261 §12.2.1.1 one local CSeq per dialog, shared by its usages", () => {
  it("RFC3261-12.2.1.1-7: REFER, INFO, NOTIFY, a second REFER, NOTIFY and BYE from three usages of one dialog go out with CSeq increasing by one; the dialog entry goes with the last usage", () => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, CALL_ID, "alicetag");
    const sent: Array<SipRequest> = [];
    const answer = (request: SipRequest | undefined, status: number): void => {
      if (request !== undefined) c.receive(must(createResponse(status)(request)), ALICE_IP);
    };
    // Carol's REFER: a subscriber usage in the call's dialog.
    const refer1 = inDialog(c.command({ _tag: "Refer", call: held.call, referTo: uri("sip:dave@example.com") }).sent);
    sent.push(...refer1);
    answer(refer1[0], 202);
    // The call's own in-dialog request.
    const info = inDialog(c.command({ _tag: "SendInDialog", call: held.call, method: Methods.INFO }).sent);
    sent.push(...info);
    answer(info[0], 200);
    // Alice's REFER to Carol: a notifier usage in the same dialog; accepting it sends a NOTIFY (RFC 3515 §2.4.4).
    const incoming = c.receive(fromPeer({ method: "REFER", user: "alice", ip: ALICE_IP, callId: CALL_ID, fromTag: "alicetag", toTag: held.carolTag, seq: 2, headers: ["Refer-To: <sip:bob@example.com>"] }), ALICE_IP);
    const notifier = incoming.delivered.find((e) => e._tag === "Subscription");
    if (notifier?._tag !== "Subscription") throw new Error("no REFER notice");
    const accepted = inDialog(c.command({ _tag: "AcceptSubscription", subscription: notifier.subscription }).sent);
    sent.push(...accepted);
    answer(accepted.find((m) => m.method === "NOTIFY"), 200);
    // A second REFER of Carol's, then the call ends.
    const refer2 = inDialog(c.command({ _tag: "Refer", call: held.call, referTo: uri("sip:erin@example.com") }).sent);
    sent.push(...refer2);
    answer(refer2[0], 202);
    // The referee's final NOTIFY (RFC 3515 §2.4.7) ends Alice's REFER subscription.
    const done = inDialog(c.command({ _tag: "TransferProgress", subscription: notifier.subscription, status: 200 }).sent);
    sent.push(...done);
    answer(done[0], 200);
    const bye = inDialog(c.command({ _tag: "Hangup", call: held.call }).sent);
    sent.push(...bye);

    expect(sent.map((m) => m.method)).toStrictEqual(["REFER", "INFO", "NOTIFY", "REFER", "NOTIFY", "BYE"]);
    const seqs = sent.map((m) => m.core.cseq?.seq ?? -1);
    // "strictly monotonically increasing and contiguous CSeq sequence numbers (increasing-by-one)".
    expect(seqs).toStrictEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    // One entry for the dialog while its usages live.
    const dialogs = [...c.d.store].filter(([, e]) => e._tag === "Dialog");
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.[1]).toMatchObject({ _tag: "Dialog", localSeq: seqs[seqs.length - 1] });

    // The BYE answered: the call ends, Carol's REFER subscriptions end or expire (RFC 6665 §4.1.2.4), and the entry goes with the last usage.
    answer(bye[0], 200);
    c.d.settle(10_000_000);
    expect([...c.d.store.values()].filter((e) => e._tag === "Dialog" || e._tag === "Usage")).toStrictEqual([]);
  });
});
