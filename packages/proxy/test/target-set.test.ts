// The target set (RFC 3261 §16.4's maddr rule, §16.5, §16.7 step 4): what may enter it, and
// what a 3xx the proxy recursed on leaves behind.
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { printUri } from "@puresip/message";
import { preprocessRoute } from "../src/index.js";
import { alicePeer, config, harness, register, request, requests, responses, responseTo, right } from "./sip.js";

const registrarPeer: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };
const bob1: Peer = { transport: "UDP", host: "192.0.2.31", port: 5060 };

/** A proxy (with `over`) where bob is registered at bob1. */
const withBob = (over: Parameters<typeof config>[0] = {}) => {
  const h = harness(config(over));
  h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
  h.take();
  return h;
};

const sentTo = (out: ReturnType<ReturnType<typeof harness>["take"]>): ReadonlyArray<string> =>
  out.filter((o) => o.message._tag === "Request").map((o) => `${(o.message._tag === "Request" ? o.message.method : "")} ${o.to.host}`);

describe("RFC 3261 §16.4, §16.5 maddr", () => {
  it("RFC3261-16.4-1, RFC3261-16.4-4, RFC3261-16.4-5: a maddr naming this proxy, on a port and transport it listens on, is stripped with them", () => {
    const cfg = config();
    const strip = (uri: string): string => printUri(right(preprocessRoute(cfg, request({ uri }))).uri);
    expect(strip("sip:bob@example.com;maddr=192.0.2.1;transport=udp")).toBe("sip:bob@example.com");
    expect(strip("sip:bob@example.com:5060;maddr=192.0.2.1;lr")).toBe("sip:bob@example.com;lr");
    // Not ours: another address, or a port or transport this proxy does not listen on.
    expect(strip("sip:bob@example.com;maddr=192.0.2.99")).toBe("sip:bob@example.com;maddr=192.0.2.99");
    expect(strip("sip:bob@example.com:5080;maddr=192.0.2.1")).toBe("sip:bob@example.com:5080;maddr=192.0.2.1");
    expect(strip("sip:bob@example.com;maddr=192.0.2.1;transport=tcp")).toBe("sip:bob@example.com;maddr=192.0.2.1;transport=tcp");
  });

  it("RFC3261-16.4-5: with its own maddr gone, a request for the proxy's domain is routed by the location service", () => {
    const h = withBob();
    h.engine.receive(request({ uri: "sip:bob@example.com;maddr=192.0.2.1" }), alicePeer);
    expect(requests(h.take()).map((r) => printUri(r.uri))).toEqual(["sip:bob@192.0.2.31"]);
  });

  it("RFC3261-16.5-1: a Request-URI with another's maddr is the only target, even in the proxy's domain: no lookup, sent to the maddr", () => {
    const h = withBob();
    h.engine.receive(request({ uri: "sip:bob@example.com;maddr=192.0.2.33" }), alicePeer);
    const out = h.take();
    expect(sentTo(out)).toEqual(["INVITE 192.0.2.33"]);
    expect(requests(out).map((r) => printUri(r.uri))).toEqual(["sip:bob@example.com;maddr=192.0.2.33"]);
  });
});

describe("RFC 3261 §16.5, §16.7 step 4: recursion on 3xx", () => {
  it("RFC3261-16.5-9: a request for a domain the proxy is not responsible for gets no new targets: its 302 goes upstream even with recurse", () => {
    const h = harness(config({ recurse: true }));
    h.engine.receive(request({ uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [invite] = requests(h.take());
    if (invite === undefined) throw new Error("not forwarded");
    h.engine.receive(responseTo(invite, 302, "c1", [{ name: "Contact", value: "<sip:carol@192.0.2.34>" }]), { transport: "UDP", host: "192.0.2.33", port: 5060 });
    const out = h.take();
    expect(sentTo(out).filter((s) => s.startsWith("INVITE"))).toEqual([]);
    expect(responses(out).map((r) => r.status)).toEqual([302]);
  });

  it("RFC3261-16.7-7, RFC3261-16.7-9: a 302 the proxy recursed on is not in the response context: when its Contact fails, that failure is the answer, not the 302", () => {
    const h = withBob({ recurse: true });
    h.engine.receive(request(), alicePeer);
    const first = requests(h.take()).find((r) => r.method === "INVITE");
    if (first === undefined) throw new Error("not forwarded");
    h.engine.receive(responseTo(first, 302, "b1", [{ name: "Contact", value: "<sip:bob@192.0.2.33>" }]), bob1);
    const next = requests(h.take()).find((r) => r.method === "INVITE");
    expect(next && printUri(next.uri)).toBe("sip:bob@192.0.2.33");
    h.engine.receive(responseTo(next!, 486, "b3"), { transport: "UDP", host: "192.0.2.33", port: 5060 });
    // §16.7 step 6 would pick the 302 (the lowest class) had it been kept.
    expect(responses(h.take()).map((r) => r.status)).toEqual([486]);
  });
});
