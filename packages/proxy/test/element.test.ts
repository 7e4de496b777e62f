import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { findParam, headerValues, printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { alicePeer, config, harness, register, request, requests, responses, responseTo } from "./sip.js";

const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };
const bob2: Peer = { transport: "UDP", host: "192.0.2.32", port: 5060 };
const bob3: Peer = { transport: "UDP", host: "192.0.2.33", port: 5060 };
const registrar: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };

/** A proxy with bob registered at the given contacts. */
const withBob = (contacts: ReadonlyArray<string>, cfg = config()) => {
  const h = harness(cfg);
  contacts.forEach((c, i) => {
    h.engine.receive(register("bob", c, `reg-${String(i)}`), registrar);
  });
  const regs = responses(h.take());
  expect(regs.map((r) => r.status)).toEqual(contacts.map(() => 200));
  return h;
};

const contexts = (h: ReturnType<typeof harness>): number => [...h.engine.registry.keys()].filter((k) => k.startsWith("P ")).length;
const forwardedTo = (out: ReturnType<ReturnType<typeof harness>["take"]>, peer: Peer): SipRequest | undefined =>
  requests(out.filter((o) => o.to.host === peer.host)).at(-1);

describe("RFC 3261 §16 stateful proxy element", () => {
  it("§16.5 / §16.6: an INVITE to a registered AOR is forked to every binding, Max-Forwards one lower, with a new top Via", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request({ maxForwards: 10 }), alicePeer);
    const out = h.take();
    const a = forwardedTo(out, bob1);
    const b = forwardedTo(out, bob2);
    expect(a && printUri(a.uri)).toBe("sip:bob@192.0.2.31");
    expect(b && printUri(b.uri)).toBe("sip:bob@192.0.2.32");
    for (const f of [a, b]) {
      expect(f?.core.maxForwards).toBe(9);
      expect(f?.core.via).toHaveLength(2);
      expect(headerValues("Via")(f!)[0]).toMatch(/^SIP\/2\.0\/UDP 192\.0\.2\.1:5060;branch=z9hG4bK[0-9a-f]{16}-\d\.[0-9a-f]{16}/);
    }
  });

  it("§16.7 step 5: 180 goes upstream without our Via, 100 does not; a 2xx goes upstream and CANCELs the other branch (step 10)", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request(), alicePeer);
    const out = h.take();
    const a = forwardedTo(out, bob1)!;
    const b = forwardedTo(out, bob2)!;
    h.engine.receive(responseTo(a, 100, "t1"), bob1);
    h.engine.receive(responseTo(a, 180, "t1"), bob1);
    let up = h.take();
    expect(responses(up).map((r) => r.status)).toEqual([180]);
    expect(up[0]?.to).toEqual(alicePeer);
    expect(responses(up)[0]?.core.via).toHaveLength(1);
    h.engine.receive(responseTo(b, 200, "t2"), bob2);
    up = h.take();
    expect(responses(up).map((r) => r.status)).toEqual([200]);
    const cancel = forwardedTo(up, bob1);
    expect(cancel?.method).toBe("CANCEL");
    expect(cancel?.core.via[0]).toEqual(a.core.via[0]);
    // The cancelled branch answers 487: its client transaction ACKs it, nothing goes upstream, the context ends.
    h.engine.receive(responseTo(cancel!, 200, "t1"), bob1);
    h.engine.receive(responseTo(a, 487, "t1"), bob1);
    up = h.take();
    expect(responses(up)).toEqual([]);
    expect(requests(up).map((r) => r.method)).toEqual(["ACK"]);
    expect(contexts(h)).toBe(0);
  });

  it("§16.7 step 5: every 2xx is forwarded, a second one from another branch too", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request(), alicePeer);
    const out = h.take();
    h.engine.receive(responseTo(forwardedTo(out, bob1)!, 200, "t1"), bob1);
    h.engine.receive(responseTo(forwardedTo(out, bob2)!, 200, "t2"), bob2);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200, 200]);
  });

  it("§16.10: CANCEL gets 200, every branch with a provisional response is CANCELled, one without waits for one (§9.1), 487 goes upstream", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    const invite = request();
    h.engine.receive(invite, alicePeer);
    const out = h.take();
    const a = forwardedTo(out, bob1)!;
    const b = forwardedTo(out, bob2)!;
    h.engine.receive(responseTo(a, 180, "t1"), bob1);
    h.take();
    h.engine.receive(request({ method: "CANCEL" }), alicePeer);
    let up = h.take();
    expect(responses(up).map((r) => r.status)).toEqual([200]);
    expect(forwardedTo(up, bob1)?.method).toBe("CANCEL");
    expect(forwardedTo(up, bob2)).toBeUndefined();
    h.engine.receive(responseTo(b, 180, "t2"), bob2);
    up = h.take();
    expect(forwardedTo(up, bob2)?.method).toBe("CANCEL");
    h.engine.receive(responseTo(a, 487, "t1"), bob1);
    h.engine.receive(responseTo(b, 487, "t2"), bob2);
    up = h.take();
    expect(responses(up).map((r) => r.status)).toEqual([487]);
    expect(contexts(h)).toBe(0);
  });

  it("§16.7 steps 5, 6, 10: a 6xx ends the search, CANCELs the rest and is the final response", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request(), alicePeer);
    const out = h.take();
    const a = forwardedTo(out, bob1)!;
    const b = forwardedTo(out, bob2)!;
    h.engine.receive(responseTo(a, 180, "t1"), bob1);
    h.take();
    h.engine.receive(responseTo(b, 603, "t2"), bob2);
    let up = h.take();
    expect(forwardedTo(up, bob1)?.method).toBe("CANCEL");
    expect(responses(up).filter((r) => r.status >= 200)).toEqual([]);
    h.engine.receive(responseTo(a, 487, "t1"), bob1);
    up = h.take();
    expect(responses(up).map((r) => r.status)).toEqual([603]);
  });

  it("§16.6 / §16.7: sequential forking by q-value: the 0.5 binding is tried only after the 1.0 one fails", () => {
    const h = withBob(["<sip:bob@192.0.2.31>;q=1.0", "<sip:bob@192.0.2.32>;q=0.5"]);
    h.engine.receive(request(), alicePeer);
    let out = h.take();
    expect(forwardedTo(out, bob2)).toBeUndefined();
    h.engine.receive(responseTo(forwardedTo(out, bob1)!, 486, "t1"), bob1);
    out = h.take();
    expect(forwardedTo(out, bob2)?.method).toBe("INVITE");
    h.engine.receive(responseTo(forwardedTo(out, bob2)!, 480, "t2"), bob2);
    // §16.7 step 6: both failed; the lowest class, the first of it: 486.
    expect(responses(h.take()).map((r) => r.status)).toEqual([486]);
  });

  it("§16.8: Timer C on a ringing branch sends CANCEL; with no answer after 64*T1 the context ends with a final response", () => {
    const cfg = config({ timerC: 200_000 });
    const h = withBob(["<sip:bob@192.0.2.31>"], cfg);
    h.engine.receive(request(), alicePeer);
    const a = forwardedTo(h.take(), bob1)!;
    h.engine.receive(responseTo(a, 180, "t1"), bob1);
    h.take();
    h.advance(199_000);
    expect(requests(h.take()).filter((r) => r.method === "CANCEL")).toEqual([]);
    h.advance(200_001);
    expect(forwardedTo(h.take(), bob1)?.method).toBe("CANCEL");
    // The context's end (Timer C + 64*T1 after it was made) comes first: the branch is given up as a 408.
    h.advance(200_000 + 64 * 500 + 1);
    expect(responses(h.take()).map((r) => r.status)).toEqual([408]);
    expect(contexts(h)).toBe(0);
  });

  it("§16.7: a branch that never answers times out (Timer B) and is treated as 408", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    h.engine.receive(request(), alicePeer);
    h.advance(64 * 500 + 1);
    expect(responses(h.take()).map((r) => r.status)).toContain(408);
    expect(contexts(h)).toBe(0);
  });


  it("RFC6026-7.3-2: a 2xx after its branch's Timer B matches no client transaction: not forwarded, and the context goes on with its other branch", () => {
    const h = withBob(["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"]);
    h.engine.receive(request(), alicePeer);
    const out = h.take();
    const a = forwardedTo(out, bob1)!;
    const b = forwardedTo(out, bob2)!;
    h.engine.receive(responseTo(a, 180, "t1"), bob1);
    h.advance(64 * 500);
    h.take();
    // bob2's client transaction timed out (its 408 is recorded); bob2 answers after all: RFC 6026
    // §8.2, "If none is found, the element MUST NOT forward the response".
    h.engine.receive(responseTo(b, 200, "t2"), bob2);
    expect(h.take()).toEqual([]);
    // bob1, still ringing, answers: that 2xx is the context's answer (§16.7 step 5).
    h.engine.receive(responseTo(a, 200, "t1"), bob1);
    expect(responses(h.take()).map((r) => [r.status, findParam(r.core.to?.params ?? [], "tag")?.value])).toEqual([[200, "t1"]]);
    h.advance(h.now() + 181_000 + 64 * 500);
    expect(responses(h.take()).filter((r) => r.status >= 300 && r.core.cseq?.method === "INVITE")).toEqual([]);
    expect(contexts(h)).toBe(0);
  });
  it("§16.5: an AOR with no bindings gets 480; §16.3: Max-Forwards 0 gets 483, OPTIONS with it 200 from the proxy", () => {
    const h = harness();
    h.engine.receive(request({ uri: "sip:nobody@example.com" }), alicePeer);
    h.engine.receive(request({ maxForwards: 0, branch: "z9hG4bKmf0" }), alicePeer);
    h.engine.receive(request({ method: "OPTIONS", maxForwards: 0, branch: "z9hG4bKopt" }), alicePeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([100, 480, 483, 200]);
  });

  it("RFC3261-11.2-3: an OPTIONS addressed to the proxy itself is answered 200 with its option-tags in Supported and no Allow (a proxy is method agnostic), statefully and statelessly", () => {
    for (const stateless of [false, true]) {
      const h = harness(config({ supported: ["path", "outbound"] }), { stateless });
      h.engine.receive(request({ method: "OPTIONS", uri: "sip:192.0.2.1:5060" }), alicePeer);
      const r = responses(h.take());
      expect(r.map((x) => x.status)).toEqual([200]);
      expect(headerValues("Allow")(r[0]!)).toEqual([]);
      expect(headerValues("Supported")(r[0]!)).toEqual(["path, outbound"]);
    }
  });

  it("§16.6 step 4 / §16.4: with Record-Route, the ACK of a 2xx and the BYE come back through the proxy and go on to the UA", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"], config({ recordRoute: true }));
    h.engine.receive(request(), alicePeer);
    const a = forwardedTo(h.take(), bob1)!;
    expect(headerValues("Record-Route")(a)).toEqual(["<sip:192.0.2.1:5060;lr>"]);
    h.engine.receive(request({ method: "ACK", uri: "sip:bob@192.0.2.31", toTag: "t1", branch: "z9hG4bKack", extra: ["Route: <sip:192.0.2.1:5060;lr>"] }), alicePeer);
    h.engine.receive(request({ method: "BYE", uri: "sip:bob@192.0.2.31", toTag: "t1", seq: 2, branch: "z9hG4bKbye", extra: ["Route: <sip:192.0.2.1:5060;lr>"] }), alicePeer);
    const out = h.take();
    const ack = requests(out).find((r) => r.method === "ACK");
    const bye = requests(out).find((r) => r.method === "BYE");
    expect(ack?.core.route).toEqual([]);
    expect(bye?.core.route).toEqual([]);
    expect(out.filter((o) => o.message._tag === "Request").map((o) => o.to)).toEqual([bob1, bob1]);
  });

  it("§16.6 step 7: a host name is resolved with the kernel's Resolve (RFC 3263), then sent", () => {
    const h = harness();
    h.engine.receive(request({ uri: "sip:carol@other.example.net" }), alicePeer);
    expect(h.resolves).toHaveLength(1);
    h.engine.resolved(h.resolves[0]!, { _tag: "Right", right: [bob3] });
    expect(forwardedTo(h.take(), bob3)?.method).toBe("INVITE");
  });

  it("RFC 3263 §4.3: a branch whose first address never answers (Timer B) is tried at the next one, as a new client transaction", () => {
    const h = harness();
    h.engine.receive(request({ uri: "sip:carol@other.example.net" }), alicePeer);
    h.engine.resolved(h.resolves[0]!, { _tag: "Right", right: [bob3, bob2] });
    const first = forwardedTo(h.take(), bob3)!;
    h.advance(64 * 500 + 1);
    const out = h.take();
    const second = forwardedTo(out, bob2);
    expect(second?.method).toBe("INVITE");
    expect(second?.core.via[0]).not.toEqual(first.core.via[0]);
    expect(responses(out)).toEqual([]);
    h.engine.receive(responseTo(second!, 200, "t2"), bob2);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
  });

  it("§16.11: a stateless proxy forwards a retransmission with the same branch and a response to the Via below its own", () => {
    const h = harness(config(), { stateless: true });
    h.engine.receive(request({ uri: "sip:carol@192.0.2.33" }), alicePeer);
    h.engine.receive(request({ uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [first, again] = requests(h.take());
    expect(first?.core.via[0]).toEqual(again?.core.via[0]);
    h.engine.receive(responseTo(first!, 180, "t3"), bob3);
    const up = h.take();
    expect(up.map((o) => o.to)).toEqual([alicePeer]);
    expect(responses(up)[0]?.core.via).toHaveLength(1);
    expect(h.engine.registry.size).toBe(0);
  });

  it("§10.3: the proxy's own registrar answers REGISTER for its domain and keeps the binding until it expires", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("L "))).toEqual(["L sip:bob@example.com"]);
    h.advance(3_601_000);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("L "))).toEqual([]);
  });
});

describe("RFC 3261 §16.7 step 4: recursion on 3xx", () => {
  it("§16.7 step 4: with recurse, a 302's Contact joins the target set and is tried; without it, the 302 goes upstream", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"], config({ recurse: true }));
    h.engine.receive(request(), alicePeer);
    const a = forwardedTo(h.take(), bob1)!;
    h.engine.receive(responseTo(a, 302, "t1", [{ name: "Contact", value: "<sip:bob@192.0.2.33>" }]), bob1);
    const out = h.take();
    expect(forwardedTo(out, bob3)?.method).toBe("INVITE");
    expect(responses(out).filter((r) => r.status >= 200)).toEqual([]);
    const plain = withBob(["<sip:bob@192.0.2.31>"]);
    plain.engine.receive(request(), alicePeer);
    const p = forwardedTo(plain.take(), bob1)!;
    plain.engine.receive(responseTo(p, 302, "t1", [{ name: "Contact", value: "<sip:bob@192.0.2.33>" }]), bob1);
    expect(responses(plain.take()).map((r) => r.status)).toEqual([302]);
  });

  it("§16.5: a target already tried is not added again; the 302 then stands", () => {
    const h = withBob(["<sip:bob@192.0.2.31>"], config({ recurse: true }));
    h.engine.receive(request(), alicePeer);
    const a = forwardedTo(h.take(), bob1)!;
    h.engine.receive(responseTo(a, 302, "t1", [{ name: "Contact", value: "<sip:bob@192.0.2.31>" }]), bob1);
    expect(responses(h.take()).map((r) => r.status)).toEqual([302]);
  });
});
