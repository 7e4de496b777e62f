// A SIPS Request-URI through the proxy (RFC 3261 §16.6 step 7, §16.7 step 4, §26.2.2): the next
// hop is reached over TLS whatever URI names it, and recursion stays on SIPS URIs.
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { headerValues, parseUri, printUri } from "@puresip/message";
import { forwardCopy, nextHop, preprocessRoute } from "../src/index.js";
import { alicePeer, config, harness, request, requests, responses, responseTo, right } from "./sip.js";

const bob = right(parseUri("sips:bob@192.0.2.31"));

describe("RFC 3261 §16.6 step 7, §16.7 step 4 with a SIPS Request-URI", () => {
  it("RFC3261-16.6-40, RFC3261-16.6-50, RFC3261-26.3.2.2-5: a sip: loose Route toward a SIPS Request-URI is reached over TLS (port 5061), as if it were a SIPS URI", () => {
    const cfg = config();
    const hop = (uri: string, route: string): ReturnType<typeof nextHop> => nextHop(right(forwardCopy(cfg, request({ uri, extra: [`Route: ${route}`] }), right(parseUri(uri)), "UDP")), "UDP");
    expect(hop("sips:bob@192.0.2.30", "<sip:192.0.2.40;lr>")).toEqual({ _tag: "Peer", peer: { transport: "TLS", host: "192.0.2.40", port: 5061 } });
    expect(hop("sips:bob@192.0.2.30", "<sip:192.0.2.40;transport=tcp;lr>")).toEqual({ _tag: "Peer", peer: { transport: "TLS", host: "192.0.2.40", port: 5061 } });
    expect(hop("sips:bob@192.0.2.30", "<sip:p2.example.net;lr>")).toMatchObject({ _tag: "Resolve", transport: "TLS" });
    // A SIP Request-URI keeps what its Route says.
    expect(hop("sip:bob@192.0.2.30", "<sip:192.0.2.40;lr>")).toEqual({ _tag: "Peer", peer: { transport: "UDP", host: "192.0.2.40", port: 5060 } });
  });

  it("RFC3261-16.7-8: recursing on a 3xx to a SIPS request, the proxy tries its SIPS Contacts and not its SIP ones", () => {
    const h = harness(config({ recurse: true, route: () => ({ _tag: "Targets", targets: [{ uri: bob, q: 1 }] }) }));
    h.engine.receive(request({ uri: "sips:bob@example.com" }), alicePeer);
    const out = h.take();
    const first = requests(out)[0];
    const at: Peer | undefined = out.find((o) => o.message === first)?.to;
    expect(at).toEqual({ transport: "TLS", host: "192.0.2.31", port: 5061 });
    h.engine.receive(responseTo(first!, 302, "b1", [{ name: "Contact", value: "<sip:bob@192.0.2.33>, <sips:bob@192.0.2.34>" }]), at!);
    const next = h.take();
    expect(requests(next).filter((r) => r.method === "INVITE").map((r) => printUri(r.uri))).toEqual(["sips:bob@192.0.2.34"]);
    expect(responses(next).filter((r) => r.status >= 200)).toEqual([]);
  });
});

describe("RFC 3261 §16.6 step 4 with SIPS", () => {
  const tls = config({ self: [{ transport: "UDP", host: "192.0.2.1", port: 5060 }, { transport: "TLS", host: "192.0.2.1", port: 5061 }] });
  const recordRoutes = (uri: string, transport: string, over = tls, extra: ReadonlyArray<string> = []): ReadonlyArray<string> =>
    headerValues("Record-Route")(right(forwardCopy(over, request({ uri, extra }), right(parseUri(uri)), transport)));

  it("RFC3261-16.6-23, RFC3261-16.6-24: a request for a SIPS URI that came over UDP is record-routed, even without recordRoute, with the proxy's TLS address as a SIPS URI", () => {
    expect(recordRoutes("sips:bob@192.0.2.30", "UDP")).toEqual(["<sips:192.0.2.1:5061;lr>"]);
    // A SIPS topmost Route (after step 6) counts as much as the Request-URI.
    expect(recordRoutes("sip:bob@192.0.2.30", "UDP", tls, ["Route: <sips:p2.example.net;lr>"])).toEqual(["<sips:192.0.2.1:5061;lr>"]);
    // Over TLS, a SIPS request is record-routed only when the proxy wants to be (recordRoute).
    expect(recordRoutes("sips:bob@192.0.2.30", "TLS")).toEqual([]);
    expect(recordRoutes("sips:bob@192.0.2.30", "TLS", { ...tls, recordRoute: true })).toEqual(["<sips:192.0.2.1:5061;lr>"]);
  });

  it("RFC3261-16.6-25: a request that came over TLS and leaves for no SIPS URI is record-routed with a SIP URI", () => {
    expect(recordRoutes("sip:bob@192.0.2.30", "TLS")).toEqual(["<sip:192.0.2.1:5061;transport=tls;lr>"]);
    expect(recordRoutes("sip:bob@192.0.2.30", "UDP")).toEqual([]);
  });

  it("RFC3261-16.6-23: a request that comes back with the SIPS Record-Route value as its Route is recognised as the proxy's (§16.4)", () => {
    const back = request({ uri: "sips:bob@192.0.2.30", toTag: "b1", extra: ["Route: <sips:192.0.2.1:5061;lr>, <sips:p2.example.net;lr>"] });
    expect(right(preprocessRoute(tls, back)).core.route.map((r) => printUri(r.uri))).toEqual(["sips:p2.example.net;lr"]);
  });
});
