// One copy of the dialog state (RFC 3261 §12, RFC 5057 §5): the remote target, the remote CSeq
// and the route set are the dialog's, held by its registry entry, and every usage of the
// dialog works from them. Carol's call with Alice, and in its dialog the implicit
// subscriptions of Alice's REFER to Carol (Carol the notifier) and of Carol's REFER to Alice
// (Carol the subscriber, RFC 3515 §2.4.4).
import { describe, expect, it } from "vitest";
import { Methods, createResponse, printUri, tag } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import type { AppEvent } from "../../src/index.js";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";
import { carol, fromPeer } from "./replaces-carol.js";

const ALICE_IP = "192.0.2.77";
const MOVED_IP = "192.0.2.99";
const sdpOf = (ip: string, version: number): string => `v=0\r\no=alice 9 ${String(version)} IN IP4 ${ip}\r\ns=-\r\nc=IN IP4 ${ip}\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;

const requests = (sent: ReadonlyArray<SipMessage>, method: string): ReadonlyArray<SipRequest> => sent.filter((m): m is SipRequest => m._tag === "Request" && m.method === method);

/** Carol calls Alice; Alice answers with SDP from ALICE_IP; Carol ACKs. */
const call = () => {
  const c = carol();
  const made = c.command({ _tag: "MakeCall", to: uri("sip:alice@example.com") });
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  const invite = requests(made.sent, Methods.INVITE)[0];
  if (created?._tag !== "CallCreated" || invite === undefined) throw new Error("no INVITE");
  const ok = must(
    createResponse(200, {
      toTag: must(tag("alicetag")),
      headers: [{ name: "Contact", value: `<sip:alice@${ALICE_IP}:5060>` }, { name: "Record-Route", value: "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>" }, { name: "Content-Type", value: "application/sdp" }],
      body: new TextEncoder().encode(sdpOf(ALICE_IP, 1)),
    })(invite),
  );
  expect(requests(c.receive(ok, ALICE_IP).sent, Methods.ACK)).toHaveLength(1);
  const carolTag = invite.core.from?.params.find((p) => p.name === "tag")?.value ?? "";
  const callId = invite.core.callId ?? "";
  const fromAlice = (method: string, seq: number, o: { readonly ip?: string; readonly headers?: ReadonlyArray<string>; readonly sdp?: string } = {}) =>
    c.receive(fromPeer({ method, user: "alice", ip: o.ip ?? ALICE_IP, callId, fromTag: "alicetag", toTag: carolTag, seq, ...(o.headers === undefined ? {} : { headers: o.headers }), ...(o.sdp === undefined ? {} : { sdp: o.sdp }) }), ALICE_IP);
  const answer = (request: SipRequest, status: number) => c.receive(must(createResponse(status)(request)), ALICE_IP);
  const entry = () => [...c.d.store.values()].find((e) => e._tag === "Dialog");
  return { c, call: created.call, callId, carolTag, fromAlice, answer, entry };
};

const subscriptionOf = (events: ReadonlyArray<AppEvent>) => {
  const n = events.find((e) => e._tag === "Subscription");
  if (n?._tag !== "Subscription") throw new Error("no Subscription notice");
  return n.subscription;
};

const responses = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<string> => sent.flatMap((m) => (m._tag === "Response" ? [`${String(m.status)}/${m.core.cseq?.method ?? "?"}`] : []));

describe("RFC 5057 §5.4 the remote target is the dialog's: a target refresh by one usage is every usage's", () => {
  it("RFC3261-12.2.2-7 / RFC 5057 §5.4: a re-INVITE changes Contact; the NOTIFY of the REFER subscription sent afterwards goes to the new target", () => {
    const s = call();
    const subscription = subscriptionOf(s.fromAlice("REFER", 2, { headers: ["Refer-To: <sip:bob@example.com>"] }).delivered);
    const first = requests(s.c.command({ _tag: "AcceptSubscription", subscription }).sent, Methods.NOTIFY)[0];
    if (first === undefined) throw new Error("no NOTIFY");
    expect(printUri(first.uri)).toBe(`sip:alice@${ALICE_IP}:5060`);
    s.answer(first, 200);
    // Alice moves: a re-INVITE from her new address, with a new offer; Carol answers 200 and Alice ACKs.
    const reinvite = s.fromAlice("INVITE", 3, { ip: MOVED_IP, sdp: sdpOf(MOVED_IP, 2) });
    expect(responses(reinvite.sent)).toStrictEqual(["200/INVITE"]);
    s.fromAlice("ACK", 3, { ip: MOVED_IP });
    const next = requests(s.c.command({ _tag: "TransferProgress", subscription, status: 180 }).sent, Methods.NOTIFY)[0];
    expect(next === undefined ? undefined : printUri(next.uri)).toBe(`sip:alice@${MOVED_IP}:5060`);
    expect(s.entry()).toMatchObject({ _tag: "Dialog", remoteTarget: next?.uri });
    // And the call's own next request goes there too.
    const bye = requests(s.c.command({ _tag: "Hangup", call: s.call }).sent, Methods.BYE)[0];
    expect(bye === undefined ? undefined : printUri(bye.uri)).toBe(`sip:alice@${MOVED_IP}:5060`);
  });

  it("RFC 5057 §5.4, RFC 6665 §4.1.2.4: a NOTIFY with a new Contact to our REFER's subscription moves the call's next request (the BYE) to the new target", () => {
    const s = call();
    const refer = requests(s.c.command({ _tag: "Refer", call: s.call, referTo: uri("sip:dave@example.com") }).sent, Methods.REFER)[0];
    if (refer === undefined) throw new Error("no REFER");
    s.answer(refer, 202);
    const notify = s.fromAlice("NOTIFY", 2, { ip: MOVED_IP, headers: ["Event: refer", "Subscription-State: active;expires=60"] });
    expect(responses(notify.sent)).toStrictEqual(["200/NOTIFY"]);
    const bye = requests(s.c.command({ _tag: "Hangup", call: s.call }).sent, Methods.BYE)[0];
    expect(bye === undefined ? undefined : printUri(bye.uri)).toBe(`sip:alice@${MOVED_IP}:5060`);
  });
});

describe("RFC 3261 §12.2.2 the remote CSeq is the dialog's: any usage's request raises it, a lower one for any usage gets 500", () => {
  it("RFC3261-12.2.2-4, RFC3261-12.2.2-6 across usages: after the call's INFO with CSeq 10, a NOTIFY to the REFER subscription with CSeq 9 gets 500; with CSeq 11, 200", () => {
    const s = call();
    const refer = requests(s.c.command({ _tag: "Refer", call: s.call, referTo: uri("sip:dave@example.com") }).sent, Methods.REFER)[0];
    if (refer === undefined) throw new Error("no REFER");
    s.answer(refer, 202);
    const info = s.fromAlice("INFO", 10);
    const handed = info.delivered.find((e) => e._tag === "InDialogRequest");
    if (handed?._tag !== "InDialogRequest") throw new Error("no INFO for the application");
    s.c.command({ _tag: "RespondTo", call: s.call, request: handed.request, status: 200 });
    expect(s.entry()).toMatchObject({ remoteSeq: 10 });
    const notify = (seq: number) => responses(s.fromAlice("NOTIFY", seq, { headers: ["Event: refer", "Subscription-State: active;expires=60"] }).sent);
    expect(notify(9)).toStrictEqual(["500/NOTIFY"]);
    expect(notify(11)).toStrictEqual(["200/NOTIFY"]);
    expect(s.entry()).toMatchObject({ remoteSeq: 11 });
  });

  it("RFC3261-12.2.2-4 across usages: after a NOTIFY with CSeq 12 to the REFER subscription, the call's INFO with CSeq 11 gets 500", () => {
    const s = call();
    const refer = requests(s.c.command({ _tag: "Refer", call: s.call, referTo: uri("sip:dave@example.com") }).sent, Methods.REFER)[0];
    if (refer === undefined) throw new Error("no REFER");
    s.answer(refer, 202);
    expect(responses(s.fromAlice("NOTIFY", 12, { headers: ["Event: refer", "Subscription-State: active;expires=60"] }).sent)).toStrictEqual(["200/NOTIFY"]);
    expect(responses(s.fromAlice("INFO", 11).sent)).toStrictEqual(["500/INFO"]);
  });
});

describe("RFC 3261 §12 the dialog's entry", () => {
  it("RFC 5057 §5: the entry holds the remote target and the route set the call's dialog was created with (§12.1.2: the Record-Route in reverse), and a REFER subscription's NOTIFY follows that route set", () => {
    const s = call();
    const entry = s.entry();
    expect(entry).toMatchObject({ _tag: "Dialog", remoteTarget: uri(`sip:alice@${ALICE_IP}:5060`), usages: [s.call] });
    const routes = entry?._tag === "Dialog" ? entry.routeSet.map((r) => printUri(r.uri)) : [];
    expect(routes).toStrictEqual(["sip:p1.example.com;lr", "sip:p2.example.com;lr"]);
    const subscription = subscriptionOf(s.fromAlice("REFER", 2, { headers: ["Refer-To: <sip:bob@example.com>"] }).delivered);
    const notify = requests(s.c.command({ _tag: "AcceptSubscription", subscription }).sent, Methods.NOTIFY)[0];
    expect(notify?.core.route.map((r) => printUri(r.uri))).toStrictEqual(routes);
  });
});
