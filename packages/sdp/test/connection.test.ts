import { describe, expect, it } from "vitest";
import { addressKind, isIPv4Multicast, parseConnection, printConnection } from "../src/index.js";

describe("RFC 8866 §5.7 connection data", () => {
  it("classifies IPv4, IPv6 (RFC 5118 §4.6, no brackets) and FQDN addresses", () => {
    expect(addressKind("192.0.2.1")).toBe("IPv4");
    expect(addressKind("2001:db8::1")).toBe("IPv6");
    expect(addressKind("::ffff:192.0.2.2")).toBe("IPv6");
    expect(addressKind("host.atlanta.example.com")).toBe("FQDN");
    expect(addressKind("256.1.1.1")).toBe("FQDN");
    expect(addressKind("1.2.3")).toBe("FQDN");
  });
  it("knows IPv4 multicast (224.0.0.0/4)", () => {
    expect(isIPv4Multicast("233.252.0.1")).toBe(true);
    expect(isIPv4Multicast("192.0.2.1")).toBe(false);
  });
  it("parses and prints the multicast suffixes", () => {
    for (const text of ["IN IP4 233.252.0.1/127/3", "IN IP4 233.252.0.1/127", "IN IP6 ff1e:db8::1/3", "IN IP4 192.0.2.1", "ATM NSAP 47.0091.8100.0000.0060.3e64.fd01.0060.3e64.fd01.00"]) {
      const c = parseConnection(text);
      expect(typeof c === "string" ? c : printConnection(c)).toBe(text);
    }
  });
  it("rejects a missing field, a bad TTL and a zero address count", () => {
    expect(parseConnection("IN IP4")).toBe("c= needs <nettype> <addrtype> <connection-address>");
    expect(typeof parseConnection("IN IP4 233.252.0.1/x")).toBe("string");
    expect(typeof parseConnection("IN IP4 233.252.0.1/127/0")).toBe("string");
  });
});
