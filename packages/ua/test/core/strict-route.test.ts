// RFC 3261 §8.1.2 / §12.2.1.1 through the UA step: with a strict router (no `lr`) first in the
// dialog's route set, the ACK and the BYE carry that router in the Request-URI and are sent to
// it, not to the first Route (the rest of the route set, or the remote target).
import { describe, expect, it } from "vitest";
import { Methods, createResponse, printUri, tag } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { peerOf, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";
import type { Sent } from "./step-driver.js";

const BOB = "192.0.2.77";
const BOB_CONTACT = "<sip:bob@192.0.2.99:5062>";

/** A call answered by a 2xx whose Record-Route is `recordRoute` (as the UAS sent it: the UAC reverses it, §12.1.2); then Alice hangs up. */
const ackAndBye = (recordRoute: string): { readonly ack: Sent; readonly bye: Sent } => {
  const a = driver();
  const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } });
  const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE)!;
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  if (created?._tag !== "CallCreated") throw new Error("no CallCreated");
  const ok = must(createResponse(200, { toTag: must(tag("bob1")), headers: [{ name: "Contact", value: BOB_CONTACT }, { name: "Record-Route", value: recordRoute }] })(invite));
  const answered = a.feed({ _tag: "Received", now: 10, message: ok, source: peerOf(BOB) });
  const hungUp = a.feed({ _tag: "Command", now: 20, command: { _tag: "Hangup", call: created.call } });
  const ack = answered.transmitted.find((t) => label(t.message) === "ACK");
  const bye = hungUp.transmitted.find((t) => label(t.message) === "BYE");
  if (ack === undefined || bye === undefined) throw new Error(`no ACK or BYE: ${[...answered.sent, ...hungUp.sent].map(label).join(", ")}`);
  return { ack, bye };
};

const requestOf = (s: Sent): SipRequest => {
  if (s.message._tag !== "Request") throw new Error("not a request");
  return s.message;
};

describe("RFC 3261 §8.1.2 / §12.2.1.1 strict routing, through the UA step", () => {
  it("§12.2.1.1 / §8.1.2: a strict router alone: the ACK and BYE go to it (the Request-URI), not to the remote target in Route", () => {
    const { ack, bye } = ackAndBye("<sip:192.0.2.50>");
    for (const sent of [ack, bye]) {
      const r = requestOf(sent);
      expect(printUri(r.uri)).toBe("sip:192.0.2.50");
      expect(r.core.route.map((x) => printUri(x.uri))).toStrictEqual(["sip:bob@192.0.2.99:5062"]);
      expect(sent.destination).toStrictEqual({ transport: "UDP", host: "192.0.2.50", port: 5060 });
    }
  });

  it("§12.2.1.1 / §8.1.2: a strict router followed by a loose one: sent to the strict router, though the first Route has lr", () => {
    // The UAS's Record-Route lists the loose router (nearer the UAS) first; Alice's route set is [strict 50, loose 51].
    const { ack, bye } = ackAndBye("<sip:192.0.2.51:5070;lr>, <sip:192.0.2.50>");
    for (const sent of [ack, bye]) {
      const r = requestOf(sent);
      expect(printUri(r.uri)).toBe("sip:192.0.2.50");
      expect(r.core.route.map((x) => printUri(x.uri))).toStrictEqual(["sip:192.0.2.51:5070;lr", "sip:bob@192.0.2.99:5062"]);
      expect(sent.destination).toStrictEqual({ transport: "UDP", host: "192.0.2.50", port: 5060 });
    }
  });

  it("§8.1.2: a loose router first: the ACK and BYE keep the remote target as Request-URI and go to the first Route", () => {
    const { ack, bye } = ackAndBye("<sip:192.0.2.51:5070;lr>");
    for (const sent of [ack, bye]) {
      expect(printUri(requestOf(sent).uri)).toBe("sip:bob@192.0.2.99:5062");
      expect(sent.destination).toStrictEqual({ transport: "UDP", host: "192.0.2.51", port: 5070 });
    }
  });

  it("§8.1.2: no route set: the ACK and BYE go to the remote target", () => {
    const a = driver();
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } });
    const invite = made.sent.find((m): m is SipRequest => m._tag === "Request")!;
    const ok = must(createResponse(200, { toTag: must(tag("bob1")), headers: [{ name: "Contact", value: BOB_CONTACT }] })(invite));
    const answered = a.feed({ _tag: "Received", now: 10, message: ok, source: peerOf(BOB) });
    expect(answered.transmitted.map((t) => [label(t.message), t.destination])).toStrictEqual([["ACK", { transport: "UDP", host: "192.0.2.99", port: 5062 }]]);
  });
});
