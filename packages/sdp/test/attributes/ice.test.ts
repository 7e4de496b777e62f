import { describe, expect, it } from "vitest";
import { attr, roundTrip } from "./helpers.js";

describe("RFC 8839 §5.1 candidate", () => {
  it("a host candidate", () => {
    expect(attr("candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host")).toStrictEqual({
      _tag: "Candidate",
      foundation: "1",
      component: 1,
      transport: "UDP",
      priority: 2130706431,
      address: "10.0.1.1",
      port: 8998,
      type: "host",
      extensions: [],
    });
  });
  it("a relay candidate with raddr/rport and an mDNS host name round-trip", () => {
    const text = "candidate:2 1 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw";
    expect(roundTrip(text)).toBe(text);
    const mdns = "candidate:3 1 udp 2122262783 4b1a2f6c-1d2e-4c3b-9a8f-7e6d5c4b3a21.local 54321 typ host";
    expect(roundTrip(mdns)).toBe(mdns);
  });
  it("rejects a missing typ, a bad port or a dangling extension", () => {
    expect(attr("candidate:1 1 UDP 2130706431 10.0.1.1 8998 host")).toMatch(/needs/);
    expect(attr("candidate:1 1 UDP 2130706431 10.0.1.1 8998 kind host")).toBe("candidate needs `typ` before the candidate type");
    expect(attr("candidate:1 1 UDP 1 10.0.1.1 99999 typ host")).toBe("candidate port must be 0-65535");
    expect(attr("candidate:1 1 UDP 1 10.0.1.1 9 typ host generation")).toBe("candidate extension needs <name> <value>");
  });
});

describe("RFC 8839 §5.4, §5.6 ice-ufrag, ice-pwd, ice-options; RFC 8840 end-of-candidates", () => {
  it("are typed", () => {
    expect(attr("ice-ufrag:8hhY")).toStrictEqual({ _tag: "IceUfrag", value: "8hhY" });
    expect(attr("ice-pwd:asd88fgpdd777uzjYhagZg")).toStrictEqual({ _tag: "IcePwd", value: "asd88fgpdd777uzjYhagZg" });
    expect(attr("ice-options:trickle ice2")).toStrictEqual({ _tag: "IceOptions", options: ["trickle", "ice2"] });
    expect(attr("end-of-candidates")).toStrictEqual({ _tag: "EndOfCandidates" });
    expect(attr("ice-ufrag:")).toBe("ice-ufrag needs a value");
  });
});
