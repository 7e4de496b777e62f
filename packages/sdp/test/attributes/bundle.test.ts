import { describe, expect, it } from "vitest";
import { attr, roundTrip } from "./helpers.js";

describe("RFC 5888 mid and group, RFC 9143 BUNDLE", () => {
  it("mid is one identification-tag", () => {
    expect(attr("mid:audio")).toStrictEqual({ _tag: "Mid", value: "audio" });
    expect(typeof attr("mid:a b")).toBe("string");
    expect(attr("mid")).toBe("mid needs a value");
  });
  it("group lists the mids in order", () => {
    expect(attr("group:BUNDLE 0 1 2")).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["0", "1", "2"] });
    expect(attr("group:LS")).toStrictEqual({ _tag: "Group", semantics: "LS", mids: [] });
    expect(roundTrip("group:BUNDLE audio video")).toBe("group:BUNDLE audio video");
  });
});

describe("RFC 8830 msid", () => {
  it("stream id and optional track id", () => {
    expect(attr("msid:stream1 track-audio-1")).toStrictEqual({ _tag: "Msid", streamId: "stream1", trackId: "track-audio-1" });
    expect(attr("msid:-")).toStrictEqual({ _tag: "Msid", streamId: "-" });
    expect(typeof attr("msid:a b c")).toBe("string");
  });
});

describe("RFC 8285 extmap", () => {
  it("id, optional direction, URI, optional extension attributes", () => {
    expect(attr("extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level")).toStrictEqual({ _tag: "Extmap", id: 1, uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level" });
    expect(attr("extmap:3/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level vad=on")).toStrictEqual({
      _tag: "Extmap",
      id: 3,
      direction: "recvonly",
      uri: "urn:ietf:params:rtp-hdrext:csrc-audio-level",
      attributes: "vad=on",
    });
    expect(roundTrip("extmap:3/recvonly urn:x vad=on")).toBe("extmap:3/recvonly urn:x vad=on");
  });
  it("rejects id 0 or above 4095 and an unknown direction", () => {
    expect(attr("extmap:0 urn:x")).toBe("extmap id must be 1-4095");
    expect(attr("extmap:4096 urn:x")).toBe("extmap id must be 1-4095");
    expect(typeof attr("extmap:1/both urn:x")).toBe("string");
  });
});
