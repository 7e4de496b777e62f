import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseUri, printUri, type Uri } from "../src/index.js";

const ok = (text: string): Uri => {
  const r = parseUri(text);
  if (E.isLeft(r)) throw new Error(`${text}: ${r.left.reason} at ${r.left.position}`);
  return r.right;
};
const reason = (text: string): string => {
  const r = parseUri(text);
  return E.isLeft(r) ? r.left.reason : "parsed";
};

describe("RFC 3261 §19.1.1 SIP and SIPS URI components", () => {
  it("parses the §19.1.3 examples", () => {
    expect(ok("sip:alice@atlanta.com")).toStrictEqual({
      _tag: "SipUri", scheme: "sip", user: "alice", host: { _tag: "Hostname", value: "atlanta.com" }, params: [], headers: [],
    });
    expect(ok("sip:alice:secretword@atlanta.com;transport=tcp")).toStrictEqual({
      _tag: "SipUri", scheme: "sip", user: "alice", password: "secretword",
      host: { _tag: "Hostname", value: "atlanta.com" }, params: [{ name: "transport", value: "tcp" }], headers: [],
    });
    expect(ok("sips:alice@atlanta.com?subject=project%20x&priority=urgent")).toMatchObject({
      scheme: "sips", headers: [{ name: "subject", value: "project%20x" }, { name: "priority", value: "urgent" }],
    });
    expect(ok("sip:+1-212-555-1212:1234@gateway.com;user=phone")).toMatchObject({
      user: "+1-212-555-1212", password: "1234", params: [{ name: "user", value: "phone" }],
    });
    expect(ok("sips:1212@gateway.com")).toMatchObject({ scheme: "sips", user: "1212" });
    expect(ok("sip:alice@192.0.2.4")).toMatchObject({ host: { _tag: "IPv4", value: "192.0.2.4" } });
    expect(ok("sip:alice@192.000.002.004")).toMatchObject({ host: { _tag: "IPv4", value: "192.000.002.004" } });
    expect(ok("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")).toMatchObject({
      params: [{ name: "method", value: "REGISTER" }], headers: [{ name: "to", value: "alice%40atlanta.com" }],
    });
    expect(ok("sip:alice;day=tuesday@atlanta.com")).toMatchObject({ user: "alice;day=tuesday" });
  });
  it("reads ports and flag parameters", () => {
    expect(ok("sip:bob@biloxi.com:5060;lr")).toMatchObject({ port: 5060, params: [{ name: "lr" }] });
    expect(ok("SIP:bob@biloxi.com")).toMatchObject({ scheme: "sip" });
  });
  it("rejects bad ports, hosts and escapes", () => {
    expect(reason("sip:bob@biloxi.com:65536")).toMatch(/port/);
    expect(reason("sip:bob@-biloxi.com")).toMatch(/host/);
    expect(reason("sip:bob@biloxi.123")).toMatch(/host/);
    expect(reason("sip:bob@256.1.1.1")).toMatch(/host/);
    expect(reason("sip:b%4@biloxi.com")).toMatch(/escape/);
    expect(reason("sip:@biloxi.com")).toMatch(/empty user/);
    expect(reason("sip:bob@biloxi.com; lr")).toMatch(/parameter name/);
    expect(reason("sip:bob@biloxi.com;=x")).toMatch(/parameter name/);
    expect(reason("")).toMatch(/scheme/);
  });
  it("reports the position of the failure", () => {
    const r = parseUri("sip:bob@biloxi.com:99999");
    expect(r).toStrictEqual(E.left({ _tag: "UriError", input: "sip:bob@biloxi.com:99999", position: 19, reason: "invalid port (1 to 5 digits, at most 65535)" }));
  });
});

describe("RFC 4475 §3.1.1.9 semicolon-separated parameters in the user part", () => {
  it("keeps user;par=u%40example.net as the user", () => {
    expect(ok("sip:user;par=u%40example.net@example.com")).toMatchObject({
      user: "user;par=u%40example.net", host: { _tag: "Hostname", value: "example.com" }, params: [],
    });
  });
});

describe("RFC 4475 §3.1.1.3/§3.1.1.4 escapes stay as written", () => {
  it("does not decode user parts, so %00 cannot truncate them", () => {
    expect(ok("sip:null-%00-null@example.com")).toMatchObject({ user: "null-%00-null" });
    expect(ok("sip:sips%3Auser%40example.com@example.net")).toMatchObject({ user: "sips%3Auser%40example.com" });
  });
});

describe("RFC 5954 §4.1 IPv6 references", () => {
  it("accepts the RFC 5954 forms, including the IPv4 tail", () => {
    expect(ok("sip:[2001:db8::10]:5070")).toMatchObject({ host: { _tag: "IPv6", value: "2001:db8::10" }, port: 5070 });
    expect(ok("sip:[::ffff:192.0.2.128]")).toMatchObject({ host: { _tag: "IPv6", value: "::ffff:192.0.2.128" } });
    expect(ok("sip:[2001:db8:0:0:1:0:0:1]")).toMatchObject({ host: { _tag: "IPv6" } });
    expect(ok("sip:[::1]")).toMatchObject({ host: { _tag: "IPv6", value: "::1" } });
  });
  it("tolerates RFC 3261's three-colon form as written (RFC 5118 §4.10)", () => {
    expect(ok("sip:user@[2001:db8:::192.0.2.1]")).toMatchObject({ host: { _tag: "IPv6", value: "2001:db8:::192.0.2.1" } });
    expect(reason("sip:[2001:db8::::192.0.2.1]")).toMatch(/IPv6/);
    expect(reason("sip:[1:2:3:4:5:6:7:::192.0.2.1]")).toMatch(/IPv6/);
  });
  it("rejects malformed references (RFC 5954 §4.1)", () => {
    expect(reason("sip:[2001:db8::10")).toMatch(/IPv6/);
    expect(reason("sip:[1:2:3:4:5:6:7:8:9]")).toMatch(/IPv6/);
    expect(reason("sip:[::ffff:192.0.2.256]")).toMatch(/IPv6/);
    expect(reason("sip:[::ffff:192.0.02.1]")).toMatch(/IPv6/);
  });
});

describe("RFC 3966 §3 tel URIs", () => {
  it("parses global and local numbers with parameters", () => {
    expect(ok("tel:+1-201-555-0123")).toStrictEqual({ _tag: "TelUri", number: "+1-201-555-0123", params: [] });
    expect(ok("tel:7042;phone-context=example.com")).toStrictEqual({
      _tag: "TelUri", number: "7042", params: [{ name: "phone-context", value: "example.com" }],
    });
    expect(ok("TEL:+358-555-1234567;postd=pp22")).toMatchObject({ number: "+358-555-1234567" });
  });
  it("requires phone-context on a local number (§5.1.5)", () => {
    expect(reason("tel:7042")).toMatch(/phone-context/);
  });
  it("rejects a number without digits", () => {
    expect(reason("tel:+--")).toMatch(/without digits/);
  });
});

describe("RFC 3261 §25.1 absoluteURI kept opaque", () => {
  it("keeps other schemes as scheme and rest (RFC 4475 §3.3.2, §3.3.3)", () => {
    expect(ok("nobodyKnowsThisScheme:totallyopaquecontent")).toStrictEqual({
      _tag: "AbsoluteUri", scheme: "nobodyKnowsThisScheme", rest: "totallyopaquecontent",
    });
    expect(ok("soap.beep://192.0.2.103:3002")).toMatchObject({ scheme: "soap.beep", rest: "//192.0.2.103:3002" });
    expect(ok("http://example.com/a?b=c")).toMatchObject({ _tag: "AbsoluteUri" });
  });
  it("rejects spaces and a missing scheme", () => {
    expect(reason("http://a b")).toMatch(/unexpected/);
    expect(reason("1http:x")).toMatch(/scheme/);
  });
});

describe("RFC 3261 §19.1 printing", () => {
  it.each([
    "sip:alice@atlanta.com",
    "sip:alice:secretword@atlanta.com;transport=tcp",
    "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
    "sip:[2001:db8::10]:5070;maddr=[::1];lr",
    "sip:user;par=u%40example.net@example.com",
    "tel:7042;phone-context=example.com",
    "urn:service:sos",
  ])("prints %s as written", (text) => {
    expect(printUri(ok(text))).toBe(text);
  });
});
