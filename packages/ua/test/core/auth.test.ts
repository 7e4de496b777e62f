// RFC 3261 §22.2 through the whole UA: a 401 or 407 to any request is answered once per
// challenge with a new CSeq and the credentials table; stale=true is retried; a repeated
// challenge ends the request. The peer is scripted (RFC 3665 §3.3's challenges, without the proxies).
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import type { Credential } from "../../src/index.js";
import { tags, uri } from "./harness.js";
import { PEER, answerFor, challengingCallee, ladderOf, peerContact, requestsSent, uaOf, withPeer } from "./mixed.js";
import { digestServer, reply } from "./scripted.js";

const credentials: ReadonlyArray<Credential> = [
  { realm: "biloxi.example.com", username: "alice", secret: { _tag: "Password", password: "zanzibar" } },
  { username: "alice", secret: { _tag: "Password", password: "proxy-secret" } },
];
const contact = peerContact;

const cseqs = (requests: ReadonlyArray<SipRequest>): ReadonlyArray<string> => requests.map((r) => `${r.method} ${r.core.cseq?.seq ?? -1}`);

const sdpType = { name: "Content-Type", value: "application/sdp" };
/** RFC 3262: a 183 sent reliably (RSeq 1) with the SDP answer, opening the early dialog. */
const reliable183 = (invite: SipRequest) =>
  reply(invite, 183, [contact, { name: "Require", value: "100rel" }, { name: "RSeq", value: "1" }, sdpType], answerFor(invite));
const hundredRelCall = { _tag: "MakeCall" as const, to: uri(`sip:bob@${PEER}`), headers: [{ name: "Require", value: "100rel" }] };

describe("RFC 3261 §22.2 digest retry on any request, through the UA step", () => {
  it("RFC3261-26.3.1-10: INVITE answered 401 is retried with Authorization and CSeq 2; its BYE answered 407 with Proxy-Authorization and a new CSeq", () => {
    const www = digestServer("biloxi.example.com", "alice", "zanzibar", false);
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    const net = withPeer(
      challengingCallee(www, (r) => (proxy.check(r) === "ok" ? [reply(r, 200)] : [reply(r, 407, [proxy.challenge()])])),
      [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }],
      { credentials },
      (e) => (e._tag === "CallEstablished" ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE",
      "peer: 401 Unauthorized",
      "ua: ACK",
      "ua: INVITE",
      "peer: 180 Ringing",
      "peer: 200 OK",
      "ua: ACK",
      "ua: BYE",
      "peer: 407 Proxy Authentication Required",
      "ua: BYE",
      "peer: 200 OK",
    ]);
    const sent = requestsSent(net);
    expect(cseqs(sent)).toStrictEqual(["INVITE 1", "ACK 1", "INVITE 2", "ACK 2", "BYE 3", "BYE 4"]);
    // §8.1.3.5: the retry is a new transaction (a new branch) in the same call (Call-ID, From tag).
    const [first, , retry] = sent;
    expect(retry?.core.via[0]?.params.find((p) => p.name === "branch")?.value).not.toBe(first?.core.via[0]?.params.find((p) => p.name === "branch")?.value);
    expect(retry?.core.callId).toBe(first?.core.callId);
    expect(retry?.headers.some((h) => h.name === "Authorization" && h.value.includes('realm="biloxi.example.com"'))).toBe(true);
    expect(sent[5]?.headers.some((h) => h.name === "Proxy-Authorization" && h.value.includes('realm="proxy.example.com"'))).toBe(true);
    const ua = uaOf(net);
    expect(tags(ua)).toStrictEqual(["CallCreated", "CallProgress 180", "CallEstablished", "CallMedia", "SessionTerminated", "CallEnded LocalBye"]);
    expect(ua.engine.registry.size).toBe(0);
  });

  it("MESSAGE: a stale=true challenge is answered again without failing; a repeated non-stale one ends it with the 407", () => {
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    let round = 0;
    const net = withPeer(
      (r) => {
        if (r.method !== "MESSAGE") return [];
        round += 1;
        if (round === 1) return [reply(r, 407, [proxy.challenge()])];
        // RFC 7616 §3.3: right credentials, expired nonce.
        if (round === 2) return proxy.check(r) === "ok" ? [reply(r, 407, [proxy.challenge(true)])] : [reply(r, 500)];
        if (round === 3) return proxy.check(r) === "ok" ? [reply(r, 407, [proxy.challenge()])] : [reply(r, 500)];
        return [reply(r, 200)];
      },
      [{ at: 0, command: { _tag: "SendMessage", ref: "m1", to: uri(`sip:bob@${PEER}`), body: { type: "text/plain", content: new TextEncoder().encode("hi") } } }],
      { credentials },
    );
    expect(ladderOf(net)).toStrictEqual(["ua: MESSAGE", "peer: 407 Proxy Authentication Required", "ua: MESSAGE", "peer: 407 Proxy Authentication Required", "ua: MESSAGE", "peer: 407 Proxy Authentication Required"]);
    expect(cseqs(requestsSent(net))).toStrictEqual(["MESSAGE 1", "MESSAGE 2", "MESSAGE 3"]);
    const ua = uaOf(net);
    expect(tags(ua)).toStrictEqual(["MessageResult 407"]);
    expect(ua.engine.registry.size).toBe(0);
  });

  it("RFC 3262 a PRACK answered 407 is retried with Proxy-Authorization and the early dialog's next CSeq", () => {
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    let invite: SipRequest | undefined;
    const net = withPeer(
      (r) => {
        if (r.method === "INVITE") {
          invite = r;
          return [reliable183(r)];
        }
        if (r.method === "PRACK") {
          if (proxy.check(r) !== "ok") return [reply(r, 407, [proxy.challenge()])];
          return invite === undefined ? [reply(r, 200)] : [reply(r, 200), reply(invite, 200, [contact])];
        }
        if (r.method === "BYE") return [reply(r, 200)];
        return [];
      },
      [{ at: 0, command: hundredRelCall }],
      { credentials },
      (e) => (e._tag === "CallEstablished" ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE",
      "peer: 183 Session Progress",
      "ua: PRACK",
      "peer: 407 Proxy Authentication Required",
      "ua: PRACK",
      "peer: 200 OK",
      "peer: 200 OK",
      "ua: ACK",
      "ua: BYE",
      "peer: 200 OK",
    ]);
    const sent = requestsSent(net);
    expect(cseqs(sent)).toStrictEqual(["INVITE 1", "PRACK 2", "PRACK 3", "ACK 1", "BYE 4"]);
    expect(sent[2]?.headers.some((h) => h.name === "Proxy-Authorization" && h.value.includes('realm="proxy.example.com"'))).toBe(true);
    expect(sent[2]?.headers.find((h) => h.name === "RAck")?.value).toBe("1 1 INVITE");
    const ua = uaOf(net);
    expect(tags(ua)).toContain("CallEstablished");
    expect(ua.engine.registry.size).toBe(0);
  });

  it("RFC 3311 an UPDATE in the early dialog answered 401 is retried with Authorization and the next CSeq", () => {
    const www = digestServer("biloxi.example.com", "alice", "zanzibar", false);
    let invite: SipRequest | undefined;
    const net = withPeer(
      (r) => {
        if (r.method === "INVITE") {
          invite = r;
          return [reliable183(r)];
        }
        if (r.method === "PRACK") return [reply(r, 200)];
        if (r.method === "UPDATE") {
          if (www.check(r) !== "ok") return [reply(r, 401, [www.challenge()])];
          return invite === undefined ? [] : [reply(r, 200, [contact, sdpType], answerFor(r)), reply(invite, 200, [contact])];
        }
        if (r.method === "BYE") return [reply(r, 200)];
        return [];
      },
      [{ at: 0, command: hundredRelCall }],
      { credentials },
      (e) =>
        e._tag === "CallProgress"
          ? [{ delay: 500, command: { _tag: "Reoffer", call: e.call, via: "UPDATE" } }]
          : e._tag === "CallEstablished"
            ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }]
            : [],
    );
    const sent = requestsSent(net);
    expect(cseqs(sent)).toStrictEqual(["INVITE 1", "PRACK 2", "UPDATE 3", "UPDATE 4", "ACK 1", "BYE 5"]);
    expect(sent[3]?.headers.some((h) => h.name === "Authorization" && h.value.includes('realm="biloxi.example.com"'))).toBe(true);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });

  it("without credentials for the realm (and the application declining) the 401 stands and the call fails with it", () => {
    const www = digestServer("elsewhere.example.com", "alice", "x", false);
    const net = withPeer(
      (r) => (r.method === "INVITE" ? [reply(r, 401, [www.challenge()])] : []),
      [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }],
      { credentials: [{ realm: "biloxi.example.com", username: "alice", secret: { _tag: "Password", password: "zanzibar" } }] },
      (e) => (e._tag === "CredentialsNeeded" ? [{ delay: 0, command: { _tag: "DeclineCredentials", id: e.id } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual(["ua: INVITE", "peer: 401 Unauthorized", "ua: ACK"]);
    expect(tags(uaOf(net))).toStrictEqual(["CallCreated", "CredentialsNeeded elsewhere.example.com", "CallFailed 401", "CallEnded Rejected"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});

describe("RFC 3261 §22.2 and §14.1: a challenged re-INVITE", () => {
  it("is retried with credentials and the dialog's next CSeq; its 2xx is ACKed with that CSeq", () => {
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    const net = withPeer(
      (r) => {
        const inDialog = r.core.to?.params.some((p) => p.name === "tag") === true;
        const ok = () => [reply(r, 200, [contact, { name: "Content-Type", value: "application/sdp" }], answerFor(r))];
        if (r.method === "INVITE" && !inDialog) return ok();
        if (r.method === "INVITE") return proxy.check(r) === "ok" ? ok() : [reply(r, 407, [proxy.challenge()])];
        if (r.method === "BYE") return [reply(r, 200)];
        return [];
      },
      [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }],
      { credentials },
      (e) =>
        e._tag === "CallEstablished"
          ? [
              { delay: 1000, command: { _tag: "Hold", call: e.call } },
              { delay: 3000, command: { _tag: "Hangup", call: e.call } },
            ]
          : [],
    );
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE", "peer: 200 OK", "ua: ACK",
      "ua: INVITE", "peer: 407 Proxy Authentication Required", "ua: ACK", "ua: INVITE", "peer: 200 OK", "ua: ACK",
      "ua: BYE", "peer: 200 OK",
    ]);
    expect(cseqs(requestsSent(net))).toStrictEqual(["INVITE 1", "ACK 1", "INVITE 2", "ACK 2", "INVITE 3", "ACK 3", "BYE 4"]);
    expect(tags(uaOf(net))).toContain("ReofferDone 200");
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});

describe("RFC 3665 §3.3 Session with Multiple Proxy Authentication (the proxies' challenges, scripted)", () => {
  it("a 407 from each of two proxies: the third INVITE answers both, each with its own nonce count", () => {
    const proxy1 = digestServer("atlanta.example.com", "alice", "proxy-secret", true);
    const proxy2 = digestServer("biloxi.example.com", "alice", "zanzibar", true);
    const net = withPeer(
      (r) => {
        if (r.method === "INVITE") {
          if (proxy1.check(r) !== "ok") return [reply(r, 407, [proxy1.challenge()])];
          if (proxy2.check(r) !== "ok") return [reply(r, 407, [proxy2.challenge()])];
          return [reply(r, 180, [contact]), reply(r, 200, [contact, { name: "Content-Type", value: "application/sdp" }], answerFor(r))];
        }
        if (r.method === "BYE") return [reply(r, 200)];
        return [];
      },
      [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }],
      { credentials: [
        { realm: "atlanta.example.com", username: "alice", secret: { _tag: "Password", password: "proxy-secret" } },
        { realm: "biloxi.example.com", username: "alice", secret: { _tag: "Password", password: "zanzibar" } },
      ] },
      (e) => (e._tag === "CallEstablished" ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE", "peer: 407 Proxy Authentication Required", "ua: ACK",
      "ua: INVITE", "peer: 407 Proxy Authentication Required", "ua: ACK",
      "ua: INVITE", "peer: 180 Ringing", "peer: 200 OK", "ua: ACK",
      "ua: BYE", "peer: 200 OK",
    ]);
    const invites = requestsSent(net).filter((r) => r.method === "INVITE");
    expect(invites.map((r) => r.core.cseq?.seq)).toStrictEqual([1, 2, 3]);
    const answers = invites[2]?.headers.filter((h) => h.name === "Proxy-Authorization").map((h) => /realm="([^"]+)".*nc=(\w+)/.exec(h.value)?.slice(1).join(" "));
    expect(answers).toStrictEqual(["atlanta.example.com 00000002", "biloxi.example.com 00000001"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});

describe("RFC 3261 §22.2 credentials asked of the application (CredentialsNeeded)", () => {
  const text = { type: "text/plain", content: new TextEncoder().encode("hi") };

  it("RFC3261-26.3.2.1-8: a realm the table lacks is asked once (the application prompts for that realm); the answer is used again for a stale=true challenge without asking", () => {
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    let round = 0;
    const net = withPeer(
      (r) => {
        if (r.method !== "MESSAGE") return [];
        round += 1;
        if (round === 1) return [reply(r, 407, [proxy.challenge()])];
        if (round === 2) return proxy.check(r) === "ok" ? [reply(r, 407, [proxy.challenge(true)])] : [reply(r, 500)];
        return proxy.check(r) === "ok" ? [reply(r, 200)] : [reply(r, 500)];
      },
      [{ at: 0, command: { _tag: "SendMessage", ref: "m", to: uri(`sip:bob@${PEER}`), body: text } }],
      { credentials: [] },
      (e) => (e._tag === "CredentialsNeeded" ? [{ delay: 500, command: { _tag: "ProvideCredentials", id: e.id, username: "alice", secret: { _tag: "Password", password: "proxy-secret" } } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual(["ua: MESSAGE", "peer: 407 Proxy Authentication Required", "ua: MESSAGE", "peer: 407 Proxy Authentication Required", "ua: MESSAGE", "peer: 200 OK"]);
    expect(cseqs(requestsSent(net))).toStrictEqual(["MESSAGE 1", "MESSAGE 2", "MESSAGE 3"]);
    expect(tags(uaOf(net))).toStrictEqual(["CredentialsNeeded proxy.example.com", "MessageResult 200"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });

  it("declined, the 407 reaches the request's owner", () => {
    const proxy = digestServer("proxy.example.com", "alice", "proxy-secret", true);
    const net = withPeer(
      (r) => (r.method === "MESSAGE" ? [reply(r, 407, [proxy.challenge()])] : []),
      [{ at: 0, command: { _tag: "SendMessage", ref: "m", to: uri(`sip:bob@${PEER}`), body: text } }],
      { credentials: [] },
      (e) => (e._tag === "CredentialsNeeded" ? [{ delay: 0, command: { _tag: "DeclineCredentials", id: e.id } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual(["ua: MESSAGE", "peer: 407 Proxy Authentication Required"]);
    expect(tags(uaOf(net))).toStrictEqual(["CredentialsNeeded proxy.example.com", "MessageResult 407"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });

  it("unanswered for 64*T1, the challenge stands: the call fails with the 401", () => {
    const www = digestServer("biloxi.example.com", "alice", "zanzibar", false);
    const net = withPeer((r) => (r.method === "INVITE" ? [reply(r, 401, [www.challenge()])] : []), [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } }], { credentials: [] });
    expect(tags(uaOf(net))).toStrictEqual(["CallCreated", "CredentialsNeeded biloxi.example.com", "CallFailed 401", "CallEnded Rejected"]);
    const failedAt = (uaOf(net).log ?? []).find((l) => l.event._tag === "CallFailed")?.at ?? 0;
    expect(failedAt).toBeGreaterThanOrEqual(32_000);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});
