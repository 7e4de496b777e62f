import { describe, expect, it } from "vitest";
import { headerValues } from "@puresip/message";
import { answer, answerNonce, contacts, freshMemory, guarded, open, registerRequest, step } from "./registrar-fixtures.js";

describe("RFC 3261 §10.3 puresip serve's registrar without accounts: processRegister decides", () => {
  it("binds the Contact for the default 3600 s and lists it in the 200 with our To tag", () => {
    const o = step(open, freshMemory(), [], registerRequest(), 1000);
    expect(o.response.status).toBe(200);
    expect(contacts(o.response)).toEqual(["<sip:alice@127.0.0.1:5070>;expires=3600"]);
    expect(headerValues("To")(o.response)[0]).toContain("tag=t0");
    expect(o.bindings.map((b) => b.expiresAt)).toEqual([1000 + 3600 * 1000]);
  });

  it("§10.3 step 7: an expiry under Min-Expires gets 423 with Min-Expires and binds nothing", () => {
    const o = step(open, freshMemory(), [], registerRequest({ expires: 10 }), 0);
    expect(o.response.status).toBe(423);
    expect(headerValues("Min-Expires")(o.response)).toEqual(["60"]);
    expect(o.bindings).toEqual([]);
  });

  it("§10.3 step 6: Contact * with Expires 0 removes every binding of the AOR", () => {
    const memory = freshMemory();
    const first = step(open, memory, [], registerRequest(), 0);
    const cleared = step(open, memory, first.bindings, registerRequest({ cseq: 2, contact: "*", expires: 0 }), 0);
    expect(cleared.response.status).toBe(200);
    expect(cleared.bindings).toEqual([]);
  });

  it("§10.3 step 5: a REGISTER for sip:alice@other-domain gets 404, with or without accounts, and costs no challenge", () => {
    expect(step(open, freshMemory(), [], registerRequest({ domain: "other.example.org" }), 0).response.status).toBe(404);
    const memory = freshMemory();
    const o = step(guarded, memory, [], registerRequest({ domain: "other.example.org" }), 0);
    expect(o.response.status).toBe(404);
    expect(headerValues("WWW-Authenticate")(o.response)).toEqual([]);
    // §10.3 step 1 (§21.4.5: "the domain in the Request-URI does not match any of the domains handled"): 404 too.
    expect(step(guarded, memory, [], registerRequest({ requestUri: "sip:other.example.org" }), 0).response.status).toBe(404);
  });

  it("§10.3, §21.4.4: a REGISTER that would leave more bindings than maxBindingsPerAor gets 403 Too Many Bindings", () => {
    const capped = { ...open, rules: { ...open.rules, maxBindingsPerAor: 1 } };
    const memory = freshMemory();
    const one = step(capped, memory, [], registerRequest(), 0);
    const two = step(capped, memory, one.bindings, registerRequest({ cseq: 2, contact: "<sip:alice@127.0.0.1:5080>" }), 0);
    expect(two.response.status).toBe(403);
    expect(two.response.reason).toBe("Too Many Bindings");
    expect(two.bindings).toEqual(one.bindings);
  });
});

describe("RFC 3261 §22.1, §22.4 and RFC 8760 registrar authentication", () => {
  const challenged = () => {
    const memory = freshMemory();
    return { memory, reply: step(guarded, memory, [], registerRequest(), 0).response };
  };

  it("RFC3261-26.3.1-10: a REGISTER without credentials gets 401 with one challenge per algorithm, SHA-256 first, and binds nothing", () => {
    const { reply } = challenged();
    expect(reply.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(reply).map((v) => v.match(/algorithm=([-\w]+)/)?.[1])).toEqual(["SHA-256", "MD5"]);
  });

  it("RFC3261-26.3.2.1-6, RFC3261-26.3.2.1-7: the REGISTER is challenged with 401, every challenge in the realm of the domain the registrar serves", () => {
    const { reply } = challenged();
    expect(reply.status).toBe(401);
    const realms = headerValues("WWW-Authenticate")(reply).map((v) => v.match(/realm="([^"]*)"/)?.[1]);
    expect(realms.length).toBeGreaterThan(0);
    // The domain is the one a TLS client checked the site certificate against (§26.3.2.1).
    expect(new Set(realms)).toEqual(new Set(guarded.rules.domains));
  });

  for (const algorithm of ["SHA-256", "MD5"]) {
    it(`the right ${algorithm} answer registers; RFC 7616 §3.4 nc: the same answer again is a replay and is refused`, () => {
      const { memory, reply } = challenged();
      const authorization = answer(reply, "alice", "secret", algorithm);
      const ok = step(guarded, memory, [], registerRequest({ cseq: 2, authorization }), 10);
      expect(ok.response.status).toBe(200);
      expect(ok.bindings.length).toBe(1);
      const replay = step(guarded, memory, ok.bindings, registerRequest({ cseq: 3, authorization }), 20);
      expect(replay.response.status).toBe(403);
      // The next count on the same nonce is fine.
      const next = step(guarded, memory, ok.bindings, registerRequest({ cseq: 4, authorization: answer(reply, "alice", "secret", algorithm, { nc: 2 }) }), 30);
      expect(next.response.status).toBe(200);
    });
  }

  it("a wrong password gets 403; §10.3 step 4: so does a user registering someone else's address-of-record", () => {
    const { memory, reply } = challenged();
    expect(step(guarded, memory, [], registerRequest({ cseq: 2, authorization: answer(reply, "alice", "nope", "MD5") }), 10).response.status).toBe(403);
    const other = step(guarded, memory, [], registerRequest({ user: "alice", cseq: 2, authorization: answer(reply, "bob", "other", "MD5") }), 10);
    expect(other.response.status).toBe(403);
    expect(other.bindings).toEqual([]);
  });

  it("RFC 7616 §3.3: a right answer on a nonce past its lifetime gets a fresh challenge with stale=true", () => {
    const { memory, reply } = challenged();
    const late = step(guarded, memory, [], registerRequest({ cseq: 2, authorization: answer(reply, "alice", "secret", "MD5") }), 60_000);
    expect(late.response.status).toBe(401);
    const [first] = headerValues("WWW-Authenticate")(late.response);
    expect(first).toMatch(/stale=true/i);
    expect(first).not.toContain(headerValues("WWW-Authenticate")(reply)[0]?.match(/nonce="([^"]+)"/)?.[1] ?? "?");
  });

  it("RFC 7616 §3.3: 'stale' only when the digest is valid for the old nonce: a never-issued nonce gets stale=true with the right password, a plain challenge with a wrong one", () => {
    const memory = freshMemory();
    const right = step(guarded, memory, [], registerRequest({ cseq: 2, authorization: answerNonce("ea9c8e88df84f1cec4341ae6cbe5a359", "alice", "secret", "MD5") }), 0);
    expect(right.response.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(right.response)[0]).toMatch(/stale=true/i);
    const wrong = step(guarded, memory, [], registerRequest({ cseq: 3, authorization: answerNonce("ea9c8e88df84f1cec4341ae6cbe5a359", "alice", "guess", "MD5") }), 0);
    expect(wrong.response.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(wrong.response).join()).not.toMatch(/stale/i);
  });

  it("RFC 7616 §3.4.6: a digest uri that is not the Request-URI gets 400", () => {
    const { memory, reply } = challenged();
    const o = step(guarded, memory, [], registerRequest({ cseq: 2, authorization: answer(reply, "alice", "secret", "MD5", { uri: "sip:elsewhere.example.com" }) }), 10);
    expect(o.response.status).toBe(400);
    expect(o.bindings).toEqual([]);
  });

  it("an account stored only as an MD5 HA1 is challenged with MD5 only, and registers with it", () => {
    const memory = freshMemory();
    const reply = step(guarded, memory, [], registerRequest({ user: "carol" }), 0).response;
    expect(headerValues("WWW-Authenticate")(reply).map((v) => v.match(/algorithm=([-\w]+)/)?.[1])).toEqual(["MD5"]);
    const ok = step(guarded, memory, [], registerRequest({ user: "carol", cseq: 2, authorization: answer(reply, "carol", "pass", "MD5") }), 10);
    expect(ok.response.status).toBe(200);
  });
});
