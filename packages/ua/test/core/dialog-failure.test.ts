// RFC 5057 §5.1 in the UA core: Carol's call with Alice, and in the same dialog the implicit
// subscription of Alice's REFER to Carol (Carol the notifier, RFC 3515 §2.4.4): the survey's
// scenario, "a subscribe usage inside a dialog established with an invite usage". A failure
// response to a request of either usage ends the transaction only, the usage, or the dialog
// with every usage in it, as Table 2 says.
import { describe, expect, it } from "vitest";
import { Methods, createResponse } from "@puresip/message";
import type { HeaderField, SipMessage, SipRequest } from "@puresip/message";
import type { AppEvent, UsageKey } from "../../src/index.js";
import { must } from "./step-driver.js";
import { carol } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const CALL_ID = "survey@alice";

const requests = (sent: ReadonlyArray<SipMessage>, method: string): ReadonlyArray<SipRequest> =>
  sent.filter((m): m is SipRequest => m._tag === "Request" && m.method === method && m.core.callId === CALL_ID);

/** Carol's call with Alice, Alice's REFER accepted in its dialog, and Carol's first NOTIFY out (unanswered). */
const survey = () => {
  const c = carol();
  const held = c.incomingConfirmed("alice", ALICE_IP, CALL_ID, "alicetag");
  const { subscription } = c.peerRefer(held, ALICE_IP, 2);
  if (subscription === undefined) throw new Error("no REFER notice");
  const notify = requests(c.command({ _tag: "AcceptSubscription", subscription }).sent, Methods.NOTIFY)[0];
  if (notify === undefined) throw new Error("no NOTIFY");
  const answer = (request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = []) => c.receive(must(createResponse(status, { headers })(request)), ALICE_IP);
  const usages = (): ReadonlyArray<string> => [...c.d.store].filter(([, e]) => e._tag === "Usage").map(([k]) => k);
  const dialogs = () => [...c.d.store.values()].filter((e) => e._tag === "Dialog");
  return { c, call: held.call, subscription, notify, answer, usages, dialogs };
};

const ended = (events: ReadonlyArray<AppEvent>, key: UsageKey): AppEvent | undefined =>
  events.find((e) => (e._tag === "CallEnded" && e.call === key) || (e._tag === "Subscription" && e.subscription === key && e.notice._tag === "Ended"));

describe("RFC 5057 §5.1 a failure response in a dialog with two usages", () => {
  it("RFC 5057 §5.1 Destroys Dialog: a 404 to a NOTIFY of a REFER subscription in a call's dialog ends the call too, sending nothing more in the dialog; the dialog's entry goes with them", () => {
    const s = survey();
    const out = s.answer(s.notify, 404);
    expect(ended(out.delivered, s.call)).toStrictEqual({ _tag: "CallEnded", call: s.call, reason: "DialogGone", status: 404 });
    // The notifier's own machine ends first, by RFC 6665 §4.2.2's list; both events name the response.
    expect(ended(out.delivered, s.subscription)).toStrictEqual({ _tag: "Subscription", subscription: s.subscription, notice: { _tag: "Ended", reason: { _tag: "NotifyFailed", status: 404 } } });
    // "Future requests using this dialog state will also fail": no BYE.
    expect(out.sent.filter((m) => m._tag === "Request")).toStrictEqual([]);
    expect([s.usages(), s.dialogs()]).toStrictEqual([[], []]);
  });

  it("RFC 5057 §5.1 Destroys Dialog: every code of that column (404, 410, 416, 482–485, 502, 604) to the call's own INFO ends the REFER subscription too", () => {
    for (const status of [404, 410, 416, 482, 483, 484, 485, 502, 604]) {
      const s = survey();
      const info = requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO)[0];
      if (info === undefined) throw new Error("no INFO");
      const out = s.answer(info, status);
      expect([ended(out.delivered, s.call), ended(out.delivered, s.subscription)], String(status)).toStrictEqual([
        { _tag: "CallEnded", call: s.call, reason: "DialogGone", status },
        { _tag: "Subscription", subscription: s.subscription, notice: { _tag: "Ended", reason: { _tag: "DialogTerminated", status } } },
      ]);
      expect(out.sent.filter((m) => m._tag === "Request"), String(status)).toStrictEqual([]);
      expect([s.usages(), s.dialogs()], String(status)).toStrictEqual([[], []]);
    }
  });

  it("RFC 5057 §5.1 Destroys Usage: a 481 (note 8: \"The dialog itself should not be destroyed unless this was the last usage\"), 480 or 489 to the NOTIFY ends the subscription only; the call goes on in the dialog", () => {
    for (const status of [481, 480, 489]) {
      const s = survey();
      const out = s.answer(s.notify, status);
      expect(ended(out.delivered, s.subscription), String(status)).toMatchObject({ notice: { _tag: "Ended", reason: { _tag: "NotifyFailed", status } } });
      expect(ended(out.delivered, s.call), String(status)).toBeUndefined();
      expect(s.usages(), String(status)).toStrictEqual([s.call]);
      expect(s.dialogs(), String(status)).toMatchObject([{ _tag: "Dialog", usages: [s.call] }]);
      // The call still sends in its dialog.
      expect(requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO), String(status)).toHaveLength(1);
    }
  });

  it("RFC 5057 §5.1 Destroys Usage: a 480 to the call's INFO (note 7: \"affects only the usage in which the request occurs\") ends the INVITE usage by BYE; §5.5: the subscription goes on in the dialog", () => {
    const s = survey();
    const info = requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO)[0];
    if (info === undefined) throw new Error("no INFO");
    const out = s.answer(info, 480);
    const bye = requests(out.sent, Methods.BYE)[0];
    expect(bye).toBeDefined();
    expect(out.delivered.map((e) => e._tag)).toContain("SessionTerminated");
    expect(ended(out.delivered, s.subscription)).toBeUndefined();
    if (bye !== undefined) s.answer(bye, 200);
    expect(s.usages()).toStrictEqual([s.subscription]);
    expect(s.dialogs()).toMatchObject([{ _tag: "Dialog", usages: [s.subscription] }]);
  });

  it("RFC 5057 §5.1 Destroys Usage: a 481 to the call's INFO ends the call (RFC 3261 §12.2.1.2, no BYE) and only the call; the subscription keeps the dialog", () => {
    const s = survey();
    s.answer(s.notify, 200);
    const info = requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO)[0];
    if (info === undefined) throw new Error("no INFO");
    const out = s.answer(info, 481);
    expect(ended(out.delivered, s.call)).toMatchObject({ _tag: "CallEnded", reason: "DialogGone" });
    expect(requests(out.sent, Methods.BYE)).toStrictEqual([]);
    expect(s.usages()).toStrictEqual([s.subscription]);
    // The subscription still sends in the dialog: its next NOTIFY goes out.
    expect(requests(s.c.command({ _tag: "TransferProgress", subscription: s.subscription, status: 180 }).sent, Methods.NOTIFY)).toHaveLength(1);
  });

  it("RFC 5057 §5.1 Transaction Only: 400, 403, 486, 491, 500, 503, 603 and an unknown 499 to the NOTIFY end neither usage", () => {
    for (const status of [400, 403, 486, 491, 500, 503, 603, 499]) {
      const s = survey();
      const out = s.answer(s.notify, status);
      expect([ended(out.delivered, s.call), ended(out.delivered, s.subscription)], String(status)).toStrictEqual([undefined, undefined]);
      expect([...s.usages()].sort(), String(status)).toStrictEqual([s.call, s.subscription].sort());
      expect(s.dialogs(), String(status)).toMatchObject([{ _tag: "Dialog", usages: [s.call, s.subscription] }]);
    }
  });

  it("RFC 5057 §5.1 note 3 (depends on the method): a 405 or 501 to the call's INFO, not integral to the INVITE usage, ends neither usage", () => {
    for (const status of [405, 501]) {
      const s = survey();
      const info = requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO)[0];
      if (info === undefined) throw new Error("no INFO");
      const out = s.answer(info, status);
      expect(out.delivered.flatMap((e) => (e._tag === "InDialogDone" ? [e.status] : [])), String(status)).toStrictEqual([status]);
      expect([ended(out.delivered, s.call), ended(out.delivered, s.subscription)], String(status)).toStrictEqual([undefined, undefined]);
      expect(s.usages().length, String(status)).toBe(2);
    }
  });

  it("RFC 5057 §5.1 note 3 (depends on the method): a 405 or 501 to the NOTIFY, the subscription's own method, ends that usage only", () => {
    for (const status of [405, 501]) {
      const s = survey();
      const out = s.answer(s.notify, status);
      expect(ended(out.delivered, s.subscription), String(status)).toMatchObject({ notice: { reason: { _tag: "NotifyFailed", status } } });
      expect(s.usages(), String(status)).toStrictEqual([s.call]);
    }
  });

  it("RFC 5057 §5.2: a NOTIFY that gets no response at all ends the subscription only (\"a transaction timeout should affect only the usage in which the transaction occurred\"); the call goes on", () => {
    const s = survey();
    const out = s.c.d.settle(64 * 500 + 1_000);
    expect(ended(out.delivered, s.subscription)).toMatchObject({ notice: { _tag: "Ended", reason: { _tag: "NotifyFailed", status: 408 } } });
    expect(ended(out.delivered, s.call)).toBeUndefined();
    expect(s.usages()).toStrictEqual([s.call]);
    expect(s.dialogs()).toMatchObject([{ _tag: "Dialog", usages: [s.call] }]);
  });

  it("RFC 5057 §5.2: an INFO of the call that gets no response at all ends the INVITE usage (by BYE, RFC 3261 §12.2.1.2) and leaves the subscription in the dialog", () => {
    const s = survey();
    s.answer(s.notify, 200);
    expect(requests(s.c.command({ _tag: "SendInDialog", call: s.call, method: Methods.INFO }).sent, Methods.INFO)).toHaveLength(1);
    const out = s.c.d.settle(64 * 500 + 1_000);
    expect(requests(out.sent, Methods.BYE)).toHaveLength(1);
    expect(ended(out.delivered, s.subscription)).toBeUndefined();
    expect(s.usages()).toContain(s.subscription);
  });

  it("RFC 5057 §5.1 note 13 (depends on the request): a 500 without Retry-After to the terminated NOTIFY, an attempt to end the usage, ends it; with Retry-After it does not", () => {
    const final = (retryAfter: boolean) => {
      const s = survey();
      s.answer(s.notify, 200);
      const last = requests(s.c.command({ _tag: "TransferProgress", subscription: s.subscription, status: 200 }).sent, Methods.NOTIFY)[0];
      if (last === undefined) throw new Error("no final NOTIFY");
      expect(last.headers.find((h) => h.name.toLowerCase() === "subscription-state")?.value).toMatch(/^terminated/);
      const out = s.answer(last, 500, retryAfter ? [{ name: "Retry-After", value: "30" }] : []);
      return { s, out };
    };
    const plain = final(false);
    expect(ended(plain.out.delivered, plain.s.subscription)).toBeDefined();
    expect(plain.s.usages()).toStrictEqual([plain.s.call]);
    const later = final(true);
    expect(ended(later.out.delivered, later.s.call)).toBeUndefined();
    expect(later.s.usages()).toContain(later.s.call);
  });
});
