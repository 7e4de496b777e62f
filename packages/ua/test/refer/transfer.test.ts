// Attended transfer (RFC 5589 §7) as the transferor and the transferee see it, through Carol's UA
// step: the REFER's Refer-To carries the consultation call's Replaces (RFC 3891 §6.1) and a
// Referred-By (RFC 3892 §2.1); the referee turns a Refer notice into the INVITE to make
// (RFC 3892 §2.2); RFC 4488 Refer-Sub: false when the peer listed norefersub.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, headerValues, parseUri, printUri, readHeader, referToHeader, replacesOfUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { referredCall } from "../../src/index.js";
import { uri } from "../core/harness.js";
import { must } from "../core/step-driver.js";
import { carol, fromPeer } from "../core/replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const DAVE_IP = "192.0.2.99";

const referOf = (sent: ReadonlyArray<{ readonly _tag: string }>): SipRequest | undefined => sent.find((m): m is SipRequest => m._tag === "Request" && (m as SipRequest).method === "REFER");

describe("RFC 5589 §7 attended transfer: the transferor's REFER", () => {
  it("RFC 5589 §7: Refer-To is the target with the consultation call's Replaces as the target sees it, and a Referred-By (RFC 3892 §2.1)", () => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, "held@alice", "alicetag");
    const consultation = c.outgoingConfirmed("dave", DAVE_IP, "davetag");
    const out = c.command({ _tag: "Refer", call: held.call, referTo: uri(`sip:dave@${DAVE_IP}:5060`), replaces: consultation.call });
    const refer = referOf(out.sent);
    expect(refer?.core.callId).toBe("held@alice");
    const referTo = refer === undefined ? E.left("none") : E.flatMap(readHeader(referToHeader)(refer), E.fromOption(() => "no Refer-To"));
    const replaces = E.isRight(referTo) ? replacesOfUri(referTo.right.uri) : E.left("none");
    expect(replaces).toStrictEqual(E.right(O.some({ callId: consultation.callId, toTag: "davetag", fromTag: consultation.carolTag, earlyOnly: false, params: [] })));
    expect(refer === undefined ? [] : headerValues("Referred-By")(refer)).toStrictEqual(["<sip:carol@example.com>"]);
    // RFC 4488 §4: Alice did not list norefersub, so the implicit subscription is kept.
    expect(refer === undefined ? ["?"] : headerValues("Refer-Sub")(refer)).toStrictEqual([]);
  });

  it("RFC 5589 §7: a consultation call that is not established is refused before anything is sent", () => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, "held@alice", "alicetag");
    const ringing = c.outgoingEarly("dave", DAVE_IP, "davetag");
    const out = c.command({ _tag: "Refer", call: held.call, referTo: uri(`sip:dave@${DAVE_IP}`), replaces: ringing.call });
    expect(out.sent).toStrictEqual([]);
    expect(out.delivered.map((e) => e._tag)).toStrictEqual(["Problem"]);
  });
});

describe("RFC 4488 §4 REFER without an implicit subscription", () => {
  const withNorefersub = () => {
    const c = carol();
    const invite = fromPeer({ method: "INVITE", user: "alice", ip: ALICE_IP, callId: "held@alice", fromTag: "alicetag", headers: ["Supported: norefersub"] });
    const call = c.receive(invite, ALICE_IP).delivered.find((e) => e._tag === "IncomingCall");
    if (call?._tag !== "IncomingCall") throw new Error("no call");
    const ok = c.command({ _tag: "Answer", call: call.call }).sent.find((m) => m._tag === "Response");
    c.receive(fromPeer({ method: "ACK", user: "alice", ip: ALICE_IP, callId: "held@alice", fromTag: "alicetag", toTag: ok === undefined ? "" : c.toTagOf(ok) }), ALICE_IP);
    const out = c.command({ _tag: "Refer", call: call.call, referTo: uri("sip:dave@example.com") });
    const refer = referOf(out.sent);
    if (refer === undefined) throw new Error("no REFER");
    const created = out.delivered.find((e) => e._tag === "SubscriptionCreated");
    return { c, refer, subscription: created?._tag === "SubscriptionCreated" ? created.subscription : undefined };
  };

  it("RFC 4488 §4: the peer listed norefersub: the REFER says Refer-Sub: false; a 2xx granting it ends the usage with NoSubscription", () => {
    const { c, refer, subscription } = withNorefersub();
    expect(headerValues("Refer-Sub")(refer)).toStrictEqual(["false"]);
    const accepted = c.receive(must(createResponse(202, { headers: [{ name: "Refer-Sub", value: "false" }] })(refer)), ALICE_IP);
    expect(accepted.delivered).toContainEqual({ _tag: "Subscription", subscription, notice: { _tag: "NoSubscription", status: 202 } });
    expect(subscription === undefined ? true : c.d.store.has(subscription)).toBe(false);
  });

  it("RFC 4488 §4: a 2xx without Refer-Sub: false keeps the implicit subscription (RFC 3515 as usual)", () => {
    const { c, refer, subscription } = withNorefersub();
    const accepted = c.receive(must(createResponse(202)(refer)), ALICE_IP);
    expect(accepted.delivered.some((e) => e._tag === "Subscription" && e.notice._tag === "NoSubscription")).toBe(false);
    expect(subscription === undefined ? false : c.d.store.has(subscription)).toBe(true);
  });
});

describe("RFC 4488 §4 the referee granting Refer-Sub: false", () => {
  const referWithoutSubscription = (extensions: ReadonlyArray<string>) => {
    const c = carol(extensions);
    const held = c.incomingConfirmed("alice", ALICE_IP, "held@alice", "alicetag");
    const refer = fromPeer({ method: "REFER", user: "alice", ip: ALICE_IP, callId: "held@alice", fromTag: "alicetag", toTag: held.carolTag, seq: 2, headers: ["Refer-To: <sip:dave@example.com>", "Refer-Sub: false"] });
    const asked = c.receive(refer, ALICE_IP).delivered.find((e) => e._tag === "Subscription");
    if (asked?._tag !== "Subscription") throw new Error("no Refer notice");
    return { c, subscription: asked.subscription, accepted: c.command({ _tag: "AcceptSubscription", subscription: asked.subscription }) };
  };

  it("RFC 4488 §4: a UA listing norefersub answers 202 with Refer-Sub: false, sends no NOTIFY and keeps no subscription", () => {
    const { c, subscription, accepted } = referWithoutSubscription(["replaces", "norefersub"]);
    const sent = accepted.sent.map((m) => (m._tag === "Response" ? `${String(m.status)} Refer-Sub: ${headerValues("Refer-Sub")(m).join(",")}` : m.method));
    expect(sent).toStrictEqual(["202 Refer-Sub: false"]);
    expect(c.d.store.has(subscription)).toBe(false);
  });

  it("RFC 4488 §4: a UA not listing norefersub keeps the implicit subscription: 202 without Refer-Sub, then NOTIFY", () => {
    const { accepted } = referWithoutSubscription(["replaces"]);
    expect(accepted.sent.map((m) => (m._tag === "Response" ? `${String(m.status)} ${headerValues("Refer-Sub")(m).join(",")}` : m.method))).toStrictEqual(["202 ", "NOTIFY"]);
  });
});

describe("RFC 3515 §2.4.2 the referee", () => {
  it("RFC 3515 §2.4.2: a REFER without Refer-To gets 400", () => {
    const c = carol();
    const held = c.incomingConfirmed("alice", ALICE_IP, "held@alice", "alicetag");
    const out = c.receive(fromPeer({ method: "REFER", user: "alice", ip: ALICE_IP, callId: "held@alice", fromTag: "alicetag", toTag: held.carolTag, seq: 2 }), ALICE_IP);
    expect(out.sent.map((m) => (m._tag === "Response" ? m.status : m.method))).toStrictEqual([400]);
  });

  it("RFC 3892 §2.2: referredCall takes the Request-URI, the Replaces of the Refer-To and copies the Referred-By", () => {
    const referTo = must(referToHeader.parse("<sip:dave@192.0.2.99:5060?Replaces=c1%40h%3Bto-tag%3Dd1%3Bfrom-tag%3Dc2>"));
    const by = { _tag: "NameAddr" as const, uri: uri("sip:carol@example.com"), angle: true, params: [] };
    const made = referredCall({ referTo, referredBy: by });
    expect(E.map((m: { readonly to: Parameters<typeof printUri>[0] }) => printUri(m.to))(made)).toStrictEqual(E.right("sip:dave@192.0.2.99:5060"));
    expect(made).toMatchObject(E.right({ replaces: { callId: "c1@h", toTag: "d1", fromTag: "c2", earlyOnly: false }, referredBy: by }));
    expect(referredCall({ referTo: { ...referTo, uri: must(parseUri("sip:dave@h;method=SUBSCRIBE")) }, referredBy: null })._tag).toBe("Left");
    expect(referredCall({ referTo: { ...referTo, uri: must(parseUri("sip:dave@h?Replaces=bad")) }, referredBy: null })._tag).toBe("Left");
    expect(referredCall({ referTo: { ...referTo, uri: must(parseUri("tel:+15551234")) }, referredBy: null })._tag).toBe("Left");
  });
});
