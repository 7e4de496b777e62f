import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { createAnswer, negotiate, parseSdp } from "@puresip/sdp";
import { capabilities, describeNegotiation } from "../src/serve/media.js";

// SIPp's built-in uac offer.
const sippOffer = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

const caps = (codecs: ReadonlyArray<string>) => {
  const c = capabilities({ address: "127.0.0.1", port: 40000, codecs }, "42");
  if (E.isLeft(c)) throw new Error(c.left);
  return c.right;
};

const offer = (text: string) => {
  const o = parseSdp(text);
  if (E.isLeft(o)) throw new Error(o.left.message);
  return o.right;
};

describe("RFC 3264 §6 the media puresip serve answers with, and how it prints", () => {
  it("SIPp's PCMU offer is answered with PCMU on the configured address and port", () => {
    const o = offer(sippOffer);
    const n = E.flatMap(E.mapLeft((e: { readonly message: string }) => e.message)(createAnswer(caps(["PCMA", "PCMU"]))(o)), (a) => E.mapLeft((e: { readonly message: string }) => e.message)(negotiate(o)(a)));
    expect(E.isRight(n) && describeNegotiation(n.right)).toEqual(["audio RTP/AVP PCMU/8000 (pt 0) 127.0.0.1:6004 <-> 127.0.0.1:40000 sendrecv"]);
  });

  it("the configured codecs become the UA core's capabilities, in order; an unknown name is named", () => {
    expect(caps(["PCMU", "PCMA"]).media[0]?.codecs.map((c) => c.encodingName)).toEqual(["PCMU", "PCMA"]);
    expect(capabilities({ address: "127.0.0.1", port: 4000, codecs: ["G729"] }, "1")).toEqual(E.left('unknown codec "G729" (known: PCMU, PCMA, G722, opus, telephone-event)'));
  });
});
