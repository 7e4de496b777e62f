import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { respond } from "@puresip/auth";
import type { SipRequest } from "@puresip/message";
import { parseChallenge, parseMessage, printCredentials } from "@puresip/message";
import { parseUsers } from "../src/config/users.js";
import type { RegistrarConfig, RegistrarState, Reply } from "../src/serve/registrar.js";
import { emptyRegistrar, lookup, register } from "../src/serve/registrar.js";

const REQUEST_URI = "sip:127.0.0.1";

const registerRequest = (o: { user?: string; cseq?: number; callId?: string; contact?: string; expires?: number; authorization?: string } = {}): SipRequest => {
  const user = o.user ?? "alice";
  const lines = [
    `REGISTER ${REQUEST_URI} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-${o.cseq ?? 1}`,
    "Max-Forwards: 70",
    `From: <sip:${user}@127.0.0.1>;tag=f1`,
    `To: <sip:${user}@127.0.0.1>`,
    `Call-ID: ${o.callId ?? "reg-1"}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    `Contact: ${o.contact ?? `<sip:${user}@127.0.0.1:5070>`}`,
    ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
    ...(o.authorization === undefined ? [] : [`Authorization: ${o.authorization}`]),
    "Content-Length: 0",
    "",
    "",
  ];
  const m = parseMessage(lines.join("\r\n"));
  if (E.isLeft(m) || m.right._tag !== "Request") throw new Error("fixture does not parse");
  return m.right;
};

const config: RegistrarConfig = { realm: "127.0.0.1", algorithms: ["SHA-256", "MD5"], minExpires: 60, maxExpires: 7200, defaultExpires: 3600, nonceLifetimeMs: 30_000 };
const users = (() => {
  const u = parseUsers("alice:secret\nbob:other\n");
  if (E.isLeft(u)) throw new Error("users");
  return u.right;
})();

const contacts = (r: Reply) => r.headers.filter((h) => h.name === "Contact").map((h) => h.value);

describe("RFC 3261 §10.3 registrar: bindings", () => {
  const step = register(config);

  it("binds the Contact for the default 3600 s, lists it in the 200, and forgets it after it lapses", () => {
    const [s, r] = step(emptyRegistrar, { request: registerRequest(), now: 1000, freshNonce: "n" });
    expect(r.status).toBe(200);
    expect(contacts(r)).toEqual(["<sip:alice@127.0.0.1:5070>;expires=3600"]);
    expect(lookup(s, "alice@127.0.0.1", 2000).length).toBe(1);
    expect(lookup(s, "alice@127.0.0.1", 1000 + 3600 * 1000)).toEqual([]);
  });

  it("§10.3 step 7: an expiry under Min-Expires gets 423 with Min-Expires; one over the maximum is shortened", () => {
    const [s, r] = step(emptyRegistrar, { request: registerRequest({ expires: 10 }), now: 0, freshNonce: "n" });
    expect(s).toBe(emptyRegistrar);
    expect(r).toEqual({ status: 423, reason: "Interval Too Brief", headers: [{ name: "Min-Expires", value: "60" }] });
    const [, long] = step(emptyRegistrar, { request: registerRequest({ contact: "<sip:alice@127.0.0.1:5070>;expires=99999" }), now: 0, freshNonce: "n" });
    expect(contacts(long)).toEqual(["<sip:alice@127.0.0.1:5070>;expires=7200"]);
  });

  it("Expires: 0 removes a binding; a Contact of * needs Expires: 0 and removes them all", () => {
    const [s1] = step(emptyRegistrar, { request: registerRequest(), now: 0, freshNonce: "n" });
    const [s2] = step(s1, { request: registerRequest({ cseq: 2, contact: "<sip:alice@10.0.0.9:5070>" }), now: 0, freshNonce: "n" });
    expect(lookup(s2, "alice@127.0.0.1", 0).length).toBe(2);
    const [s3, r3] = step(s2, { request: registerRequest({ cseq: 3, expires: 0 }), now: 0, freshNonce: "n" });
    expect(r3.status).toBe(200);
    expect(contacts(r3)).toEqual(["<sip:alice@10.0.0.9:5070>;expires=3600"]);
    const [, bad] = step(s3, { request: registerRequest({ cseq: 4, contact: "*" }), now: 0, freshNonce: "n" });
    expect(bad.status).toBe(400);
    const [s5, r5] = step(s3, { request: registerRequest({ cseq: 4, contact: "*", expires: 0 }), now: 0, freshNonce: "n" });
    expect(r5).toEqual({ status: 200, headers: [] });
    expect(lookup(s5, "alice@127.0.0.1", 0)).toEqual([]);
  });

  it("§10.3 step 7: the same Call-ID with a CSeq not higher than the binding's fails and changes nothing", () => {
    const [s1] = step(emptyRegistrar, { request: registerRequest({ cseq: 5 }), now: 0, freshNonce: "n" });
    const [s2, r2] = step(s1, { request: registerRequest({ cseq: 5, expires: 0 }), now: 0, freshNonce: "n" });
    expect(r2.status).toBe(500);
    expect(s2).toBe(s1);
    const [, r3] = step(s1, { request: registerRequest({ cseq: 1, callId: "another", expires: 0 }), now: 0, freshNonce: "n" });
    expect(r3.status).toBe(200);
  });
});

describe("RFC 3261 §22.1, §22.4 and RFC 8760 registrar authentication", () => {
  const step = register({ ...config, users });
  const answer = (reply: Reply, user: string, password: string, algorithm: string): string => {
    const header = reply.headers.find((h) => h.name === "WWW-Authenticate" && h.value.includes(`algorithm=${algorithm}`));
    const challenge = parseChallenge(header?.value ?? "");
    if (E.isLeft(challenge) || challenge.right._tag !== "DigestChallenge") throw new Error("no digest challenge");
    const credentials = respond({ challenge: challenge.right, username: user, secret: { _tag: "Password", password }, method: "REGISTER", uri: REQUEST_URI, nc: 1, cnonce: "c0ffee" });
    if (E.isLeft(credentials)) throw new Error(credentials.left._tag);
    return printCredentials(credentials.right);
  };
  const challenged = (): readonly [RegistrarState, Reply] => step(emptyRegistrar, { request: registerRequest(), now: 0, freshNonce: "abcdef0123456789" });

  it("a REGISTER without credentials gets 401 with one challenge per algorithm, SHA-256 first, and binds nothing", () => {
    const [s, r] = challenged();
    expect(r.status).toBe(401);
    expect(r.headers.map((h) => h.value.match(/algorithm=([-\w]+)/)?.[1])).toEqual(["SHA-256", "MD5"]);
    expect(lookup(s, "alice@127.0.0.1", 0)).toEqual([]);
  });

  for (const algorithm of ["SHA-256", "MD5"]) {
    it(`the right ${algorithm} answer registers; the same answer again is a replay and is refused`, () => {
      const [s1, r1] = challenged();
      const authorization = answer(r1, "alice", "secret", algorithm);
      const [s2, r2] = step(s1, { request: registerRequest({ cseq: 2, authorization }), now: 10, freshNonce: "n2" });
      expect(r2.status).toBe(200);
      expect(lookup(s2, "alice@127.0.0.1", 10).length).toBe(1);
      const [, r3] = step(s2, { request: registerRequest({ cseq: 3, authorization }), now: 20, freshNonce: "n3" });
      expect(r3.status).toBe(403);
    });
  }

  it("a wrong password gets 403; so does a user registering someone else's address-of-record", () => {
    const [s1, r1] = challenged();
    const [, wrong] = step(s1, { request: registerRequest({ cseq: 2, authorization: answer(r1, "alice", "nope", "MD5") }), now: 10, freshNonce: "n2" });
    expect(wrong.status).toBe(403);
    const [, other] = step(s1, { request: registerRequest({ user: "alice", cseq: 2, authorization: answer(r1, "bob", "other", "MD5") }), now: 10, freshNonce: "n2" });
    expect(other.status).toBe(403);
  });

  it("RFC 7616 §3.3: a nonce past its lifetime, or one never issued, gets a fresh challenge with stale=true", () => {
    const [s1, r1] = challenged();
    const [s2, late] = step(s1, { request: registerRequest({ cseq: 2, authorization: answer(r1, "alice", "secret", "MD5") }), now: 60_000, freshNonce: "fresh1" });
    expect(late.status).toBe(401);
    expect(late.headers[0]?.value).toMatch(/stale=true/i);
    expect(late.headers[0]?.value).toContain('nonce="fresh1"');
    const [, unknown] = step(emptyRegistrar, { request: registerRequest({ cseq: 2, authorization: answer(r1, "alice", "secret", "MD5") }), now: 0, freshNonce: "fresh2" });
    expect(unknown.status).toBe(401);
    expect(s2.nonces.has("abcdef0123456789")).toBe(false);
  });
});
