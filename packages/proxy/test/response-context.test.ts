// The response context (RFC 3261 §16.7, §16.9, §22.3) on what the element tests leave out:
// responses that find no context, a transport error on a branch, merged requests, challenges
// from downstream and the Via parameters below ours.
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import type { SipMessage, SipRequest } from "@puresip/message";
import { findParam, headerValues, parseMessage } from "@puresip/message";
import { alicePeer, config, harness, register, request, requests, responses, responseTo, right } from "./sip.js";

const registrarPeer: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };
const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };
const bob2: Peer = { transport: "UDP", host: "192.0.2.32", port: 5060 };

/** A proxy where bob is registered at each of `contacts` (equal q: forked in parallel). */
const withBob = (contacts: ReadonlyArray<string>) => {
  const h = harness(config());
  contacts.forEach((c, i) => {
    h.engine.receive(register("bob", c, `reg-${String(i)}`), registrarPeer);
  });
  h.take();
  return h;
};

type Out = ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }>;
const inviteTo = (out: Out, peer: Peer): SipRequest | undefined =>
  requests(out.filter((o) => o.to.host === peer.host)).find((r) => r.method === "INVITE");
const branchOf = (r: SipRequest): string => findParam(r.core.via[0]?.params ?? [], "branch")?.value ?? "";

describe("RFC 3261 §16.7, §16.9, §22.3 the response context", () => {
  it("RFC3261-22.3-4, RFC3261-16.7-32: a 407 from downstream goes upstream like any other best response, with its Proxy-Authenticate and To tag", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    h.engine.receive(request(), alicePeer);
    const invite = inviteTo(h.take(), bob1)!;
    const challenge = 'Digest realm="biloxi.example.com", nonce="n1", algorithm=SHA-256, qop="auth"';
    h.engine.receive(responseTo(invite, 407, "b1", [{ name: "Proxy-Authenticate", value: challenge }]), bob1);
    const up = responses(h.take()).filter((r) => r.status >= 200);
    expect(up.map((r) => r.status)).toEqual([407]);
    expect(up[0] && headerValues("Proxy-Authenticate")(up[0])).toEqual([challenge]);
    expect(up[0]?.core.to?.params).toContainEqual({ name: "tag", value: "b1" });
  });

  it("RFC6026-7.3-1, RFC6026-7.3-2: a response with our Via that matches no client transaction is not forwarded (RFC 6026 §8.2 replaces RFC 3261 §16.7's stateless fallback)", () => {
    const h = harness();
    const stray = (statusLine: string): SipMessage =>
      right(
        parseMessage(
          [
            `SIP/2.0 ${statusLine}`,
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnocontext",
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKalice9",
            "From: <sip:alice@example.com>;tag=a1",
            "To: <sip:bob@example.com>;tag=b1",
            "Call-ID: stray-1",
            "CSeq: 1 INVITE",
            "Content-Length: 0",
            "",
            "",
          ].join("\r\n"),
        ),
      );
    for (const statusLine of ["180 Ringing", "200 OK", "486 Busy Here"]) h.engine.receive(stray(statusLine), bob1);
    expect(h.take()).toEqual([]);
    expect([...h.engine.registry.keys()].filter((k) => !k.startsWith("L "))).toEqual([]);
  });

  it("RFC6026-7.3-2: a 2xx retransmitted after the context and its client transaction are gone (Timer M) is discarded, not sent on by its Via (RFC 6026 §8.3)", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    h.engine.receive(request(), alicePeer);
    const invite = inviteTo(h.take(), bob1)!;
    const ok = responseTo(invite, 200, "b1");
    h.engine.receive(ok, bob1);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    // Within Timer M the INVITE client transaction (RFC 6026 "Accepted") passes the retransmission up and it goes on.
    h.engine.receive(ok, bob1);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    h.advance(10 * 64 * 500);
    expect([...h.engine.registry.keys()].filter((k) => !k.startsWith("L "))).toEqual([]);
    h.engine.receive(ok, bob1);
    expect(h.take()).toEqual([]);
  });

  it("RFC3261-16.9-1, RFC3261-16.9-2: a transport error on one branch is a 503 there: the other branch is not CANCELled, and its 486 is the answer", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request(), alicePeer);
    const out = h.take();
    const a = inviteTo(out, bob1)!;
    const b = inviteTo(out, bob2)!;
    h.engine.receive(responseTo(b, 180, "b2"), bob2);
    h.engine.transportError(`C INVITE ${branchOf(a).toLowerCase()}`);
    const after = h.take();
    expect(requests(after).filter((r) => r.method === "CANCEL")).toEqual([]);
    expect(responses(after).filter((r) => r.status >= 200)).toEqual([]);
    h.engine.receive(responseTo(b, 486, "b2"), bob2);
    expect(responses(h.take()).filter((r) => r.status >= 200).map((r) => r.status)).toEqual([486]);
  });

  it("RFC3261-16.9-1, RFC3261-16.7-28: a transport error on the only branch is a 503 for it, which goes upstream as 500", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    h.engine.receive(request(), alicePeer);
    const a = inviteTo(h.take(), bob1)!;
    h.engine.transportError(`C INVITE ${branchOf(a).toLowerCase()}`);
    expect(responses(h.take()).filter((r) => r.status >= 200).map((r) => r.status)).toEqual([500]);
  });

  it("RFC3261-16.7-14: after a 6xx no new branch starts: the lower-q binding of a sequential fork is never tried, and the 603 is the answer", () => {
    const h = withBob(["<sip:bob@192.0.2.31>;q=1.0", "<sip:bob@192.0.2.32>;q=0.5"]);
    h.engine.receive(request(), alicePeer);
    const a = inviteTo(h.take(), bob1)!;
    h.engine.receive(responseTo(a, 603, "b1"), bob1);
    const out = h.take();
    expect(inviteTo(out, bob2)).toBeUndefined();
    expect(responses(out).filter((r) => r.status >= 200).map((r) => r.status)).toEqual([603]);
  });

  it("RFC3261-16.1-2: a response of the proxy's own is made as a UAS makes one (§8.2.6.2): the request's Via, From, Call-ID and CSeq, its To with a tag", () => {
    const h = harness();
    const sent = request({ uri: "sip:nobody@example.com", vias: ["SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKup"] });
    h.engine.receive(sent, alicePeer);
    const [final] = responses(h.take()).filter((r) => r.status >= 200);
    expect(final?.status).toBe(480);
    expect(final?.core.via).toEqual(sent.core.via);
    expect(final?.core.from).toEqual(sent.core.from);
    expect(final?.core.callId).toBe(sent.core.callId);
    expect(final?.core.cseq).toEqual(sent.core.cseq);
    expect(final?.core.to?.uri).toEqual(sent.core.to?.uri);
    expect(findParam(final?.core.to?.params ?? [], "tag")?.value).toMatch(/^[0-9A-Za-z]+$/);
  });

  it("RFC3261-16.3-3: merged requests (the same From tag, Call-ID and CSeq on two branches of an upstream fork) are both forwarded, neither refused", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    h.engine.receive(request({ branch: "z9hG4bKfork1" }), alicePeer);
    h.engine.receive(request({ branch: "z9hG4bKfork2" }), { transport: "UDP", host: "192.0.2.11", port: 5060 });
    const out = h.take();
    expect(requests(out).filter((r) => r.method === "INVITE")).toHaveLength(2);
    expect(responses(out).filter((r) => r.status >= 200)).toEqual([]);
  });

  it("RFC3261-16.7-44: the received parameter on the Via below ours stays in the response that goes upstream", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    const received = request({ vias: [], branch: "z9hG4bKrcv;received=198.51.100.7" });
    h.engine.receive(received, alicePeer);
    const invite = inviteTo(h.take(), bob1)!;
    h.engine.receive(responseTo(invite, 180, "b1"), bob1);
    const [up] = responses(h.take());
    expect(up?.core.via).toHaveLength(1);
    expect(up && findParam(up.core.via[0]?.params ?? [], "received")?.value).toBe("198.51.100.7");
  });
});
