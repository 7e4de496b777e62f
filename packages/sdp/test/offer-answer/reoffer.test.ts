import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { addStream, hold, incrementDecimal, parseSdp, removeStream, reoffer, resume } from "../../src/index.js";
import type { Change, Direction, SessionDescription } from "../../src/index.js";

const sdp = (...lines: ReadonlyArray<string>): SessionDescription => {
  const r = parseSdp(lines.map((l) => `${l}\r\n`).join(""));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const previous = sdp("v=0", "o=alice 7 18446744073709551615 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 49170 RTP/AVP 0", "m=video 0 RTP/AVP 31", "a=rtpmap:31 H261/90000", "m=audio 49174 RTP/AVP 0", "a=recvonly");

const directions = (sd: SessionDescription): ReadonlyArray<Direction | undefined> =>
  sd.media.map((m) => m.attributes.find((a) => a._tag === "Direction")?.value);

const run = (...changes: ReadonlyArray<Change>): SessionDescription => {
  const r = pipe(previous, reoffer(...changes));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe("RFC 3264 §8 re-offers", () => {
  it("§8: the version increments by one, past 2^64 without losing digits", () => {
    expect(run(hold()).origin.sessionVersion).toBe("18446744073709551616");
    expect(incrementDecimal("0")).toBe("1");
    expect(incrementDecimal("1299")).toBe("1300");
    expect(incrementDecimal("999")).toBe("1000");
  });
  it("RFC 6337 §5.3: hold offers sendonly, also on a stream this side last answered recvonly; disabled streams are untouched", () => {
    expect(directions(run(hold()))).toStrictEqual(["sendonly", undefined, "sendonly"]);
  });
  it("RFC 6337 §5.3: hold with inactive when no music on hold is played", () => {
    expect(directions(run(hold({ inactive: true })))).toStrictEqual(["inactive", undefined, "inactive"]);
  });
  it("RFC 6337 §5.3: resume goes back to sendrecv, or to the direction asked for", () => {
    expect(directions(run(hold(), resume()))).toStrictEqual(["sendrecv", undefined, "sendrecv"]);
    expect(directions(run(hold(), resume({ index: 2, direction: "recvonly" })))).toStrictEqual(["sendonly", undefined, "recvonly"]);
  });
  it("§8.1: a new stream reuses the first disabled m-line slot", () => {
    const next = run(addStream({ media: "audio", proto: "RTP/AVP", port: 5000, codecs: [{ encodingName: "telephone-event", clockRate: 8000 }] }));
    expect(next.media.map((m) => [m.media, m.port, m.formats])).toStrictEqual([
      ["audio", 49170, ["0"]],
      ["audio", 5000, ["96"]],
      ["audio", 49174, ["0"]],
    ]);
  });
  it("§8.1: with no disabled slot the stream is appended; m-lines are never removed (RFC 6337 §5.2.5)", () => {
    const cap = { media: "video", proto: "RTP/AVP", port: 5002, codecs: [{ encodingName: "H261", clockRate: 90000 }] };
    const next = run(addStream(cap), addStream(cap));
    expect(next.media.map((m) => m.port)).toStrictEqual([49170, 5002, 49174, 5002]);
  });
  it("§8.2: removing a stream sets its port to 0 and keeps the m-line", () => {
    const next = run(removeStream(0));
    expect(next.media[0]).toMatchObject({ port: 0, formats: ["0"], attributes: [] });
    expect(next.media.length).toBe(3);
  });
  it("a change to a stream that does not exist is an error", () => {
    expect(pipe(previous, reoffer(removeStream(7)))).toMatchObject({ _tag: "Left", left: { stream: 7 } });
    expect(pipe(previous, reoffer(hold({ index: -1 })))).toMatchObject({ _tag: "Left" });
  });
  it("§8: no change, no new version", () => {
    expect(pipe(previous, reoffer(resume({ index: 1 })))).toStrictEqual(E.right(previous));
  });
});

describe("RFC 9143 BUNDLE in re-offers", () => {
  const bundled = sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "a=group:BUNDLE a v", "m=audio 9 RTP/AVP 0", "a=mid:a", "m=video 9 RTP/AVP 31", "a=mid:v");
  const group = (sd: E.Either<unknown, SessionDescription>) => (E.isRight(sd) ? sd.right.attributes[0] : undefined);
  it("a removed stream leaves the BUNDLE group", () => {
    expect(group(pipe(bundled, reoffer(removeStream(1))))).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["a"] });
  });
  it("an added stream with a mid joins it, in the freed slot", () => {
    const next = pipe(bundled, reoffer(removeStream(1), addStream({ media: "video", proto: "RTP/AVP", port: 9, mid: "v2", codecs: [{ encodingName: "VP8", clockRate: 90000 }] })));
    expect(group(next)).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["a", "v2"] });
    expect(E.isRight(next) && next.right.media.map((m) => m.attributes[0])).toStrictEqual([
      { _tag: "Mid", value: "a" },
      { _tag: "Mid", value: "v2" },
    ]);
  });
});
