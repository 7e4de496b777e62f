import { describe, expect, it } from "vitest";
import { headerValues, parseUri, printUri } from "@puresip/message";
import { addVia, forwardCopy, nextHop, parseStatefulBranch, preprocessRoute, secondRecordRoute, statefulBranch, statelessBranch } from "../src/index.js";
import { config, request, right } from "./sip.js";

const bobAt = right(parseUri("sip:bob@192.0.2.30:5062"));

describe("RFC 3261 §16.6 request forwarding", () => {
  const cfg = config({ recordRoute: true });

  it("§16.6 step 2: the Request-URI becomes the target's", () => {
    expect(printUri(right(forwardCopy(cfg, request(), bobAt, "UDP")).uri)).toBe("sip:bob@192.0.2.30:5062");
  });

  it("§16.6 step 3: Max-Forwards is decremented, or added as 70", () => {
    expect(right(forwardCopy(cfg, request({ maxForwards: 5 }), bobAt, "UDP")).core.maxForwards).toBe(4);
    expect(right(forwardCopy(cfg, request({ maxForwards: null }), bobAt, "UDP")).core.maxForwards).toBe(70);
  });

  it("§16.6 step 4: Record-Route goes before any existing one for a dialog-creating request", () => {
    const r = request({ extra: ["Record-Route: <sip:p0.example.net;lr>"] });
    expect(headerValues("Record-Route")(right(forwardCopy(cfg, r, bobAt, "UDP")))).toEqual(["<sip:192.0.2.1:5060;lr>", "<sip:p0.example.net;lr>"]);
    expect(headerValues("Record-Route")(right(forwardCopy(config(), request(), bobAt, "UDP")))).toEqual([]);
  });

  const recordRouted = (c: ReturnType<typeof config>, spec: Parameters<typeof request>[0]): boolean =>
    headerValues("Record-Route")(right(forwardCopy(c, request(spec), bobAt, "UDP"))).length > 0;

  it("RFC3261-16.6-16, RFC6665-4.3-1: a request already in a dialog (a re-INVITE, BYE, NOTIFY) is record-routed too, so the proxy stays on the path of a dialog an endpoint reconstitutes", () => {
    for (const method of ["INVITE", "BYE", "NOTIFY", "SUBSCRIBE", "UPDATE", "INFO", "REFER"]) expect(recordRouted(cfg, { method, toTag: "x" })).toBe(true);
    expect(recordRouted(config(), { method: "BYE", toTag: "x" })).toBe(false);
  });

  it("RFC6665-4.3-3: a proxy that does not record-route the initial SUBSCRIBE adds no Record-Route to its NOTIFYs", () => {
    expect(recordRouted(config(), { method: "SUBSCRIBE" })).toBe(false);
    expect(recordRouted(config(), { method: "NOTIFY", toTag: "x" })).toBe(false);
  });

  it("RFC3261-16.6-28: a request with a method the proxy does not understand is record-routed, in a dialog or not; known methods that create no dialog are not", () => {
    expect(recordRouted(cfg, { method: "FOOBAR" })).toBe(true);
    expect(recordRouted(cfg, { method: "FOOBAR", toTag: "x" })).toBe(true);
    for (const method of ["OPTIONS", "MESSAGE", "REGISTER", "PUBLISH"]) expect(recordRouted(cfg, { method })).toBe(false);
    expect(recordRouted(config(), { method: "FOOBAR" })).toBe(false);
  });

  it("§16.6 step 4: an ACK or a CANCEL is never record-routed (no response to it could carry the value back)", () => {
    expect(recordRouted(cfg, { method: "ACK", toTag: "x" })).toBe(false);
    expect(recordRouted(cfg, { method: "CANCEL" })).toBe(false);
  });

  it("§16.6 step 6: a strict next hop gets the Request-URI, which moves to the end of the Route", () => {
    const r = request({ extra: ["Route: <sip:strict.example.net>, <sip:p2.example.net;lr>"] });
    const out = right(forwardCopy(cfg, r, bobAt, "UDP"));
    expect(printUri(out.uri)).toBe("sip:strict.example.net");
    expect(out.core.route.map((a) => printUri(a.uri))).toEqual(["sip:p2.example.net;lr", "sip:bob@192.0.2.30:5062"]);
  });

  it("§16.6 step 7: the next hop is the first loose Route, else the Request-URI (RFC 3263: numeric hosts need no lookup)", () => {
    expect(nextHop(right(forwardCopy(cfg, request(), bobAt, "UDP")), "UDP")).toEqual({ _tag: "Peer", peer: { transport: "UDP", host: "192.0.2.30", port: 5062 } });
    const routed = right(forwardCopy(cfg, request({ extra: ["Route: <sip:p2.example.net;lr;transport=tcp>"] }), bobAt, "UDP"));
    expect(nextHop(routed, "UDP")).toMatchObject({ _tag: "Resolve", transport: "TCP" });
  });

  it("§16.6 step 8 / RFC 5393 §4.2.1: a new top Via whose branch has the magic cookie, a unique part and the loop part", () => {
    const out = right(addVia(cfg, request(), "UDP", statefulBranch("0123456789abcdef", 2, "feedfacefeedface")));
    expect(out.core.via).toHaveLength(2);
    expect(headerValues("Via")(out)[0]).toBe("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK0123456789abcdef-2.feedfacefeedface;rport");
    expect(parseStatefulBranch("z9hG4bK0123456789abcdef-2.feedfacefeedface")).toEqual({ context: "0123456789abcdef", index: 2 });
    expect(parseStatefulBranch("z9hG4bKalice1")).toBeUndefined();
  });

  it("§16.6 step 9: Content-Length is added when missing", () => {
    const r = request();
    const without = { ...r, headers: r.headers.filter((h) => h.name !== "Content-Length"), core: { ...r.core, contentLength: undefined } };
    const { contentLength: _c, ...core } = without.core;
    expect(headerValues("Content-Length")(right(addVia(cfg, { ...without, core }, "TCP", "z9hG4bKx")))).toEqual(["0"]);
  });

  it("§16.11: the stateless branch is the same for a retransmission and differs per received branch", () => {
    expect(statelessBranch(request(), "sip:bob@192.0.2.30", "l")).toBe(statelessBranch(request(), "sip:bob@192.0.2.30", "l"));
    expect(statelessBranch(request({ branch: "z9hG4bKother" }), "sip:bob@192.0.2.30", "l")).not.toBe(statelessBranch(request(), "sip:bob@192.0.2.30", "l"));
  });
});

describe("RFC 3261 §16.6 step 4 with RFC 5658 double record-routing", () => {
  const both = config({ recordRoute: true, self: [{ transport: "UDP", host: "192.0.2.1", port: 5060 }, { transport: "TCP", host: "192.0.2.1", port: 5060 }] });

  it("RFC 5658 §5: a request that leaves by TCP after coming by UDP carries a second Record-Route for the TCP side, on top", () => {
    const copy = right(forwardCopy(both, request(), bobAt, "UDP"));
    expect(headerValues("Record-Route")(right(secondRecordRoute(both, copy, "UDP", "TCP")))).toEqual(["<sip:192.0.2.1:5060;transport=tcp;lr>", "<sip:192.0.2.1:5060;lr>"]);
    expect(headerValues("Record-Route")(right(secondRecordRoute(both, copy, "UDP", "UDP")))).toEqual(["<sip:192.0.2.1:5060;lr>"]);
  });

  it("§16.4 / RFC 5658 §5: both of our Route values are removed from a request that comes back", () => {
    const r = request({ toTag: "t", extra: ["Route: <sip:192.0.2.1:5060;transport=tcp;lr>, <sip:192.0.2.1:5060;lr>, <sip:p2.example.net;lr>"] });
    expect(right(preprocessRoute(both, r)).core.route.map((a) => printUri(a.uri))).toEqual(["sip:p2.example.net;lr"]);
  });
});
