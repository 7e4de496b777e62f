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

  it("§6.1: a codec the offer did not list is an error naming the stream", () => {
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
