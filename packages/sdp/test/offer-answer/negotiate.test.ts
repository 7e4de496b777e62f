import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { negotiate, parseSdp, validateAnswer } from "../../src/index.js";
import type { SessionDescription } from "../../src/index.js";

const sdp = (...lines: ReadonlyArray<string>): SessionDescription => {
  const r = parseSdp(lines.map((l) => `${l}\r\n`).join(""));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const head = (who: string, address: string) => [`v=0`, `o=${who} 1 1 IN IP4 ${address}`, "s=-", `c=IN IP4 ${address}`, "t=0 0"];

const offer = sdp(...head("alice", "192.0.2.1"), "m=audio 49170 RTP/AVP 0 97 101", "a=rtpmap:97 iLBC/8000", "a=rtpmap:101 telephone-event/8000", "m=video 51372 RTP/AVP 31");

describe("RFC 3264 §6 negotiate", () => {
  it("agrees codecs, directions and addresses per stream", () => {
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 99 101", "a=rtpmap:99 iLBC/8000", "a=rtpmap:101 telephone-event/8000", "a=recvonly", "m=video 0 RTP/AVP 31");
    expect(negotiate(offer)(answer)).toStrictEqual(
      E.right({
        streams: [
          {
            _tag: "Active",
            index: 0,
            media: "audio",
            proto: "RTP/AVP",
            formats: ["99", "101"],
            codecs: [
              { encodingName: "iLBC", clockRate: 8000, offererPayloadType: 97, answererPayloadType: 99 },
              { encodingName: "telephone-event", clockRate: 8000, offererPayloadType: 101, answererPayloadType: 101 },
            ],
            offerer: { address: "192.0.2.1", port: 49170, direction: "sendrecv", sends: true, receives: false },
            answerer: { address: "192.0.2.2", port: 3456, direction: "recvonly", sends: false, receives: true },
          },
          { _tag: "Rejected", index: 1, media: "video" },
        ],
      }),
    );
  });

  it("§6: an answer with the wrong number of m-lines is an error", () => {
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 0");
    expect(negotiate(offer)(answer)).toStrictEqual(
      E.left({ _tag: "OfferAnswerError", message: "answer has 1 m-lines for an offer with 2 (RFC 3264 §6)" }),
    );
  });

  it("§6.1: an answer may list formats the offer did not (0 8 3 111 to 0 8); the offerer uses only the ones it offered", () => {
    const offered = sdp(...head("alice", "192.0.2.1"), "m=audio 49170 RTP/AVP 0 8");
    const answer = sdp(...head("pbx", "192.0.2.9"), "m=audio 7078 RTP/AVP 0 8 3 111", "a=rtpmap:111 opus/48000/2");
    expect(negotiate(offered)(answer)).toStrictEqual(
      E.right({
        streams: [
          {
            _tag: "Active",
            index: 0,
            media: "audio",
            proto: "RTP/AVP",
            formats: ["0", "8"],
            codecs: [
              { encodingName: "PCMU", clockRate: 8000, offererPayloadType: 0, answererPayloadType: 0 },
              { encodingName: "PCMA", clockRate: 8000, offererPayloadType: 8, answererPayloadType: 8 },
            ],
            offerer: { address: "192.0.2.1", port: 49170, direction: "sendrecv", sends: true, receives: true },
            answerer: { address: "192.0.2.9", port: 7078, direction: "sendrecv", sends: true, receives: true },
          },
        ],
      }),
    );
  });

  it("§6.1: the answer's extra formats may come first; the offered ones keep the answer's order", () => {
    const offered = sdp(...head("alice", "192.0.2.1"), "m=audio 49170 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000");
    const answer = sdp(...head("pbx", "192.0.2.9"), "m=audio 7078 RTP/AVP 18 8 0 96 101", "a=rtpmap:96 telephone-event/16000", "a=rtpmap:101 telephone-event/8000");
    const n = negotiate(offered)(answer);
    expect(n).toMatchObject({ _tag: "Right", right: { streams: [{ formats: ["8", "0", "101"] }] } });
    expect(E.isRight(n) && n.right.streams[0]?._tag === "Active" && n.right.streams[0].codecs.map((c) => c.offererPayloadType)).toStrictEqual([8, 0, 101]);
  });

  it("§6.1: a non-RTP answer may list formats the offer did not; only the common ones are agreed", () => {
    const offered = sdp(...head("alice", "192.0.2.1"), "m=image 49170 udptl t38");
    const answer = sdp(...head("bob", "192.0.2.2"), "m=image 3456 udptl t38 x-other");
    expect(negotiate(offered)(answer)).toMatchObject({ _tag: "Right", right: { streams: [{ _tag: "Active", formats: ["t38"], codecs: [] }] } });
    expect(negotiate(offered)(sdp(...head("bob", "192.0.2.2"), "m=image 3456 udptl x-other"))).toMatchObject({ _tag: "Left", left: { stream: 0 } });
  });

  it("§6.1: an answer with none of the offered formats is an error naming the stream and the codec", () => {
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 8", "m=video 0 RTP/AVP 31");
    expect(validateAnswer(offer)(answer)).toMatchObject({ _tag: "Left", left: { stream: 0, message: expect.stringMatching(/payload type 8 \(PCMA\/8000\)/) as unknown } });
  });

  it("§6.1: a dynamic payload type bound to another codec is not the offered one", () => {
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 97", "a=rtpmap:97 AMR/8000", "m=video 0 RTP/AVP 31");
    expect(E.isLeft(negotiate(offer)(answer))).toBe(true);
  });

  it("§6.1: a direction the offer does not allow is an error", () => {
    const held = sdp(...head("alice", "192.0.2.1"), "m=audio 49170 RTP/AVP 0", "a=sendonly");
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 0", "a=sendrecv");
    expect(negotiate(held)(answer)).toMatchObject({ _tag: "Left", left: { stream: 0, message: expect.stringMatching(/sendrecv is not allowed for an offered sendonly/) as unknown } });
  });

  it("§6: media type changed, or port 0 accepted, are errors", () => {
    expect(E.isLeft(negotiate(offer)(sdp(...head("bob", "h"), "m=audio 1 RTP/AVP 0", "m=audio 2 RTP/AVP 0")))).toBe(true);
    const zero = sdp(...head("alice", "h"), "m=audio 0 RTP/AVP 0");
    expect(E.isLeft(negotiate(zero)(sdp(...head("bob", "h"), "m=audio 5 RTP/AVP 0")))).toBe(true);
  });

  it("RFC 6337 §5.4: nobody sends to c=0.0.0.0", () => {
    const blackHoled = sdp(...head("alice", "0.0.0.0"), "m=audio 23442 RTP/AVP 0");
    const answer = sdp(...head("bob", "192.0.2.2"), "m=audio 3456 RTP/AVP 0");
    const n = negotiate(blackHoled)(answer);
    expect(n).toMatchObject({ _tag: "Right", right: { streams: [{ offerer: { sends: true, receives: false }, answerer: { sends: false, receives: true } }] } });
  });
});
