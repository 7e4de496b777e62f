import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { respond } from "@puresip/auth";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import { headerValues, parseChallenge, parseMessage, printCredentials } from "@puresip/message";
import type { Binding } from "@puresip/ua";
import { defaultRegistrarConfig } from "@puresip/ua";
import { parseUsers } from "../src/config/users.js";
import type { RegistrarConfig, RegistrarState } from "../src/serve/registrar.js";
import { emptyRegistrar, register } from "../src/serve/registrar.js";

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

const users = (() => {
  const u = parseUsers("alice:secret\nbob:other\n");
  if (E.isLeft(u)) throw new Error("users");
  return u.right;
})();

const open: RegistrarConfig = { realm: "127.0.0.1", users: O.none, algorithms: ["SHA-256", "MD5"], nonceLifetimeMs: 30_000, rules: defaultRegistrarConfig };
const guarded: RegistrarConfig = { ...open, users: O.some(users), rules: { ...defaultRegistrarConfig, authorization: "UserPart" } };

interface Outcome {
  readonly state: RegistrarState;
  readonly response: SipResponse;
  /** The AOR's bindings after the request: the new ones when it was accepted, else `current`. */
  readonly bindings: ReadonlyArray<Binding>;
}

/** One REGISTER through the registrar as the serve shell runs it. */
const step = (config: RegistrarConfig, state: RegistrarState, current: ReadonlyArray<Binding>, request: SipRequest, now: number, freshNonce = "n"): Outcome => {
  const r = register(config)(state, current, { request, now, toTag: "t0" as Tag, freshNonce });
  if (E.isLeft(r)) throw new Error(r.left);
  return { state: r.right.state, response: r.right.response, bindings: O.isSome(r.right.bind) ? r.right.bind.value.bindings : current };
};

const contacts = (r: SipResponse) => headerValues("Contact")(r);

describe("RFC 3261 §10.3 puresip serve's registrar without accounts: processRegister decides", () => {
  it("binds the Contact for the default 3600 s and lists it in the 200 with our To tag", () => {
    const o = step(open, emptyRegistrar, [], registerRequest(), 1000);
    expect(o.response.status).toBe(200);
    expect(contacts(o.response)).toEqual(["<sip:alice@127.0.0.1:5070>;expires=3600"]);
    expect(headerValues("To")(o.response)[0]).toContain("tag=t0");
    expect(o.bindings.map((b) => b.expiresAt)).toEqual([1000 + 3600 * 1000]);
  });

  it("§10.3 step 7: an expiry under Min-Expires gets 423 with Min-Expires and binds nothing", () => {
    const o = step(open, emptyRegistrar, [], registerRequest({ expires: 10 }), 0);
    expect(o.response.status).toBe(423);
    expect(headerValues("Min-Expires")(o.response)).toEqual(["60"]);
    expect(o.bindings).toEqual([]);
  });

  it("§10.3 step 6: Contact * with Expires 0 removes every binding of the AOR", () => {
    const first = step(open, emptyRegistrar, [], registerRequest(), 0);
    const cleared = step(open, first.state, first.bindings, registerRequest({ cseq: 2, contact: "*", expires: 0 }), 0);
    expect(cleared.response.status).toBe(200);
    expect(cleared.bindings).toEqual([]);
  });
});

describe("RFC 3261 §22.1, §22.4 and RFC 8760 registrar authentication", () => {
  const answer = (reply: SipResponse, user: string, password: string, algorithm: string): string => {
    const header = headerValues("WWW-Authenticate")(reply).find((v) => v.includes(`algorithm=${algorithm}`));
    const challenge = parseChallenge(header ?? "");
    if (E.isLeft(challenge) || challenge.right._tag !== "DigestChallenge") throw new Error("no digest challenge");
    const credentials = respond({ challenge: challenge.right, username: user, secret: { _tag: "Password", password }, method: "REGISTER", uri: REQUEST_URI, nc: 1, cnonce: "c0ffee" });
    if (E.isLeft(credentials)) throw new Error(credentials.left._tag);
    return printCredentials(credentials.right);
  };
  const challenged = (): Outcome => step(guarded, emptyRegistrar, [], registerRequest(), 0, "abcdef0123456789");

  it("a REGISTER without credentials gets 401 with one challenge per algorithm, SHA-256 first, and binds nothing", () => {
    const o = challenged();
    expect(o.response.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(o.response).map((v) => v.match(/algorithm=([-\w]+)/)?.[1])).toEqual(["SHA-256", "MD5"]);
    expect(o.bindings).toEqual([]);
  });

  for (const algorithm of ["SHA-256", "MD5"]) {
    it(`the right ${algorithm} answer registers; the same answer again is a replay and is refused`, () => {
      const c = challenged();
      const authorization = answer(c.response, "alice", "secret", algorithm);
      const ok = step(guarded, c.state, [], registerRequest({ cseq: 2, authorization }), 10, "n2");
      expect(ok.response.status).toBe(200);
      expect(ok.bindings.length).toBe(1);
      const replay = step(guarded, ok.state, ok.bindings, registerRequest({ cseq: 3, authorization }), 20, "n3");
      expect(replay.response.status).toBe(403);
    });
  }

  it("a wrong password gets 403; §10.3 step 4: so does a user registering someone else's address-of-record", () => {
    const c = challenged();
    expect(step(guarded, c.state, [], registerRequest({ cseq: 2, authorization: answer(c.response, "alice", "nope", "MD5") }), 10, "n2").response.status).toBe(403);
    const other = step(guarded, c.state, [], registerRequest({ user: "alice", cseq: 2, authorization: answer(c.response, "bob", "other", "MD5") }), 10, "n2");
    expect(other.response.status).toBe(403);
    expect(other.bindings).toEqual([]);
  });

  it("RFC 7616 §3.3: a nonce past its lifetime, or one never issued, gets a fresh challenge with stale=true", () => {
    const c = challenged();
    const late = step(guarded, c.state, [], registerRequest({ cseq: 2, authorization: answer(c.response, "alice", "secret", "MD5") }), 60_000, "fresh1");
    expect(late.response.status).toBe(401);
    const [first] = headerValues("WWW-Authenticate")(late.response);
    expect(first).toMatch(/stale=true/i);
    expect(first).toContain('nonce="fresh1"');
    const unknown = step(guarded, emptyRegistrar, [], registerRequest({ cseq: 2, authorization: answer(c.response, "alice", "secret", "MD5") }), 0, "fresh2");
    expect(unknown.response.status).toBe(401);
    expect(late.state.nonces.has("abcdef0123456789")).toBe(false);
  });
});
