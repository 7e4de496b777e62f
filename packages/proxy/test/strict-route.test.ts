// §16.6 steps 6 and 7 together (RFC 3261): a copy reformatted for a strict router goes to that
// router, the URI step 6 put in its Request-URI, not to the loose Route value after it.
import { describe, expect, it } from "vitest";
import { parseUri, printUri } from "@puresip/message";
import { forwardCopy, nextHop, toStrictRouter } from "../src/index.js";
import { alicePeer, config, harness, request, requests, right } from "./sip.js";

const bobAt = right(parseUri("sip:bob@192.0.2.30:5062"));

describe("RFC 3261 §16.6 step 7 after step 6", () => {
  it("RFC3261-16.6-48, RFC3261-16.6-49: after step 6 the next hop is the strict router in the Request-URI; otherwise the first loose Route", () => {
    const cfg = config();
    const strict = request({ extra: ["Route: <sip:192.0.2.50>, <sip:192.0.2.60;lr>"] });
    const copy = right(forwardCopy(cfg, strict, bobAt, "UDP"));
    expect(printUri(copy.uri)).toBe("sip:192.0.2.50");
    expect(toStrictRouter(strict)).toBe(true);
    expect(nextHop(copy, "UDP", toStrictRouter(strict))).toEqual({ _tag: "Peer", peer: { transport: "UDP", host: "192.0.2.50", port: 5060 } });
    const loose = request({ extra: ["Route: <sip:192.0.2.60;lr>"] });
    expect(toStrictRouter(loose)).toBe(false);
    expect(nextHop(right(forwardCopy(cfg, loose, bobAt, "UDP")), "UDP", toStrictRouter(loose))).toEqual({ _tag: "Peer", peer: { transport: "UDP", host: "192.0.2.60", port: 5060 } });
    // A preloaded path vector (RFC 3327 §5.4) comes first: its first value decides.
    expect(toStrictRouter(loose, ["<sip:192.0.2.70>"])).toBe(true);
    expect(toStrictRouter(strict, ["<sip:192.0.2.70;lr>"])).toBe(false);
  });

  it("RFC3261-16.6-48: the stateful and the stateless proxy both send such a request to the strict router", () => {
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      h.engine.receive(request({ uri: "sip:carol@192.0.2.33", extra: ["Route: <sip:192.0.2.50>, <sip:192.0.2.60;lr>"] }), alicePeer);
      const out = h.take().filter((o) => o.message._tag === "Request");
      expect(out.map((o) => o.to.host)).toEqual(["192.0.2.50"]);
      const [sent] = requests(out);
      expect(sent && printUri(sent.uri)).toBe("sip:192.0.2.50");
      expect(sent?.core.route.map((r) => printUri(r.uri))).toEqual(["sip:192.0.2.60;lr", "sip:carol@192.0.2.33"]);
    }
  });

  it("RFC3261-16.4-2, RFC3261-16.4-3: a request from a strict router, with our Record-Route URI as its Request-URI, goes on as if it had come with the last Route value as Request-URI", () => {
    const h = harness();
    h.engine.receive(request({ uri: "sip:192.0.2.1:5060", toTag: "b1", extra: ["Route: <sip:p3.example.net;lr>, <sip:bob@192.0.2.31>"] }), alicePeer);
    // The next hop is the loose p3 left in the Route: a name, resolved by RFC 3263.
    expect(h.resolves).toHaveLength(1);
    h.engine.resolved(h.resolves[0]!, { _tag: "Right", right: [{ transport: "UDP", host: "192.0.2.40", port: 5060 }] });
    const out = h.take().filter((o) => o.message._tag === "Request");
    expect(out.map((o) => o.to.host)).toEqual(["192.0.2.40"]);
    const [sent] = requests(out);
    expect(sent && printUri(sent.uri)).toBe("sip:bob@192.0.2.31");
    expect(sent?.core.route.map((r) => printUri(r.uri))).toEqual(["sip:p3.example.net;lr"]);
  });
});
