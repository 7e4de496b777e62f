// A subscriber and a notifier as two nodes of @puresip/testkit's simulated network, messages
// printed to bytes and parsed on arrival. With jitter the network reorders packets, so the
// first NOTIFY often overtakes the 200 (RFC 6665 §4.1.2.4: "the subscriber MUST be prepared
// to receive NOTIFY requests before the SUBSCRIBE transaction has completed"). Links do not
// lose packets here: retransmission is the transaction layer's, tested through the UA core.
import { seedFromWords } from "@puresip/kernel";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { expect } from "vitest";
import { parseMessage, serializeMessage, tag } from "@puresip/message";
import { createNetwork, run, schedule, trace } from "@puresip/testkit";
import type { Endpoint, NodeOutput } from "@puresip/testkit";
import { nextNotifierDeadline, nextSubscriberDeadline, startNotifier, startSubscriber, stepNotifier, stepSubscriber } from "../../src/index.js";
import type { NotifierState, SubscriberState, UsageEffect } from "../../src/index.js";
import { initialRequest, notifierConfig, right, subscriberConfig } from "./fixtures.js";

type Node = { readonly role: "Subscriber"; readonly usage: SubscriberState | null } | { readonly role: "Notifier"; readonly usage: NotifierState | null };
type Command = "Subscribe" | "Unsubscribe" | "Update";

const peerOf = (node: Node): string => (node.role === "Subscriber" ? "bob" : "alice");

const outputs = <N>(node: Node, effects: ReadonlyArray<UsageEffect<N>>): ReadonlyArray<NodeOutput<Uint8Array>> =>
  effects.flatMap((f): ReadonlyArray<NodeOutput<Uint8Array>> => {
    switch (f._tag) {
      case "SendRequest":
        return [{ _tag: "Send", to: peerOf(node), message: serializeMessage(f.request) }];
      case "SendResponse":
        return [{ _tag: "Send", to: peerOf(node), message: serializeMessage(f.response) }];
      case "Notify":
        return [{ _tag: "Note", text: JSON.stringify(f.notice, (k, v: unknown) => (k === "request" ? undefined : v)) }];
      case "Forget":
        return [{ _tag: "Note", text: "forget" }];
      case "Discarded":
        return [{ _tag: "Note", text: `discarded: ${f.reason}` }];
    }
  });

const body = (text: string) => ({ type: "text/plain", content: new TextEncoder().encode(text) });

const endpoint: Endpoint<Node, Uint8Array, Command> = {
  deadline: (node) => (node.usage === null ? O.none : node.role === "Subscriber" ? nextSubscriberDeadline(node.usage) : nextNotifierDeadline(node.usage)),
  step: (node, input) => {
    const now = input.now;
    if (node.role === "Subscriber") {
      const subscriberStep = (usage: SubscriberState | null): readonly [SubscriberState, ReadonlyArray<UsageEffect<unknown>>] | null => {
        if (input._tag === "Command" && input.command === "Subscribe") return startSubscriber({ config: subscriberConfig, now, seed: seedFromWords([5]) }, initialRequest());
        if (usage === null) return null;
        if (input._tag === "Command") return stepSubscriber(usage, { _tag: "Unsubscribe", now });
        if (input._tag === "Wake") return stepSubscriber(usage, { _tag: "Tick", now });
        return stepSubscriber(usage, { _tag: "Received", now, message: right(parseMessage(input.message)) });
      };
      const step = subscriberStep(node.usage);
      if (step === null) return [node, []];
      return [{ role: "Subscriber", usage: step[0] }, outputs(node, step[1])];
    }
    // The notifier's application accepts at once, and updates on command.
    if (input._tag === "Deliver" && node.usage === null) {
      const request = right(parseMessage(input.message));
      if (request._tag !== "Request") return [node, [{ _tag: "Note", text: "a response before any subscription" }]];
      const [deciding, fx1] = startNotifier({ config: notifierConfig, now, seed: seedFromWords([6]), toTag: right(tag("b0b")) }, request);
      const [serving, fx2] = stepNotifier(deciding, { _tag: "Accept", now, state: "Active", body: body("open") });
      return [{ role: "Notifier", usage: serving }, outputs(node, [...fx1, ...fx2])];
    }
    if (node.usage === null) return [node, []];
    const [usage, fx] =
      input._tag === "Deliver"
        ? stepNotifier(node.usage, { _tag: "Received", now, message: right(parseMessage(input.message)) })
        : input._tag === "Wake"
          ? stepNotifier(node.usage, { _tag: "Tick", now })
          : stepNotifier(node.usage, { _tag: "Update", now, body: body("away") });
    return [{ role: "Notifier", usage }, outputs(node, fx)];
  },
};

test.prop([fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 0, max: 80 })], { numRuns: 30 })(
  "RFC 6665 §4.1.2.4 / §4.1.2.3 over a reordering network: subscribed at both ends, then unsubscribed and forgotten at both",
  (seed, jitter) => {
    const net = createNetwork<Node, Uint8Array, Command>({
      seed,
      nodes: { alice: { role: "Subscriber", usage: null }, bob: { role: "Notifier", usage: null } },
      defaultLink: { latency: 20, jitter, loss: 0, duplicate: 0 },
      agenda: [
        { at: 0, node: "alice", command: "Subscribe" },
        { at: 1000, node: "bob", command: "Update" },
      ],
    });
    const up = right(run(endpoint, { until: 2000 })(net));
    const alice = up.nodes["alice"];
    const bob = up.nodes["bob"];
    expect(alice?.usage?._tag === "Subscribed" && alice.usage.substate).toBe("Active");
    expect(bob?.usage?._tag).toBe("Serving");
    const notes = trace(up).flatMap((t) => (t._tag === "Note" && t.node === "alice" ? [t.text] : []));
    expect(notes.filter((n) => n.includes('"Notification"'))).toHaveLength(2);
    const down = right(run(endpoint, { maxSteps: 1000 })(schedule<Command>(3000, "alice", "Unsubscribe")(up)));
    expect(down.nodes["alice"]?.usage?._tag).toBe("Ended");
    expect(down.nodes["bob"]?.usage?._tag).toBe("Ended");
    // Quiet: nothing in flight, no deadline left at either end.
    expect(down.inFlight).toHaveLength(0);
    expect(E.isRight(run(endpoint, { maxSteps: 1 })(down))).toBe(true);
  },
);
