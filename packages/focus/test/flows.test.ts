// The RFC 4579 §5 primitives against the focus on the simulated network, each participant a
// plain UA core: join (dial-in), leave, add by REFER (dial-out), remove by REFER method=BYE,
// several conferences at once, and what goes wrong (nobody answers, no Refer-To, no media).
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, decodeUtf8, parseMessage } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import type { Network, Wire } from "@puresip/testkit";
import { createNetwork, linkKey, peerOf, perfectLink, run, schedule, trace } from "@puresip/testkit";
import { REFER_SUBSCRIPTION_SECONDS, basicCapabilities, newRequest } from "@puresip/ua";
import type { AppEvent, UaCommand, UsageKey } from "@puresip/ua";
import { APPLICATION_KEY } from "@puresip/kernel";
import { applyNotification, parseConferenceInfo } from "@puresip/conference";
import type { ConferenceInfo } from "@puresip/conference";
import * as O from "fp-ts/lib/Option.js";
import type { AnyNode } from "./sim.js";
import { FOCUS, FOCUS_CONFIG, endpoint, focus, focusEvents, lastRoster, participant, uaEvents, uri, wireLabel } from "./sim.js";
import { checkFocusConfig, dialOutLimit } from "../src/index.js";
import type { FocusEvent } from "../src/index.js";

const ALICE = "192.0.2.1";
const BOB = "192.0.2.2";
const CAROL = "192.0.2.3";
const DAVE = "192.0.2.4";

type Net = Network<AnyNode, Wire, unknown>;

const network = (nodes: ReadonlyArray<AnyNode>): Net => createNetwork<AnyNode, Wire, unknown>({ seed: 7, nodes: Object.fromEntries(nodes.map((n) => [n.name, n])) });

const settle = (net: Net, until: number): Net => {
  const done = run(endpoint, { until, maxSteps: 200_000 })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

const at = (when: number, node: string, command: UaCommand) => (net: Net): Net => schedule<unknown>(when, node, command)(net);

/** The call key of a node's only call (its first CallCreated). */
const callOf = (n: AnyNode): UsageKey => {
  const created = uaEvents(n).find((e) => e._tag === "CallCreated");
  if (created?._tag !== "CallCreated") throw new Error(`${n.name} made no call`);
  return created.call;
};

const tags = (n: AnyNode): ReadonlyArray<string> => uaEvents(n).map((e) => (e._tag === "Subscription" ? `Subscription ${e.notice._tag}${"status" in e.notice ? ` ${String(e.notice.status)}` : ""}` : e._tag === "CallFailed" ? `CallFailed ${String(e.status)}` : e._tag));

/** Every message the focus sent, parsed. */
const sentBy = (net: Net, from: string): ReadonlyArray<SipMessage> =>
  trace(net).flatMap((t) => {
    if (t._tag !== "Sent" || t.from !== from) return [];
    const m = parseMessage(t.message);
    return E.isRight(m) ? [m.right] : [];
  });

const header = (m: SipMessage, name: string): string | undefined => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** The focus's own registry entries (its conferences). */
const conferencesIn = (n: AnyNode): ReadonlyArray<string> => [...n.engine.registry.keys()].filter((k) => k.startsWith(APPLICATION_KEY));

/** The conference-info documents a node's subscriptions received, in order. */
const notified = (n: AnyNode): ReadonlyArray<ConferenceInfo> =>
  uaEvents(n).flatMap((e) => {
    if (e._tag !== "Subscription" || e.notice._tag !== "Notification") return [];
    const body = decodeUtf8(e.notice.request.body);
    const info = E.isRight(body) ? parseConferenceInfo(body.right) : E.left(undefined);
    return E.isRight(info) ? [info.right] : [];
  });

const join = (who: AnyNode, conference: string, when = 0) => at(when, who.name, { _tag: "MakeCall", to: uri(`sip:${conference}@${FOCUS}`) });

describe("RFC 4579 §5.1 dial-in: an INVITE to the conference URI joins it", () => {
  it("200 with Contact <conference URI>;isfocus, SDP answered on the allocated port, the roster lists the participant connected", () => {
    const f = focus(1);
    const alice = participant("alice", ALICE, 11);
    const net = settle(join(alice, "alpha")(network([f, alice])), 5000);
    expect(tags(alice)).toContain("CallEstablished");
    const ok = sentBy(net, FOCUS).find((m) => m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE);
    expect(ok === undefined ? undefined : header(ok, "Contact")).toBe("<sip:alpha@192.0.2.100:5060>;isfocus");
    // RFC 3264 §6: the answer is on the address and port the shell allocated for alice.
    const body = ok === undefined ? "" : E.getOrElse(() => "")(decodeUtf8(ok.body));
    expect(body).toContain("c=IN IP4 192.0.2.100");
    expect(body).toContain("m=audio 30002 RTP/AVP 0");
    const roster = lastRoster(f, "alpha");
    expect(roster?.participants.map((p) => [p.uri, p.status, p.joining, p.media])).toStrictEqual([["sip:alice@192.0.2.1", "connected", "dialed-in", { address: FOCUS, port: 30002 }]]);
    expect(conferencesIn(f)).toStrictEqual([`${APPLICATION_KEY}alpha`]);
  });

  it("an INVITE to a URI the focus does not serve gets 404; a full conference 486", () => {
    const f = focus(2, { ...focusConfigWith(1) });
    const alice = participant("alice", ALICE, 12);
    const bob = participant("bob", BOB, 13);
    const carol = participant("carol", CAROL, 14);
    const net = settle(join(carol, "alpha", 200)(join(bob, "alpha")(join(alice, "gamma")(network([f, alice, bob, carol])))), 5000);
    expect(tags(alice)).toContain("CallFailed 404");
    expect(tags(bob)).toContain("CallEstablished");
    expect(tags(carol)).toContain("CallFailed 486");
    expect(lastRoster(f, "alpha")?.participants.map((p) => p.uri)).toStrictEqual(["sip:bob@192.0.2.2"]);
    expect(net.now).toBeLessThanOrEqual(5000);
  });
});

const focusConfigWith = (maxParticipants: number) => ({ conferences: ["alpha", "beta"], media: { username: "-", sessionId: "1", addrType: "IP4" as const, address: FOCUS, media: [{ media: "audio", proto: "RTP/AVP", port: 0, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] }, maxParticipants, mediaTimeout: 5000, dialOutSeconds: 60 });

describe("RFC 4579 §5.1 leaving: a BYE from a participant removes it", () => {
  it("the roster reports the participant departed, its media is released, and the conference entry is forgotten", () => {
    const f = focus(3);
    const alice = participant("alice", ALICE, 15);
    const net = settle(join(alice, "alpha")(network([f, alice])), 2000);
    settle(at(2000, ALICE, { _tag: "Hangup", call: callOf(alice) })(net), 60_000);
    expect(tags(alice)).toContain("CallEnded");
    const roster = lastRoster(f, "alpha");
    expect(roster?.participants).toStrictEqual([]);
    expect(roster?.departed.map((d) => [d.participant.uri, d.disconnection.method])).toStrictEqual([["sip:alice@192.0.2.1", "departed"]]);
    expect(focusEvents(f).filter((e) => e._tag === "ReleaseMedia")).toHaveLength(1);
    expect(conferencesIn(f)).toStrictEqual([]);
  });
});

describe("RFC 4579 §5.5 REFER to the conference URI: the focus dials out to the Refer-To", () => {
  it("inside alice's dialog: 202, the focus INVITEs carol with Contact <conference>;isfocus, alice hears 100 then 200 in sipfrag", () => {
    const f = focus(4);
    const alice = participant("alice", ALICE, 16);
    const carol = participant("carol", CAROL, 17);
    let net = settle(join(alice, "alpha")(network([f, alice, carol])), 2000);
    net = settle(at(2000, ALICE, { _tag: "Refer", call: callOf(alice), referTo: uri(`sip:carol@${CAROL}`) })(net), 10_000);
    expect(tags(carol)).toContain("CallEstablished");
    expect(tags(alice)).toEqual(expect.arrayContaining(["Subscription Accepted 202", "Subscription Progress 100", "Subscription Progress 200"]));
    const invite = sentBy(net, FOCUS).find((m) => m._tag === "Request" && m.method === Methods.INVITE);
    expect(invite === undefined ? undefined : header(invite, "Contact")).toBe("<sip:alpha@192.0.2.100:5060>;isfocus");
    expect(lastRoster(f, "alpha")?.participants.map((p) => [p.uri, p.status, p.joining])).toStrictEqual([
      ["sip:alice@192.0.2.1", "connected", "dialed-in"],
      ["sip:carol@192.0.2.3", "connected", "dialed-out"],
    ]);
  });

  it("outside any dialog, from someone not in the conference", () => {
    const f = focus(5);
    const bob = participant("bob", BOB, 18);
    const carol = participant("carol", CAROL, 19);
    settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:carol@${CAROL}`) })(network([f, bob, carol])), 10_000);
    expect(tags(carol)).toContain("CallEstablished");
    expect(tags(bob)).toContain("Subscription Progress 200");
    expect(lastRoster(f, "alpha")?.participants.map((p) => [p.uri, p.status])).toStrictEqual([["sip:carol@192.0.2.3", "connected"]]);
  });

  it("a dial-out nobody answers: the INVITE's Expires runs out, the focus CANCELs, the roster says failed, the referrer hears 487, nothing stays", () => {
    const f = focus(6);
    const bob = participant("bob", BOB, 20);
    const dave = participant("dave", DAVE, 21, "silent");
    const net = settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:dave@${DAVE}`) })(network([f, bob, dave])), 600_000);
    const statuses = lastRoster(f, "alpha");
    expect(statuses?.participants).toStrictEqual([]);
    expect(statuses?.departed.map((d) => [d.participant.uri, d.disconnection.method, d.disconnection.status])).toStrictEqual([["sip:dave@192.0.2.4", "failed", 487]]);
    expect(tags(bob)).toContain("Subscription Progress 487");
    expect(sentBy(net, FOCUS).some((m) => m._tag === "Request" && m.method === Methods.CANCEL)).toBe(true);
    expect(conferencesIn(f)).toStrictEqual([]);
    expect(f.engine.registry.size).toBe(0);
  });

  it("RFC 3515 §2.4.5, §2.4.7: a REFER to add a participant where nothing answers at all: the INVITE times out (408), the roster says failed, the referrer's NOTIFY says 408 inside the REFER's subscription, nothing stays", () => {
    const f = focus(8);
    const bob = participant("bob", BOB, 22);
    settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri("sip:ghost@192.0.2.9") })(network([f, bob])), 600_000);
    expect(lastRoster(f, "alpha")?.departed.map((d) => [d.participant.uri, d.disconnection.method, d.disconnection.status])).toStrictEqual([["sip:ghost@192.0.2.9", "failed", 408]]);
    const heard = (bob.log ?? []).flatMap((l) => (l.event._tag === "Subscription" ? [{ at: l.at, notice: (l.event as Extract<AppEvent, { _tag: "Subscription" }>).notice }] : []));
    const final = heard.find((h) => h.notice._tag === "Progress" && h.notice.status === 408);
    // RFC 3515 §2.4.4: the REFER's implicit subscription lasts REFER_SUBSCRIPTION_SECONDS; the failure comes before it runs out.
    expect(final?.at).toBeLessThan(REFER_SUBSCRIPTION_SECONDS * 1000);
    const ended = heard.find((h) => h.notice._tag === "Ended");
    expect(ended?.notice).toMatchObject({ _tag: "Ended", reason: { _tag: "Terminated" } });
    expect(ended?.notice._tag === "Ended" && ended.notice.reason._tag === "Terminated" ? ended.notice.reason.reason : undefined).not.toBe("timeout");
    expect(conferencesIn(f)).toStrictEqual([]);
    expect(f.engine.registry.size).toBe(0);
  });

  it("RFC3515-2.4.7-1, RFC 3261 §9.1: a dial-out callee that rings and then answers nothing, not even the CANCEL, is given up 64*T1 after the CANCEL, past the REFER's subscription: the referrer still hears its final NOTIFY (487, terminated;reason=noresource) before the subscription ends, once", () => {
    const f = focus(10);
    const bob = participant("bob", BOB, 25);
    const dave = participant("dave", DAVE, 26, "ring");
    let net = settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:dave@${DAVE}`) })(network([f, bob, dave])), 1000);
    expect(lastRoster(f, "alpha")?.participants.map((p) => [p.uri, p.status])).toStrictEqual([["sip:dave@192.0.2.4", "alerting"]]);
    // From now on nothing dave sends reaches the focus: no 200 for the CANCEL, no 487 for the INVITE.
    net = settle({ ...net, links: { [linkKey(DAVE, FOCUS)]: { ...perfectLink, loss: 1 } } }, 600_000);
    const heard = (bob.log ?? []).flatMap((l) => (l.event._tag === "Subscription" ? [{ at: l.at, notice: (l.event as Extract<AppEvent, { _tag: "Subscription" }>).notice }] : []));
    const finals = heard.filter((h) => h.notice._tag === "Progress" && h.notice.status >= 200);
    expect(finals.map((h) => (h.notice._tag === "Progress" ? h.notice.status : 0))).toStrictEqual([487]);
    expect(finals[0]?.at).toBeLessThan(REFER_SUBSCRIPTION_SECONDS * 1000);
    const ended = heard.find((h) => h.notice._tag === "Ended");
    expect(ended?.at).toBeLessThan(REFER_SUBSCRIPTION_SECONDS * 1000);
    expect(ended?.notice._tag === "Ended" && ended.notice.reason._tag === "Terminated" ? ended.notice.reason.reason : "not terminated").toBe("noresource");
    // The focus did CANCEL at the ring limit, and the UA core gave the INVITE up only after the subscription's end.
    const cancel = trace(net).find((t) => t._tag === "Sent" && t.from === FOCUS && wireLabel(t.message) === Methods.CANCEL);
    expect(cancel?.at).toBe(dialOutLimit(FOCUS_CONFIG) * 1000 + 10);
    const failedAt = (f.log ?? []).find((l) => l.event._tag === "RosterChanged" && (l.event as Extract<FocusEvent, { _tag: "RosterChanged" }>).participants.length === 0)?.at;
    expect(failedAt).toBeGreaterThan(REFER_SUBSCRIPTION_SECONDS * 1000);
    expect(lastRoster(f, "alpha")?.departed.map((d) => [d.participant.uri, d.disconnection.method])).toStrictEqual([["sip:dave@192.0.2.4", "failed"]]);
    expect(conferencesIn(f)).toStrictEqual([]);
    expect(f.engine.registry.size).toBe(0);
  });

  it("RFC 3515 §2.4.4: the dial-out may not ring past the REFER's subscription: checkFocusConfig refuses such a configuration, and one not checked still rings at most dialOutLimit", () => {
    expect(checkFocusConfig(FOCUS_CONFIG)).toStrictEqual(E.right(FOCUS_CONFIG));
    const long = { ...FOCUS_CONFIG, dialOutSeconds: 120 };
    expect(checkFocusConfig(long)).toStrictEqual(E.left({ _tag: "DialOutOutlastsRefer", dialOutSeconds: 120, mediaTimeout: 5000, limit: 54 }));
    expect(checkFocusConfig({ ...FOCUS_CONFIG, dialOutSeconds: 0 })).toStrictEqual(E.left({ _tag: "NotAPositiveNumber", field: "dialOutSeconds", value: 0 }));
    const f = focus(9, long);
    const bob = participant("bob", BOB, 23);
    const dave = participant("dave", DAVE, 24, "silent");
    const net = settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:dave@${DAVE}`) })(network([f, bob, dave])), 600_000);
    const invite = sentBy(net, FOCUS).find((m) => m._tag === "Request" && m.method === Methods.INVITE);
    expect(invite === undefined ? undefined : header(invite, "Expires")).toBe(String(dialOutLimit(long)));
    expect(dialOutLimit(long)).toBe(54);
    expect(tags(bob)).toContain("Subscription Progress 487");
    expect(f.engine.registry.size).toBe(0);
  });

  it("a REFER without Refer-To is answered 400 by the UA core's referee (RFC 3515 §2.4.2) and changes no roster", () => {
    const f = focus(7);
    const refer = newRequest(
      {
        method: Methods.REFER,
        requestUri: uri(`sip:alpha@${FOCUS}`),
        from: { aor: uri(`sip:bob@${BOB}`) },
        to: { aor: uri(`sip:alpha@${FOCUS}`) },
        contact: uri(`sip:bob@${BOB}:5060`),
        sentBy: { host: { _tag: "IPv4", value: BOB }, port: 5060, transport: "UDP" },
        capabilities: basicCapabilities,
      },
      { branch: "z9hG4bK9a8b7c6d5e4f3a2b", fromTag: "a1b2c3d4e5f6", callId: "0d9f0e8a7b6c5d4e3f2a1b0c9d8e7f6a", seq: 1 },
    );
    if (E.isLeft(refer)) throw new Error(`REFER not built: ${JSON.stringify(refer.left)}`);
    f.engine.receive(refer.right, peerOf(BOB));
    const answers = f.outbox.flatMap((o) => (o._tag === "Send" ? [parseMessage(o.message)] : [])).flatMap((m) => (E.isRight(m) && m.right._tag === "Response" ? [m.right.status] : []));
    expect(answers).toStrictEqual([400]);
    expect(lastRoster(f, "alpha")).toBeUndefined();
  });
});

describe("RFC 4579 §5.11 REFER with method=BYE: the focus removes a participant", () => {
  it("carol is hung up (BYE from the focus), the roster says booted, the referrer hears 200 after the BYE", () => {
    const f = focus(8);
    const alice = participant("alice", ALICE, 22);
    const bob = participant("bob", BOB, 23);
    const carol = participant("carol", CAROL, 24);
    let net = settle(join(carol, "alpha")(join(alice, "alpha")(network([f, alice, bob, carol]))), 2000);
    net = settle(at(2000, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:carol@${CAROL};method=BYE`) })(net), 60_000);
    expect(tags(carol)).toContain("CallEnded");
    expect(tags(bob)).toContain("Subscription Progress 200");
    expect(sentBy(net, FOCUS).some((m) => m._tag === "Request" && m.method === Methods.BYE && m.core.callId === uaEvents(carol).flatMap((e) => (e._tag === "CallCreated" ? [e.invite.core.callId] : []))[0])).toBe(true);
    const roster = lastRoster(f, "alpha");
    expect(roster?.participants.map((p) => p.uri)).toStrictEqual(["sip:alice@192.0.2.1"]);
    expect(roster?.departed.map((d) => [d.participant.uri, d.disconnection.method])).toStrictEqual([["sip:carol@192.0.2.3", "booted"]]);
  });

  it("a method=BYE naming nobody in the conference is refused 404", () => {
    const f = focus(9);
    const bob = participant("bob", BOB, 25);
    settle(at(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:carol@${CAROL};method=BYE`) })(network([f, bob])), 60_000);
    expect(tags(bob)).toContain("Subscription Ended");
    expect(lastRoster(f, "alpha")).toBeUndefined();
  });
});

describe("RFC 4353 §6 several conferences at once, each with its own participant list", () => {
  it("alice and bob in alpha, carol in beta: two rosters, each Contact names its own conference", () => {
    const f = focus(10);
    const alice = participant("alice", ALICE, 26);
    const bob = participant("bob", BOB, 27);
    const carol = participant("carol", CAROL, 28);
    const net = settle(join(carol, "beta", 5)(join(bob, "alpha", 3)(join(alice, "alpha")(network([f, alice, bob, carol])))), 5000);
    expect(lastRoster(f, "alpha")?.participants.map((p) => p.uri)).toStrictEqual(["sip:alice@192.0.2.1", "sip:bob@192.0.2.2"]);
    expect(lastRoster(f, "beta")?.participants.map((p) => p.uri)).toStrictEqual(["sip:carol@192.0.2.3"]);
    const contacts = new Set(sentBy(net, FOCUS).flatMap((m) => (m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE ? [header(m, "Contact")] : [])));
    expect(contacts).toStrictEqual(new Set(["<sip:alpha@192.0.2.100:5060>;isfocus", "<sip:beta@192.0.2.100:5060>;isfocus"]));
    // Each participant has its own media port.
    const ports = [...(lastRoster(f, "alpha")?.participants ?? []), ...(lastRoster(f, "beta")?.participants ?? [])].map((p) => p.media?.port);
    expect(new Set(ports).size).toBe(3);
  });
});

describe("media the owner never allocates (RFC 3261 §21.5.4)", () => {
  it("the join is refused 503 after mediaTimeout and nothing stays", () => {
    const f = focus(11, undefined, true);
    const alice = participant("alice", ALICE, 29);
    settle(join(alice, "alpha")(network([f, alice])), 120_000);
    expect(tags(alice)).toContain("CallFailed 503");
    expect(lastRoster(f, "alpha")?.departed.map((d) => d.disconnection.method)).toStrictEqual(["failed"]);
    expect(conferencesIn(f)).toStrictEqual([]);
  });
});

describe("RFC 4579 §5.1 (Figure 1 F5-F7) and RFC 4575: SUBSCRIBE to the conference URI with Event: conference", () => {
  it("the first NOTIFY has the full roster at subscription time, the next ones partial with consecutive versions (RFC 4575 §4.6) until alice connected; unsubscribed and empty, the entry is forgotten", () => {
    const f = focus(12);
    const alice = participant("alice", ALICE, 30);
    const bob = participant("bob", BOB, 31);
    let net = settle(at(0, BOB, { _tag: "Subscribe", to: uri(`sip:alpha@${FOCUS}`), event: "conference", expires: 600 })(network([f, alice, bob])), 1000);
    net = settle(join(alice, "alpha", 1000)(net), 3000);
    const documents = notified(bob);
    expect(documents[0]).toMatchObject({ entity: "sip:alpha@192.0.2.100", state: "full", version: 0, users: { users: [] } });
    // RFC 4575 §4.6, §5.2: the later ones say only what changed, one version up each, and fold into the roster.
    expect(documents.length).toBeGreaterThan(1);
    expect(documents.map((d) => d.version)).toStrictEqual(documents.map((_, i) => i));
    expect(documents.slice(1).map((d) => d.state)).toContain("partial");
    const roster = documents.reduce<O.Option<ConferenceInfo>>((local, d) => {
      const applied = applyNotification(local, d);
      expect(E.isRight(applied)).toBe(true);
      return E.isRight(applied) ? O.some(applied.right) : local;
    }, O.none);
    const last = O.isSome(roster) ? roster.value : undefined;
    expect(last?.users?.users.map((u) => [u.entity, u.endpoints[0]?.status, u.endpoints[0]?.joiningMethod])).toStrictEqual([["sip:alice@192.0.2.1", "connected", "dialed-in"]]);
    const subscription = uaEvents(bob).find((e) => e._tag === "SubscriptionCreated");
    if (subscription?._tag !== "SubscriptionCreated") throw new Error("no subscription");
    net = settle(at(3000, BOB, { _tag: "Unsubscribe", subscription: subscription.subscription })(net), 6000);
    settle(at(6000, ALICE, { _tag: "Hangup", call: callOf(alice) })(net), 60_000);
    expect(conferencesIn(f)).toStrictEqual([]);
  });

  it("RFC 4575 §3.2: a refreshing SUBSCRIBE gets the full state again, one version up, after the notifier's repeat of the last document", () => {
    const f = focus(14);
    const alice = participant("alice", ALICE, 33);
    const bob = participant("bob", BOB, 34);
    let net = settle(at(0, BOB, { _tag: "Subscribe", to: uri(`sip:alpha@${FOCUS}`), event: "conference", expires: 600 })(network([f, alice, bob])), 1000);
    net = settle(join(alice, "alpha", 1000)(net), 3000);
    const subscription = uaEvents(bob).find((e) => e._tag === "SubscriptionCreated");
    if (subscription?._tag !== "SubscriptionCreated") throw new Error("no subscription");
    const before = notified(bob).length;
    settle(at(3000, BOB, { _tag: "RefreshSubscription", subscription: subscription.subscription })(net), 6000);
    const documents = notified(bob);
    const last = documents[before - 1];
    // RFC 6665 §4.2.1.2: the refresh's own NOTIFY repeats the last document; then the full state.
    expect(documents.slice(before).map((d) => [d.state, d.version])).toStrictEqual([
      [last?.state, last?.version],
      ["full", (last?.version ?? 0) + 1],
    ]);
    expect(documents.at(-1)?.users?.users.map((u) => [u.entity, u.endpoints[0]?.status])).toStrictEqual([["sip:alice@192.0.2.1", "connected"]]);
  });

  it("another event package is 489 (RFC 6665 §4.2.1.1)", () => {
    const f = focus(13);
    const bob = participant("bob", BOB, 32);
    settle(at(0, BOB, { _tag: "Subscribe", to: uri(`sip:alpha@${FOCUS}`), event: "presence" })(network([f, bob])), 5000);
    expect(tags(bob)).toContainEqual(expect.stringMatching(/^Subscription Ended/));
    expect(conferencesIn(f)).toStrictEqual([]);
  });
});

describe("RFC 3264 §8.4 a participant holds and resumes the conference", () => {
  it("a re-INVITE with a sendonly offer is answered recvonly and the roster says on-hold; a sendrecv one brings it back to connected", () => {
    const f = focus(14);
    const alice = participant("alice", ALICE, 33);
    let net = settle(join(alice, "alpha")(network([f, alice])), 2000);
    net = settle(at(2000, ALICE, { _tag: "Hold", call: callOf(alice) })(net), 4000);
    expect(lastRoster(f, "alpha")?.participants.map((p) => p.status)).toStrictEqual(["on-hold"]);
    const held = sentBy(net, FOCUS).filter((m) => m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE).at(-1);
    expect(held === undefined ? "" : E.getOrElse(() => "")(decodeUtf8(held.body))).toContain("a=recvonly");
    settle(at(4000, ALICE, { _tag: "Resume", call: callOf(alice) })(net), 6000);
    expect(lastRoster(f, "alpha")?.participants.map((p) => p.status)).toStrictEqual(["connected"]);
    expect(uaEvents(alice).flatMap((e) => (e._tag === "ReofferDone" ? [e.status] : []))).toStrictEqual([200, 200]);
  });

  it("RFC 3264 §8: each answer that changes the description increments the o= version by one (0, then 1 for hold, 2 for resume), keeping the o= session id", () => {
    const f = focus(15);
    const alice = participant("alice", ALICE, 34);
    let net = settle(join(alice, "alpha")(network([f, alice])), 2000);
    net = settle(at(2000, ALICE, { _tag: "Hold", call: callOf(alice) })(net), 4000);
    net = settle(at(4000, ALICE, { _tag: "Resume", call: callOf(alice) })(net), 6000);
    const origins = sentBy(net, FOCUS)
      .filter((m) => m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE && m.body.length > 0)
      .map((m) => /^o=\S+ (\S+) (\S+) /m.exec(E.getOrElse(() => "")(decodeUtf8(m.body))))
      .map((o) => (o === null ? "" : `${o[1] ?? ""} ${o[2] ?? ""}`));
    // Retransmitted 2xx repeat their description: one per distinct version.
    const distinct = [...new Set(origins)];
    expect(distinct.map((o) => o.split(" ")[1])).toStrictEqual(["0", "1", "2"]);
    expect(new Set(distinct.map((o) => o.split(" ")[0])).size).toBe(1);
  });
});
