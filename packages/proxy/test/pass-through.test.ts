// What a proxy must leave as it was (RFC 3261 §16.3, §16.6 steps 1–2, §16.7 step 9, §16.11):
// methods and header fields it does not know, the order of header fields, bodies, To tags.
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { createResponse, headerValues, parseMessage, parseUri, printUri, tag } from "@puresip/message";
import { forwardCopy } from "../src/index.js";
import { alicePeer, config, harness, register, request, requests, responses, right } from "./sip.js";

const carol: Peer = { transport: "UDP", host: "192.0.2.33", port: 5060 };
const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };
const body = new TextEncoder().encode("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\n");

const parsed = (lines: ReadonlyArray<string>, content: string): SipMessage => right(parseMessage(`${lines.join("\r\n")}\r\n\r\n${content}`));

/** FOO (a method no RFC defines) to carol, outside the proxy's domain, with header fields no RFC defines either. */
const unknownRequest = (): SipRequest => {
  const content = "hello";
  const m = parsed(
    [
      "FOO sip:carol@192.0.2.33 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKfoo1",
      "X-First: 1",
      "Max-Forwards: 70",
      "From: <sip:mallory@example.org>;tag=a1",
      "To: <sip:carol@192.0.2.33>",
      "X-Multi: a",
      "Call-ID: foo-1",
      "Subject: unknown things",
      "CSeq: 1 FOO",
      "X-Multi: b, c",
      "Content-Type: text/plain",
      `Content-Length: ${String(content.length)}`,
    ],
    content,
  );
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

const withBody = (to: SipRequest, status: number, headers: ReadonlyArray<{ readonly name: string; readonly value: string }>): SipResponse =>
  right(createResponse(status, { toTag: right(tag("b1")), headers, body })(to));

describe("RFC 3261 §16.3, §16.6 the forwarded copy", () => {
  it("RFC3261-16.2-2, RFC3261-16.3-6, RFC3261-16.3-7, RFC3261-16.5-2, RFC3261-16.6-6, RFC3261-16.6-7, RFC3261-16.6-8, RFC3261-16.6-9, RFC3261-16.6-10: an unknown method with unknown header fields goes to its Request-URI with every field, in order, and the body as received", () => {
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      const received = unknownRequest();
      h.engine.receive(received, alicePeer);
      const out = h.take();
      expect(responses(out)).toEqual([]);
      const [copy] = requests(out);
      expect(copy?.method).toBe("FOO");
      expect(copy && printUri(copy.uri)).toBe("sip:carol@192.0.2.33");
      expect(out[0]?.to).toEqual(carol);
      // Step 8 puts our Via on top and step 3 lowers Max-Forwards in place; nothing else moves.
      const expected = received.headers.map((f) => (f.name === "Max-Forwards" ? { ...f, value: "69" } : f));
      expect(copy?.headers.slice(1).map((f) => `${f.name}: ${f.value}`)).toEqual(expected.map((f) => `${f.name}: ${f.value}`));
      expect(copy?.body).toEqual(received.body);
    }
  });

  it("RFC3261-16.6-12: parameters a Request-URI may not carry (method, and the headers component) are taken out of the target's URI", () => {
    const target = right(parseUri("sip:bob@192.0.2.30;method=INVITE;transport=udp?Subject=hi"));
    expect(printUri(right(forwardCopy(config(), request(), target, "UDP")).uri)).toBe("sip:bob@192.0.2.30;transport=udp");
  });

  it("RFC3261-19.1.1-13: a request whose Request-URI carries escaped headers (RFC 4475 §3.1.2.11) is forwarded, statefully or statelessly, without them and without taking them for its own header fields", () => {
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      const received = request({ uri: "sip:carol@192.0.2.33?Route=%3Csip:example.com%3E&Subject=hi" });
      h.engine.receive(received, alicePeer);
      const out = h.take();
      expect(responses(out).filter((r) => r.status >= 300)).toEqual([]);
      const [copy] = requests(out);
      expect(copy && printUri(copy.uri)).toBe("sip:carol@192.0.2.33");
      expect(copy ? [...headerValues("Route")(copy), ...headerValues("Subject")(copy)] : ["no copy"]).toEqual([]);
    }
  });

  it("RFC3261-16.3-9: a request with Max-Forwards 0 is not forwarded, statefully or statelessly; it gets 483", () => {
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      h.engine.receive(request({ uri: "sip:carol@192.0.2.33", maxForwards: 0 }), alicePeer);
      const out = h.take();
      expect(requests(out)).toEqual([]);
      expect(responses(out).map((r) => r.status).filter((s) => s >= 200)).toEqual([483]);
    }
  });
});

describe("RFC 3261 §16.7 step 9, §16.11 the forwarded response", () => {
  it("RFC3261-16.7-30, RFC3261-16.7-31, RFC3261-16.7-42, RFC3261-16.7-43, RFC3261-16.7-45: a 180 and a 200 go upstream with the callee's To tag, every other field and the body as sent: only our Via is gone", () => {
    const h = harness();
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), { transport: "UDP", host: "192.0.2.20", port: 5060 });
    h.take();
    h.engine.receive(request(), alicePeer);
    const invite = requests(h.take()).find((r) => r.method === "INVITE");
    if (invite === undefined) throw new Error("not forwarded");
    for (const status of [180, 200]) {
      const down = withBody(invite, status, [{ name: "X-Callee", value: "1" }, { name: "Contact", value: "<sip:bob@192.0.2.31>" }]);
      h.engine.receive(down, bob1);
      const out = h.take();
      const up = responses(out).find((r) => r.status === status);
      expect(out.find((o) => o.message === up)?.to).toEqual(alicePeer);
      expect(up?.headers).toEqual(down.headers.slice(1));
      expect(up?.core.to).toEqual(down.core.to);
      expect(up?.body).toEqual(body);
    }
  });

  it("RFC3261-16.7-33, RFC3261-16.11-19, RFC3261-16.11-20: the response to a request with a To tag keeps that tag, its fields and body through a stateless proxy", () => {
    const h = harness(config(), { stateless: true });
    h.engine.receive(request({ method: "BYE", uri: "sip:carol@192.0.2.33", toTag: "c7" }), alicePeer);
    const [bye] = requests(h.take());
    if (bye === undefined) throw new Error("not forwarded");
    const down = withBody(bye, 200, [{ name: "X-Callee", value: "1" }]);
    h.engine.receive(down, carol);
    const [up] = responses(h.take());
    expect(up?.headers).toEqual(down.headers.slice(1));
    expect(up?.core.to?.params).toContainEqual({ name: "tag", value: "c7" });
    expect(up?.body).toEqual(body);
  });

  it("RFC3261-16.7-6, RFC3261-16.11-21: a response whose only Via is ours was meant for the proxy, one whose top Via is not ours is not the proxy's: neither is forwarded", () => {
    const ours = "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnotaskedfor";
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      const onlyOurs = parsed([`SIP/2.0 200 OK`, `Via: ${ours}`, "From: <sip:alice@example.com>;tag=a1", "To: <sip:bob@example.com>;tag=b1", "Call-ID: stray", "CSeq: 1 OPTIONS", "Content-Length: 0"], "");
      const notOurs = parsed([`SIP/2.0 200 OK`, "Via: SIP/2.0/UDP 192.0.2.77:5060;branch=z9hG4bKother", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKalice1", "From: <sip:alice@example.com>;tag=a1", "To: <sip:bob@example.com>;tag=b1", "Call-ID: stray", "CSeq: 1 OPTIONS", "Content-Length: 0"], "");
      h.engine.receive(onlyOurs, bob1);
      h.engine.receive(notOurs, bob1);
      expect(h.take()).toEqual([]);
    }
  });
});

describe("RFC 3261 §16.11 stateless forwarding is a function of the request", () => {
  it("RFC3261-16.1-4, RFC3261-16.11-4, RFC3261-16.11-6, RFC3261-16.11-7, RFC3261-16.11-14, RFC3261-16.11-16: one target of two bindings; retransmissions and the CANCEL go to it, with the same Via and Record-Route", () => {
    const h = harness(config({ recordRoute: true }), { stateless: true });
    for (const [i, c] of ["<sip:bob@192.0.2.31>;q=0.5", "<sip:bob@192.0.2.32>;q=0.9"].entries()) h.engine.receive(register("bob", c, `reg-${String(i)}`), { transport: "UDP", host: "192.0.2.20", port: 5060 });
    h.take();
    h.engine.receive(request(), alicePeer);
    h.engine.receive(request(), alicePeer);
    h.engine.receive(request({ method: "CANCEL" }), alicePeer);
    const out = h.take().filter((o) => o.message._tag === "Request");
    expect(out.map((o) => (o.message as SipRequest).method)).toEqual(["INVITE", "INVITE", "CANCEL"]);
    expect(new Set(out.map((o) => o.to.host))).toEqual(new Set(["192.0.2.32"]));
    const [first, again, cancel] = out.map((o) => o.message as SipRequest);
    expect(again).toEqual(first);
    expect(cancel?.core.via[0]).toEqual(first?.core.via[0]);
    // The Record-Route that the retransmission repeats (toEqual above) is there to repeat.
    expect(first && headerValues("Record-Route")(first)).toEqual(["<sip:192.0.2.1:5060;lr>"]);
  });
});
