import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import { parseMessage } from "@puresip/message";
import type { TransactionKey } from "@puresip/transaction";
import { capabilities } from "../src/serve/media.js";
import type { Call, UasConfig, UasEffect, UasEvent } from "../src/serve/uas.js";
import { emptyUas, uasStep } from "../src/serve/uas.js";

const sdp = "v=0\r\no=user1 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
const req = (method: string, o: { toTag?: string; body?: string; cseq?: number } = {}): SipRequest => {
  const body = o.body ?? "";
  const text = [
    `${method} sip:service@127.0.0.1:5060 SIP/2.0`,
    "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1",
    "Max-Forwards: 70",
    "From: <sip:sipp@127.0.0.1:5070>;tag=f1",
    `To: <sip:service@127.0.0.1:5060>${o.toTag === undefined ? "" : `;tag=${o.toTag}`}`,
    "Call-ID: call-1",
    `CSeq: ${o.cseq ?? 1} ${method}`,
    "Contact: <sip:sipp@127.0.0.1:5070>",
    ...(body === "" ? [] : ["Content-Type: application/sdp"]),
    `Content-Length: ${body.length}`,
    "",
    body,
  ].join("\r\n");
  const m = parseMessage(text);
  if (E.isLeft(m) || m.right._tag !== "Request") throw new Error("fixture");
  return m.right;
};

const config = (codecs: ReadonlyArray<string>): UasConfig => ({
  registrar: { realm: "r", algorithms: ["MD5"], minExpires: 60, maxExpires: 3600, defaultExpires: 3600, nonceLifetimeMs: 1000 },
  media: (id) => capabilities({ address: "127.0.0.1", port: 40000, codecs }, id),
  t1: 500,
  t2: 4000,
});
const key = "k1" as TransactionKey;
const request = (r: SipRequest, now = 0): UasEvent => ({
  _tag: "Request",
  now,
  key,
  request: r,
  cancels: O.none,
  contact: "<sip:puresip@127.0.0.1:5060;transport=udp>",
  fresh: { tag: "t0" as Tag, nonce: "n", sessionId: "1" },
});
const responses = (effects: ReadonlyArray<UasEffect>): ReadonlyArray<SipResponse> => effects.flatMap((e) => (e._tag === "Respond" ? [e.response] : []));
const statuses = (effects: ReadonlyArray<UasEffect>) => responses(effects).map((r) => r.status);
const header = (r: SipResponse | undefined, name: string) => r?.headers.find((h) => h.name === name)?.value;

describe("RFC 3261 §13.3 puresip serve answers an INVITE", () => {
  const step = uasStep(config(["PCMU"]));
  const calls = new Map<string, Call>();

  it("with 180 and a 200 carrying the SDP answer, Contact and the same To tag, and keeps the call to retransmit the 200", () => {
    const [, effects] = step(calls, emptyUas, request(req("INVITE", { body: sdp })));
    expect(statuses(effects)).toEqual([180, 200]);
    const ok = responses(effects)[1];
    expect(new TextDecoder().decode(ok?.body)).toContain("m=audio 40000 RTP/AVP 0");
    expect(header(ok, "Contact")).toBe("<sip:puresip@127.0.0.1:5060;transport=udp>");
    expect(header(ok, "Content-Type")).toBe("application/sdp");
    expect(ok?.core.to?.params).toContainEqual({ name: "tag", value: "t0" });
    expect(effects).toContainEqual(expect.objectContaining({ _tag: "PutCall", call: "call-1 t0", wakeAt: O.some(500) }));
  });

  it("§13.3.1.4: without an ACK the 200 goes again at T1, 2·T1, ... capped at T2, and the call is dropped at 64·T1", () => {
    const [, first] = step(calls, emptyUas, request(req("INVITE", { body: sdp })));
    const put = first.find((e) => e._tag === "PutCall");
    if (put?._tag !== "PutCall") throw new Error("no call");
    const live = new Map([[put.call, put.value]]);
    const wakes: Array<number> = [];
    let at = 500;
    while (at < 64 * 500) {
      const [, effects] = step(live, emptyUas, { _tag: "Wake", now: at, call: put.call });
      const next = effects.find((e) => e._tag === "PutCall");
      if (next?._tag !== "PutCall" || O.isNone(next.wakeAt)) break;
      expect(statuses(effects)).toEqual([200]);
      live.set(put.call, next.value);
      wakes.push(next.wakeAt.value - at);
      at = next.wakeAt.value;
    }
    expect(wakes.slice(0, 5)).toEqual([1000, 2000, 4000, 4000, 4000]);
    const [, end] = step(live, emptyUas, { _tag: "Wake", now: Math.max(at, 64 * 500), call: put.call });
    expect(end).toContainEqual({ _tag: "DeleteCall", call: put.call });
  });

  it("the ACK stops the retransmissions; the BYE ends the call with 200; a BYE for no call gets 481 (§15.1.2)", () => {
    const live = new Map<string, Call>([["call-1 t0", { _tag: "Answering", key, ok: {} as SipResponse, nextAt: 500, interval: 500, giveUpAt: 32_000 }]]);
    const [, acked] = step(live, emptyUas, { _tag: "Ack", now: 10, request: req("ACK", { toTag: "t0" }) });
    expect(acked).toEqual([{ _tag: "PutCall", call: "call-1 t0", value: { _tag: "Established", since: 10 }, wakeAt: O.none }]);
    const [, bye] = step(live, emptyUas, request(req("BYE", { toTag: "t0", cseq: 2 })));
    expect(statuses(bye)).toEqual([200]);
    expect(bye).toContainEqual({ _tag: "DeleteCall", call: "call-1 t0" });
    expect(statuses(step(new Map(), emptyUas, request(req("BYE", { toTag: "t0", cseq: 2 })))[1])).toEqual([481]);
  });

  it("RFC 3264 §6: an offer with no codec in common gets 488 and no call", () => {
    const [, effects] = uasStep(config(["PCMA"]))(calls, emptyUas, request(req("INVITE", { body: sdp })));
    expect(statuses(effects)).toEqual([488]);
    expect(effects.some((e) => e._tag === "PutCall")).toBe(false);
  });

  it("an INVITE without an offer gets the offer in its 200 (§13.2.1: the answer comes in the ACK)", () => {
    const [, effects] = step(calls, emptyUas, request(req("INVITE")));
    expect(new TextDecoder().decode(responses(effects)[1]?.body)).toContain("m=audio 40000 RTP/AVP 0");
  });
});

describe("RFC 3261 §8.2.1, §9.2, §11 the other requests", () => {
  const step = uasStep(config(["PCMU"]));
  it("OPTIONS: 200 with Allow and Accept; an unknown method: 405 with Allow; a CANCEL matching nothing: 481", () => {
    const [, options] = step(new Map(), emptyUas, request(req("OPTIONS")));
    expect(statuses(options)).toEqual([200]);
    expect(header(responses(options)[0], "Allow")).toBe("INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, REGISTER");
    const [, subscribe] = step(new Map(), emptyUas, request(req("SUBSCRIBE")));
    expect(statuses(subscribe)).toEqual([405]);
    expect(header(responses(subscribe)[0], "Allow")).toContain("INVITE");
    expect(statuses(step(new Map(), emptyUas, request(req("CANCEL")))[1])).toEqual([481]);
    expect(statuses(step(new Map(), emptyUas, { ...request(req("CANCEL")), cancels: O.some(key) } as UasEvent)[1])).toEqual([200]);
  });

  it("MESSAGE (RFC 3428): 200, and the text is noted", () => {
    const [, effects] = step(new Map(), emptyUas, request(req("MESSAGE", { body: "hello" })));
    expect(statuses(effects)).toEqual([200]);
    expect(effects).toContainEqual({ _tag: "Note", text: "MESSAGE hello" });
  });
});
