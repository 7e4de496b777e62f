// RFC 3891 §3 rule by rule, through Carol's UA step: Bob's INVITE with Replaces for one of
// Carol's dialogs with Alice, sent on Alice's behalf (Referred-By: Alice).
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { StoreEntryCodec } from "../../src/index.js";
import { headerValues, replacesHeader } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";
import { carol, fromPeer, replacesOf } from "./replaces-carol.js";
import type { CarolDialog } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const BOB_IP = "192.0.2.88";
const BY_ALICE = "Referred-By: <sip:alice@example.com>";

const statuses = (ms: ReadonlyArray<SipMessage>): ReadonlyArray<string> => ms.map((m) => (m._tag === "Request" ? m.method : String(m.status)));

/** Bob's INVITE with `headers` (a new Call-ID and tag). */
const bobInvite = (headers: ReadonlyArray<string>, method = "INVITE", user = "bob") => fromPeer({ method, user, ip: BOB_IP, callId: `new-${String(headers.length)}@bob`, fromTag: "bobtag", headers });

describe("RFC 3891 §3 receiving an INVITE with Replaces (the recipient's verdicts)", () => {
  it("RFC 3891 §3: a confirmed dialog is replaced: the app hears which call, the 2xx carries Supported: replaces, and once the new call is confirmed the old one gets BYE", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    const invite = bobInvite([replacesOf(old), BY_ALICE]);
    const got = c.receive(invite, BOB_IP);
    const incoming = got.delivered.find((e) => e._tag === "IncomingCall");
    expect(incoming).toMatchObject({ _tag: "IncomingCall", replaces: old.call });
    if (incoming?._tag !== "IncomingCall") return;
    // The mark survives the store's codec (a saved registry still ends the old call).
    const entry = c.d.store.get(incoming.call);
    expect(entry).toMatchObject({ usage: { replaces: old.call, peerSupports: [] } });
    expect(entry === undefined ? undefined : StoreEntryCodec.decode(JSON.parse(JSON.stringify(StoreEntryCodec.encode(entry))))).toStrictEqual(E.right(entry));
    const answered = c.command({ _tag: "Answer", call: incoming.call });
    const ok = answered.sent.find((m) => m._tag === "Response" && m.status === 200);
    expect(ok === undefined ? [] : headerValues("Supported")(ok).flatMap((v) => v.split(",").map((t) => t.trim()))).toContain("replaces");
    // Nothing happens to the old dialog before the new one is confirmed.
    expect(statuses(answered.sent)).toStrictEqual(["200"]);
    const ack = c.receive(fromPeer({ method: "ACK", user: "bob", ip: BOB_IP, callId: invite.core.callId ?? "", fromTag: "bobtag", toTag: ok === undefined ? "" : c.toTagOf(ok) }), BOB_IP);
    expect(statuses(ack.sent)).toStrictEqual(["BYE"]);
    expect(ack.sent[0]?.core.callId).toBe("old@alice");
    expect(ack.delivered.map((e) => e._tag)).toContain("CallEstablished");
  });

  it("RFC 3891 §3: the to-tag is compared to the local tag and the from-tag to the remote tag: the sender's view of the tags matches nothing (481)", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    const swapped = `Replaces: ${old.callId};to-tag=${old.peerTag};from-tag=${old.carolTag}`;
    expect(statuses(c.receive(bobInvite([swapped, BY_ALICE]), BOB_IP).sent)).toStrictEqual(["481"]);
  });

  it("RFC 3891 §3: a Replaces that matches nothing gets 481 and no IncomingCall", () => {
    const c = carol();
    c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    const got = c.receive(bobInvite(["Replaces: nothing@here;to-tag=a;from-tag=b", BY_ALICE]), BOB_IP);
    expect(statuses(got.sent)).toStrictEqual(["481"]);
    expect(got.delivered.map((e) => e._tag)).toStrictEqual(["Rejected"]);
  });

  it("RFC 3891 §3: a confirmed dialog with early-only gets 486 Busy and stays", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old, ";early-only"), BY_ALICE]), BOB_IP).sent)).toStrictEqual(["486"]);
    expect(c.d.store.get(old.call)).toMatchObject({ usage: { session: { _tag: "Established" } } });
  });

  it("RFC 3891 §3: a dialog that has already terminated (Carol's BYE is out) gets 603 Declined", () => {
    const c = carol();
    const old = c.terminating("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old), BY_ALICE]), BOB_IP).sent)).toStrictEqual(["603"]);
  });

  it("RFC 3891 §3: an early dialog this UA did not initiate gets 481 and stays ringing", () => {
    const c = carol();
    const old = c.incomingEarly("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old), BY_ALICE]), BOB_IP).sent)).toStrictEqual(["481"]);
    expect(c.d.store.get(old.call)).toMatchObject({ usage: { session: { _tag: "Incoming" } } });
  });

  it("RFC 3891 §3: an early dialog this UA initiated is replaced: 2xx, then CANCEL of the old INVITE", () => {
    const c = carol();
    const old = c.outgoingEarly("alice", ALICE_IP, "alicetag");
    const invite = bobInvite([replacesOf(old), BY_ALICE]);
    const incoming = c.receive(invite, BOB_IP).delivered.find((e) => e._tag === "IncomingCall");
    expect(incoming).toMatchObject({ replaces: old.call });
    if (incoming?._tag !== "IncomingCall") return;
    const ok = c.command({ _tag: "Answer", call: incoming.call }).sent.find((m) => m._tag === "Response" && m.status === 200);
    const ack = c.receive(fromPeer({ method: "ACK", user: "bob", ip: BOB_IP, callId: invite.core.callId ?? "", fromTag: "bobtag", toTag: ok === undefined ? "" : c.toTagOf(ok) }), BOB_IP);
    expect(statuses(ack.sent)).toStrictEqual(["CANCEL"]);
    expect(ack.sent[0]?.core.callId).toBe(old.callId);
  });

  it("RFC 3891 §3: a confirmed dialog Carol made is replaced too (her tag is her INVITE's From tag)", () => {
    const c = carol();
    const old = c.outgoingConfirmed("alice", ALICE_IP, "alicetag");
    expect(c.receive(bobInvite([replacesOf(old), BY_ALICE]), BOB_IP).delivered.find((e) => e._tag === "IncomingCall")).toMatchObject({ replaces: old.call });
  });

  it("RFC 3891 §3: more than one Replaces header field gets 400", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old), replacesOf(old), BY_ALICE]), BOB_IP).sent)).toStrictEqual(["400"]);
  });

  it("RFC 3891 §3: a Replaces in a request other than INVITE gets 400", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old)], "OPTIONS"), BOB_IP).sent)).toStrictEqual(["400"]);
  });

  it("RFC 3891 §3: Replaces with a header of contradictory semantics (Join) gets 400; a malformed Replaces too (§6.1)", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old), `Join: ${old.callId};to-tag=${old.carolTag};from-tag=${old.peerTag}`, BY_ALICE]), BOB_IP).sent)).toStrictEqual(["400"]);
    expect(statuses(c.receive(bobInvite([`Replaces: ${old.callId};to-tag=${old.carolTag}`]), BOB_IP).sent)).toStrictEqual(["400"]);
  });

  it("RFC 3891 §3: a Replaces matching a dialog not created with an INVITE (a subscription) gets 481", () => {
    const c = carol();
    const sub = c.receive(fromPeer({ method: "SUBSCRIBE", user: "alice", ip: ALICE_IP, callId: "sub@alice", fromTag: "alicesub", headers: ["Event: presence", "Expires: 600"] }), ALICE_IP);
    const created = sub.delivered.find((e) => e._tag === "Subscription");
    if (created?._tag !== "Subscription") throw new Error("no subscription");
    const accepted = c.command({ _tag: "AcceptSubscription", subscription: created.subscription });
    const ok = accepted.sent.find((m) => m._tag === "Response" && m.status === 200);
    const dialog: CarolDialog = { kind: "IncomingConfirmed", call: created.subscription, callId: "sub@alice", carolTag: ok === undefined ? "" : c.toTagOf(ok), peerTag: "alicesub", peer: "alice" };
    expect(statuses(c.receive(bobInvite([replacesOf(dialog), BY_ALICE]), BOB_IP).sent)).toStrictEqual(["481"]);
  });

  it("RFC 3891 §3: the initiator must be authorized: neither the replaced user (From) nor sent on its behalf (Referred-By): 403; the replaced user itself: accepted", () => {
    const c = carol();
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    expect(statuses(c.receive(bobInvite([replacesOf(old)]), BOB_IP).sent)).toStrictEqual(["403"]);
    const fromAlice = fromPeer({ method: "INVITE", user: "alice", ip: ALICE_IP, callId: "again@alice", fromTag: "alice2", headers: [replacesOf(old)] });
    expect(c.receive(fromAlice, ALICE_IP).delivered.find((e) => e._tag === "IncomingCall")).toMatchObject({ replaces: old.call });
  });

  it("RFC 3891 §3: a UA that does not list replaces in its capabilities treats the INVITE as a new call", () => {
    const c = carol([]);
    const old = c.incomingConfirmed("alice", ALICE_IP, "old@alice", "alicetag");
    const incoming = c.receive(bobInvite([replacesOf(old), BY_ALICE]), BOB_IP).delivered.find((e) => e._tag === "IncomingCall");
    expect(incoming?._tag).toBe("IncomingCall");
    expect(incoming !== undefined && "replaces" in incoming).toBe(false);
  });
});

describe("RFC 3891 §4 sending an INVITE with Replaces", () => {
  it("RFC 3891 §4: MakeCall with replaces and referredBy puts a single Replaces and the Referred-By (RFC 3892 §2.2) in the INVITE", () => {
    const c = carol();
    const replaces = must(replacesHeader.parse("abc@host;to-tag=t1;from-tag=f1"));
    const out = c.command({ _tag: "MakeCall", to: uri("sip:dave@example.com"), replaces, referredBy: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] } });
    const invite = out.sent.find((m) => m._tag === "Request");
    expect(invite === undefined ? [] : headerValues("Replaces")(invite)).toStrictEqual(["abc@host;to-tag=t1;from-tag=f1"]);
    expect(invite === undefined ? [] : headerValues("Referred-By")(invite)).toStrictEqual(["<sip:alice@example.com>"]);
    expect(O.isSome(O.fromNullable(invite))).toBe(true);
  });
});
