import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { headerValues, printUri } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { LIFETIME, answerTo, authConfig, challengeOf, withHeader } from "./auth-fixtures.js";
import { alicePeer, harness, register, request, requests, responses } from "./sip.js";

const bobPeer = { transport: "UDP", host: "192.0.2.31", port: 5060 } as const;
const registrarPeer = { transport: "UDP", host: "192.0.2.20", port: 5060 } as const;

/** A proxy with bob registered (bob's own REGISTER authenticated first), ready for alice's calls. */
const withBob = () => {
  const h = harness(authConfig());
  const reg = register("bob", "<sip:bob@192.0.2.31>");
  h.engine.receive(reg, registrarPeer);
  const [challenge] = responses(h.take());
  expect(challenge?.status).toBe(401);
  return h;
};

const invite = (extra: ReadonlyArray<string> = [], branch = "z9hG4bKalice1") => request({ uri: "sip:carol@192.0.2.33", branch, extra });

/** Sends `r`, returns the 407, and sends it again with alice's answer: what went out then. */
const authenticated = (h: ReturnType<typeof harness>, r: SipRequest, build: (answer: string) => SipRequest) => {
  h.engine.receive(r, alicePeer);
  const [challenge] = responses(h.take()).filter((x) => x.status === 407);
  expect(challenge).toBeDefined();
  h.engine.receive(build(answerTo(challenge!, r)), alicePeer);
  return h.take();
};

describe("RFC 3261 §22.3 proxy-to-user authentication", () => {
  it("RFC3261-22.3-2, RFC3261-22.1-1, RFC3261-16.3-17, RFC3261-22.3-13: an INVITE from one of the proxy's users without credentials gets 407 with a Digest (realm-bearing) Proxy-Authenticate per algorithm (RFC 8760 §2.3), and is not forwarded", () => {
    const h = withBob();
    h.engine.receive(invite(), alicePeer);
    const out = h.take();
    expect(requests(out)).toEqual([]);
    const final = responses(out).filter((r) => r.status >= 200);
    expect(final.map((r) => r.status)).toEqual([407]);
    const values = headerValues("Proxy-Authenticate")(final[0]!);
    expect(values.map((v) => /algorithm=([\w-]+)/.exec(v)?.[1])).toEqual(["SHA-256", "MD5"]);
    expect(values.every((v) => v.startsWith("Digest ") && v.includes('realm="example.com"') && v.includes('qop="auth"'))).toBe(true);
  });

  it("RFC3261-22.3-11, RFC3261-22.3-3: resubmitted with credentials for the proxy's realm it is forwarded, with the proxy's own Proxy-Authorization removed and another realm's kept", () => {
    const h = withBob();
    const other = 'Digest username="alice", realm="upstream.example.net", nonce="n1", uri="sip:carol@192.0.2.33", response="00"';
    const first = invite([`Proxy-Authorization: ${other}`]);
    const out = authenticated(h, first, (answer) => withHeader(invite([`Proxy-Authorization: ${other}`], "z9hG4bKalice2"), "Proxy-Authorization", answer));
    const [forwarded] = requests(out);
    expect(forwarded?.method).toBe("INVITE");
    expect(headerValues("Proxy-Authorization")(forwarded!)).toEqual([other]);
  });

  it("RFC3261-26.3.2.2-4: once the credentials check out, the Request-URI decides the route: a user of the proxy's domain goes to its binding, another host is forwarded to as it is", () => {
    const both = { account: (user: string) => (user === "alice" || user === "bob" ? O.some({ secret: { _tag: "Password" as const, password: "secret" } }) : O.none) };
    const h = harness(authConfig(both));
    const reg = register("bob", "<sip:bob@192.0.2.31>");
    h.engine.receive(reg, bobPeer);
    const [regChallenge] = responses(h.take());
    h.engine.receive(withHeader(register("bob", "<sip:bob@192.0.2.31>", "reg-bob-2"), "Authorization", answerTo(regChallenge!, reg, "secret", 1, "bob")), bobPeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    const toBob = request({ uri: "sip:bob@example.com", branch: "z9hG4bKtobob" });
    const local = authenticated(h, toBob, (answer) => withHeader(request({ uri: "sip:bob@example.com", branch: "z9hG4bKtobob2" }), "Proxy-Authorization", answer));
    expect(local.filter((o) => o.message._tag === "Request").map((o) => [o.message._tag === "Request" ? printUri(o.message.uri) : "", o.to.host])).toEqual([["sip:bob@192.0.2.31", "192.0.2.31"]]);
    const toCarol = invite([], "z9hG4bKtocarol");
    const remote = authenticated(h, toCarol, (answer) => withHeader(invite([], "z9hG4bKtocarol2"), "Proxy-Authorization", answer));
    expect(remote.filter((o) => o.message._tag === "Request").map((o) => [o.message._tag === "Request" ? printUri(o.message.uri) : "", o.to.host])).toEqual([["sip:carol@192.0.2.33", "192.0.2.33"]]);
  });

  it("§22.3: wrong credentials are refused with 403 and not forwarded", () => {
    const h = withBob();
    h.engine.receive(invite(), alicePeer);
    const [challenge] = responses(h.take()).filter((x) => x.status === 407);
    h.engine.receive(withHeader(invite([], "z9hG4bKalice2"), "Proxy-Authorization", answerTo(challenge!, invite(), "guess")), alicePeer);
    const out = h.take();
    expect(requests(out)).toEqual([]);
    expect(responses(out).map((r) => r.status)).toContain(403);
  });

  it("RFC3261-22.1-9, RFC3261-22.1-10, RFC3261-22.1-11: ACK and CANCEL are never challenged (a CANCEL is accepted from the hop that sent the request); §22.3: a request from another domain's user is not the proxy's to authenticate", () => {
    const h = withBob();
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    h.engine.receive(request({ method: "ACK", uri: "sip:carol@192.0.2.33", toTag: "x" }), alicePeer);
    const out = h.take();
    expect(requests(out).map((r) => r.method)).toEqual(["CANCEL", "ACK"]);
    expect(responses(out).filter((r) => r.status === 407)).toEqual([]);
    h.engine.receive(request({ method: "MESSAGE", uri: "sip:carol@192.0.2.33", from: "sip:mallory@example.org", branch: "z9hG4bKm1" }), alicePeer);
    expect(requests(h.take()).map((r) => r.method)).toEqual(["MESSAGE"]);
  });

  it("RFC 7616 §3.4: a nonce count seen before is a replay (403); the next count passes", () => {
    const h = withBob();
    h.engine.receive(invite(), alicePeer);
    const [challenge] = responses(h.take()).filter((x) => x.status === 407);
    const again = (branch: string, nc: number) => {
      const r = invite([], branch);
      h.engine.receive(withHeader(r, "Proxy-Authorization", answerTo(challenge!, r, "secret", nc)), alicePeer);
      return h.take();
    };
    expect(requests(again("z9hG4bKa2", 1)).map((r) => r.method)).toEqual(["INVITE"]);
    expect(responses(again("z9hG4bKa3", 1)).map((r) => r.status)).toContain(403);
    expect(requests(again("z9hG4bKa4", 2)).map((r) => r.method)).toEqual(["INVITE"]);
  });

  it("RFC 7616 §3.3: right credentials on a lapsed nonce get a fresh challenge with stale=true; the nonce's entry leaves the registry", () => {
    const h = withBob();
    h.engine.receive(invite(), alicePeer);
    const [challenge] = responses(h.take()).filter((x) => x.status === 407);
    const r = invite([], "z9hG4bKa2");
    h.engine.receive(withHeader(r, "Proxy-Authorization", answerTo(challenge!, r)), alicePeer);
    h.take();
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("N "))).toHaveLength(1);
    h.advance(LIFETIME + 1);
    h.take(); // the first 407's retransmissions (§17.2.1 Timer G) until its ACK-less end
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("N "))).toHaveLength(0);
    const late = invite([], "z9hG4bKa3");
    h.engine.receive(withHeader(late, "Proxy-Authorization", answerTo(challenge!, late, "secret", 2)), alicePeer);
    const [fresh] = responses(h.take()).filter((x) => x.status === 407);
    expect(challengeOf(fresh!).stale).toBe(true);
    expect(challengeOf(fresh!).nonce).not.toBe(challenge && challengeOf(challenge).nonce);
  });

  it("RFC7616-3.3-6, §22.3 with a bound: over maxNonces a request on a new nonce is forwarded (never 503), the first nonce used is forgotten and gets 407 stale=true, and no more than maxNonces are remembered", () => {
    const h = harness(authConfig({ maxNonces: 1 }));
    const challengeFor = (branch: string) => {
      h.engine.receive(invite([], branch), alicePeer);
      const [challenge] = responses(h.take()).filter((x) => x.status === 407);
      return challenge!;
    };
    const answered = (challenge: SipResponse, branch: string, nc = 1) => {
      const again = invite([], branch);
      h.engine.receive(withHeader(again, "Proxy-Authorization", answerTo(challenge, again, "secret", nc)), alicePeer);
      return h.take();
    };
    const first = challengeFor("z9hG4bKb1");
    expect(requests(answered(first, "z9hG4bKb1x")).map((r) => r.method)).toEqual(["INVITE"]);
    h.advance(10);
    const second = challengeFor("z9hG4bKb2");
    const out = answered(second, "z9hG4bKb2x");
    expect(responses(out).filter((r) => r.status === 503)).toEqual([]);
    expect(requests(out).map((r) => r.method)).toEqual(["INVITE"]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("N "))).toHaveLength(1);
    const [stale] = responses(answered(first, "z9hG4bKb1y", 2)).filter((r) => r.status === 407);
    expect(stale && challengeOf(stale).stale).toBe(true);
  });
});

describe("RFC 3261 §22.1 the proxy's registrar challenges with 401", () => {
  it("§22.1 / §10.3 step 3: a REGISTER without credentials gets 401 with WWW-Authenticate; with alice's credentials for her own AOR 200", () => {
    const h = harness(authConfig());
    const reg = register("alice", "<sip:alice@192.0.2.10>");
    h.engine.receive(reg, registrarPeer);
    const [challenge] = responses(h.take());
    expect(challenge?.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(challenge!).length).toBe(2);
    h.engine.receive(withHeader(register("alice", "<sip:alice@192.0.2.10>", "reg-alice-2"), "Authorization", answerTo(challenge!, reg)), registrarPeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
  });

  it("§10.3 step 3: alice's credentials do not change bob's bindings (403)", () => {
    const h = harness(authConfig());
    const reg = register("bob", "<sip:bob@192.0.2.31>");
    h.engine.receive(reg, registrarPeer);
    const [challenge] = responses(h.take());
    h.engine.receive(withHeader(register("bob", "<sip:bob@192.0.2.31>", "reg-bob-2"), "Authorization", answerTo(challenge!, reg)), bobPeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([403]);
  });

  it("§22.1, §22.3 with §16.11: a stateless proxy challenges too, answering straight back to the source", () => {
    const h = harness(authConfig(), { stateless: true });
    h.engine.receive(register("alice", "<sip:alice@192.0.2.10>"), registrarPeer);
    h.engine.receive(invite(), alicePeer);
    const out = h.take();
    expect(responses(out).map((r) => r.status)).toEqual([401, 407]);
    expect(out.map((o) => o.to)).toEqual([registrarPeer, alicePeer]);
    expect(requests(out)).toEqual([]);
  });
});
