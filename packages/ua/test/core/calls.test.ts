// RFC 3665 §3 session flows between two UA cores on the simulated network, checked message by
// message, with SDP made and negotiated by the UAs (RFC 3264).
import { describe, expect, it } from "vitest";
import type { UaCommand } from "../../src/index.js";
import { tags, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, twoUas } from "./flows.js";

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
    expect(tags(alice)).toStrictEqual(["CallCreated", "CallProgress 180", "CallMedia", "CallEstablished", "CallEnded LocalBye"]);
    expect(tags(bob)).toStrictEqual(["IncomingCall", "CallMedia", "CallEstablished", "CallEnded RemoteBye"]);
    expect(alice.store.size).toBe(0);
    expect(bob.store.size).toBe(0);
  });
});
