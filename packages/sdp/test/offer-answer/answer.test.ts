import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { createAnswer, negotiate, parseSdp } from "../../src/index.js";
import type { Attribute, LocalCapabilities, SessionDescription } from "../../src/index.js";
import { chromeOffer, deskPhoneOffer } from "../fixtures/real-world.js";

const sdp = (text: string): SessionDescription => {
  const r = parseSdp(text);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const answerOf = (caps: LocalCapabilities, offer: SessionDescription): SessionDescription => {
  const r = createAnswer(caps)(offer);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const base = { username: "bob", sessionId: "42", addrType: "IP4" as const, address: "192.0.2.99" };

describe("RFC 3264 §6 createAnswer", () => {
  it("§6.1: codecs in the offerer's order with the offer's payload types; telephone-event carried with its PT", () => {
    const answer = answerOf(
      { ...base, media: [{ media: "audio", proto: "RTP/AVP", port: 4000, codecs: [{ encodingName: "PCMU", clockRate: 8000 }, { encodingName: "G722", clockRate: 8000 }, { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-15" }] }] },
      sdp(deskPhoneOffer),
    );
    expect(answer.media[0]!.formats).toStrictEqual(["9", "0", "101"]);
    expect(answer.media[0]!.attributes).toContainEqual({ _tag: "Fmtp", format: "101", parameters: "0-15" });
    expect(answer.timing).toStrictEqual(sdp(deskPhoneOffer).timing);
  });

  it("§6: a stream with no common codec is rejected with port 0, keeping one offered format", () => {
    const answer = answerOf({ ...base, media: [{ media: "audio", proto: "RTP/AVP", port: 4000, codecs: [{ encodingName: "AMR", clockRate: 8000 }] }] }, sdp(deskPhoneOffer));
    expect(answer.media[0]).toMatchObject({ port: 0, formats: ["9"] });
  });

  it("§6: an offered port 0 is answered with port 0", () => {
    const offer = sdp("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n");
    expect(answerOf({ ...base, media: [{ media: "audio", proto: "RTP/AVP", port: 4000, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] }, offer).media[0]!.port).toBe(0);
  });

  it("§6.1: sendonly is answered recvonly, recvonly sendonly, inactive inactive; the answerer may narrow further", () => {
    const offerWith = (d: string) => sdp(`v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 5 RTP/AVP 0\r\na=${d}\r\n`);
    const dirOf = (sd: SessionDescription) => sd.media[0]!.attributes.find((a) => a._tag === "Direction");
    const caps = (direction?: "sendonly") => ({ ...base, media: [{ media: "audio", proto: "RTP/AVP", port: 4000, codecs: [{ encodingName: "PCMU", clockRate: 8000 }], ...(direction ? { direction } : {}) }] });
    expect(dirOf(answerOf(caps(), offerWith("sendonly")))).toStrictEqual({ _tag: "Direction", value: "recvonly" });
    expect(dirOf(answerOf(caps(), offerWith("recvonly")))).toStrictEqual({ _tag: "Direction", value: "sendonly" });
    expect(dirOf(answerOf(caps(), offerWith("inactive")))).toStrictEqual({ _tag: "Direction", value: "inactive" });
    expect(dirOf(answerOf(caps(), offerWith("sendrecv")))).toBeUndefined();
    expect(dirOf(answerOf(caps("sendonly"), offerWith("sendonly")))).toStrictEqual({ _tag: "Direction", value: "inactive" });
  });

  it("RFC 6184 §8.2.2: H.264 matches only with the same packetization-mode and profile; level may differ", () => {
    const offer = sdp("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=video 5 RTP/AVP 102 104\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=0;profile-level-id=42001f\r\na=rtpmap:104 H264/90000\r\na=fmtp:104 packetization-mode=1;profile-level-id=42001f\r\n");
    const answer = answerOf({ ...base, media: [{ media: "video", proto: "RTP/AVP", port: 4002, codecs: [{ encodingName: "H264", clockRate: 90000, fmtp: "packetization-mode=1;profile-level-id=42001e" }] }] }, offer);
    expect(answer.media[0]!.formats).toStrictEqual(["104"]);
  });

  const webrtcCaps: LocalCapabilities = {
    ...base,
    attributes: [
      { _tag: "IceUfrag", value: "Bb1x" },
      { _tag: "IcePwd", value: "8Z9kW5eP1iLt3rS0q0a2d4Uv" },
      { _tag: "Fingerprint", hashFunction: "sha-256", fingerprint: "AA:BB" },
    ],
    media: [
      { media: "audio", proto: "UDP/TLS/RTP/SAVPF", port: 9, rtcpMux: true, codecs: [{ encodingName: "opus", clockRate: 48000, channels: 2, rtcpFeedback: ["transport-cc"] }, { encodingName: "telephone-event", clockRate: 8000 }] },
      { media: "video", proto: "UDP/TLS/RTP/SAVPF", port: 9, rtcpMux: true, codecs: [{ encodingName: "VP8", clockRate: 90000, rtcpFeedback: ["nack", "nack pli"] }, { encodingName: "rtx", clockRate: 90000 }] },
    ],
  };

  it("RFC 9143: answers a Chrome BUNDLE offer, echoing mids, a=setup:active, rtcp-mux; the data channel is rejected", () => {
    const offer = sdp(chromeOffer);
    const answer = answerOf(webrtcCaps, offer);
    expect(answer.attributes[0]).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["0", "1"] });
    const audio = answer.media[0]!.attributes;
    expect(audio[0]).toStrictEqual({ _tag: "Mid", value: "0" });
    expect(audio).toContainEqual<Attribute>({ _tag: "Setup", role: "active" });
    expect(audio).toContainEqual<Attribute>({ _tag: "RtcpMux" });
    expect(audio).toContainEqual<Attribute>({ _tag: "RtcpFb", payloadType: "111", type: "transport-cc" });
    expect(answer.media[0]!.formats).toStrictEqual(["111", "126"]);
    expect(answer.media[2]).toMatchObject({ port: 0, media: "application", attributes: [{ _tag: "Mid", value: "2" }] });
    expect(E.isRight(negotiate(offer)(answer))).toBe(true);
  });

  it("RFC 8842 §5: a session-level a=setup:actpass is answered active on each stream", () => {
    const offer = sdp("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\na=setup:actpass\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n");
    expect(answerOf(webrtcCaps, offer).media[0]!.attributes).toContainEqual<Attribute>({ _tag: "Setup", role: "active" });
  });

  it("RFC 4588 §8.1: rtx is kept only with the codec its apt names", () => {
    const answer = answerOf(webrtcCaps, sdp(chromeOffer));
    // VP8 (96) and its rtx (97) stay; H.264's rtx (103) goes with H.264.
    expect(answer.media[1]!.formats).toStrictEqual(["96", "97"]);
    expect(answer.media[1]!.attributes).toContainEqual<Attribute>({ _tag: "Fmtp", format: "97", parameters: "apt=96" });
  });

  it("RFC 8841: a data channel is accepted when the answerer speaks its format", () => {
    const answer = answerOf({ ...webrtcCaps, media: [...webrtcCaps.media, { media: "application", proto: "UDP/DTLS/SCTP", port: 9, codecs: [], formats: ["webrtc-datachannel"] }] }, sdp(chromeOffer));
    expect(answer.media[2]).toMatchObject({ port: 9, formats: ["webrtc-datachannel"] });
    expect(answer.attributes[0]).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["0", "1", "2"] });
  });

  it("each local capability answers at most one stream", () => {
    const offer = sdp("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\nm=audio 5 RTP/AVP 0\r\nm=audio 7 RTP/AVP 0\r\n");
    const answer = pipe(offer, createAnswer({ ...base, media: [{ media: "audio", proto: "RTP/AVP", port: 4000, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] }));
    expect(E.map((a: SessionDescription) => a.media.map((m) => m.port))(answer)).toStrictEqual(E.right([4000, 0]));
  });
});
