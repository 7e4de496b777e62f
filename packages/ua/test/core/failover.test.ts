// RFC 3263 §4.3 in the client request's context: "failure occurs if the transaction layer
// reports a 503 error response or a transport failure ... [or] times out without ever having
// received any response, provisional or final ... the client SHOULD create a new request, which
// is identical to the previous, but has a different value of the Via branch ID ... sent to the
// next element in the list".
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { createResponse, tag } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { StoreEntryCodec } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const T1 = 500;
const first = peerOf("192.0.2.1");
const second = peerOf("192.0.2.2");
const branchOf = (m: SipMessage): string | undefined => m.core.via[0]?.params.find((p) => p.name === "branch")?.value;
const requests = (sent: ReadonlyArray<{ readonly message: SipMessage; readonly destination: unknown }>): ReadonlyArray<readonly [SipRequest, unknown]> =>
  sent.flatMap((s) => (s.message._tag === "Request" ? [[s.message, s.destination] as const] : []));
const respond = (request: SipRequest, status: number, toTag?: string): SipMessage =>
  must(createResponse(status, toTag === undefined ? {} : { toTag: must(tag(toTag)) })(request));

const makeCall = () => {
  const ua = driver(uaConfig("alice", "10.0.0.1"), [first, second]);
  const made = ua.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } });
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  const [invite, destination] = requests(made.transmitted)[0] ?? [];
  if (created?._tag !== "CallCreated" || invite === undefined) throw new Error("no INVITE");
  expect(destination).toStrictEqual(first);
  return { ua, call: created.call, invite };
};

describe("RFC 3263 §4.3 failover, in the client request's context", () => {
  it("RFC 3263 §4.3: a 503 from the first target sends the INVITE to the next as a new transaction; the 503 is acknowledged where the INVITE went (§17.1.1.3)", () => {
    const { ua, call, invite } = makeCall();
    const out = ua.feed({ _tag: "Received", now: 10, message: respond(invite, 503, "busy"), source: first });
    const sent = requests(out.transmitted);
    expect(sent.map(([m, d]) => [m.method, d])).toStrictEqual([["ACK", first], ["INVITE", second]]);
    const [ack] = sent[0]!;
    const [again] = sent[1]!;
    expect(branchOf(ack)).toBe(branchOf(invite));
    expect(branchOf(again)).not.toBe(branchOf(invite));
    expect(branchOf(again)?.startsWith("z9hG4bK")).toBe(true);
    // "identical to the previous" but for the branch: the same Call-ID, tags and CSeq.
    expect([again.core.callId, again.core.cseq, again.core.from, again.core.to, again.body]).toStrictEqual([invite.core.callId, invite.core.cseq, invite.core.from, invite.core.to, invite.body]);
    expect(out.delivered.some((e) => e._tag === "CallFailed")).toBe(false);
    // The call adopted the new INVITE: its CANCEL (§9.1) carries the new branch and goes to the second target.
    ua.feed({ _tag: "Received", now: 20, message: respond(again, 180, "ring"), source: second });
    const cancel = requests(ua.feed({ _tag: "Command", now: 30, command: { _tag: "Cancel", call } }).transmitted);
    expect(cancel.map(([m, d]) => [m.method, branchOf(m), d])).toStrictEqual([["CANCEL", branchOf(again), second]]);
  });

  it("RFC 3263 §4.3: a 503 from the last target reaches the call (§8.1.3.1)", () => {
    const { ua, invite } = makeCall();
    const next = requests(ua.feed({ _tag: "Received", now: 10, message: respond(invite, 503, "a"), source: first }).transmitted).find(([m]) => m.method === "INVITE")?.[0];
    if (next === undefined) throw new Error("no second INVITE");
    const out = ua.feed({ _tag: "Received", now: 20, message: respond(next, 503, "b"), source: second });
    expect(requests(out.transmitted).map(([m, d]) => [m.method, d])).toStrictEqual([["ACK", second]]);
    expect(out.delivered.flatMap((e) => (e._tag === "CallFailed" ? [e.status] : []))).toStrictEqual([503]);
  });

  it("RFC 3263 §4.3: a transport failure of the first target's transaction sends the request to the next", () => {
    const { ua, invite } = makeCall();
    const key = must(clientKeyOfRequest(invite));
    const out = ua.feed({ _tag: "TransportError", now: 5, key });
    const sent = requests(out.transmitted);
    expect(sent.map(([m, d]) => [m.method, d])).toStrictEqual([["INVITE", second]]);
    expect(branchOf(sent[0]![0])).not.toBe(branchOf(invite));
    expect(out.delivered.some((e) => e._tag === "CallFailed")).toBe(false);
  });

  it("RFC 3263 §4.3: Timer F with no response at all sends a MESSAGE to the next target", () => {
    const ua = driver(uaConfig("alice", "10.0.0.1"), [first, second]);
    const body = { type: "text/plain", content: new TextEncoder().encode("hi") };
    ua.feed({ _tag: "Command", now: 0, command: { _tag: "SendMessage", ref: "m", to: uri("sip:bob@biloxi.example.com"), body } });
    const before = ua.store.size;
    expect(before).toBeGreaterThan(0);
    const timedOut = ua.feed({ _tag: "Tick", now: 64 * T1, key: [...ua.store.keys()].find((k) => k.startsWith("C "))! });
    expect(requests(timedOut.transmitted).map(([m, d]) => [m.method, d])).toStrictEqual([["MESSAGE", second]]);
    expect(timedOut.delivered.some((e) => e._tag === "MessageResult")).toBe(false);
  });

  it("RFC 3263 §4.3: Timer F after a provisional response is no failover: the MESSAGE fails with 408 (§8.1.3.1)", () => {
    const ua = driver(uaConfig("alice", "10.0.0.1"), [first, second]);
    const body = { type: "text/plain", content: new TextEncoder().encode("hi") };
    const sent = requests(ua.feed({ _tag: "Command", now: 0, command: { _tag: "SendMessage", ref: "m", to: uri("sip:bob@biloxi.example.com"), body } }).transmitted);
    const message = sent[0]![0];
    ua.feed({ _tag: "Received", now: 10, message: respond(message, 100), source: first });
    const timedOut = ua.feed({ _tag: "Tick", now: 64 * T1, key: [...ua.store.keys()].find((k) => k.startsWith("C "))! });
    expect(requests(timedOut.transmitted)).toStrictEqual([]);
    expect(timedOut.delivered.filter((e) => e._tag === "MessageResult")).toStrictEqual([{ _tag: "MessageResult", ref: "m", status: 408 }]);
    expect(ua.store.size).toBe(0);
  });

  it("the failover list travels with the context through the registry's codec", () => {
    const { ua } = makeCall();
    const contexts = [...ua.store.values()].filter((e) => e._tag === "ClientRequest");
    expect(contexts.length).toBe(1);
    const json = JSON.parse(JSON.stringify(StoreEntryCodec.encode(contexts[0]!))) as unknown;
    expect(E.map((e: unknown) => e)(StoreEntryCodec.decode(json))).toStrictEqual(E.right(contexts[0]));
    expect(contexts[0]?._tag === "ClientRequest" && contexts[0].context.alternatives).toStrictEqual([second]);
  });
});
