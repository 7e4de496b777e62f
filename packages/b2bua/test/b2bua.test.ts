// The B2BUA on the simulated network: alice calls the B2BUA, whose logic routes to bob; every
// ladder is the two dialogs side by side, each with its own transactions, relayed.
import { describe, expect, it } from "vitest";
import type { Body } from "@puresip/dialog";
import { Methods } from "@puresip/message";
import type { Policy } from "@puresip/testkit";
import type { AppEvent, UaCommand } from "@puresip/ua";
import type { B2buaLogic } from "../src/index.js";
import { b2buaApplication, initialB2buaState } from "../src/index.js";
import type { Net } from "./sim.js";
import { ALICE, BOB, MIDDLE, ladder, middle, network, party, registryOf, runTo, tagsOf, uri } from "./sim.js";

type P = Policy<UaCommand, AppEvent>;
const toBob: B2buaLogic = () => ({ _tag: "Route", target: uri(`sip:bob@${BOB}`) });
const answerIn = (ms: number, earlyMedia = false): P => (e) =>
  e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call, earlyMedia } }, { delay: ms, command: { _tag: "Answer", call: e.call } }] : [];
const hangUpIn = (ms: number): P => (e) => (e._tag === "CallEstablished" ? [{ delay: ms, command: { _tag: "Hangup", call: e.call } }] : []);
const idle: P = () => [];
/** A sends an INFO (with `body`) 300 ms after the call is up, and hangs up 300 ms after its final response. */
const infoThenHangUp = (body?: Body): P => (e) =>
  e._tag === "CallEstablished"
    ? [{ delay: 300, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO, ...(body === undefined ? {} : { body }) } }]
    : e._tag === "InDialogDone"
      ? [{ delay: 300, command: { _tag: "Hangup", call: e.call } }]
      : [];
/** B answers the call after 100 ms and each request in the dialog at once with 200 (and `body`). */
const answersInfo = (body?: Body): P => (e) =>
  e._tag === "IncomingCall"
    ? [{ delay: 100, command: { _tag: "Answer", call: e.call } }]
    : e._tag === "InDialogRequest"
      ? [{ delay: 0, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 200, ...(body === undefined ? {} : { body }) } }]
      : [];

const relay = (alice: P, bob: P, options: { readonly logic?: B2buaLogic; readonly maxLinks?: number; readonly calls?: number } = {}): Net =>
  runTo(
    network({
      nodes: { [ALICE]: party("alice", ALICE, 11, alice), [BOB]: party("bob", BOB, 22, bob), [MIDDLE]: middle(b2buaApplication({ logic: options.logic ?? toBob, ...(options.maxLinks === undefined ? {} : { maxLinks: options.maxLinks }) }), initialB2buaState) },
      agenda: Array.from({ length: options.calls ?? 1 }, (_, i) => ({ at: i * 10, node: ALICE, command: { _tag: "MakeCall" as const, to: uri(`sip:bob@${MIDDLE}`) } })),
    }),
  );

/** Nothing of the link or of either call is left in the B2BUA. */
const empty = (net: Net): void => {
  expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
};

describe("B2BUA on the UA core (RFC 3261 §6: a UAS and a UAC back to back)", () => {
  it("RFC 3261 §13.3.1.1, §13.3.1.4, §15.1.2: call setup relayed (180, 200 with bob's answer passed through), A's BYE ends B", () => {
    const net = relay(hangUpIn(1000), answerIn(500));
    expect(ladder(net)).toStrictEqual([
      "alice->mid INVITE sdp",
      "mid->bob INVITE sdp",
      "bob->mid 180 INVITE",
      "mid->alice 180 INVITE",
      "bob->mid 200 INVITE sdp",
      "mid->bob ACK",
      "mid->alice 200 INVITE sdp",
      "alice->mid ACK",
      "alice->mid BYE",
      "mid->alice 200 BYE",
      "mid->bob BYE",
      "bob->mid 200 BYE",
    ]);
    // alice and bob negotiated with each other through the B2BUA's opaque bodies.
    expect(tagsOf(net, ALICE)).toContain("CallMedia");
    expect(tagsOf(net, BOB)).toStrictEqual(["IncomingCall", "CallMedia", "CallEstablished", "CallEnded RemoteBye"]);
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Linked", "Unlinked"]);
    empty(net);
  });

  it("RFC 3261 §13.3.1.1: B's 183 with early-media SDP becomes A's 183 with the same SDP", () => {
    const net = relay(hangUpIn(500), answerIn(500, true));
    expect(ladder(net).slice(0, 4)).toStrictEqual(["alice->mid INVITE sdp", "mid->bob INVITE sdp", "bob->mid 183 INVITE sdp", "mid->alice 183 INVITE sdp"]);
    expect(tagsOf(net, ALICE).slice(0, 3)).toStrictEqual(["CallCreated", "CallProgress 183", "CallMedia"]);
    empty(net);
  });

  it("RFC 3261 §14.1, §14.2: A's re-INVITE (hold) re-offers B, and B's answer answers A; each side has its own transaction and CSeq", () => {
    const alice: P = (e) => (e._tag === "CallEstablished" ? [{ delay: 500, command: { _tag: "Hold", call: e.call } }] : e._tag === "ReofferDone" ? [{ delay: 500, command: { _tag: "Hangup", call: e.call } }] : []);
    const net = relay(alice, (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Answer", call: e.call } }] : []));
    expect(ladder(net).slice(6, 12)).toStrictEqual(["alice->mid INVITE sdp", "mid->bob INVITE sdp", "bob->mid 200 INVITE sdp", "mid->bob ACK", "mid->alice 200 INVITE sdp", "alice->mid ACK"]);
    expect(tagsOf(net, ALICE)).toContain("ReofferDone 200");
    expect(tagsOf(net, BOB).filter((t) => t === "CallMedia")).toHaveLength(2);
    empty(net);
  });

  it("RFC3261-14.1-1, RFC 3261 §14.2, §13.2.1: A's offerless re-INVITE re-INVITEs B without an offer; B's offer in its 2xx goes to A in A's 2xx, A's answer in A's ACK goes to B in B's ACK", () => {
    const alice: P = (e) =>
      e._tag === "CallEstablished" ? [{ delay: 500, command: { _tag: "Reoffer", call: e.call, offerless: true } }] : e._tag === "ReofferDone" ? [{ delay: 500, command: { _tag: "Hangup", call: e.call } }] : [];
    const net = relay(alice, (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Answer", call: e.call } }] : []));
    expect(ladder(net).slice(6, 12)).toStrictEqual(["alice->mid INVITE", "mid->bob INVITE", "bob->mid 200 INVITE sdp", "mid->alice 200 INVITE sdp", "alice->mid ACK sdp", "mid->bob ACK sdp"]);
    expect(tagsOf(net, ALICE)).toContain("ReofferDone 200");
    // RFC 3264 §8: each side completed a second offer/answer exchange, with the other as its peer.
    expect(tagsOf(net, ALICE).filter((t) => t === "CallMedia")).toHaveLength(2);
    expect(tagsOf(net, BOB).filter((t) => t === "CallMedia")).toHaveLength(2);
    expect(tagsOf(net, MIDDLE)).not.toContainEqual(expect.stringMatching(/^Problem/));
    empty(net);
  });

  it("RFC 3311 §5.2, RFC 3261 §15.1.2: B's UPDATE is relayed to A and A's 200 answers it; B's BYE ends A", () => {
    const bob: P = (e) =>
      e._tag === "IncomingCall"
        ? [{ delay: 100, command: { _tag: "Answer", call: e.call } }]
        : e._tag === "CallEstablished"
          ? [{ delay: 500, command: { _tag: "Hold", call: e.call, via: "UPDATE" } }]
          : e._tag === "ReofferDone"
            ? [{ delay: 500, command: { _tag: "Hangup", call: e.call } }]
            : [];
    const net = relay(idle, bob);
    expect(ladder(net).slice(6)).toStrictEqual([
      "bob->mid UPDATE sdp",
      "mid->alice UPDATE sdp",
      "alice->mid 200 UPDATE sdp",
      "mid->bob 200 UPDATE sdp",
      "bob->mid BYE",
      "mid->bob 200 BYE",
      "mid->alice BYE",
      "alice->mid 200 BYE",
    ]);
    expect(tagsOf(net, ALICE)).toContain("CallEnded RemoteBye");
    empty(net);
  });

  it("RFC 3261 §9.2, §9.1: A's CANCEL is answered (200, 487) and becomes the B2BUA's CANCEL of B", () => {
    const alice: P = (e) => (e._tag === "CallProgress" ? [{ delay: 500, command: { _tag: "Cancel", call: e.call } }] : []);
    const net = relay(alice, (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }] : []));
    expect(ladder(net)).toStrictEqual([
      "alice->mid INVITE sdp",
      "mid->bob INVITE sdp",
      "bob->mid 180 INVITE",
      "mid->alice 180 INVITE",
      "alice->mid CANCEL",
      "mid->alice 200 CANCEL",
      "mid->alice 487 INVITE",
      "mid->bob CANCEL",
      "alice->mid ACK",
      "bob->mid 200 CANCEL",
      "bob->mid 487 INVITE",
      "mid->bob ACK",
    ]);
    expect(tagsOf(net, BOB)).toStrictEqual(["IncomingCall", "CallEnded Cancelled"]);
    empty(net);
  });

  it("RFC 3261 §13.3.1.3, §21.4.25: B's 486 is A's 486; each hop ACKs its own failure", () => {
    const net = relay(idle, (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Reject", call: e.call, status: 486 } }] : []));
    expect(ladder(net)).toStrictEqual(["alice->mid INVITE sdp", "mid->bob INVITE sdp", "bob->mid 486 INVITE", "mid->bob ACK", "mid->alice 486 INVITE", "alice->mid ACK"]);
    expect(tagsOf(net, ALICE)).toContain("CallFailed 486");
    empty(net);
  });

  it("RFC 3261 §13.3.1.3: the user's logic rejects (403) without a B-leg", () => {
    const net = relay(idle, idle, { logic: () => ({ _tag: "Reject", status: 403 }) });
    expect(ladder(net)).toStrictEqual(["alice->mid INVITE sdp", "mid->alice 403 INVITE", "alice->mid ACK"]);
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Refused 403"]);
    empty(net);
  });

  it("RFC 3261 §21.5.4: beyond maxLinks a new call gets 503 while the first is linked", () => {
    const net = relay(hangUpIn(500), answerIn(1000), { maxLinks: 1, calls: 2 });
    expect(ladder(net)).toContain("mid->alice 503 INVITE");
    expect(ladder(net).filter((l) => l === "mid->bob INVITE sdp")).toHaveLength(1);
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Linked", "Refused 503", "Unlinked"]);
    empty(net);
  });

  it("RFC 3261 §13.2.1: an offerless INVITE from A: B's 2xx offer goes to A in the 200, A's answer to B in the ACK", () => {
    const net = runTo(
      network({
        nodes: { [ALICE]: party("alice", ALICE, 11, hangUpIn(500)), [BOB]: party("bob", BOB, 22, answerIn(100)), [MIDDLE]: middle(b2buaApplication({ logic: toBob }), initialB2buaState) },
        agenda: [{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${MIDDLE}`), body: { type: "application/sdp", content: new Uint8Array() } } }],
      }),
    );
    expect(ladder(net).slice(0, 8)).toStrictEqual([
      "alice->mid INVITE",
      "mid->bob INVITE",
      "bob->mid 180 INVITE",
      "mid->alice 180 INVITE",
      "bob->mid 200 INVITE sdp",
      "mid->alice 200 INVITE sdp",
      "alice->mid ACK sdp",
      "mid->bob ACK sdp",
    ]);
    expect(tagsOf(net, BOB)).toContain("CallMedia");
    empty(net);
  });

  it("RFC 6086 §4.2, RFC 3261 §12.2.1.1: A's INFO goes to B as the B2BUA's own INFO in B's dialog, and B's final status answers A's", () => {
    const info = { type: "application/dtmf-relay", content: new TextEncoder().encode("Signal=5\r\nDuration=160\r\n") };
    const net = relay(infoThenHangUp(info), answersInfo());
    expect(ladder(net).slice(6, 10)).toStrictEqual(["alice->mid INFO body", "mid->bob INFO body", "bob->mid 200 INFO", "mid->alice 200 INFO"]);
    const got = (net.nodes[BOB]?.log ?? []).flatMap((l) => (l.event._tag === "InDialogRequest" ? [new TextDecoder().decode((l.event as Extract<AppEvent, { _tag: "InDialogRequest" }>).request.body)] : []));
    expect(got).toStrictEqual(["Signal=5\r\nDuration=160\r\n"]);
    expect(tagsOf(net, ALICE)).toContain("InDialogDone 200");
    empty(net);
  });

  it("RFC 6086, RFC 3261 §7.4: B's response to the relayed INFO keeps its body, and A's response carries it unchanged", () => {
    const reply = { type: "application/dtmf-relay", content: new TextEncoder().encode("Signal=7\r\nDuration=100\r\n") };
    const net = relay(infoThenHangUp(), answersInfo(reply));
    expect(ladder(net).slice(6, 10)).toStrictEqual(["alice->mid INFO", "mid->bob INFO", "bob->mid 200 INFO body", "mid->alice 200 INFO body"]);
    const done = (net.nodes[ALICE]?.log ?? []).flatMap((l) => (l.event._tag === "InDialogDone" ? [l.event as Extract<AppEvent, { _tag: "InDialogDone" }>] : []));
    expect(done.map((d) => [d.status, d.body?.type, new TextDecoder().decode(d.body?.content)])).toStrictEqual([[200, "application/dtmf-relay", "Signal=7\r\nDuration=100\r\n"]]);
    empty(net);
  });

  it("RFC 3261 §17.2.2, §12.2.1.2 (RFC 5057 §5.2): B's application never answers the relayed INFO: A's INFO times out and A ends with BYE, B is hung up, B's unanswered server transaction is destroyed after 64*T1; nothing stays anywhere", () => {
    const alice: P = (e) => (e._tag === "CallEstablished" ? [{ delay: 300, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO } }] : []);
    const net = relay(alice, (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Answer", call: e.call } }] : []));
    // After the call setup (6 messages), only INFO retransmissions, then the two BYEs.
    expect(ladder(net).filter((l) => !l.includes("INFO")).slice(6)).toStrictEqual(["alice->mid BYE", "mid->alice 200 BYE", "mid->bob BYE", "bob->mid 200 BYE"]);
    expect(tagsOf(net, ALICE)).toContain("InDialogDone 408");
    expect(tagsOf(net, BOB)).toContain("CallEnded RemoteBye");
    expect(tagsOf(net, BOB)).toContain("Problem no answer to a request within 64*T1; its server transaction is destroyed");
    empty(net);
    expect(registryOf(net, ALICE).size + registryOf(net, BOB).size).toBe(0);
  });

  it("RFC 3261 §12.2.2, §15.1.2: an INFO from A crossing B's BYE is answered 481 (found by the property test), and nothing is left behind", () => {
    const alice: P = (e) => (e._tag === "CallEstablished" ? [{ delay: 0, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO } }] : []);
    const bob: P = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Answer", call: e.call } }] : e._tag === "CallEstablished" ? [{ delay: 0, command: { _tag: "Hangup", call: e.call } }] : []);
    const net = relay(alice, bob);
    expect(ladder(net)).toContain("mid->alice 481 INFO");
    expect(ladder(net).filter((l) => l === "alice->mid INFO")).toHaveLength(1);
    empty(net);
  });

  it("RFC 3261 §15.1.2: A's INFO still out at B when A's BYE comes is answered 487 to A; nothing is left behind", () => {
    const alice: P = (e) => (e._tag === "CallEstablished" ? [{ delay: 0, command: { _tag: "SendInDialog", call: e.call, method: Methods.INFO } }, { delay: 0, command: { _tag: "Hangup", call: e.call } }] : []);
    const bob: P = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Answer", call: e.call } }] : e._tag === "InDialogRequest" ? [{ delay: 500, command: { _tag: "RespondTo", call: e.call, request: e.request, status: 200 } }] : []);
    const net = relay(alice, bob);
    expect(ladder(net)).toContain("mid->alice 487 INFO");
    empty(net);
    expect(registryOf(net, ALICE).size + registryOf(net, BOB).size).toBe(0);
  });
});
