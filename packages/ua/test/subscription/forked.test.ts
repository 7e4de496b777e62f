// RFC 6665 §4.1.2.4 / §4.1.4 through the UA core: a SUBSCRIBE forked to two notifiers (a
// scripted forking peer here) creates two subscriptions, each in its own dialog, each ended
// on its own.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createRequest, createResponse, parseMessage, parseVia, serializeMessage, tag } from "@puresip/message";
import type { NameAddr, SipRequest, SipResponse } from "@puresip/message";
import { createNetwork, run, trace } from "@puresip/testkit";
import type { Endpoint, NodeOutput } from "@puresip/testkit";
import type { UaCommand, UaConfig } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "../core/harness.js";
import { capabilities, endpoint as uaEndpoint, node, tags, uaConfig, uri, wireLabel } from "../core/harness.js";
import { ALICE, BOB } from "../core/flows.js";

const must = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

const config = (user: string, ip: string): UaConfig =>
  uaConfig(user, ip, { capabilities: { ...capabilities, methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY] } });

/** Two notifiers behind one address: each SUBSCRIBE is accepted by both (tags f1 and f2). */
interface Forker {
  readonly seq: { n: number };
}

const withTag = (a: NameAddr, value: string): NameAddr => ({ ...a, params: [...a.params.filter((p) => p.name !== "tag"), { name: "tag", value }] });

const notifyFrom = (f: Forker, subscribe: SipRequest, fromTag: string, state: string): SipRequest => {
  const event = subscribe.headers.find((h) => h.name === "Event")?.value ?? "presence";
  const { from, to, callId } = subscribe.core;
  if (from === undefined || to === undefined || callId === undefined) throw new Error("bad SUBSCRIBE");
  f.seq.n += 1;
  return must(
    createRequest({
      method: Methods.NOTIFY,
      uri: uri(`sip:alice@${ALICE}:5060`),
      via: { ...must(parseVia(`SIP/2.0/UDP ${BOB}:5060`))[0]!, params: [{ name: "branch", value: `z9hG4bKfork${String(f.seq.n)}` }] },
      to: from,
      from: withTag(to, fromTag),
      callId,
      seq: f.seq.n,
      contact: [{ _tag: "NameAddr", uri: uri(`sip:${fromTag}@${BOB}`), angle: true, params: [] }],
      headers: [{ name: "Event", value: event }, { name: "Subscription-State", value: state }],
    }),
  );
};

const forkerEndpoint: Endpoint<Forker, Wire, UaCommand> = {
  deadline: () => O.none,
  step: (f, input) => {
    if (input._tag !== "Deliver") return [f, []];
    const m = must(parseMessage(input.message));
    if (m._tag !== "Request" || m.method !== Methods.SUBSCRIBE) return [f, []];
    const send = (x: SipRequest | SipResponse): NodeOutput<Wire> => ({ _tag: "Send", to: input.from, message: serializeMessage(x) });
    const toTag = m.core.to?.params.find((p) => p.name === "tag")?.value;
    const expires = m.headers.find((h) => h.name === "Expires")?.value ?? "600";
    const ok = (t: string) => must(createResponse(200, { toTag: must(tag(t)), headers: [{ name: "Expires", value: expires }, { name: "Contact", value: `<sip:${t}@${BOB}>` }] })(m));
    if (toTag !== undefined) {
      // A refresh or unsubscribe in one fork's dialog: that fork answers.
      return [f, [send(ok(toTag)), send(notifyFrom(f, m, toTag, expires === "0" ? "terminated;reason=timeout" : `active;expires=${expires}`))]];
    }
    // The proxy forwards only the best 2xx (f1's); both forks notify.
    return [f, [send(ok("f1")), send(notifyFrom(f, m, "f1", "active;expires=600")), send(notifyFrom(f, m, "f2", "active;expires=600"))]];
  },
};

type Node = UaNode | Forker;
const isUa = (n: Node): n is UaNode => "engine" in n;
const both: Endpoint<Node, Wire, UaCommand> = {
  deadline: (n) => (isUa(n) ? uaEndpoint.deadline(n) : forkerEndpoint.deadline(n)),
  step: (n, input) => (isUa(n) ? uaEndpoint.step(n, input) : forkerEndpoint.step(n, input)),
};

describe("RFC 6665 §4.1.2.4 a forked SUBSCRIBE through the UA core", () => {
  it("two NOTIFYs from two forks: two subscriptions, each unsubscribed in its own dialog", () => {
    const alicePolicy: Policy = (e) => (e._tag === "SubscriptionCreated" ? [{ delay: 5000, command: { _tag: "Unsubscribe", subscription: e.subscription } }] : []);
    const alice = node("alice", config("alice", ALICE), 11, alicePolicy);
    const net = createNetwork<Node, Wire, UaCommand>({
      seed: 3,
      nodes: { [ALICE]: alice, [BOB]: { seq: { n: 0 } } },
      defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:bob@${BOB}`), event: "presence" } }],
    });
    const done = must(run(both, { maxSteps: 10_000 })(net));
    const name = (ip: string): string => (ip === ALICE ? "alice" : "bob");
    const wire = trace(done).flatMap((e) => (e._tag === "Sent" ? [{ from: name(e.from), to: name(e.to), bytes: e.message }] : []));
    expect(wire.map((w) => `${w.from}->${w.to} ${wireLabel(w.bytes)}`)).toStrictEqual([
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
      "alice->bob 200 OK",
      // Each subscription unsubscribes 5 s after it was created (the fork's a NOTIFY later).
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
    ]);
    expect(tags(alice)).toStrictEqual([
      "SubscriptionCreated SUBSCRIBE",
      "Subscription Accepted 200",
      "Subscription Notification",
      "SubscriptionCreated NOTIFY",
      "Subscription Notification",
      "Subscription Notification",
      "Subscription Ended",
      "Subscription Notification",
      "Subscription Ended",
    ]);
    // The initial SUBSCRIBE had no To tag; each unsubscribe went in its own fork's dialog.
    const toTags = wire.flatMap(({ from, bytes }) => {
      const m = parseMessage(bytes);
      return from === "alice" && E.isRight(m) && m.right._tag === "Request" && m.right.method === Methods.SUBSCRIBE ? [m.right.core.to?.params.find((p) => p.name === "tag")?.value ?? "none"] : [];
    });
    expect(toTags).toStrictEqual(["none", "f1", "f2"]);
    expect([...alice.engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
  });

  it("RFC 4575 §3.8 / RFC 6665 §5.4.9: a conference SUBSCRIBE installs one subscription; the other fork's NOTIFY gets 481", () => {
    const alicePolicy: Policy = (e) => (e._tag === "SubscriptionCreated" ? [{ delay: 5000, command: { _tag: "Unsubscribe", subscription: e.subscription } }] : []);
    const alice = node("alice", config("alice", ALICE), 12, alicePolicy);
    const net = createNetwork<Node, Wire, UaCommand>({
      seed: 4,
      nodes: { [ALICE]: alice, [BOB]: { seq: { n: 0 } } },
      defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:conf@${BOB}`), event: "conference" } }],
    });
    const done = must(run(both, { maxSteps: 10_000 })(net));
    const name = (ip: string): string => (ip === ALICE ? "alice" : "bob");
    const wire = trace(done).flatMap((e) => (e._tag === "Sent" ? [`${name(e.from)}->${name(e.to)} ${wireLabel(e.message)}`] : []));
    expect(wire).toStrictEqual([
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
      // §5.4.9: "All subsequent NOTIFY requests ... that do not match the dialog would be rejected with a 481 response".
      "alice->bob 481 Call/Transaction Does Not Exist",
      "alice->bob SUBSCRIBE",
      "bob->alice 200 OK",
      "bob->alice NOTIFY",
      "alice->bob 200 OK",
    ]);
    expect(tags(alice)).toStrictEqual(["SubscriptionCreated SUBSCRIBE", "Subscription Accepted 200", "Subscription Notification", "Subscription Notification", "Subscription Ended"]);
    expect([...alice.engine.registry.keys()].filter((k) => k.startsWith("U "))).toStrictEqual([]);
  });

  it("RFC 6665 §5.4.9: the package setting is the UA's; with nonForkingEvents: [] a conference SUBSCRIBE forks like any other", () => {
    const alice = node("alice", { ...config("alice", ALICE), nonForkingEvents: [] }, 13, () => []);
    const net = createNetwork<Node, Wire, UaCommand>({
      seed: 5,
      nodes: { [ALICE]: alice, [BOB]: { seq: { n: 0 } } },
      defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: ALICE, command: { _tag: "Subscribe", to: uri(`sip:conf@${BOB}`), event: "conference", expires: 600 } }],
    });
    must(run(both, { until: 3000, maxSteps: 10_000 })(net));
    expect(tags(alice).filter((t) => t.startsWith("SubscriptionCreated"))).toStrictEqual(["SubscriptionCreated SUBSCRIBE", "SubscriptionCreated NOTIFY"]);
  });
});
