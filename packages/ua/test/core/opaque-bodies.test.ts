// What an application with opaque bodies (no UaConfig.media: a B2BUA, a third-party call
// controller) needs to relay SDP: the body of the 2xx or ACK that established the call, of the
// final response to its re-INVITE, and its own early-media body on a 183.
import { describe, expect, it } from "vitest";
import { Methods } from "@puresip/message";
import { createNetwork } from "@puresip/testkit";
import type { AppEvent, Body, UaCommand, UaConfig } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { events, node, uaConfig, uri } from "./harness.js";
import { ALICE, BOB, messages, nodeOf, runAll, sent } from "./flows.js";

const body = (text: string): Body => ({ type: "application/sdp", content: new TextEncoder().encode(text) });
const text = (b: Body | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b.content));
const opaque = (user: string, ip: string): UaConfig => {
  const { media: _media, ...plain } = uaConfig(user, ip);
  return plain;
};
const bodiesOf = (n: UaNode, tag: AppEvent["_tag"]): ReadonlyArray<string | undefined> =>
  events(n).flatMap((e) => (e._tag === tag && (e._tag === "CallEstablished" || e._tag === "ReofferDone") ? [text(e.body)] : []));

const twoOpaque = (alice: Policy, bob: Policy, first: UaCommand) =>
  runAll(
    createNetwork<UaNode, Wire, UaCommand>({
      seed: 3,
      nodes: { [ALICE]: node("alice", opaque("alice", ALICE), 11, alice), [BOB]: node("bob", opaque("bob", BOB), 22, bob) },
      agenda: [{ at: 0, node: ALICE, command: first }],
    }),
  );

describe("UA core: the bodies an opaque application relays", () => {
  it("RFC 3261 §13.2.1, §14.1: CallEstablished carries the 2xx's answer, ReofferDone the re-INVITE's answer, and Ring { body } sends that body on a 183", () => {
    const bob: Policy = (e) => {
      if (e._tag === "IncomingCall") return [{ delay: 0, command: { _tag: "Ring", call: e.call, body: body("early") } }, { delay: 100, command: { _tag: "Answer", call: e.call, body: body("answer1") } }];
      if (e._tag === "InDialogRequest") return [{ delay: 0, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 200, body: body("answer2") } }];
      return [];
    };
    const alice: Policy = (e) => {
      if (e._tag === "CallEstablished") return [{ delay: 100, command: { _tag: "Reoffer", call: e.call, body: body("offer2") } }];
      if (e._tag === "ReofferDone") return [{ delay: 100, command: { _tag: "Hangup", call: e.call } }];
      return [];
    };
    const net = twoOpaque(alice, bob, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("offer1") });
    expect(messages(net).slice(0, 4)).toStrictEqual(["alice->bob INVITE", "bob->alice 183 Session Progress", "bob->alice 200 OK", "alice->bob ACK"]);
    expect(new TextDecoder().decode(sent(net)[1]?.bytes)).toContain("early");
    const a = nodeOf(net, ALICE);
    expect(events(a).flatMap((e) => (e._tag === "CallProgress" ? [new TextDecoder().decode(e.response.body)] : []))).toStrictEqual(["early"]);
    expect(bodiesOf(a, "CallEstablished")).toStrictEqual(["answer1"]);
    expect(bodiesOf(a, "ReofferDone")).toStrictEqual(["answer2"]);
    expect(a.engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3261 §13.2.1: the callee of an offerless INVITE hears the ACK's answer on CallEstablished; an ACK without a body gives none", () => {
    const bob: Policy = (e) => (e._tag === "IncomingCall" ? [{ delay: 50, command: { _tag: "Answer", call: e.call, body: body("offer-in-200") } }] : []);
    const alice: Policy = (e) => {
      if (e._tag === "AnswerNeeded") return [{ delay: 0, command: { _tag: "Answer", call: e.call, body: body("answer-in-ack") } }];
      if (e._tag === "CallEstablished") return [{ delay: 100, command: { _tag: "Hangup", call: e.call } }];
      return [];
    };
    const net = twoOpaque(alice, bob, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) });
    expect(bodiesOf(nodeOf(net, BOB), "CallEstablished")).toStrictEqual(["answer-in-ack"]);
    // The caller's 2xx carried an offer, told by AnswerNeeded and again on CallEstablished.
    expect(bodiesOf(nodeOf(net, ALICE), "CallEstablished")).toStrictEqual(["offer-in-200"]);

    const plain: Policy = (e) => (e._tag === "IncomingCall" ? [{ delay: 50, command: { _tag: "Answer", call: e.call, body: body("a") } }] : []);
    const again = twoOpaque((e) => (e._tag === "CallEstablished" ? [{ delay: 100, command: { _tag: "Hangup", call: e.call } }] : []), plain, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("o") });
    expect(bodiesOf(nodeOf(again, BOB), "CallEstablished")).toStrictEqual([undefined]);
  });

  it("RFC 3261 §14.1: Reoffer { offerless } sends a re-INVITE without a body; the peer's 2xx offer comes as AnswerNeeded and Answer puts the answer in the ACK", () => {
    const bob: Policy = (e) => {
      if (e._tag === "IncomingCall") return [{ delay: 50, command: { _tag: "Answer", call: e.call, body: body("answer1") } }];
      if (e._tag === "InDialogRequest") return [{ delay: 0, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 200, body: body("offer2") } }];
      if (e._tag === "CallEstablished" && e.body !== undefined && text(e.body) === "answer2") return [{ delay: 100, command: { _tag: "Hangup", call: e.call } }];
      return [];
    };
    const alice: Policy = (e) => {
      if (e._tag === "CallEstablished") return [{ delay: 100, command: { _tag: "Reoffer", call: e.call, offerless: true } }];
      if (e._tag === "AnswerNeeded") return [{ delay: 0, command: { _tag: "Answer", call: e.call, body: body("answer2") } }];
      return [];
    };
    const net = twoOpaque(alice, bob, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("offer1") });
    expect(messages(net).slice(2, 6)).toStrictEqual(["alice->bob ACK", "alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK"]);
    const [reinvite, , ack] = sent(net).slice(3, 6).map((m) => new TextDecoder().decode(m.bytes));
    expect(reinvite).toContain("Content-Length: 0");
    expect(ack).toContain("answer2");
    expect(events(nodeOf(net, ALICE)).map((e) => e._tag)).toContain("AnswerNeeded");
  });

  it("RFC 3261 §12.2.1.1: SendInDialog sends an INFO in the confirmed dialog with the next CSeq; its final response comes as InDialogDone", () => {
    const bob: Policy = (e) => {
      if (e._tag === "IncomingCall") return [{ delay: 50, command: { _tag: "Answer", call: e.call, body: body("answer1") } }];
      if (e._tag === "InDialogRequest") return [{ delay: 0, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 202 } }];
      return [];
    };
    const alice: Policy = (e) => {
      if (e._tag === "CallEstablished") return [{ delay: 100, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO, body: { type: "text/plain", content: new TextEncoder().encode("digit 5") } } }];
      if (e._tag === "InDialogDone") return [{ delay: 100, command: { _tag: "Hangup", call: e.call } }];
      return [];
    };
    const net = twoOpaque(alice, bob, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("offer1") });
    expect(messages(net).slice(2)).toStrictEqual(["alice->bob ACK", "alice->bob INFO", "bob->alice 202 Accepted", "alice->bob BYE", "bob->alice 200 OK"]);
    const [info, , bye] = sent(net).slice(3, 6).map((m) => new TextDecoder().decode(m.bytes));
    expect(info).toMatch(/CSeq: 2 INFO/);
    expect(bye).toMatch(/CSeq: 3 BYE/);
    const done = events(nodeOf(net, ALICE)).flatMap((e) => (e._tag === "InDialogDone" ? [`${e.method} ${e.status}`] : []));
    expect(done).toStrictEqual(["INFO 202"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3261 §15.1.2: an INFO the application still holds when the peer's BYE ends the call is answered by RespondTo all the same; nothing is left", () => {
    let held: UaCommand | undefined;
    const bob: Policy = (e) => {
      if (e._tag === "IncomingCall") return [{ delay: 50, command: { _tag: "Answer", call: e.call, body: body("answer1") } }];
      if (e._tag === "InDialogRequest") held = { _tag: "RespondTo", call: e.call, request: e.request, status: 487 };
      if (e._tag === "CallEnded" && held !== undefined) return [{ delay: 0, command: held }];
      return [];
    };
    const alice: Policy = (e) =>
      e._tag === "CallEstablished" ? [{ delay: 100, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO } }, { delay: 100, command: { _tag: "Hangup", call: e.call } }] : [];
    const net = twoOpaque(alice, bob, { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), body: body("offer1") });
    expect(messages(net).slice(3)).toStrictEqual(["alice->bob INFO", "alice->bob BYE", "bob->alice 200 OK", "bob->alice 487 Request Terminated"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });
});
