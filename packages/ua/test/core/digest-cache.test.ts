// RFC 3261 §22.2 and §22.3: credentials cached for the later requests of a call. Once a
// challenge to a call's request was answered, every later request with that Call-ID (BYE,
// re-INVITE, INFO...) carries the answers unasked, each with its next nonce count; a challenge
// to them (a nonce the server forgot) is answered as a first one. The peer is scripted.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import type { SipRequest } from "@puresip/message";
import { StoreEntryCodec } from "../../src/index.js";
import type { Credential, StoreEntry } from "../../src/index.js";
import { uri } from "./harness.js";
import { PEER, challengingCallee, ladderOf, requestsSent, uaOf, withPeer } from "./mixed.js";
import { digestServer, reply } from "./scripted.js";

const credentials: ReadonlyArray<Credential> = [{ username: "alice", secret: { _tag: "Password", password: "proxy-secret" } }];

const proxyAuth = (r: SipRequest | undefined): ReadonlyArray<string> => (r?.headers ?? []).filter((h) => h.name === "Proxy-Authorization").map((h) => h.value);

/** A call through a proxy that challenges the INVITE; `onBye` answers the BYE. */
const callThroughProxy = (onBye: (bye: SipRequest, proxy: ReturnType<typeof digestServer>) => ReturnType<typeof reply>[], hangUp = true) => {
  const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
  const net = withPeer(
    challengingCallee(proxy, (bye) => onBye(bye, proxy)),
    [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }],
    { credentials },
    (e) => {
      if (e._tag !== "CallEstablished" || !hangUp) return [];
      return [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }];
    },
  );
  return net;
};

describe("RFC 3261 §22.3 credentials cached for the call's later requests", () => {
  it("§22.3: after the INVITE's 407 was answered, the BYE carries Proxy-Authorization unasked with the next nonce count, and no second challenge comes", () => {
    const net = callThroughProxy((bye, proxy) => (proxy.check(bye) === "ok" ? [reply(bye, 200)] : [reply(bye, 407, [proxy.challenge()])]));
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE",
      "peer: 407 Proxy Authentication Required",
      "ua: ACK",
      "ua: INVITE",
      "peer: 180 Ringing",
      "peer: 200 OK",
      "ua: ACK",
      "ua: BYE",
      "peer: 200 OK",
    ]);
    const sent = requestsSent(net);
    const retry = sent[2];
    const bye = sent.find((r) => r.method === "BYE");
    expect(bye?.core.callId).toBe(retry?.core.callId);
    expect(proxyAuth(retry)[0]).toContain("nc=00000001");
    expect(proxyAuth(bye)[0]).toContain("nc=00000002");
    // RFC3261-13.2.2.4: "The ACK MUST contain the same credentials as the INVITE" (never
    // challenged itself, §22.1, it repeats the INVITE's answer rather than the cache's next count).
    expect(proxyAuth(sent.filter((r) => r.method === "ACK")[1])).toStrictEqual(proxyAuth(retry));
    expect(uaOf(net).engine.registry.size).toBe(0);
  });

  it("RFC 7616 §3.3 with §22.3: a challenge to the cached answers (the proxy forgot the nonce) is a first one: answered once, not taken as a refusal", () => {
    let byes = 0;
    const net = callThroughProxy((bye, proxy) => {
      byes += 1;
      if (byes === 1) return [reply(bye, 407, [proxy.challenge()])];
      return proxy.check(bye) === "ok" ? [reply(bye, 200)] : [reply(bye, 403)];
    });
    expect(ladderOf(net).slice(7)).toStrictEqual(["ua: BYE", "peer: 407 Proxy Authentication Required", "ua: BYE", "peer: 200 OK"]);
    const byeRequests = requestsSent(net).filter((r) => r.method === "BYE");
    expect(byeRequests.map((r) => r.core.cseq?.seq)).toStrictEqual([(byeRequests[0]?.core.cseq?.seq ?? 0), (byeRequests[0]?.core.cseq?.seq ?? 0) + 1]);
    expect(proxyAuth(byeRequests[1])[0]).toContain("nc=00000001");
  });

  it("the cache is stored with the call: the Call entry with its digest answers round-trips the registry codec", () => {
    const net = callThroughProxy(() => [], false);
    const calls = [...uaOf(net).engine.registry.values()].filter((entry): entry is Extract<StoreEntry, { _tag: "Usage" }> => entry._tag === "Usage" && entry.usage._tag === "Call");
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.usage._tag === "Call" && call.usage.digest?.answers.map((a) => [a.proxy, a.challenge.realm, a.nc])).toStrictEqual([[true, "proxy.example.com", 1]]);
    const restored = StoreEntryCodec.decode(JSON.parse(JSON.stringify(StoreEntryCodec.encode(call))));
    expect(E.isRight(restored) && restored.right).toStrictEqual(call);
  });
});
