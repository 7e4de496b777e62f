import { describe, expect, it } from "vitest";
import { headerValues, printUri } from "@puresip/message";
import { alicePeer, config, harness, request, requests, responses, right } from "./sip.js";
import { parseMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";

const edge = { transport: "UDP", host: "192.0.2.50", port: 5060 } as const;

/** A REGISTER for ua1@`domain` as the UA sends it, with `extra` header lines. */
const registerFor = (domain: string, extra: ReadonlyArray<string>, vias: ReadonlyArray<string> = []): SipRequest => {
  const m = right(
    parseMessage(
      [
        `REGISTER sip:${domain} SIP/2.0`,
        ...vias.map((v) => `Via: ${v}`),
        "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKua1",
        "Max-Forwards: 70",
        `From: <sip:ua1@${domain}>;tag=u1`,
        `To: <sip:ua1@${domain}>`,
        "Call-ID: reg-path-1",
        "CSeq: 1 REGISTER",
        "Contact: <sip:ua1@192.0.2.4>",
        ...extra,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  );
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

describe("RFC 3327 Path at the proxy", () => {
  it("RFC 3327 §5.2: a REGISTER forwarded to another domain's registrar gets this proxy's URI as the topmost Path when the UA said Supported: path", () => {
    const h = harness(config({ path: true }));
    h.engine.receive(registerFor("192.0.2.99", ["Supported: path", "Path: <sip:p0.example.net;lr>"]), alicePeer);
    const [out] = requests(h.take());
    expect(out?.method).toBe("REGISTER");
    expect(headerValues("Path")(out!)).toEqual(["<sip:192.0.2.1:5060;lr>", "<sip:p0.example.net;lr>"]);
  });

  it("RFC 3327 §5.2: without Supported: path (or with path off) the REGISTER goes on without a Path of ours", () => {
    for (const [cfg, extra] of [[config({ path: true }), []], [config(), ["Supported: path"]]] as const) {
      const h = harness(cfg);
      h.engine.receive(registerFor("192.0.2.99", extra), alicePeer);
      const [out] = requests(h.take());
      expect(out && headerValues("Path")(out)).toEqual([]);
    }
  });

  it("RFC 3327 §5.3, §5.4: the proxy's registrar keeps the Path with the binding and echoes it in the 200; an INVITE to the AOR goes out with the path vector as preloaded Route, to its first hop", () => {
    const h = harness();
    h.engine.receive(registerFor("example.com", ["Supported: path", "Path: <sip:192.0.2.50;lr>, <sip:p1.example.net;lr>"], ["SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKedge1"]), edge);
    const [ok] = responses(h.take());
    expect(ok?.status).toBe(200);
    expect(ok && headerValues("Path")(ok)).toEqual(["<sip:192.0.2.50;lr>, <sip:p1.example.net;lr>"]);
    h.engine.receive(request({ uri: "sip:ua1@example.com", extra: ["Route: <sip:192.0.2.1;lr>"] }), alicePeer);
    const out = h.take();
    const invite = requests(out).find((r) => r.method === "INVITE");
    expect(invite && printUri(invite.uri)).toBe("sip:ua1@192.0.2.4");
    // Our own Route is gone (§16.4); the path vector comes first (RFC 3327 §5.4).
    expect(invite && headerValues("Route")(invite)).toEqual(["<sip:192.0.2.50;lr>", "<sip:p1.example.net;lr>"]);
    expect(out.find((o) => o.message === invite)?.to).toEqual(edge);
  });

  it("RFC 3327 §5.4 with §16.11: the stateless proxy routes by the path vector too", () => {
    const h = harness(config(), { stateless: true });
    h.engine.receive(registerFor("example.com", ["Supported: path", "Path: <sip:192.0.2.50;lr>"], ["SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKedge1"]), edge);
    h.take();
    h.engine.receive(request({ uri: "sip:ua1@example.com" }), alicePeer);
    const out = h.take();
    const invite = requests(out)[0];
    expect(invite && headerValues("Route")(invite)).toEqual(["<sip:192.0.2.50;lr>"]);
    expect(out[0]?.to).toEqual(edge);
  });

  it("RFC3261-16.6-36: the path vector goes ahead of the Route values the request still carries after §16.4", () => {
    const h = harness();
    h.engine.receive(registerFor("example.com", ["Supported: path", "Path: <sip:192.0.2.50;lr>"], ["SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKedge2"]), edge);
    h.take();
    h.engine.receive(request({ uri: "sip:ua1@example.com", extra: ["Route: <sip:192.0.2.1;lr>, <sip:p9.example.net;lr>"] }), alicePeer);
    const invite = requests(h.take()).find((r) => r.method === "INVITE");
    expect(invite && headerValues("Route")(invite)).toEqual(["<sip:192.0.2.50;lr>", "<sip:p9.example.net;lr>"]);
  });
});
