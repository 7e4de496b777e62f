// RFC 3261 §13.3.1.3: an offer the UA's media cannot answer is refused with 488.
import { describe, expect, it } from "vitest";
import type { UaCommand } from "../../src/index.js";
import { audio, tags, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, twoUas } from "./flows.js";

const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
const only = (encodingName: string, address: string) => ({
  ...audio,
  address,
  media: audio.media.map((m) => ({ ...m, codecs: m.codecs.filter((c) => c.encodingName === encodingName) })),
});

describe("RFC 3261 §13.3.1.3 an offer the UAS cannot accept", () => {
  it("Answer with no codec in common: 488 Not Acceptable Here, ACKed, the caller hears CallFailed 488", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }], {
        alice: { media: only("PCMU", ALICE) },
        bob: { media: { ...only("PCMU", BOB), media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMA", clockRate: 8000 }] }] } },
        bobPolicy: answerAfter(1000),
      }),
    );
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 488 Not Acceptable Here", "alice->bob ACK"]);
    expect(tags(nodeOf(net, ALICE))).toContain("CallFailed 488");
    expect(nodeOf(net, BOB).log?.some((l) => l.event._tag === "Problem" && l.event.reason.includes("488"))).toBe(true);
    // The ACK for the 488 is the transaction's (§17.1.1.3); once Timer D/I end, nothing is left.
    expect(nodeOf(net, ALICE).engine.registry.size).toBe(0);
    expect(nodeOf(net, BOB).engine.registry.size).toBe(0);
  });
});
