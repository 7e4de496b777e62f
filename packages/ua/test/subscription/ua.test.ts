// Subscriptions and REFER through the UA core's step (usages/subscription/usage.ts), between UA nodes
// on the simulated network with the transaction layer, checked message by message.
import { describe, expect, it } from "vitest";
import { Methods, parseMessage } from "@puresip/message";
import { createNetwork, run } from "@puresip/testkit";
import type { Endpoint } from "@puresip/testkit";
import type { AppEvent, UaCommand, UaConfig, UsageKey } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "../core/harness.js";
import { capabilities, endpoint, node, tags, uaConfig, uri } from "../core/harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, sent } from "../core/flows.js";

const CAROL = "10.0.0.3";

/** A UA that takes part in subscriptions: SUBSCRIBE, NOTIFY and REFER, sipfrag and text bodies. */
const config = (user: string, ip: string): UaConfig =>
  uaConfig(user, ip, {
    capabilities: {
      ...capabilities,
      methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER],
      contentTypes: [...capabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }],
    },
  });

const text = (s: string) => ({ type: "text/plain", content: new TextEncoder().encode(s) });

const net = (nodes: Record<string, UaNode>, agenda: ReadonlyArray<{ readonly at: number; readonly node: string; readonly command: UaCommand }>) =>
  createNetwork<UaNode, Wire, UaCommand>({ seed: 7, nodes, defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 }, agenda });

const notice = (e: AppEvent): string | undefined => (e._tag === "Subscription" ? e.notice._tag : undefined);

describe("RFC 6665 §4.1–§4.2 a subscription between two UA cores", () => {
  it("SUBSCRIBE, 200, NOTIFY, 200; a state change NOTIFY; unsubscribe, the terminated NOTIFY; both registries empty", () => {
    const bobPolicy: Policy = (e) => {
      if (e._tag !== "Subscription") return [];
      if (e.notice._tag === "Incoming") {
        return [
          { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription, body: text("open") } },
          { delay: 1000, command: { _tag: "UpdateSubscription", subscription: e.subscription, body: text("busy") } },
        ];
      }
      return [];
    };
    const alicePolicy: Policy = (e) => (e._tag === "SubscriptionCreated" ? [{ delay: 5000, command: { _tag: "Unsubscribe", subscription: e.subscription } }] : []);
    const done = runAll(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy), [BOB]: node("bob", config("bob", BOB), 22, bobPolicy) },
        [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "presence", expires: 600 } }],
      ),
    );
    expect(messages(done)).toStrictEqual([
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
    ]);
    const alice = nodeOf(done, ALICE);
    const bob = nodeOf(done, BOB);
    expect(tags(alice)).toStrictEqual([
      "SubscriptionCreated SUBSCRIBE",
      "Subscription Accepted 200",
      "Subscription Notification",
      "Subscription Notification",
      "Subscription Notification",
      "Subscription Ended",
    ]);
    expect(tags(bob)).toStrictEqual(["Subscription Incoming", "Subscription Delivered 200", "Subscription Delivered 200", "Subscription Refreshed", "Subscription Delivered 200", "Subscription Ended"]);
    // No subscription, transaction or client-request context is left once the transactions end.
    expect([...alice.engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
    expect([...bob.engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
  });

  it("RFC 6665 §4.1.2.2, §4.2.1.2: RefreshSubscription sends a refreshing SUBSCRIBE at once, answered with a NOTIFY of the full state", () => {
    const accept: Policy = (e) => (e._tag === "Subscription" && e.notice._tag === "Incoming" ? [{ delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription, body: text("open") } }] : []);
    const alicePolicy: Policy = (e) =>
      e._tag === "SubscriptionCreated"
        ? [
            { delay: 1000, command: { _tag: "RefreshSubscription", subscription: e.subscription, expires: 300 } },
            { delay: 5000, command: { _tag: "Unsubscribe", subscription: e.subscription } },
          ]
        : [];
    const done = runAll(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy), [BOB]: node("bob", config("bob", BOB), 22, accept) },
        [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "conference", expires: 600 } }],
      ),
    );
    // The initial SUBSCRIBE, the refresh and the unsubscribe: each answered 200 and followed by a NOTIFY.
    const round = ["alice->bob SUBSCRIBE", "bob->alice 200 OK", "bob->alice NOTIFY", "alice->bob 200 OK"];
    expect(messages(done)).toStrictEqual([...round, ...round, ...round]);
    const refresh = sent(done).map((m) => new TextDecoder().decode(m.bytes)).filter((m) => m.startsWith("SUBSCRIBE"))[1] ?? "";
    expect(refresh).toMatch(/\r\nExpires: 300\r\n/);
    expect(tags(nodeOf(done, ALICE)).filter((t) => t === "Subscription Notification")).toHaveLength(3);
  });

  it("RFC 6665 §4.2.1.1: a UA that lists no such package answers 489", () => {
    const bobPolicy: Policy = (e) => (e._tag === "Subscription" && e.notice._tag === "Incoming" ? [{ delay: 0, command: { _tag: "RejectSubscription", subscription: e.subscription, status: 489 } }] : []);
    const done = runAll(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, () => []), [BOB]: node("bob", config("bob", BOB), 22, bobPolicy) },
        [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "dialog" } }],
      ),
    );
    expect(messages(done)).toStrictEqual(["alice->bob SUBSCRIBE", "bob->alice 489 Bad Event"]);
    expect(tags(nodeOf(done, ALICE)).at(-1)).toBe("Subscription Ended");
  });
});

describe("RFC 6665 §4.2.1.1 the durations a UA grants, from its config", () => {
  const leaveAfterASecond: Policy = (e) => (e._tag === "SubscriptionCreated" ? [{ delay: 1000, command: { _tag: "Unsubscribe", subscription: e.subscription } }] : []);
  /** Alice subscribes to Bob's presence for `expires` s; Bob's answer to that first SUBSCRIBE. */
  const subscribeFor = (expires: number, notifier?: UaConfig["notifier"]) => {
    const accept: Policy = (e) => (e._tag === "Subscription" && e.notice._tag === "Incoming" ? [{ delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription, body: text("open") } }] : []);
    const bob = notifier === undefined ? config("bob", BOB) : { ...config("bob", BOB), notifier };
    const done = runAll(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, leaveAfterASecond), [BOB]: node("bob", bob, 22, accept) },
        [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "presence", expires } }],
      ),
    );
    const answer = sent(done).map(({ bytes }) => new TextDecoder().decode(bytes)).find((m) => m.startsWith("SIP/2.0 ") && m.includes("CSeq: 1 SUBSCRIBE"));
    const header = (name: string): string | undefined => (answer ?? "").split("\r\n").find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
    return { status: answer?.slice(8, 11), header };
  };

  it("by default: 423 with Min-Expires: 60 below a minute, at most an hour", () => {
    const brief = subscribeFor(30);
    expect([brief.status, brief.header("Min-Expires")]).toStrictEqual(["423", "60"]);
    const long = subscribeFor(7200);
    expect([long.status, long.header("Expires")]).toStrictEqual(["200", "3600"]);
  });

  it("as configured: a lower minimum and a shorter maximum", () => {
    const notifier = { minExpires: 10, maxExpires: 600 };
    const brief = subscribeFor(30, notifier);
    expect([brief.status, brief.header("Expires")]).toStrictEqual(["200", "30"]);
    const long = subscribeFor(7200, notifier);
    expect([long.status, long.header("Expires")]).toStrictEqual(["200", "600"]);
    const none = subscribeFor(5, { minExpires: null, maxExpires: 600 });
    expect([none.status, none.header("Expires")]).toStrictEqual(["200", "5"]);
  });
});

describe("RFC 3515 §2.4.4 a blind transfer through the UA cores: Alice calls Bob, Bob refers Alice to Carol", () => {
  it("REFER, 202, NOTIFY 100; Alice calls Carol; NOTIFY 180, NOTIFY 200 terminated; Bob hangs up", () => {
    // Alice's application: accept the transfer, call Carol, report the call's progress.
    let transfer: UsageKey | null = null;
    let carolCall: UsageKey | null = null;
    const alicePolicy: Policy = (e) => {
      if (e._tag === "Subscription" && e.notice._tag === "Refer") {
        transfer = e.subscription;
        return [
          { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription } },
          { delay: 100, command: { _tag: "MakeCall", to: e.notice.referTo.uri } },
        ];
      }
      if (e._tag === "CallCreated" && transfer !== null) carolCall = e.call;
      if (transfer === null || carolCall === null) return [];
      if (e._tag === "CallProgress" && e.call === carolCall) return [{ delay: 0, command: { _tag: "TransferProgress", subscription: transfer, status: e.status } }];
      if (e._tag === "CallEstablished" && e.call === carolCall) return [{ delay: 0, command: { _tag: "TransferProgress", subscription: transfer, status: 200 } }];
      return [];
    };
    // Bob's application: answer, transfer Alice to Carol after a while, hang up once it worked.
    let bobCall: UsageKey | null = null;
    const bobPolicy: Policy = (e, now) => {
      if (e._tag === "IncomingCall") bobCall = e.call;
      if (e._tag === "CallEstablished") return [{ delay: 1000, command: { _tag: "Refer", call: e.call, referTo: uri(`sip:carol@${CAROL}`) } }];
      if (e._tag === "Subscription" && e.notice._tag === "Progress" && e.notice.final && bobCall !== null) return [{ delay: 0, command: { _tag: "Hangup", call: bobCall } }];
      return answerAfter(100)(e, now);
    };
    const carolPolicy: Policy = (e, now) => [...answerAfter(500)(e, now), ...(e._tag === "CallEstablished" ? [{ delay: 3000, command: { _tag: "Hangup" as const, call: e.call } }] : [])];
    const done = runAll(
      net(
        {
          [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy),
          [BOB]: node("bob", config("bob", BOB), 22, bobPolicy),
          [CAROL]: node("carol", config("carol", CAROL), 33, carolPolicy),
        },
        [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } }],
      ),
    );
    const names = (line: string) => line.replace(CAROL, "carol");
    expect(messages(done).map(names)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 180 Ringing",
      "bob->alice 200 OK",
      "alice->bob ACK",
      "bob->alice REFER",
      "alice->bob 202 Accepted",
      "alice->bob NOTIFY",
      "bob->alice 200 OK",
      "alice->carol INVITE",
      "carol->alice 180 Ringing",
      "alice->bob NOTIFY",
      "bob->alice 200 OK",
      "carol->alice 200 OK",
      "alice->carol ACK",
      "alice->bob NOTIFY",
      "bob->alice 200 OK",
      "bob->alice BYE",
      "alice->bob 200 OK",
      "carol->alice BYE",
      "alice->carol 200 OK",
    ]);
    const bob = nodeOf(done, BOB);
    expect(tags(bob).filter((t) => t.startsWith("Subscription"))).toStrictEqual([
      "SubscriptionCreated REFER",
      "Subscription Accepted 202",
      "Subscription Notification",
      "Subscription Progress 100",
      "Subscription Notification",
      "Subscription Progress 180",
      "Subscription Notification",
      "Subscription Progress 200",
      "Subscription Ended",
    ]);
    expect(nodeOf(done, ALICE).log?.map((l) => notice(l.event)).filter((t) => t !== undefined)).toStrictEqual(["Refer", "Delivered", "Delivered", "Delivered", "Ended"]);
    for (const ip of [ALICE, BOB, CAROL]) expect([...nodeOf(done, ip).engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
  });
});

describe("RFC 3261 §12.2.1.1 one dialog, two usages: the call and the REFER's subscription", () => {
  it("the CSeq numbers of a dialog keep growing across the call and the subscription", () => {
    let transfer: UsageKey | null = null;
    let call: UsageKey | null = null;
    // Alice accepts at once, reports success at once, then hangs up the call with Bob.
    const alicePolicy: Policy = (e) => {
      if (e._tag === "CallCreated") call = e.call;
      if (e._tag === "Subscription" && e.notice._tag === "Refer") {
        transfer = e.subscription;
        return [
          { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription } },
          { delay: 100, command: { _tag: "TransferProgress", subscription: e.subscription, status: 200 } },
        ];
      }
      if (e._tag === "Subscription" && e.notice._tag === "Ended" && transfer !== null && call !== null) return [{ delay: 0, command: { _tag: "Hangup", call } }];
      return [];
    };
    const bobPolicy: Policy = (e, now) => (e._tag === "CallEstablished" ? [{ delay: 500, command: { _tag: "Refer", call: e.call, referTo: uri(`sip:carol@${CAROL}`) } }] : answerAfter(100)(e, now));
    const done = runAll(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy), [BOB]: node("bob", config("bob", BOB), 22, bobPolicy) },
        [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } }],
      ),
    );
    const requests = sent(done).flatMap(({ from, bytes }) => {
      const m = parseMessage(bytes);
      return m._tag === "Right" && m.right._tag === "Request" && m.right.method !== Methods.ACK ? [`${from} ${m.right.method} ${String(m.right.core.cseq?.seq)}`] : [];
    });
    expect(requests).toStrictEqual(["alice INVITE 1", "bob REFER 1", "alice NOTIFY 2", "alice NOTIFY 3", "alice BYE 4"]);
  });
});

describe("RFC 3515 §2.4.6 NOTIFYs to the first REFER in a dialog may leave out the id", () => {
  /** The UA endpoint, with the Event header of Alice's NOTIFYs rewritten to `event` on the wire. */
  const rewriting = (event: string): Endpoint<UaNode, Wire, UaCommand> => ({
    ...endpoint,
    step: (s, input) => {
      const [next, out] = endpoint.step(s, input);
      if (s.name !== "alice") return [next, out];
      const rewrite = (m: Wire): Wire => new TextEncoder().encode(new TextDecoder().decode(m).replace(/Event: refer;id=\d+/, `Event: ${event}`));
      return [next, out.map((o) => (o._tag === "Send" ? { ...o, message: rewrite(o.message) } : o))];
    },
  });

  /** Alice calls Bob; Bob refers Alice to Carol; Alice accepts and reports 200 at once, then hangs up. */
  const transfer = (event: string) => {
    let call: UsageKey | null = null;
    const alicePolicy: Policy = (e) => {
      if (e._tag === "CallCreated") call = e.call;
      if (e._tag === "Subscription" && e.notice._tag === "Refer") {
        return [
          { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription } },
          { delay: 100, command: { _tag: "TransferProgress", subscription: e.subscription, status: 200 } },
        ];
      }
      if (e._tag === "Subscription" && e.notice._tag === "Ended" && call !== null) return [{ delay: 0, command: { _tag: "Hangup", call } }];
      return [];
    };
    const bobPolicy: Policy = (e, now) => (e._tag === "CallEstablished" ? [{ delay: 500, command: { _tag: "Refer", call: e.call, referTo: uri(`sip:carol@${CAROL}`) } }] : answerAfter(100)(e, now));
    const done = run(rewriting(event), { maxSteps: 20_000 })(
      net(
        { [ALICE]: node("alice", config("alice", ALICE), 11, alicePolicy), [BOB]: node("bob", config("bob", BOB), 22, bobPolicy) },
        [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } }],
      ),
    );
    if (done._tag === "Left") throw new Error(done.left.reason);
    return done.right;
  };

  it("the referer takes NOTIFYs with Event: refer and no id as its first REFER's", () => {
    const done = transfer("refer");
    const notifies = sent(done).flatMap(({ from, bytes }) => {
      const text = new TextDecoder().decode(bytes);
      return from === "alice" && text.startsWith("NOTIFY ") ? [text] : [];
    });
    expect(notifies).toHaveLength(2);
    for (const n of notifies) expect(n).toMatch(/\r\nEvent: refer\r\n/);
    expect(messages(done)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 180 Ringing",
      "bob->alice 200 OK",
      "alice->bob ACK",
      "bob->alice REFER",
      "alice->bob 202 Accepted",
      "alice->bob NOTIFY",
      "bob->alice 200 OK",
      "alice->bob NOTIFY",
      "bob->alice 200 OK",
      "alice->bob BYE",
      "bob->alice 200 OK",
    ]);
    expect(tags(nodeOf(done, BOB)).filter((t) => t.startsWith("Subscription"))).toStrictEqual([
      "SubscriptionCreated REFER",
      "Subscription Accepted 202",
      "Subscription Notification",
      "Subscription Progress 100",
      "Subscription Notification",
      "Subscription Progress 200",
      "Subscription Ended",
    ]);
    for (const ip of [ALICE, BOB]) expect([...nodeOf(done, ip).engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
  });

  it("and refuses with 481 a NOTIFY whose id is not its REFER's CSeq (RFC 6665 §4.1.3)", () => {
    const done = transfer("refer;id=99");
    expect(messages(done).slice(4, 8)).toStrictEqual(["bob->alice REFER", "alice->bob 202 Accepted", "alice->bob NOTIFY", "bob->alice 481 Call/Transaction Does Not Exist"]);
    expect(tags(nodeOf(done, BOB)).filter((t) => t.startsWith("Subscription Progress"))).toStrictEqual([]);
  });
});
