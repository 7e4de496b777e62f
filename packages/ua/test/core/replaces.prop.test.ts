// RFC 3891 §3 as a property: Carol holds a random set of dialogs in every state; a random INVITE
// with Replaces (naming one of them as she sees it, as its sender sees it, or nothing; with or
// without early-only) never throws and gets exactly one answer: 2xx (after the application's
// Answer) when §3 says to accept, else 481, 486 or 603 as §3 says.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { carol, fromPeer, replacesOf } from "./replaces-carol.js";
import type { CarolDialog, DialogKind } from "./replaces-carol.js";

const KINDS: ReadonlyArray<DialogKind> = ["IncomingEarly", "IncomingConfirmed", "OutgoingEarly", "OutgoingConfirmed", "Terminating"];

/** What §3 answers for `kind` (the sender's view or no dialog: 481). */
const expected = (target: { readonly kind: DialogKind; readonly how: "Carol" | "Sender" } | null, earlyOnly: boolean): number => {
  if (target === null || target.how === "Sender") return 481;
  switch (target.kind) {
    case "IncomingEarly":
      return 481;
    case "Terminating":
      return 603;
    case "IncomingConfirmed":
    case "OutgoingConfirmed":
      return earlyOnly ? 486 : 200;
    case "OutgoingEarly":
      return 200;
  }
};

describe("RFC 3891 §3 property: random INVITE with Replaces against random dialog sets", () => {
  test.prop(
    [
      fc.array(fc.constantFrom(...KINDS), { minLength: 0, maxLength: 5 }),
      fc.nat(),
      fc.constantFrom<"Carol" | "Sender" | "Nothing">("Carol", "Sender", "Nothing"),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )("never throws; exactly one answer, the one §3 gives", (kinds, pick, how, earlyOnly) => {
    const c = carol();
    const dialogs: ReadonlyArray<CarolDialog> = kinds.map((kind, i) => {
      const peer = `p${String(i)}`;
      const ip = `192.0.2.${String(100 + i)}`;
      switch (kind) {
        case "IncomingEarly":
          return c.incomingEarly(peer, ip, `c${String(i)}@p`, `t${String(i)}`);
        case "IncomingConfirmed":
          return c.incomingConfirmed(peer, ip, `c${String(i)}@p`, `t${String(i)}`);
        case "OutgoingEarly":
          return c.outgoingEarly(peer, ip, `t${String(i)}`);
        case "OutgoingConfirmed":
          return c.outgoingConfirmed(peer, ip, `t${String(i)}`);
        case "Terminating":
          return c.terminating(peer, ip, `c${String(i)}@p`, `t${String(i)}`);
      }
    });
    const target = dialogs.length === 0 || how === "Nothing" ? undefined : dialogs[pick % dialogs.length];
    const flag = earlyOnly ? ";early-only" : "";
    const header =
      target === undefined
        ? `Replaces: none@x;to-tag=a;from-tag=b${flag}`
        : how === "Carol"
          ? replacesOf(target, flag)
          : `Replaces: ${target.callId};to-tag=${target.peerTag};from-tag=${target.carolTag}${flag}`;
    const referrer = target?.peer ?? "nobody";
    const invite = fromPeer({ method: "INVITE", user: "newcomer", ip: "192.0.2.250", callId: "fresh@n", fromTag: "ntag", headers: [header, `Referred-By: <sip:${referrer}@example.com>`] });
    let out: ReturnType<typeof c.receive> | undefined;
    expect(() => {
      out = c.receive(invite, "192.0.2.250");
    }).not.toThrow();
    const finals = (out?.sent ?? []).filter((m) => m._tag === "Response" && m.status >= 200);
    const incoming = out?.delivered.find((e) => e._tag === "IncomingCall");
    const want = expected(target === undefined || how === "Nothing" ? null : { kind: target.kind, how: how === "Carol" ? "Carol" : "Sender" }, earlyOnly);
    if (want === 200) {
      expect(finals).toStrictEqual([]);
      expect(incoming).toMatchObject({ replaces: target?.call });
      if (incoming?._tag !== "IncomingCall") return;
      const answered = c.command({ _tag: "Answer", call: incoming.call }).sent.filter((m) => m._tag === "Response" && m.status >= 200);
      expect(answered.map((m) => (m._tag === "Response" ? m.status : 0))).toStrictEqual([200]);
    } else {
      expect(incoming).toBeUndefined();
      expect(finals.map((m) => (m._tag === "Response" ? m.status : 0))).toStrictEqual([want]);
    }
  });
});
