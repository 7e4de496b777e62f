// RFC 3665 §3 session flows between two UA cores on the simulated network, checked message by
// message, with SDP made and negotiated by the UAs (RFC 3264).
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createAnswer, parseSdp, serializeSdp } from "@puresip/sdp";
import { createNetwork } from "@puresip/testkit";
import type { UaCommand } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { audio, events, node, tags, uaConfig, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, sent, twoUas } from "./flows.js";

const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };

describe("RFC 3665 §3.1 Successful Session Establishment between two UA cores", () => {
  it("INVITE, 180, 200, ACK, then BYE and 200; both ends agree on the media", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: answerAfter(1000),
        alicePolicy: (e) => (e._tag === "CallEstablished" ? [{ delay: 5000, command: { _tag: "Hangup", call: e.call } }] : []),
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    const alice = nodeOf(net, ALICE);
    const bob = nodeOf(net, BOB);
    expect(tags(alice)).toStrictEqual(["CallCreated", "CallProgress 180", "CallEstablished", "CallMedia", "SessionTerminated", "CallEnded LocalBye"]);
    expect(tags(bob)).toStrictEqual(["IncomingCall", "CallMedia", "CallEstablished", "CallEnded RemoteBye"]);
    expect(alice.engine.registry.size).toBe(0);
    expect(bob.engine.registry.size).toBe(0);
  });
});

const hangupAfter =
  (ms: number): Policy =>
  (e) =>
    e._tag === "CallEstablished" ? [{ delay: ms, command: { _tag: "Hangup", call: e.call } }] : [];

/** The callee rings at once with early media (a 183 with its answer) and answers 2 s later. */
const ringWithEarlyMediaThenAnswer: Policy = (e) =>
  e._tag === "IncomingCall"
    ? [
        { delay: 0, command: { _tag: "Ring", call: e.call, earlyMedia: true } },
        { delay: 2000, command: { _tag: "Answer", call: e.call } },
      ]
    : [];

const media = (n: UaNode): ReadonlyArray<string> =>
  events(n).flatMap((e) => (e._tag === "CallMedia" ? [e.negotiation.streams.map((s) => (s._tag === "Active" ? `${s.media} ${s.codecs[0]?.encodingName ?? "-"}` : "rejected")).join(",")] : []));

describe("RFC 3665 §3 more session flows between two UA cores", () => {
  it("§3.1 as in the RFC: the callee hangs up: BYE from Bob, 200 from Alice", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: (e, now) => [...answerAfter(1000)(e, now), ...hangupAfter(5000)(e, now)],
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK", "bob->alice BYE", "alice->bob 200 OK"]);
    expect(tags(nodeOf(net, ALICE)).at(-1)).toBe("CallEnded RemoteBye");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("§3.6 Unsuccessful Busy: 486, ACK; the caller hears CallFailed 486", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: call }], { bobPolicy: (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Reject", call: e.call, status: 486 } }] : []) }));
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 486 Busy Here", "alice->bob ACK"]);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["CallCreated", "CallFailed 486", "CallEnded Rejected"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("§3.8 Unsuccessful No Answer: CANCEL after 180, 200 to the CANCEL, 487, ACK", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }] : []),
        alicePolicy: (e) => (e._tag === "CallProgress" ? [{ delay: 4000, command: { _tag: "Cancel", call: e.call } }] : []),
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "alice->bob CANCEL", "bob->alice 200 OK", "bob->alice 487 Request Terminated", "alice->bob ACK"]);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["CallCreated", "CallProgress 180", "CallFailed 487", "CallEnded Cancelled"]);
    expect(tags(nodeOf(net, BOB))).toStrictEqual(["IncomingCall", "CallEnded Cancelled"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3264 §8.4 hold and resume by re-INVITE: the offers are sendonly then sendrecv, each answered by the UA itself", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: answerAfter(100, false),
        alicePolicy: (e) =>
          e._tag === "CallEstablished"
            ? [
                { delay: 1000, command: { _tag: "Hold", call: e.call } },
                { delay: 2000, command: { _tag: "Resume", call: e.call } },
                { delay: 3000, command: { _tag: "Hangup", call: e.call } },
              ]
            : [],
      }),
    );
    expect(messages(net)).toStrictEqual([
      "alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK",
      "alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK",
      "alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK",
      "alice->bob BYE", "bob->alice 200 OK",
    ]);
    const offers = sent(net).filter((m) => m.from === "alice" && new TextDecoder().decode(m.bytes).startsWith("INVITE"));
    const text = offers.map((m) => new TextDecoder().decode(m.bytes));
    expect(text[1]).toContain("a=sendonly");
    expect(text[2]).toContain("a=sendrecv");
    // RFC 3264 §8: each new offer increments the o= version.
    const versions = text.map((t) => /o=\S+ \S+ (\d+)/.exec(t)?.[1]);
    expect(versions).toStrictEqual(["0", "1", "2"]);
    expect(tags(nodeOf(net, ALICE)).filter((t) => t.startsWith("ReofferDone"))).toStrictEqual(["ReofferDone 200", "ReofferDone 200"]);
    const bobAnswers = sent(net).filter((m) => m.from === "bob" && new TextDecoder().decode(m.bytes).includes("a=recvonly"));
    expect(bobAnswers).toHaveLength(1);
    // RFC 3261 §14.2: each of Bob's answers keeps the formats and transport of his previous one.
    const bobMLines = sent(net).filter((m) => m.from === "bob" && new TextDecoder().decode(m.bytes).startsWith("SIP/2.0 200")).flatMap((m) => /^m=.*$/m.exec(new TextDecoder().decode(m.bytes))?.[0] ?? []);
    expect(bobMLines.length).toBeGreaterThanOrEqual(3);
    expect(new Set(bobMLines).size).toBe(1);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3311 hold by UPDATE: the offer is sendonly, the UA's answer recvonly", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: answerAfter(100, false),
        alicePolicy: (e) =>
          e._tag === "CallEstablished"
            ? [
                { delay: 1000, command: { _tag: "Hold", call: e.call, via: "UPDATE" } },
                { delay: 2000, command: { _tag: "Hangup", call: e.call } },
              ]
            : [],
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK", "alice->bob UPDATE", "bob->alice 200 OK", "alice->bob BYE", "bob->alice 200 OK"]);
    const [update, answer] = sent(net).slice(3, 5).map((m) => new TextDecoder().decode(m.bytes));
    expect(update).toContain("a=sendonly");
    expect(answer).toContain("a=recvonly");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3311 re-offer by UPDATE in the confirmed dialog", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: answerAfter(100, false),
        alicePolicy: (e) =>
          e._tag === "CallEstablished"
            ? [
                { delay: 1000, command: { _tag: "Reoffer", call: e.call, via: "UPDATE" } },
                { delay: 2000, command: { _tag: "Hangup", call: e.call } },
              ]
            : [],
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK", "alice->bob UPDATE", "bob->alice 200 OK", "alice->bob BYE", "bob->alice 200 OK"]);
    expect(tags(nodeOf(net, ALICE))).toContain("ReofferDone 200");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3262 early media: a reliable 183 with the SDP answer, PRACK and its 200, then the 200 for the INVITE", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: { ...call, headers: [{ name: "Require", value: "100rel" }] } }], {
        bobPolicy: ringWithEarlyMediaThenAnswer,
        alicePolicy: hangupAfter(1000),
      }),
    );
    expect(messages(net)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 183 Session Progress",
      "alice->bob PRACK",
      "bob->alice 200 OK",
      "bob->alice 200 OK",
      "alice->bob ACK",
      "alice->bob BYE",
      "bob->alice 200 OK",
    ]);
    // The caller hears the media agreed with the 183, before the call is answered.
    expect(tags(nodeOf(net, ALICE)).slice(0, 3)).toStrictEqual(["CallCreated", "CallProgress 183", "CallMedia"]);
    expect(media(nodeOf(net, ALICE))[0]).toContain("audio PCMU");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("§13.2.1 early media in an unreliable 183, repeated in the 200: the caller is told the media once", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        bobPolicy: ringWithEarlyMediaThenAnswer,
        alicePolicy: hangupAfter(1000),
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 183 Session Progress", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    // Both responses carry the same answer (the 2xx repeats the 183's, o= line and all).
    const answers = sent(net)
      .map((m) => new TextDecoder().decode(m.bytes))
      .filter((text) => text.startsWith("SIP/2.0 ") && !text.includes("CSeq: 2 BYE") && text.includes("\r\n\r\nv=0"));
    expect(answers.map((text) => text.slice(8, 11))).toStrictEqual(["183", "200"]);
    expect(new Set(answers.map((text) => text.slice(text.indexOf("\r\n\r\n")))).size).toBe(1);
    // "The UAC MUST treat the first session description it receives as the answer, and MUST
    // ignore any session descriptions in subsequent responses to the initial INVITE."
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["CallCreated", "CallProgress 183", "CallMedia", "CallEstablished", "SessionTerminated", "CallEnded LocalBye"]);
    expect(media(nodeOf(net, ALICE))).toHaveLength(1);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("§13.3.1 an INVITE with Expires: 10 that nobody answers gets 487 after 10 s (and §13.2.1: the caller cancels it then)", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: { ...call, headers: [{ name: "Expires", value: "10" }] } }], {
        bobPolicy: (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }] : []),
      }),
    );
    // §13.2.1: "If the time indicated in the Expires header field is reached and no final answer for the INVITE has been received, the UAC core SHOULD generate a CANCEL".
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "alice->bob CANCEL", "bob->alice 200 OK", "bob->alice 487 Request Terminated", "alice->bob ACK"]);
    const at = (nodeOf(net, BOB).log ?? []).find((l) => l.event._tag === "CallEnded")?.at;
    expect(at).toBe(10_010);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["CallCreated", "CallProgress 180", "CallFailed 487", "CallEnded Cancelled"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3428 MESSAGE and §11 OPTIONS between two UA cores", () => {
    const net = runAll(
      twoUas([
        { at: 0, node: ALICE, command: { _tag: "SendMessage", ref: "hello", to: uri(`sip:bob@${BOB}`), body: { type: "text/plain", content: new TextEncoder().encode("Watson, come here.") } } },
        { at: 1000, node: ALICE, command: { _tag: "Options", ref: "caps", to: uri(`sip:bob@${BOB}`) } },
      ]),
    );
    expect(messages(net)).toStrictEqual(["alice->bob MESSAGE", "bob->alice 200 OK", "alice->bob OPTIONS", "bob->alice 200 OK"]);
    const received = events(nodeOf(net, BOB)).find((e) => e._tag === "MessageReceived");
    expect(received?._tag === "MessageReceived" && new TextDecoder().decode(received.body.content)).toBe("Watson, come here.");
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["MessageResult 200", "OptionsResult 200"]);
    const options = events(nodeOf(net, ALICE)).find((e) => e._tag === "OptionsResult");
    expect(options?._tag === "OptionsResult" && O.isSome(options.response) && options.response.value.headers.some((h) => h.name === "Allow" && h.value.includes("MESSAGE"))).toBe(true);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3263: a host name in the Request-URI is resolved by the shell (Resolve, then Resolved) before the INVITE leaves", () => {
    const resolver = new Map([["biloxi.example.com", { transport: "UDP", host: BOB, port: 5060 }]]);
    const net = runAll(
      createNetwork<UaNode, Wire, UaCommand>({
        seed: 1,
        nodes: {
          [ALICE]: node("alice", uaConfig("alice", ALICE), 11, hangupAfter(500), { resolver }),
          [BOB]: node("bob", uaConfig("bob", BOB), 22, answerAfter(100)),
        },
        agenda: [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } }],
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("an unresolvable host fails the call as a timeout (§8.1.3.1) and leaves nothing behind", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri("sip:bob@nowhere.invalid") } }]));
    expect(messages(net)).toStrictEqual([]);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["CallCreated", "CallFailed 408", "CallEnded Timeout"]);
    expect(nodeOf(net, ALICE).engine.registry.size).toBe(0);
  });
});

describe("RFC 3261 §13.2.1 an INVITE without an offer", () => {
  it("the callee offers in the 200; the caller's application answers (AnswerNeeded → Answer) and the answer goes in the ACK", () => {
    const { media: _media, ...plain } = uaConfig("alice", ALICE);
    const answerIt: Policy = (e) => {
      if (e._tag !== "AnswerNeeded") return e._tag === "CallEstablished" ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }] : [];
      const offer = parseSdp(new TextDecoder().decode(e.response.body));
      const answer = E.flatMap(offer, (o) => createAnswer({ ...audio, address: ALICE })(o));
      if (E.isLeft(answer)) throw new Error("no answer");
      return [{ delay: 0, command: { _tag: "Answer", call: e.call, body: { type: "application/sdp", content: new TextEncoder().encode(serializeSdp(answer.right)) } } }];
    };
    const net = runAll(
      createNetwork<UaNode, Wire, UaCommand>({
        seed: 5,
        nodes: { [ALICE]: node("alice", plain, 11, answerIt), [BOB]: node("bob", uaConfig("bob", BOB), 22, answerAfter(100, false)) },
        agenda: [{ at: 0, node: ALICE, command: call }],
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    const [invite, ok, ack] = sent(net).map((m) => new TextDecoder().decode(m.bytes));
    expect(invite).not.toContain("v=0");
    expect(ok).toContain("m=audio");
    expect(ack).toContain("m=audio");
    expect(tags(nodeOf(net, ALICE)).slice(0, 3)).toStrictEqual(["CallCreated", "AnswerNeeded", "CallEstablished"]);
    expect(tags(nodeOf(net, BOB))).toContain("CallMedia");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });
});
