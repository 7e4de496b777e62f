import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { EqUri, canonicalEscapes, parseUri, unescapeOnce, uriEquals, type Uri } from "../src/index.js";

const uri = (text: string): Uri => {
  const r = parseUri(text);
  if (E.isLeft(r)) throw new Error(`${text}: ${r.left.reason}`);
  return r.right;
};
const same = (a: string, b: string): boolean => uriEquals(uri(a), uri(b)) && uriEquals(uri(b), uri(a));

describe("RFC 3261 §19.1.4 URI comparison: the equivalent sets", () => {
  it.each([
    ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;security=on"],
    ["sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
    ["sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"],
    ["sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
  ])("%s equals %s", (a, b) => {
    expect(same(a, b)).toBe(true);
  });
});

describe("RFC 3261 §19.1.4 URI comparison: the non-equivalent sets", () => {
  it.each([
    ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", "different usernames"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", "can resolve to different ports"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", "can resolve to different transports"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", "different port and transports"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", "different header component"],
    ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", "a resolved address is not the name"],
  ])("%s differs from %s (%s)", (a, b) => {
    expect(uriEquals(uri(a), uri(b))).toBe(false);
    expect(uriEquals(uri(b), uri(a))).toBe(false);
  });
  it("is not transitive: security=on and security=off differ though both equal the bare URI", () => {
    expect(same("sip:carol@chicago.com", "sip:carol@chicago.com;security=on")).toBe(true);
    expect(same("sip:carol@chicago.com", "sip:carol@chicago.com;security=off")).toBe(true);
    expect(same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off")).toBe(false);
  });
});

describe("RFC 3261 §19.1.4 the other rules", () => {
  it("never equates SIP and SIPS", () => {
    expect(same("sip:alice@atlanta.com", "sips:alice@atlanta.com")).toBe(false);
  });
  it("does not match a URI without user or password against one with it", () => {
    expect(same("sip:atlanta.com", "sip:alice@atlanta.com")).toBe(false);
    expect(same("sip:alice@atlanta.com", "sip:alice:pw@atlanta.com")).toBe(false);
    expect(same("sip:alice:pw@atlanta.com", "sip:alice:PW@atlanta.com")).toBe(false);
  });
  it("requires user, ttl, method and maddr parameters in both URIs", () => {
    for (const p of ["user=phone", "ttl=1", "method=INVITE", "maddr=239.255.255.1"]) {
      expect(same("sip:a@b.com", `sip:a@b.com;${p}`), p).toBe(false);
      expect(same(`sip:a@b.com;${p}`, `sip:a@b.com;${p.toUpperCase()}`), p).toBe(true);
    }
  });
  it("compares hex digits of escapes without case, and reserved characters only escaped alike", () => {
    expect(same("sip:%6C@b.com", "sip:%6c@b.com")).toBe(true);
    expect(same("sip:a%3Bb@b.com", "sip:a;b@b.com")).toBe(false);
    expect(same("sip:b.com;p=a%5Bb", "sip:b.com;p=a[b")).toBe(true);
  });
  it("compares IPv6 references as addresses (RFC 5954)", () => {
    expect(same("sip:[2001:db8::1]", "sip:[2001:DB8:0:0:0:0:0:1]")).toBe(true);
    expect(same("sip:[::ffff:192.0.2.1]", "sip:[::ffff:c000:201]")).toBe(true);
    expect(same("sip:[2001:db8::1]", "sip:[2001:db8::2]")).toBe(false);
    expect(same("sip:[2001:db8:::192.0.2.1]", "sip:[2001:db8::192.0.2.1]")).toBe(true);
  });
  it("provides an fp-ts Eq", () => {
    expect(EqUri.equals(uri("sip:alice@AtLanTa.CoM"), uri("sip:alice@atlanta.com"))).toBe(true);
  });
});

describe("RFC 4475 §3.1.1.3 valid use of the % escaping mechanism", () => {
  it("treats %HEX HEX as the encoded character", () => {
    expect(same("sip:%75se%72@example.com", "sip:user@example.com")).toBe(true);
    expect(same("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31", "sip:caller@host5.example.net;lr;name=value%2541")).toBe(true);
  });
  it("never unescapes recursively: value%41 is not valueA", () => {
    expect(same("sip:caller@host5.example.net;name=v%61lue%25%34%31", "sip:caller@host5.example.net;name=valueA")).toBe(false);
    expect(canonicalEscapes("v%61lue%25%34%31")).toBe("value%2541");
    expect(unescapeOnce("v%61lue%25%34%31")).toBe("value%41");
  });
});

describe("RFC 4475 §3.1.1.4 escaped nulls in URIs", () => {
  it("keeps %00 without truncating the user part", () => {
    expect(same("sip:%00@host5.example.com", "sip:%00%00@host5.example.com")).toBe(false);
    expect(same("sip:null-%00-null@example.com", "sip:null-@example.com")).toBe(false);
    expect(unescapeOnce("null-%00-null")).toBe("null-\u0000-null");
  });
  it("decodes escaped UTF-8 once", () => {
    expect(unescapeOnce("J%C3%BCrgen")).toBe("Jürgen");
    expect(unescapeOnce("bad%FFbyte")).toBe("bad\u00ffbyte");
  });
});

describe("RFC 3966 §4 tel URI comparison", () => {
  it("ignores visual separators and case, compares parameters as sets", () => {
    expect(same("tel:+1-201-555-0123", "tel:+1(201)5550123")).toBe(true);
    expect(same("tel:7042;phone-context=EXAMPLE.com", "tel:70-42;phone-context=example.com")).toBe(true);
    expect(same("tel:+1-201-555-0123;ext=1;isub=2", "tel:+12015550123;isub=2;ext=1")).toBe(true);
  });
  it("distinguishes global from local numbers and missing parameters", () => {
    expect(same("tel:+7042", "tel:7042;phone-context=+1")).toBe(false);
    expect(same("tel:+12015550123", "tel:+12015550123;ext=1")).toBe(false);
    expect(same("tel:1234;phone-context=+1-201", "tel:1234;phone-context=+1201")).toBe(true);
  });
  it("never equates a tel URI with a SIP URI", () => {
    expect(same("tel:+12015550123", "sip:+12015550123@example.com;user=phone")).toBe(false);
  });
});

describe("RFC 3986 §6.2.2 other schemes", () => {
  it("compares scheme without case and the rest with escapes canonical", () => {
    expect(same("MAILTO:%61b@example.com", "mailto:ab@example.com")).toBe(true);
    expect(same("mailto:AB@example.com", "mailto:ab@example.com")).toBe(false);
  });
});
