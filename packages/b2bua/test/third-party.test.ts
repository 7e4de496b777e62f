// RFC 3725 third-party call control on the simulated network: the controller (the UA core
// without media, with `thirdPartyController` on it) connects alice and bob, then alice and carol.
// Each ladder is checked message by message against the RFC's figure, numbered as there.
import { describe, expect, it } from "vitest";
import type { Policy } from "@puresip/testkit";
import type { AppEvent, UaCommand } from "@puresip/ua";
import { initialControllerState, thirdPartyController } from "../src/index.js";
import type { Cmd, Net } from "./sim.js";
import { ALICE, BOB, CAROL, MIDDLE, ladder, middle, network, party, registryOf, restoreMiddle, runTo, tagsOf, uri } from "./sim.js";

type P = Policy<UaCommand, AppEvent>;
const answer: P = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }, { delay: 200, command: { _tag: "Answer", call: e.call } }] : []);
const busy: P = (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Reject", call: e.call, status: 486 } }] : []);
const control = (agenda: ReadonlyArray<{ readonly at: number; readonly node: string; readonly command: Cmd }>, bob: P = answer, alice: P = answer): Net =>
  runTo(
    network({
      nodes: { [ALICE]: party("alice", ALICE, 11, alice), [BOB]: party("bob", BOB, 22, bob), [CAROL]: party("carol", CAROL, 33, answer), [MIDDLE]: middle(thirdPartyController({ address: MIDDLE }), initialControllerState) },
      agenda,
    }),
  );
const connect = (flow: "I" | "IV") => ({ at: 0, node: MIDDLE, command: { _tag: "Connect" as const, session: "s1", a: uri(`sip:alice@${ALICE}`), b: uri(`sip:bob@${BOB}`), flow } });
const disconnect = (at: number) => ({ at, node: MIDDLE, command: { _tag: "Disconnect" as const, session: "s1" } });
/** Ringing (180) is the parties' own; the figures leave it out. */
const figure = (net: Net): ReadonlyArray<string> => ladder(net).filter((l) => !l.includes(" 180 "));

describe("RFC 3725 third-party call control on the UA core", () => {
  it("RFC 3725 §4.1 Figure 1 (Flow I): INVITE A without SDP, A's 200 offer1 to B in an INVITE, B's answer1 to A in the ACK; §7 Figure 6-like Disconnect", () => {
    const net = control([connect("I"), disconnect(5000)]);
    expect(figure(net)).toStrictEqual([
      "mid->alice INVITE", // (1) INVITE no SDP
      "alice->mid 200 INVITE sdp", // (2) 200 offer1
      "mid->bob INVITE sdp", // (3) INVITE offer1
      "bob->mid 200 INVITE sdp", // (4) 200 OK answer1
      "mid->bob ACK", // (5) ACK
      "mid->alice ACK sdp", // (6) ACK answer1
      "mid->alice BYE",
      "mid->bob BYE",
      "alice->mid 200 BYE",
      "bob->mid 200 BYE",
    ]);
    // (7) RTP: alice and bob agreed media with each other.
    expect(tagsOf(net, ALICE)).toContain("CallMedia");
    expect(tagsOf(net, BOB)).toContain("CallMedia");
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Connected", "Ended"]);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
  });

  it("RFC 3725 §4.4 Figure 4 (Flow IV, §5 recommended): a no-media offer to A, an offerless INVITE to B, B's offer2 re-offered to A as offer2'", () => {
    const net = control([connect("IV"), disconnect(5000)]);
    expect(figure(net)).toStrictEqual([
      "mid->alice INVITE sdp-no-media", // (1) INVITE offer1 no media
      "alice->mid 200 INVITE sdp-no-media", // (2) 200 answer1 no media
      "mid->alice ACK", // (3) ACK
      "mid->bob INVITE", // (4) INVITE no SDP
      "bob->mid 200 INVITE sdp", // (5) 200 OK offer2
      "mid->alice INVITE sdp", // (6) INVITE offer2'
      "alice->mid 200 INVITE sdp", // (7) 200 answer2'
      // (9) and (8) leave in the same step: the UA core ACKs A's 2xx as it reads it, then the
      // controller's answer2 goes to B in the ACK it owes; neither waits for the other.
      "mid->alice ACK", // (9) ACK
      "mid->bob ACK sdp", // (8) ACK answer2
      "mid->alice BYE",
      "mid->bob BYE",
      "alice->mid 200 BYE",
      "bob->mid 200 BYE",
    ]);
    // offer2' continues the o= line of offer1 (version one on), so A takes it as the same session.
    expect(tagsOf(net, ALICE).filter((t) => t === "CallMedia")).toHaveLength(2);
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Connected", "Ended"]);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
  });

  it("RFC 3725 §7 Figure 7: Reconnect A to C (B hung up): no-media INVITE to C, offerless re-INVITE to A, A's offer3 to C as offer3', C's answer to A in the ACK", () => {
    const net = control([connect("IV"), { at: 5000, node: MIDDLE, command: { _tag: "Reconnect", session: "s1", to: uri(`sip:carol@${CAROL}`) } }, disconnect(10_000)]);
    const l = figure(net);
    const from = l.indexOf("mid->bob BYE");
    expect(l.slice(from)).toStrictEqual([
      "mid->bob BYE", // B let go (Figure 7 (1)-(2) with the roles turned)
      "mid->carol INVITE sdp-no-media", // (3) INV no media
      "bob->mid 200 BYE",
      "carol->mid 200 INVITE sdp-no-media", // (4) 200 no media
      "mid->carol ACK", // (5) ACK
      "mid->alice INVITE", // (6) INV no SDP
      "alice->mid 200 INVITE sdp", // (7) 200 offer3
      "mid->carol INVITE sdp", // (8) INV offer3'
      "carol->mid 200 INVITE sdp", // (9) 200 answer3'
      "mid->carol ACK", // (10) ACK
      "mid->alice ACK sdp", // (11) ACK answer3
      "mid->alice BYE",
      "mid->carol BYE",
      "alice->mid 200 BYE",
      "carol->mid 200 BYE",
    ]);
    // (12) RTP between A and C: both agreed; A's third exchange is the one with C.
    expect(tagsOf(net, ALICE).filter((t) => t === "CallMedia")).toHaveLength(3);
    expect(tagsOf(net, CAROL)).toContain("CallMedia");
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Connected", "Reconnected", "Ended"]);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
  });

  it("RFC 3725 §6: B busy (486) after A is connected: the controller sends A a BYE and says why", () => {
    const net = control([connect("IV")], busy);
    expect(figure(net)).toStrictEqual([
      "mid->alice INVITE sdp-no-media",
      "alice->mid 200 INVITE sdp-no-media",
      "mid->alice ACK",
      "mid->bob INVITE",
      "bob->mid 486 INVITE",
      "mid->bob ACK",
      "mid->alice BYE",
      "alice->mid 200 BYE",
    ]);
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Failed 486", "Ended"]);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
  });

  it("RFC 3725 §7 Figure 7: the controller stopped at any point of Connect and Reconnect and restored from its JSON snapshot (state and entry codecs) runs the same ladder", () => {
    const agenda = [connect("IV"), { at: 5000, node: MIDDLE, command: { _tag: "Reconnect" as const, session: "s1", to: uri(`sip:carol@${CAROL}`) } }, disconnect(10_000)];
    const straight = ladder(control(agenda));
    for (const cut of [5, 120, 450, 5030, 5300, 10_020]) {
      const build = (): Net =>
        network({
          nodes: { [ALICE]: party("alice", ALICE, 11, answer), [BOB]: party("bob", BOB, 22, answer), [CAROL]: party("carol", CAROL, 33, answer), [MIDDLE]: middle(thirdPartyController({ address: MIDDLE }), initialControllerState) },
          agenda,
        });
      const first = runTo(build(), cut);
      restoreMiddle(first);
      const restored = runTo(first);
      expect(ladder(restored), `cut at ${String(cut)} ms`).toStrictEqual(straight);
      expect([...registryOf(restored, MIDDLE).keys()]).toStrictEqual([]);
    }
  });

  it("RFC 3725 §7: a connected party's re-INVITE (hold) is forwarded to the other with the controller's o= line continued, and the answer comes back the same way", () => {
    const alice: P = (e) => [...answer(e, 0), ...(e._tag === "CallEstablished" ? [{ delay: 3000, command: { _tag: "Hold" as const, call: e.call } }] : [])];
    const net = control([connect("IV"), disconnect(8000)], answer, alice);
    const l = figure(net);
    const from = l.lastIndexOf("alice->mid INVITE sdp");
    expect(l.slice(from, from + 6)).toStrictEqual(["alice->mid INVITE sdp", "mid->bob INVITE sdp", "bob->mid 200 INVITE sdp", "mid->bob ACK", "mid->alice 200 INVITE sdp", "alice->mid ACK"]);
    // Both took the relayed descriptions as new versions of the session they knew: each agreed again.
    expect(tagsOf(net, ALICE)).toContain("ReofferDone 200");
    expect(tagsOf(net, ALICE).filter((t) => t === "CallMedia")).toHaveLength(3);
    expect(tagsOf(net, BOB).filter((t) => t === "CallMedia")).toHaveLength(2);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
  });

  it("RFC 3725 §4: beyond maxSessions a Connect is refused; a session's end frees its place", () => {
    const net = runTo(
      network({
        nodes: { [ALICE]: party("alice", ALICE, 11, answer), [BOB]: party("bob", BOB, 22, answer), [CAROL]: party("carol", CAROL, 33, answer), [MIDDLE]: middle(thirdPartyController({ address: MIDDLE, maxSessions: 1 }), initialControllerState) },
        agenda: [
          connect("IV"),
          { at: 10, node: MIDDLE, command: { _tag: "Connect", session: "s2", a: uri(`sip:carol@${CAROL}`), b: uri(`sip:bob@${BOB}`), flow: "I" } },
          disconnect(5000),
          { at: 6000, node: MIDDLE, command: { _tag: "Connect", session: "s3", a: uri(`sip:carol@${CAROL}`), b: uri(`sip:bob@${BOB}`), flow: "I" } },
          { at: 9000, node: MIDDLE, command: { _tag: "Disconnect", session: "s3" } },
        ],
      }),
    );
    expect(tagsOf(net, MIDDLE)).toStrictEqual(["Refused too many sessions at once", "Connected", "Ended", "Connected", "Ended"]);
    expect([...registryOf(net, MIDDLE).keys()]).toStrictEqual([]);
    expect((net.nodes[MIDDLE]?.engine.state() as { readonly application: { readonly live: number } }).application.live).toBe(0);
  });
});
