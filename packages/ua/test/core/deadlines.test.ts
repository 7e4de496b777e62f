// Issue #15 §2 "leaked calls": every entry the UA core stores has a deadline. One example per
// entry that used to wait for a message that may never come: a cancelled INVITE with no final
// response (§9.1), the callee's BYE before the 2xx with no 487 after (§15.1.2), an incoming call
// the application never answers (§13.3.1), an RFC 3263 resolution that never answers (§8.1.3.1).
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createRequest, createResponse, parseMessage, tag } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { initialState, nextDeadline, step } from "../../src/index.js";
import type { StoreEntry, UaConfig, UaEffect, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const T1 = 500;

/** Settles the driver's registry every second from `from` to `to` (timers fire at their time). */
const settleThrough = (a: ReturnType<typeof driver>, from: number, to: number): void => {
  for (let t = from; t <= to; t += 1000) a.settle(t);
  a.settle(to);
};

/** Alice's INVITE and the call key, after Bob's 180 at 10 ms. */
const ringing = (a: ReturnType<typeof driver>) => {
  const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } });
  const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE)!;
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  if (created?._tag !== "CallCreated") throw new Error("no CallCreated");
  const contact = [{ name: "Contact", value: `<sip:bob@${BOB}:5060>` }];
  a.feed({ _tag: "Received", now: 10, message: must(createResponse(180, { toTag: must(tag("bob1")), headers: contact })(invite)), source: peerOf(BOB) });
  return { invite, call: created.call };
};

const contextOf = (store: ReadonlyMap<string, StoreEntry>) => [...store].find(([k]) => k.startsWith("Q ") && k.includes("INVITE"))?.[1];

describe("RFC 3261 §9.1: a cancelled INVITE that never gets a final response", () => {
  it("§9.1: 64*T1 after the CANCEL the INVITE client transaction is destroyed, the call ends as timed out, and the registry is empty", () => {
    const a = driver();
    const { call } = ringing(a);
    // Resolved and sent: the transaction's own timers bound it, the context has no deadline of its own.
    const before = contextOf(a.store);
    expect(before?._tag === "ClientRequest" ? before.context.giveUpAt : "none").toBeUndefined();

    const cancelled = a.feed({ _tag: "Command", now: 1000, command: { _tag: "Cancel", call } });
    expect(cancelled.sent.map(label)).toStrictEqual(["CANCEL"]);
    const context = contextOf(a.store);
    expect(context?._tag === "ClientRequest" ? context.context.giveUpAt : undefined).toBe(1000 + 64 * T1);
    expect(O.toUndefined(nextDeadline(context!))).toBe(1000 + 64 * T1);
    const cancel = cancelled.sent[0] as SipRequest;
    // The CANCEL is answered (§9.2) but the INVITE's 487 never comes (an RFC 2543 UAS, or lost for good).
    a.feed({ _tag: "Received", now: 1010, message: must(createResponse(200)(cancel)), source: peerOf(BOB) });
    a.settle(1000 + 64 * T1 - 1);
    expect([...a.store.keys()].some((k) => k.startsWith("C ") && k.includes("INVITE"))).toBe(true);

    const end = a.feed({ _tag: "Tick", now: 1000 + 64 * T1, key: [...a.store.keys()].find((k) => k.startsWith("Q "))! });
    expect(end.delivered.filter((e) => e._tag === "CallFailed" || e._tag === "CallEnded")).toStrictEqual([
      { _tag: "CallFailed", call, status: 408 },
      { _tag: "CallEnded", call, reason: "Timeout" },
    ]);
    settleThrough(a, 1000 + 64 * T1, 1000 + 64 * T1 * 3);
    expect([...a.store.keys()]).toStrictEqual([]);
  });

  it("§9.1 with §15.1.2: the callee's BYE before the 2xx, then no 200 to the CANCEL and no 487: nothing is left after 64*T1", () => {
    const a = driver();
    const { invite, call } = ringing(a);
    const bye = must(
      createRequest({
        method: Methods.BYE,
        uri: uri("sip:alice@10.0.0.1:5060"),
        via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: BOB }, port: 5060, params: [{ name: "branch", value: "z9hG4bKbobbye1" }] },
        to: invite.core.from!,
        from: { ...invite.core.to!, params: [{ name: "tag", value: "bob1" }] },
        callId: invite.core.callId!,
        seq: 1,
      }),
    );
    const onBye = a.feed({ _tag: "Received", now: 2000, message: bye, source: peerOf(BOB) });
    expect(onBye.sent.map(label)).toStrictEqual(["200/BYE", "CANCEL"]);
    expect(onBye.delivered.filter((e) => e._tag === "CallEnded")).toStrictEqual([{ _tag: "CallEnded", call, reason: "RemoteBye" }]);
    settleThrough(a, 2000, 2000 + 64 * T1 * 2);
    expect([...a.store.keys()]).toStrictEqual([]);
  });
});

describe("RFC 3261 §13.2.1: our INVITE's Expires", () => {
  it("§13.2.1: no final response when our INVITE's Expires is reached: the UA sends the CANCEL, and 64*T1 later nothing is left", () => {
    const a = driver();
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com"), headers: [{ name: "Expires", value: "10" }] } });
    const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE)!;
    a.feed({ _tag: "Received", now: 10, message: must(createResponse(100)(invite)), source: peerOf(BOB) });
    const sentAt = (t: number) => {
      const out: Array<string> = [];
      for (const [key, entry] of [...a.store]) if (O.exists((d: number) => d <= t)(nextDeadline(entry))) out.push(...a.feed({ _tag: "Tick", now: t, key }).sent.map(label));
      return out;
    };
    expect(sentAt(9_999)).toStrictEqual([]);
    expect(sentAt(10_000)).toStrictEqual(["CANCEL"]);
    settleThrough(a, 10_000, 10_000 + 64 * T1 * 2);
    expect([...a.store.keys()]).toStrictEqual([]);
  });
});

/** Alice's INVITE to Bob's UA, as Bob receives it (§8.1.1), with optional extra header lines. */
const inviteToBob = (extra: string): SipRequest => {
  const text =
    "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKleak1\r\n" +
    "Max-Forwards: 70\r\n" +
    "To: <sip:bob@example.com>\r\n" +
    "From: <sip:alice@example.com>;tag=al1\r\n" +
    "Call-ID: leak-1@192.0.2.1\r\n" +
    "CSeq: 1 INVITE\r\n" +
    "Contact: <sip:alice@192.0.2.1:5060>\r\n" +
    extra +
    "Content-Length: 0\r\n\r\n";
  const m = must(parseMessage(text));
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

/** Bob's UA gets `invite` at 0 and the application does nothing: what Bob sends, and when. */
const unanswered = (config: UaConfig, invite: SipRequest, until: number) => {
  const b = driver(config, peerOf("192.0.2.1"));
  const first = b.feed({ _tag: "Received", now: 0, message: invite, source: peerOf("192.0.2.1") });
  expect(first.delivered.map((e) => e._tag)).toContain("IncomingCall");
  const finals: Array<readonly [number, number]> = [];
  const ended: Array<string> = [];
  for (let t = 0; t <= until; t += 250) {
    const due = [...b.store].filter(([, entry]) => O.exists((d: number) => d <= t)(nextDeadline(entry))).map(([key]) => key);
    for (const key of due) {
      const out = b.feed({ _tag: "Tick", now: t, key });
      for (const m of out.sent) if (m._tag === "Response" && m.status >= 200) finals.push([t, m.status]);
      for (const e of out.delivered) if (e._tag === "CallEnded") ended.push(e.reason);
    }
  }
  return { finals, ended, store: b.store };
};

describe("RFC 3261 §13.3.1: an incoming call the application never answers", () => {
  it("§13.3.1, §21.4.18: without Expires, 480 Temporarily Unavailable after UaConfig.answerTimeout (default 180 s), and the registry empties", () => {
    const { finals, ended, store } = unanswered(uaConfig("bob", "192.0.2.2"), inviteToBob(""), 180_000 + 64 * T1 + 5000);
    expect(finals[0]).toStrictEqual([180_000, 480]);
    expect(ended).toHaveLength(1);
    expect([...store.keys()]).toStrictEqual([]);
  });

  it("§13.3.1: answerTimeout is configurable (5 s here), and an earlier Expires still gives 487 (§13.3.1 step 1)", () => {
    const short = uaConfig("bob", "192.0.2.2", { answerTimeout: 5 });
    const timedOut = unanswered(short, inviteToBob(""), 5000 + 64 * T1 + 5000);
    expect(timedOut.finals[0]).toStrictEqual([5000, 480]);
    expect([...timedOut.store.keys()]).toStrictEqual([]);
    const expired = unanswered(short, inviteToBob("Expires: 3\r\n"), 3000 + 64 * T1 + 5000);
    expect(expired.finals[0]).toStrictEqual([3000, 487]);
    expect([...expired.store.keys()]).toStrictEqual([]);
  });
});

describe("RFC 3261 §8.1.3.1: an RFC 3263 resolution that never answers", () => {
  it("§8.1.3.1: the request's context has a 64*T1 deadline; at it the owner hears a timeout (408) and nothing is left", () => {
    const ua = step(uaConfig("alice", "10.0.0.1"));
    const store = new Map<string, StoreEntry>();
    let state: UaState = initialState([5]);
    const feed = (event: UaEvent): ReadonlyArray<UaEffect> => {
      const [next, effects] = ua(store, state, event);
      state = next;
      for (const e of effects) {
        if (e._tag === "Put") store.set(e.key, e.entry);
        if (e._tag === "Forget") store.delete(e.key);
      }
      return effects;
    };
    const sent = feed({ _tag: "Command", now: 0, command: { _tag: "SendMessage", ref: "m1", to: uri("sip:bob@biloxi.example.com"), body: { type: "text/plain", content: new Uint8Array([104, 105]) } } });
    const resolve = sent.find((e) => e._tag === "Resolve");
    const put = sent.find((e) => e._tag === "Put" && e.entry._tag === "ClientRequest");
    if (resolve?._tag !== "Resolve" || put?._tag !== "Put") throw new Error("no Resolve");
    expect(put.deadline).toStrictEqual(O.some(64 * T1));
    expect(feed({ _tag: "Tick", now: 64 * T1 - 1, key: resolve.id }).filter((e) => e._tag === "Deliver" && e.event._tag === "MessageResult")).toStrictEqual([]);
    const timedOut = feed({ _tag: "Tick", now: 64 * T1, key: resolve.id });
    expect(timedOut.flatMap((e) => (e._tag === "Deliver" && e.event._tag === "MessageResult" ? [e.event] : []))).toStrictEqual([{ _tag: "MessageResult", ref: "m1", status: 408 }]);
    expect([...store.keys()]).toStrictEqual([]);
    // A late answer finds nothing to send.
    expect(feed({ _tag: "Resolved", now: 64 * T1 + 1, id: resolve.id, result: E.right([peerOf("192.0.2.77")]) }).filter((e) => e._tag === "Transmit")).toStrictEqual([]);
  });
});

describe("RFC 3261 §17.2.2: a request the application never answers", () => {
  it("§17.2.2, §17.1.2.2: a PUBLISH passed up as IncomingRequest and never answered: 64*T1 on (the client's Timer F), its server transaction is gone", () => {
    const config = uaConfig("bob", "192.0.2.2");
    const b = driver({ ...config, capabilities: { ...config.capabilities, methods: [...config.capabilities.methods, Methods.PUBLISH] } }, peerOf("192.0.2.1"));
    const text =
      "PUBLISH sip:bob@192.0.2.2:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKpub1\r\nMax-Forwards: 70\r\n" +
      "To: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=al2\r\nCall-ID: pub-1@192.0.2.1\r\nCSeq: 1 PUBLISH\r\nEvent: presence\r\nContent-Length: 0\r\n\r\n";
    const publish = must(parseMessage(text));
    const first = b.feed({ _tag: "Received", now: 0, message: publish, source: peerOf("192.0.2.1") });
    expect(first.delivered.map((e) => e._tag)).toContain("IncomingRequest");
    settleThrough(b, 0, 64 * T1 - 1000);
    expect([...b.store.keys()].some((k) => k.startsWith("S"))).toBe(true);
    settleThrough(b, 64 * T1 - 1000, 64 * T1 + 1000);
    expect([...b.store.keys()]).toStrictEqual([]);
  });
});
