import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { assignPayloadTypes, createOffer, parseSdp, serializeSdp } from "../../src/index.js";
import type { LocalCapabilities } from "../../src/index.js";

const phone: LocalCapabilities = {
  username: "-",
  sessionId: "1700000000",
  sessionVersion: "1",
  addrType: "IP4",
  address: "192.0.2.55",
  media: [
    {
      media: "audio",
      proto: "RTP/AVP",
      port: 2222,
      codecs: [
        { encodingName: "opus", clockRate: 48000, channels: 2, fmtp: "useinbandfec=1" },
        { encodingName: "PCMU", clockRate: 8000 },
        { encodingName: "G722", clockRate: 8000 },
        { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-16" },
      ],
      attributes: [{ _tag: "Ptime", value: 20 }],
    },
  ],
};

describe("RFC 3264 §5 createOffer", () => {
  it("§5.1: static codecs keep their RFC 3551 payload type, dynamic ones get 96 and up, in preference order", () => {
    const offer = createOffer(phone);
    expect(E.map(serializeSdp)(offer)).toStrictEqual(
      E.right(
        [
          "v=0",
          "o=- 1700000000 1 IN IP4 192.0.2.55",
          "s=-",
          "c=IN IP4 192.0.2.55",
          "t=0 0",
          "m=audio 2222 RTP/AVP 96 0 9 97",
          "a=rtpmap:96 opus/48000/2",
          "a=fmtp:96 useinbandfec=1",
          "a=rtpmap:0 PCMU/8000",
          "a=rtpmap:9 G722/8000",
          "a=rtpmap:97 telephone-event/8000",
          "a=fmtp:97 0-16",
          "a=ptime:20",
          "",
        ].join("\r\n"),
      ),
    );
  });
  it("the offer parses back to itself", () => {
    const offer = createOffer(phone);
    expect(E.isRight(offer) && parseSdp(serializeSdp(offer.right))).toStrictEqual(offer);
  });
  it("RFC 9143: BUNDLE groups the mids; rtcp-mux and direction are offered", () => {
    const offer = createOffer({
      ...phone,
      bundle: true,
      media: [
        { ...phone.media[0]!, mid: "0", rtcpMux: true },
        { media: "video", proto: "RTP/AVP", port: 2224, mid: "1", direction: "recvonly", codecs: [{ encodingName: "VP8", clockRate: 90000, rtcpFeedback: ["nack", "nack pli"] }] },
      ],
    });
    if (E.isLeft(offer)) throw new Error(offer.left.message);
    expect(offer.right.attributes).toStrictEqual([{ _tag: "Group", semantics: "BUNDLE", mids: ["0", "1"] }]);
    expect(offer.right.media[1]!.attributes).toStrictEqual([
      { _tag: "Mid", value: "1" },
      { _tag: "Rtpmap", payloadType: 96, encodingName: "VP8", clockRate: 90000 },
      { _tag: "RtcpFb", payloadType: "96", type: "nack" },
      { _tag: "RtcpFb", payloadType: "96", type: "nack", parameter: "pli" },
      { _tag: "Direction", value: "recvonly" },
    ]);
    expect(offer.right.media[0]!.attributes).toContainEqual({ _tag: "RtcpMux" });
  });
  it("RFC 8841: a data channel stream offers its formats", () => {
    const offer = createOffer({ ...phone, media: [{ media: "application", proto: "UDP/DTLS/SCTP", port: 9, codecs: [], formats: ["webrtc-datachannel"], attributes: [{ _tag: "SctpPort", port: 5000 }] }] });
    expect(E.isRight(offer) && offer.right.media[0]!.formats).toStrictEqual(["webrtc-datachannel"]);
  });
  it("errors: no codecs, duplicate payload types, more than 32 dynamic codecs", () => {
    expect(createOffer({ ...phone, media: [{ ...phone.media[0]!, codecs: [] }] })).toMatchObject({ _tag: "Left", left: { stream: 0 } });
    expect(E.isLeft(assignPayloadTypes([{ encodingName: "a", clockRate: 1, payloadType: 100 }, { encodingName: "b", clockRate: 1, payloadType: 100 }]))).toBe(true);
    const many = Array.from({ length: 33 }, (_, i) => ({ encodingName: `x${i}`, clockRate: 8000 }));
    expect(assignPayloadTypes(many)).toMatchObject({ _tag: "Left", left: { message: "more dynamic codecs than payload types 96-127" } });
  });
  it("an asked-for payload type is kept and the dynamic range skips it", () => {
    expect(assignPayloadTypes([{ encodingName: "a", clockRate: 1 }, { encodingName: "b", clockRate: 1, payloadType: 96 }])).toStrictEqual(E.right([97, 96]));
  });
});
