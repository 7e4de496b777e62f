import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import {
  authenticationInfoHeader,
  authorizationHeader,
  isAuthParamValue,
  parseAuthenticationInfo,
  parseChallenge,
  parseCredentials,
  printChallenge,
  printAuthenticationInfo,
  printCredentials,
  proxyAuthenticateHeader,
  proxyAuthorizationHeader,
  readHeader,
  readHeaderList,
  wwwAuthenticateHeader,
} from "../src/index.js";
import type { Challenge, Credentials, HeaderError } from "../src/index.js";

const okChallenge = (s: string): Challenge => {
  const r = parseChallenge(s);
  if (E.isLeft(r)) throw new Error(`expected a challenge: ${r.left.reason} at ${r.left.position}`);
  return r.right;
};
const okCredentials = (s: string): Credentials => {
  const r = parseCredentials(s);
  if (E.isLeft(r)) throw new Error(`expected credentials: ${r.left.reason} at ${r.left.position}`);
  return r.right;
};
const challengeError = (s: string): HeaderError => {
  const r = parseChallenge(s);
  if (E.isRight(r)) throw new Error(`expected an error for ${s}`);
  return r.left;
};
const credentialsError = (s: string): HeaderError => {
  const r = parseCredentials(s);
  if (E.isRight(r)) throw new Error(`expected an error for ${s}`);
  return r.left;
};

describe("RFC 3261 §20.44 WWW-Authenticate and §25 challenge", () => {
  it("parses the §20.44 example, unquoting values and reading stale case-insensitively", () => {
    const value = 'Digest realm="atlanta.com",\r\n domain="sip:boxesbybob.com", qop="auth",\r\n nonce="f84f1cec41e6cbe5aea9c8e88d359",\r\n opaque="", stale=FALSE, algorithm=MD5'
      .replace(/\r\n /g, " ");
    expect(okChallenge(value)).toStrictEqual({
      _tag: "DigestChallenge",
      realm: "atlanta.com",
      domain: ["sip:boxesbybob.com"],
      qop: ["auth"],
      nonce: "f84f1cec41e6cbe5aea9c8e88d359",
      opaque: "",
      stale: false,
      algorithm: "MD5",
      params: [],
    });
  });
  it("reads a qop-options list with and without spaces after the commas (RFC 7616 §3.9.1)", () => {
    const c = okChallenge('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    expect(c).toMatchObject({ _tag: "DigestChallenge", qop: ["auth", "auth-int"], algorithm: "SHA-256", realm: "http-auth@example.org" });
    expect(okChallenge('Digest realm="r", nonce="n", qop="auth,auth-int"')).toMatchObject({ qop: ["auth", "auth-int"] });
  });
  it("splits domain on spaces into a URI list", () => {
    expect(okChallenge('Digest realm="r", nonce="n", domain="sip:a.example.com  sip:b.example.com"')).toMatchObject({ domain: ["sip:a.example.com", "sip:b.example.com"] });
  });
  it("matches the scheme and parameter names case-insensitively (§25.1: tokens are case-insensitive)", () => {
    expect(okChallenge('dIgEsT REALM="r", Nonce="n", STALE=true')).toStrictEqual({ _tag: "DigestChallenge", realm: "r", nonce: "n", stale: true, params: [] });
  });
  it("reads the RFC 7616 §3.9.2 charset and userhash parameters", () => {
    expect(okChallenge('Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true'))
      .toMatchObject({ algorithm: "SHA-512-256", charset: "UTF-8", userhash: true });
  });
  it("accepts a quoted algorithm from a lenient peer but prints it as a token (RFC 7616 §3.3)", () => {
    const c = okChallenge('Digest realm="r", nonce="n", algorithm="MD5"');
    expect(c).toMatchObject({ algorithm: "MD5" });
    expect(printChallenge(c)).toBe('Digest realm="r", nonce="n", algorithm=MD5');
  });
  it("keeps unknown auth-params in order with their quoting", () => {
    const c = okChallenge('Digest realm="r", x-first=abc, nonce="n", x-second="d e"');
    expect(c.params).toStrictEqual([{ name: "x-first", value: "abc", quoted: false }, { name: "x-second", value: "d e", quoted: true }]);
    expect(printChallenge(c)).toBe('Digest realm="r", nonce="n", x-first=abc, x-second="d e"');
  });
  it("resolves quoted-pairs (§25.1) and escapes \" and \\ again when printing", () => {
    const c = okChallenge('Digest realm="a \\"quoted\\" \\\\ realm", nonce="n\\x"');
    expect(c).toMatchObject({ realm: 'a "quoted" \\ realm', nonce: "nx" });
    expect(printChallenge(c)).toBe('Digest realm="a \\"quoted\\" \\\\ realm", nonce="nx"');
  });
  it("keeps any other scheme as an other-challenge (§25 other-challenge)", () => {
    expect(okChallenge('Bearer realm="example", error="invalid_token"')).toStrictEqual({
      _tag: "OtherChallenge",
      scheme: "Bearer",
      params: [{ name: "realm", value: "example", quoted: true }, { name: "error", value: "invalid_token", quoted: true }],
    });
  });
  it("prints realm, domain, nonce, opaque and qop quoted and stale, algorithm bare (RFC 7616 §3.3)", () => {
    expect(printChallenge({ _tag: "DigestChallenge", realm: "atlanta.com", domain: ["sip:a", "sip:b"], nonce: "n", opaque: "", stale: true, algorithm: "SHA-256", qop: ["auth", "auth-int"], params: [] }))
      .toBe('Digest realm="atlanta.com", domain="sip:a sip:b", nonce="n", opaque="", stale=true, algorithm=SHA-256, qop="auth,auth-int"');
  });
});

describe("RFC 3261 §25 challenge errors say what and where", () => {
  it("needs realm and nonce in a Digest challenge (RFC 7616 §3.3)", () => {
    expect(challengeError('Digest nonce="n"').reason).toMatch(/realm/);
    expect(challengeError('Digest realm="r"').reason).toMatch(/nonce/);
  });
  it("rejects a repeated parameter at the repetition", () => {
    const s = 'Digest realm="r", nonce="n", REALM="s"';
    expect(challengeError(s)).toStrictEqual({ _tag: "HeaderError", header: "WWW-Authenticate", reason: 'duplicate parameter "realm"', position: s.indexOf("REALM"), value: s });
  });
  it("rejects an unterminated quoted-string", () => {
    const s = 'Digest realm="r, nonce="n';
    expect(challengeError(s)).toMatchObject({ reason: expect.stringMatching(/expected ","/) as unknown });
    expect(challengeError('Digest realm="r').position).toBe(13);
  });
  it("rejects CR or LF inside a quoted-string, raw or escaped (§25.1 quoted-pair)", () => {
    expect(challengeError('Digest realm="a\nb", nonce="n"').reason).toMatch(/control character 0x0a/);
    expect(challengeError('Digest realm="a\\\rb", nonce="n"').reason).toMatch(/backslash/);
  });
  it("rejects a scheme without parameters, a missing = and a missing value", () => {
    expect(challengeError("Digest").reason).toMatch(/parameters/);
    expect(challengeError("Digest   ").reason).toMatch(/parameters/);
    expect(challengeError('Digest realm "r"')).toMatchObject({ reason: 'expected "=" after "realm"', position: 13 });
    expect(challengeError("Digest realm=, nonce=n")).toMatchObject({ position: 13 });
    expect(challengeError('Digest,realm="r"').reason).toMatch(/whitespace/);
    expect(challengeError("").reason).toMatch(/auth-scheme/);
  });
  it("rejects a qop list with no value or a non-token value", () => {
    expect(challengeError('Digest realm="r", nonce="n", qop=""').reason).toMatch(/no qop-value/);
    expect(challengeError('Digest realm="r", nonce="n", qop="auth, a/b"').reason).toMatch(/not a token/);
  });
  it("rejects an algorithm that is not a token even when quoted", () => {
    expect(challengeError('Digest realm="r", nonce="n", algorithm="MD 5"').reason).toMatch(/token/);
  });
});

describe("RFC 3261 §20.7 Authorization and §25 credentials", () => {
  it("parses the §22.4 example", () => {
    const value = 'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    expect(okCredentials(value)).toStrictEqual({
      _tag: "DigestCredentials",
      username: "bob",
      realm: "biloxi.com",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      uri: "sip:bob@biloxi.com",
      qop: "auth",
      nc: "00000001",
      cnonce: "0a4f113b",
      response: "6629fae49393a05397450978507c4ef1",
      opaque: "5ccc069c403ebaf9f0171e9517f40e41",
      params: [],
    });
  });
  it("parses the §20.7 example, which has no uri", () => {
    expect(okCredentials('Digest username="Alice", realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", response="7587245234b3434cc3412213e5f113a5432"'))
      .toStrictEqual({ _tag: "DigestCredentials", username: "Alice", realm: "atlanta.com", nonce: "84a4cc6f3082121f32b42a2187831a9e", response: "7587245234b3434cc3412213e5f113a5432", params: [] });
  });
  it("prints username, realm, nonce, uri, response, cnonce and opaque quoted; algorithm, qop and nc bare (RFC 7616 §3.4)", () => {
    const c = okCredentials('Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm="MD5", nonce="7ypf", nc=00000001, cnonce="f2/wE4", qop="auth", response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe", userhash=false');
    expect(printCredentials(c)).toBe('Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf", uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5, cnonce="f2/wE4", opaque="FQhe", qop=auth, nc=00000001, userhash=false');
  });
  it("accepts an empty response before any challenge (RFC 8760 §2.7)", () => {
    expect(okCredentials('Digest username="alice", realm="example.com", nonce="", uri="sip:example.com", response=""')).toMatchObject({ response: "", nonce: "" });
  });
  it("keeps any other scheme as other-response", () => {
    expect(okCredentials("NTLM gssapi-data=abc")).toStrictEqual({ _tag: "OtherCredentials", scheme: "NTLM", params: [{ name: "gssapi-data", value: "abc", quoted: false }] });
  });
  it("needs username, realm, nonce and response, and says which is missing", () => {
    expect(credentialsError('Digest realm="r", nonce="n", response=""').reason).toMatch(/username/);
    expect(credentialsError('Digest username="u", nonce="n", response=""').reason).toMatch(/realm/);
    expect(credentialsError('Digest username="u", realm="r", response=""').reason).toMatch(/nonce/);
    expect(credentialsError('Digest username="u", realm="r", nonce="n"').reason).toMatch(/response/);
  });
  it("says username* is not supported rather than only that username is missing (RFC 7616 §3.4)", () => {
    expect(credentialsError("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"r\", nonce=\"n\", response=\"\"").reason).toMatch(/username\*/);
  });
  it("rejects username together with username* (RFC 7616 §3.4: 'MUST be treated as an error')", () => {
    expect(credentialsError("Digest username=\"u\", username*=UTF-8''u, realm=\"r\", nonce=\"n\", response=\"\"").reason).toMatch(/username and username\*/);
  });
  it("rejects an nc that is not 8 hex digits (§25 nc-value = 8LHEX)", () => {
    const s = 'Digest username="u", realm="r", nonce="n", response="", nc=0001';
    expect(credentialsError(s)).toMatchObject({ header: "Authorization", position: s.indexOf("nc=") });
    expect(credentialsError('Digest username="u", realm="r", nonce="n", response="", nc=0000000g').reason).toMatch(/nc/);
  });
  it("rejects a message-qop that is not a single token", () => {
    expect(credentialsError('Digest username="u", realm="r", nonce="n", response="", qop="auth,auth-int"').reason).toMatch(/token/);
  });
});

describe("RFC 3261 §25.1 quoted-string values", () => {
  it("isAuthParamValue refuses CR and LF, which no quoted-pair can carry", () => {
    expect(isAuthParamValue("a \"b\" \\ c\t\u00e4")).toBe(true);
    expect(isAuthParamValue("a\rb")).toBe(false);
    expect(isAuthParamValue("a\nb")).toBe(false);
  });
  it("prints other control characters as quoted-pairs that parse back", () => {
    const c: Challenge = { _tag: "DigestChallenge", realm: "a\u0001b\u007f", nonce: "n", params: [] };
    const printed = printChallenge(c);
    expect(printed).toBe('Digest realm="a\\\u0001b\\\u007f", nonce="n"');
    expect(parseChallenge(printed)).toStrictEqual(E.right(c));
  });
});

describe("RFC 3261 §7.3.1 and RFC 8760 §2.3 auth headers through readHeaderList", () => {
  const response = {
    headers: [
      { name: "Via", value: "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds" },
      { name: "WWW-Authenticate", value: 'Digest realm="biloxi.com", nonce="n", algorithm=SHA-256, qop="auth,auth-int"' },
      { name: "www-authenticate", value: 'Digest realm="biloxi.com", nonce="n", algorithm=MD5, qop="auth,auth-int"' },
      { name: "Proxy-Authenticate", value: 'Digest realm="atlanta.com", nonce=' },
    ],
  };
  it("reads one challenge per line, in order, keeping the commas inside each (§7.3.1 exception)", () => {
    const r = readHeaderList(wwwAuthenticateHeader)(response);
    expect(E.map((cs: ReadonlyArray<Challenge>) => cs.map((c) => (c._tag === "DigestChallenge" ? c.algorithm : c.scheme)))(r)).toStrictEqual(E.right(["SHA-256", "MD5"]));
  });
  it("names the header in errors", () => {
    expect(readHeaderList(proxyAuthenticateHeader)(response)).toMatchObject(E.left({ _tag: "HeaderError", header: "Proxy-Authenticate" }));
  });
  it("reads Authorization and Proxy-Authorization and prints through the def", () => {
    const request = { headers: [{ name: "Proxy-Authorization", value: 'Digest username="alice", realm="atlanta.com", nonce="c60f3082ee1212b402a21831ae", response="245f23415f11432b3434341c022"' }] };
    const read = readHeader(proxyAuthorizationHeader)(request);
    expect(E.map(O.map(proxyAuthorizationHeader.print))(read)).toStrictEqual(E.right(O.some(request.headers[0]!.value)));
    expect(readHeader(authorizationHeader)(request)).toStrictEqual(E.right(O.none));
  });
});

describe("RFC 3261 §20.6 Authentication-Info and RFC 7616 §3.5", () => {
  it("parses the §20.6 example", () => {
    expect(parseAuthenticationInfo('nextnonce="47364c23432d2e131a5fb210812c"')).toStrictEqual(E.right({ nextnonce: "47364c23432d2e131a5fb210812c", params: [] }));
  });
  it("parses every ainfo and prints nextnonce, rspauth, cnonce quoted and qop, nc bare", () => {
    const value = 'qop="auth", rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001, nextnonce="abc", x-extra=1';
    const info = parseAuthenticationInfo(value);
    expect(info).toStrictEqual(E.right({ qop: "auth", rspauth: "6629fae49393a05397450978507c4ef1", cnonce: "0a4f113b", nc: "00000001", nextnonce: "abc", params: [{ name: "x-extra", value: "1", quoted: false }] }));
    expect(E.map(printAuthenticationInfo)(info)).toStrictEqual(E.right('nextnonce="abc", qop=auth, rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001, x-extra=1'));
  });
  it("refuses a bad nc, a repeated ainfo and an empty value, naming the header", () => {
    expect(parseAuthenticationInfo("nc=1")).toMatchObject(E.left({ _tag: "HeaderError", header: "Authentication-Info", position: 0 }));
    expect(parseAuthenticationInfo('rspauth="a", RSPAUTH="b"')).toMatchObject(E.left({ reason: 'duplicate parameter "rspauth"', position: 13 }));
    expect(E.isLeft(parseAuthenticationInfo(""))).toBe(true);
  });
  it("reads through its HeaderDef", () => {
    const response = { headers: [{ name: "Authentication-Info", value: 'nextnonce="n2", qop=auth, rspauth="ab", cnonce="c", nc=00000002' }] };
    expect(readHeader(authenticationInfoHeader)(response)).toMatchObject(E.right(O.some({ nextnonce: "n2", rspauth: "ab", nc: "00000002" })));
  });
});
