import { describe, expect, it } from "vitest";
import { attr, roundTrip } from "./helpers.js";

describe("RFC 4145 §4 / RFC 8842 §5 setup", () => {
  it("one of the four roles", () => {
    for (const role of ["active", "passive", "actpass", "holdconn"]) expect(attr(`setup:${role}`)).toStrictEqual({ _tag: "Setup", role });
    expect(typeof attr("setup:both")).toBe("string");
  });
});

describe("RFC 8122 §5 fingerprint", () => {
  it("hash function and fingerprint", () => {
    expect(attr("fingerprint:sha-256 D2:FA:0E")).toStrictEqual({ _tag: "Fingerprint", hashFunction: "sha-256", fingerprint: "D2:FA:0E" });
    expect(typeof attr("fingerprint:sha-256")).toBe("string");
  });
});

describe("RFC 4568 §9.1 crypto (SDES)", () => {
  it("tag, suite, key parameters and session parameters", () => {
    expect(attr("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32")).toStrictEqual({
      _tag: "Crypto",
      tag: 1,
      suite: "AES_CM_128_HMAC_SHA1_80",
      keyParams: "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
      sessionParams: [],
    });
    expect(roundTrip("crypto:2 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4;inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|2^20|2:4 FEC_ORDER=FEC_SRTP")).toBe(
      "crypto:2 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4;inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|2^20|2:4 FEC_ORDER=FEC_SRTP",
    );
    expect(typeof attr("crypto:x AES inline:a")).toBe("string");
    expect(typeof attr("crypto:1 AES")).toBe("string");
  });
});
