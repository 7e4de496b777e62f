import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseSdp, serializeSdp } from "../src/index.js";
import type { Attribute, SessionDescription } from "../src/index.js";
import { chromeOffer, deskPhoneOffer, firefoxAnswer, sdesOffer, softphoneOffer } from "./fixtures/real-world.js";

const ok = (text: string): SessionDescription => {
  const r = parseSdp(text);
  if (E.isLeft(r)) throw new Error(`${r.left.line}: ${r.left.message} in ${JSON.stringify(r.left.text)}`);
  return r.right;
};

const tags = (as: ReadonlyArray<Attribute>): ReadonlyArray<string> => as.map((a) => a._tag);

describe("real-world SDP round-trips exactly", () => {
  const cases = { chromeOffer, firefoxAnswer, deskPhoneOffer, sdesOffer, softphoneOffer };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: serialize(parse(text)) === text`, () => {
      expect(serializeSdp(ok(text))).toBe(text);
    });
  }
});

describe("RFC 8829-style Chrome BUNDLE offer: typed ICE, DTLS and BUNDLE attributes", () => {
  const sd = ok(chromeOffer);
  it("RFC 9143: a=group:BUNDLE lists the mids", () => {
    expect(sd.attributes[0]).toStrictEqual({ _tag: "Group", semantics: "BUNDLE", mids: ["0", "1", "2"] });
    expect(sd.media.map((m) => m.attributes.find((a) => a._tag === "Mid"))).toStrictEqual([
      { _tag: "Mid", value: "0" },
      { _tag: "Mid", value: "1" },
      { _tag: "Mid", value: "2" },
    ]);
  });
  it("keeps attributes it does not type verbatim (msid-semantic, extmap-allow-mixed, rtcp-rsize)", () => {
    expect(sd.attributes.slice(1)).toStrictEqual([
      { _tag: "Other", name: "extmap-allow-mixed" },
      { _tag: "Other", name: "msid-semantic", value: " WMS stream1" },
    ]);
  });
  it("RFC 8839 §5.1: candidates with raddr/rport and extension pairs", () => {
    const candidates = sd.media[0]!.attributes.filter((a) => a._tag === "Candidate");
    expect(candidates[1]).toStrictEqual({
      _tag: "Candidate",
      foundation: "3289912957",
      component: 1,
      transport: "udp",
      priority: 1686052607,
      address: "198.51.100.7",
      port: 46243,
      type: "srflx",
      relatedAddress: "192.0.2.10",
      relatedPort: 46243,
      extensions: [
        { name: "generation", value: "0" },
        { name: "network-id", value: "1" },
      ],
    });
    expect(candidates[2]).toMatchObject({ transport: "tcp", type: "host", extensions: [{ name: "tcptype", value: "active" }, { name: "generation", value: "0" }, { name: "network-id", value: "1" }] });
  });
  it("every typed family appears typed, not as Other", () => {
    const all = new Set([...tags(sd.attributes), ...sd.media.flatMap((m) => tags(m.attributes))]);
    for (const t of ["Rtpmap", "Fmtp", "Direction", "Rtcp", "RtcpMux", "RtcpFb", "Extmap", "Mid", "Group", "Msid", "Ssrc", "SsrcGroup", "Setup", "Fingerprint", "IceUfrag", "IcePwd", "IceOptions", "Candidate", "EndOfCandidates", "SctpPort", "MaxMessageSize", "Framerate"])
      expect(all.has(t), t).toBe(true);
  });
  it("RFC 8841: the data channel m-line has a non-RTP format and SCTP attributes", () => {
    const dc = sd.media[2]!;
    expect([dc.media, dc.proto, dc.formats]).toStrictEqual(["application", "UDP/DTLS/SCTP", ["webrtc-datachannel"]]);
    expect(dc.attributes.filter((a) => a._tag === "SctpPort" || a._tag === "MaxMessageSize")).toStrictEqual([
      { _tag: "SctpPort", port: 5000 },
      { _tag: "MaxMessageSize", size: 262144 },
    ]);
  });
});

describe("SIP phones", () => {
  it("RFC 4568 §9.1: SDES crypto lines with session parameters", () => {
    const crypto = ok(sdesOffer).media[0]!.attributes.filter((a) => a._tag === "Crypto");
    expect(crypto[1]).toStrictEqual({
      _tag: "Crypto",
      tag: 2,
      suite: "AES_CM_128_HMAC_SHA1_32",
      keyParams: "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32",
      sessionParams: ["KDR=1", "UNENCRYPTED_SRTCP"],
    });
  });
  it("RFC 8866 §5.8: session and media bandwidth", () => {
    const sd = ok(sdesOffer);
    expect(sd.bandwidths).toStrictEqual([{ type: "CT", value: 384 }]);
    expect(sd.media[0]!.bandwidths).toStrictEqual([{ type: "AS", value: 64 }]);
  });
  it("RFC 3605: rtcp with an IPv6 address; RFC 4585 wildcard rtcp-fb; fractional framerate", () => {
    const m = ok(softphoneOffer).media;
    expect(m[0]!.attributes).toContainEqual({ _tag: "Rtcp", port: 7079, netType: "IN", addrType: "IP6", address: "2001:db8::33" });
    expect(m[0]!.attributes).toContainEqual({ _tag: "RtcpFb", payloadType: "*", type: "trr-int", parameter: "1000" });
    expect(m[1]!.attributes).toContainEqual({ _tag: "Framerate", value: 29.97 });
  });
  it("RFC 8866 §6.4-6.5: ptime and maxptime are numbers", () => {
    const attrs = ok(deskPhoneOffer).media[0]!.attributes;
    expect(attrs).toContainEqual({ _tag: "Ptime", value: 20 });
    expect(attrs).toContainEqual({ _tag: "Maxptime", value: 40 });
  });
});
