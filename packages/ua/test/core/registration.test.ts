// RFC 3665 §2.1–2.4 registration flows through the UA core against a scripted registrar that
// challenges every REGISTER (RFC 3261 §10.2, §22.2), checked message by message.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { findParam, printNameAddr, readHeader, expiresHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { tags, uri } from "./harness.js";
import { PEER, ladderOf, requestsSent, uaOf, withPeer } from "./mixed.js";
import { digestServer, reply } from "./scripted.js";

/** A registrar for example.com: digest (401), then bindings by Contact and expires (§10.3). */
const registrar = () => {
  const auth = digestServer("example.com", "alice", "zanzibar", false);
  const bindings = new Map<string, number>();
  const handler = (r: SipRequest) => {
    if (r.method !== "REGISTER") return [];
    if (auth.check(r) !== "ok") return [reply(r, 401, [auth.challenge()])];
    const header = readHeader(expiresHeader)(r);
    const fallback = E.isRight(header) && header.right._tag === "Some" ? header.right.value : 3600;
    for (const c of r.core.contact) {
      if (c._tag !== "NameAddr") {
        bindings.clear();
        continue;
      }
      const expires = Number(findParam(c.params, "expires")?.value ?? fallback);
      const key = printNameAddr({ ...c, params: [] });
      if (expires === 0) bindings.delete(key);
      else bindings.set(key, expires);
    }
    return [reply(r, 200, [...bindings].map(([contact, expires]) => ({ name: "Contact", value: `${contact};expires=${expires}` })))];
  };
  return { handler, bindings };
};

const credentials = [{ realm: "example.com", username: "alice", secret: { _tag: "Password" as const, password: "zanzibar" } }];
const round = ["ua: REGISTER", "peer: 401 Unauthorized", "ua: REGISTER", "peer: 200 OK"];
/** §22.1: the credentials that got the binding go again unasked, so the registrar need not challenge. */
const cached = ["ua: REGISTER", "peer: 200 OK"];

describe("RFC 3665 §2 registration through the UA core", () => {
  it("§2.1 new registration, §2.2 update, §2.3 current contact list, §2.4 cancellation: the first challenged, the others with cached credentials", () => {
    const reg = registrar();
    const net = withPeer(
      reg.handler,
      [
        { at: 0, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${PEER}`), expires: 3600 } },
        { at: 10_000, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${PEER}`), expires: 1800 } },
        { at: 20_000, command: { _tag: "FetchBindings", id: "alice" } },
        { at: 30_000, command: { _tag: "Unregister", id: "alice" } },
      ],
      { credentials },
    );
    expect(ladderOf(net)).toStrictEqual([...round, ...cached, ...cached, ...cached]);
    const sent = requestsSent(net);
    // §10.2: one Call-ID for every registration of this boot cycle, CSeq up by one each time.
    expect(new Set(sent.map((r) => r.core.callId)).size).toBe(1);
    expect(sent.map((r) => r.core.cseq?.seq)).toStrictEqual([1, 2, 3, 4, 5]);
    // RFC 7616 §3.4.5: one nonce, its count one higher on each request.
    const counts = sent.slice(1).map((r) => /nc=([0-9a-f]{8})/.exec(r.headers.find((h) => h.name === "Authorization")?.value ?? "")?.[1]);
    expect(counts).toStrictEqual(["00000001", "00000002", "00000003", "00000004"]);
    // §10.2: To and From are the address-of-record; the Request-URI is the registrar's domain.
    expect(sent.every((r) => r.core.to?.uri._tag === "SipUri" && r.core.to.uri.user === "alice")).toBe(true);
    const contactExpires = (r: SipRequest | undefined) => (r?.core.contact[0]?._tag === "NameAddr" ? findParam(r.core.contact[0].params, "expires")?.value : undefined);
    expect([contactExpires(sent[1]), contactExpires(sent[2]), contactExpires(sent[4])]).toStrictEqual(["3600", "1800", "0"]);
    expect(sent[3]?.core.contact).toStrictEqual([]);
    expect(sent[1]?.headers.some((h) => h.name === "Authorization")).toBe(true);
    const ua = uaOf(net);
    expect(tags(ua)).toStrictEqual(["Registered 3600", "Registered 1800", "Bindings 1", "Unregistered"]);
    expect(reg.bindings.size).toBe(0);
    expect(ua.engine.registry.size).toBe(0);
  });

  it("§10.2.4 a binding is refreshed before it expires, in virtual time", () => {
    const reg = registrar();
    const net = withPeer(
      reg.handler,
      [
        { at: 0, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${PEER}`), expires: 120 } },
        { at: 200_000, command: { _tag: "Unregister", id: "alice" } },
      ],
      { credentials },
    );
    // Refreshes at max(60, 90) s and again 90 s later, then the removal.
    expect(ladderOf(net)).toStrictEqual([...round, ...cached, ...cached, ...cached]);
    expect(tags(uaOf(net))).toStrictEqual(["Registered 120", "Registered 120", "Registered 120", "Unregistered"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});
