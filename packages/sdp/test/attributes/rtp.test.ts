import { describe, expect, it } from "vitest";
import { fmtpParameters } from "../../src/index.js";
import { attr, roundTrip } from "./helpers.js";

describe("RFC 8866 §6.6 rtpmap", () => {
  it("parses payload type, encoding name, clock rate and channels", () => {
    expect(attr("rtpmap:111 opus/48000/2")).toStrictEqual({ _tag: "Rtpmap", payloadType: 111, encodingName: "opus", clockRate: 48000, encodingParameters: 2 });
    expect(attr("rtpmap:0 PCMU/8000")).toStrictEqual({ _tag: "Rtpmap", payloadType: 0, encodingName: "PCMU", clockRate: 8000 });
  });
  it("rejects a payload type above 127, a missing clock rate, a zero clock rate", () => {
    expect(attr("rtpmap:128 x/8000")).toBe("rtpmap payload type must be 0-127");
    expect(typeof attr("rtpmap:0 PCMU")).toBe("string");
    expect(typeof attr("rtpmap:0 PCMU/0")).toBe("string");
    expect(typeof attr("rtpmap:0")).toBe("string");
  });
  it("normalises whitespace runs and leading zeros, as RFC 8866 reads them the same", () => {
    expect(roundTrip("rtpmap:08  PCMA/8000")).toBe("rtpmap:8 PCMA/8000");
  });
});

describe("RFC 8866 §6.15 fmtp", () => {
  it("keeps the parameters as written", () => {
    expect(attr("fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")).toStrictEqual({
      _tag: "Fmtp",
      format: "102",
      parameters: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
    });
    expect(roundTrip("fmtp:101 0-15")).toBe("fmtp:101 0-15");
  });
  it("splits name=value pairs on demand", () => {
    expect(fmtpParameters("minptime=10; useinbandfec=1;flag")).toStrictEqual([
      { name: "minptime", value: "10" },
      { name: "useinbandfec", value: "1" },
      { name: "flag" },
    ]);
  });
  it("needs a format and parameters", () => {
    expect(typeof attr("fmtp:101")).toBe("string");
  });
});

describe("RFC 8866 §6.4, §6.5, §6.8 ptime, maxptime, framerate", () => {
  it("are decimal numbers", () => {
    expect(attr("ptime:20")).toStrictEqual({ _tag: "Ptime", value: 20 });
    expect(attr("maxptime:150")).toStrictEqual({ _tag: "Maxptime", value: 150 });
    expect(attr("framerate:29.97")).toStrictEqual({ _tag: "Framerate", value: 29.97 });
    expect(attr("ptime:x")).toBe("ptime must be a decimal number");
    expect(typeof attr("framerate:1.")).toBe("string");
  });
});

describe("RFC 3605 §2.1 rtcp", () => {
  it("a port, optionally with an address", () => {
    expect(attr("rtcp:53020")).toStrictEqual({ _tag: "Rtcp", port: 53020 });
    expect(attr("rtcp:53020 IN IP4 126.16.64.4")).toStrictEqual({ _tag: "Rtcp", port: 53020, netType: "IN", addrType: "IP4", address: "126.16.64.4" });
    expect(roundTrip("rtcp:53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD")).toBe("rtcp:53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD");
    expect(typeof attr("rtcp:53020 IN IP4")).toBe("string");
  });
});

describe("RFC 4585 §4.2 rtcp-fb and RFC 5761 rtcp-mux", () => {
  it("payload type or *, type, optional parameters", () => {
    expect(attr("rtcp-fb:96 nack pli")).toStrictEqual({ _tag: "RtcpFb", payloadType: "96", type: "nack", parameter: "pli" });
    expect(attr("rtcp-fb:* trr-int 100")).toStrictEqual({ _tag: "RtcpFb", payloadType: "*", type: "trr-int", parameter: "100" });
    expect(attr("rtcp-fb:96 goog-remb")).toStrictEqual({ _tag: "RtcpFb", payloadType: "96", type: "goog-remb" });
  });
  it("rtcp-mux is a property attribute", () => {
    expect(attr("rtcp-mux")).toStrictEqual({ _tag: "RtcpMux" });
    expect(attr("rtcp-mux:1")).toBe("rtcp-mux takes no value");
  });
});
