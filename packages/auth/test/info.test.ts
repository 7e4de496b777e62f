// rspauth values computed by hand with coreutils, as for the request-digest but with A2 = ":" uri:
//   printf '%s' ':/dir/index.html' | md5sum   (and ":/dir/index.html:" H(body) for auth-int)
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseAuthenticationInfo, printAuthenticationInfo, type DigestCredentials } from "@puresip/message";
import { authenticationInfo, checkAuthenticationInfo } from "../src/index.js";

// The RFC 2617 §3.5 credentials.
const sent: DigestCredentials = {
  _tag: "DigestCredentials",
  username: "Mufasa",
  realm: "testrealm@host.com",
  nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
  uri: "/dir/index.html",
  response: "6629fae49393a05397450978507c4ef1",
  cnonce: "0a4f113b",
  opaque: "5ccc069c403ebaf9f0171e9517f40e41",
  qop: "auth",
  nc: "00000001",
  params: [],
};
const secret = { _tag: "Password", password: "Circle Of Life" } as const;

describe("RFC 7616 §3.5 Authentication-Info from the server", () => {
  it("computes rspauth with A2 = \":\" digest-uri and echoes qop, cnonce and nc", () => {
    const info = authenticationInfo(sent, { secret, nextnonce: "47364c23432d2e131a5fb210812c" });
    expect(E.map(printAuthenticationInfo)(info)).toStrictEqual(
      E.right('nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="376602cfd2f4e8e5e78b948a85263e85", cnonce="0a4f113b", nc=00000001'),
    );
  });
  it("covers the response body with qop=auth-int", () => {
    const info = authenticationInfo({ ...sent, qop: "auth-int" }, { secret, body: Buffer.from("SIP/2.0 200 body") });
    expect(info).toMatchObject(E.right({ rspauth: "2bda0b36b1889c19da12df8e202ea462" }));
  });
  it("refuses credentials that lack what rspauth needs", () => {
    const { uri: _, ...noUri } = sent;
    expect(authenticationInfo(noUri, { secret })).toStrictEqual(E.left({ _tag: "Missing", field: "uri" }));
    const { cnonce: __, ...noCnonce } = sent;
    expect(authenticationInfo(noCnonce, { secret })).toStrictEqual(E.left({ _tag: "Missing", field: "cnonce" }));
    expect(authenticationInfo({ ...sent, qop: "auth-conf" }, { secret })).toStrictEqual(E.left({ _tag: "QopNotOffered", qop: "auth-conf" }));
    expect(authenticationInfo({ ...sent, algorithm: "SHA-1" }, { secret })).toStrictEqual(E.left({ _tag: "UnsupportedAlgorithm", algorithm: "SHA-1" }));
  });
});

describe("RFC 7616 §3.5 checking Authentication-Info on the client (mutual authentication)", () => {
  const wire = 'qop=auth, rspauth="376602cfd2f4e8e5e78b948a85263e85", cnonce="0a4f113b", nc=00000001';
  const info = (() => {
    const r = parseAuthenticationInfo(wire);
    if (E.isLeft(r)) throw new Error(r.left.reason);
    return r.right;
  })();
  it("accepts the server's rspauth", () => {
    expect(checkAuthenticationInfo(info, sent, { secret })).toStrictEqual(E.right(info));
  });
  it("refuses a server that does not know the secret", () => {
    expect(checkAuthenticationInfo(info, sent, { secret: { _tag: "Password", password: "Circle of Life" } })).toStrictEqual(E.left({ _tag: "WrongResponse" }));
    expect(checkAuthenticationInfo({ ...info, rspauth: "376602cfd2f4e8e5e78b948a85263e86" }, sent, { secret })).toStrictEqual(E.left({ _tag: "WrongResponse" }));
  });
  it("needs rspauth, and qop, cnonce and nc equal to the request's", () => {
    const { rspauth: _, ...noRspauth } = info;
    expect(checkAuthenticationInfo(noRspauth, sent, { secret })).toStrictEqual(E.left({ _tag: "Missing", field: "rspauth" }));
    expect(checkAuthenticationInfo({ ...info, cnonce: "other" }, sent, { secret })).toStrictEqual(E.left({ _tag: "Mismatch", field: "cnonce" }));
    expect(checkAuthenticationInfo({ ...info, nc: "00000002" }, sent, { secret })).toStrictEqual(E.left({ _tag: "Mismatch", field: "nc" }));
    expect(checkAuthenticationInfo({ ...info, qop: "auth-int" }, sent, { secret })).toStrictEqual(E.left({ _tag: "Mismatch", field: "qop" }));
  });
  it("accepts an Authentication-Info with only rspauth", () => {
    expect(E.isRight(checkAuthenticationInfo({ rspauth: info.rspauth!, params: [] }, sent, { secret }))).toBe(true);
  });
});
