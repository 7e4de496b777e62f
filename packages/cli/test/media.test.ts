import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { answer, capabilities, describeNegotiation, negotiated, offer } from "../src/serve/media.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
// SIPp's built-in uac offer.
const sippOffer = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

const caps = (codecs: ReadonlyArray<string>) => {
  const c = capabilities({ address: "127.0.0.1", port: 40000, codecs }, "42");
  if (E.isLeft(c)) throw new Error(c.left);
  return c.right;
};

describe("RFC 3264 §6 the answer puresip serve puts in its 200", () => {
  it("answers SIPp's PCMU offer with PCMU on the configured address and port", () => {
    const a = answer(caps(["PCMA", "PCMU"]), bytes(sippOffer));
    if (E.isLeft(a)) throw new Error(a.left);
    expect(a.right.answer).toContain("m=audio 40000 RTP/AVP 0\r\n");
    expect(a.right.answer).toContain("c=IN IP4 127.0.0.1\r\n");
    expect(describeNegotiation(a.right.negotiation)).toEqual(["audio RTP/AVP PCMU/8000 (pt 0) 127.0.0.1:6004 <-> 127.0.0.1:40000 sendrecv"]);
  });

  it("an offer with no codec in common, or one that does not parse, is a Left (the UAS answers 488)", () => {
    expect(answer(caps(["PCMA"]), bytes(sippOffer))).toEqual(E.left("no codec in common"));
    const bad = answer(caps(["PCMU"]), bytes("v=0\r\nm=audio x RTP/AVP 0\r\n"));
    expect(E.isLeft(bad) && bad.left).toMatch(/^the offer does not parse: line \d+/);
  });

  it("an unknown codec name in the configuration is named", () => {
    expect(capabilities({ address: "127.0.0.1", port: 4000, codecs: ["G729"] }, "1")).toEqual(E.left('unknown codec "G729" (known: PCMU, PCMA, G722, opus, telephone-event)'));
  });
});

describe("RFC 3264 §5, §6 what puresip call offers and learns from the answer", () => {
  it("the offer lists the configured codecs in order; the answer of a peer that picks PCMA is negotiated to PCMA", () => {
    const o = offer(caps(["PCMU", "PCMA"]));
    if (E.isLeft(o)) throw new Error(o.left);
    expect(o.right).toContain("m=audio 40000 RTP/AVP 0 8\r\n");
    const peer = answer(caps(["PCMA"]), bytes(o.right));
    if (E.isLeft(peer)) throw new Error(peer.left);
    const n = negotiated(o.right, bytes(peer.right.answer));
    expect(E.isRight(n) && describeNegotiation(n.right)).toEqual(["audio RTP/AVP PCMA/8000 (pt 8) 127.0.0.1:40000 <-> 127.0.0.1:40000 sendrecv"]);
  });
});
