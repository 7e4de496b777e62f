// RFC 5626 at a proxy that is its UAs' first hop and their registrar, over WebSocket (RFC 7118):
// UAs whose Contact no one can resolve (`.invalid`) are reached over the flow they registered on.
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { headerValues, parseMessage, printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyConfig } from "../src/index.js";
import { baseConfig, defaultRoute } from "../src/index.js";
import { harness, requests, responseTo, responses, right } from "./sip.js";

const KEY = new Uint8Array(20).fill(9);
const udp: Peer = { transport: "UDP", host: "192.0.2.1", port: 5060 };
const ws: Peer = { transport: "WS", host: "192.0.2.1", port: 5066 };
const aliceFlow: Peer = { transport: "WS", host: "198.51.100.7", port: 40001 };
const bobFlow: Peer = { transport: "WS", host: "198.51.100.8", port: 40002 };

const outboundConfig = (over: Partial<ProxyConfig> = {}): ProxyConfig => ({
  ...baseConfig([udp, ws], defaultRoute),
  domains: ["example.com"],
  registrar: O.some({ ...defaultRegistrarConfig, domains: ["example.com"] }),
  flowKey: O.some(KEY),
  ...over,
});

const parse = (lines: ReadonlyArray<string>): SipRequest => {
  const m = right(parseMessage([...lines, "Content-Length: 0", "", ""].join("\r\n")));
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

/** A browser's REGISTER (RFC 7118 §8.1, RFC 5626 §4.2.1): `.invalid` Via and Contact, instance and reg-id. */
const registerOver = (user: string, host: string, supported = "path, outbound"): SipRequest =>
  parse([
    "REGISTER sip:example.com SIP/2.0",
    `Via: SIP/2.0/WS ${host}.invalid;branch=z9hG4bKreg${user}`,
    "Max-Forwards: 70",
    `From: <sip:${user}@example.com>;tag=r${user}`,
    `To: <sip:${user}@example.com>`,
    `Call-ID: reg-${user}`,
    "CSeq: 1 REGISTER",
    `Supported: ${supported}`,
    `Contact: <sip:${user}@${host}.invalid;transport=ws>;+sip.instance="<urn:uuid:00000000-0000-4000-8000-00000000000${user.length}>";reg-id=1`,
    "Expires: 600",
  ]);

const invite = (extra: ReadonlyArray<string> = []): SipRequest =>
  parse([
    "INVITE sip:bob@example.com SIP/2.0",
    "Via: SIP/2.0/WS a1.invalid;branch=z9hG4bKinv1",
    "Max-Forwards: 70",
    "From: <sip:alice@example.com>;tag=a1",
    "To: <sip:bob@example.com>",
    "Call-ID: call-ws-1",
    "CSeq: 1 INVITE",
    "Contact: <sip:alice@a1.invalid;transport=ws;ob>",
    ...extra,
  ]);

/** A request in the dialog, as a UA sends it with its route set (§12.2.1.1). */
const inDialog = (method: string, uri: string, routes: ReadonlyArray<string>, from: string, branch: string): SipRequest =>
  parse([
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/WS x.invalid;branch=${branch}`,
    "Max-Forwards: 70",
    `From: <sip:${from}@example.com>;tag=f1`,
    "To: <sip:other@example.com>;tag=t1",
    "Call-ID: call-ws-1",
    `CSeq: 2 ${method}`,
    ...routes.map((r) => `Route: ${r}`),
  ]);

const registered = () => {
  const h = harness(outboundConfig());
  h.engine.receive(registerOver("alice", "a1"), aliceFlow);
  h.engine.receive(registerOver("bob", "b2"), bobFlow);
  return h;
};

describe("RFC 5626 outbound at the proxy's registrar and forwarding (RFC 7118 WebSocket UAs)", () => {
  it("RFC 5626 §6: an outbound REGISTER from its first hop is stored with its flow (this proxy's Path with a flow token and ob); the 200 says Require: outbound", () => {
    const h = harness(outboundConfig());
    h.engine.receive(registerOver("alice", "a1"), aliceFlow);
    const [ok] = responses(h.take());
    expect(ok?.status).toBe(200);
    const path = ok === undefined ? [] : headerValues("Path")(ok);
    expect(path).toHaveLength(1);
    expect(path[0]).toMatch(/^<sip:ob\.[0-9a-f]{20}\.ws\.[0-9a-f]+\.40001@192\.0\.2\.1:5066;transport=ws;lr;ob>$/);
    expect(ok && headerValues("Require")(ok)).toEqual(["outbound"]);
  });

  it("RFC 5626 §6: without the outbound option-tag in Supported, or without a flow key, the REGISTER is stored as sent (no Path, no Require)", () => {
    for (const [cfg, supported] of [[outboundConfig(), "path"], [outboundConfig({ flowKey: O.none }), "path, outbound"]] as const) {
      const h = harness(cfg);
      h.engine.receive(registerOver("alice", "a1", supported), aliceFlow);
      const [ok] = responses(h.take());
      expect(ok?.status).toBe(200);
      expect(ok && [headerValues("Path")(ok), headerValues("Require")(ok)]).toEqual([[], []]);
    }
  });

  it("RFC 5626 §7, §5.3.1: an INVITE to a WebSocket UA's AOR goes over the flow it registered on, its flow-token Route removed; both flows are Record-Routed (§5.3.1, §5.3.2)", () => {
    const h = registered();
    h.take();
    h.engine.receive(invite(), aliceFlow);
    const out = h.take();
    const sent = out.find((o) => o.message._tag === "Request" && o.message.method === "INVITE");
    expect(sent?.to).toEqual(bobFlow);
    const inv = sent?.message as SipRequest;
    expect(printUri(inv.uri)).toBe("sip:bob@b2.invalid;transport=ws");
    expect(headerValues("Route")(inv)).toEqual([]);
    const rr = headerValues("Record-Route")(inv);
    expect(rr).toHaveLength(2);
    expect(rr[0]).toMatch(/^<sip:ob\.[0-9a-f]{20}\.ws\.[0-9a-f]+\.40002@192\.0\.2\.1:5066;transport=ws;lr>$/);
    expect(rr[1]).toMatch(/^<sip:ob\.[0-9a-f]{20}\.ws\.[0-9a-f]+\.40001@192\.0\.2\.1:5066;transport=ws;lr>$/);
    // The 200 goes back by the Via to the flow the INVITE came on.
    h.engine.receive(responseTo(inv, 200), bobFlow);
    const back = h.take().find((o) => o.message._tag === "Response" && o.message.status === 200);
    expect(back?.to).toEqual(aliceFlow);
  });

  it("RFC3261-26.3.2.2-11: an INVITE for a user registered over TLS goes over the TLS connection that user registered on, not to a new one at its Contact", () => {
    const tls: Peer = { transport: "TLS", host: "192.0.2.1", port: 5061 };
    const bobTls: Peer = { transport: "TLS", host: "198.51.100.8", port: 40002 };
    const h = harness(outboundConfig({ self: [udp, tls] }));
    h.engine.receive(
      parse([
        "REGISTER sips:example.com SIP/2.0",
        "Via: SIP/2.0/TLS 198.51.100.8:5061;branch=z9hG4bKregtls",
        "Max-Forwards: 70",
        "From: <sips:bob@example.com>;tag=rb",
        "To: <sips:bob@example.com>",
        "Call-ID: reg-bob-tls",
        "CSeq: 1 REGISTER",
        "Supported: path, outbound",
        `Contact: <sips:bob@198.51.100.8:5061>;+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000003>";reg-id=1`,
        "Expires: 600",
      ]),
      bobTls,
    );
    expect(h.take().map((o) => (o.message._tag === "Response" ? o.message.status : 0))).toEqual([200]);
    h.engine.receive(
      parse(["INVITE sips:bob@example.com SIP/2.0", "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKtls1", "Max-Forwards: 70", "From: <sips:carol@example.com>;tag=c1", "To: <sips:bob@example.com>", "Call-ID: call-tls-1", "CSeq: 1 INVITE", "Contact: <sips:carol@192.0.2.10>"]),
      { transport: "TLS", host: "192.0.2.10", port: 40100 },
    );
    const sent = h.take().find((o) => o.message._tag === "Request" && o.message.method === "INVITE");
    expect(sent?.to).toEqual(bobTls);
  });

  it("RFC 5626 §5.3: in the dialog, the caller's requests (route set reversed) reach the callee's flow and the callee's the caller's; the outgoing token goes on arrival, the incoming one when forwarded", () => {
    const h = registered();
    h.take();
    h.engine.receive(invite(), aliceFlow);
    const inv = requests(h.take()).find((r) => r.method === "INVITE");
    const [rrB, rrA] = inv === undefined ? [] : headerValues("Record-Route")(inv);
    if (rrA === undefined || rrB === undefined) throw new Error("no Record-Route");
    // The caller's re-INVITE (hold, RFC 3264 §8.4) and its ACK (stateless, §16.11), and BYE.
    for (const [method, branch] of [["INVITE", "z9hG4bKre1"], ["ACK", "z9hG4bKack1"], ["BYE", "z9hG4bKbye1"]] as const) {
      h.engine.receive(inDialog(method, "sip:bob@b2.invalid;transport=ws", [rrA, rrB], "alice", branch), aliceFlow);
      const sent = h.take().find((o) => o.message._tag === "Request" && o.message.method === method);
      expect(sent?.to).toEqual(bobFlow);
      expect(sent && headerValues("Route")(sent.message)).toEqual([]);
    }
    // The callee's BYE, with the route set in Record-Route order.
    h.engine.receive(inDialog("BYE", "sip:alice@a1.invalid;transport=ws;ob", [rrB, rrA], "bob", "z9hG4bKbye2"), bobFlow);
    const bye = h.take().find((o) => o.message._tag === "Request" && o.message.method === "BYE");
    expect(bye?.to).toEqual(aliceFlow);
    expect(bye && headerValues("Route")(bye.message)).toEqual([]);
  });

  it("RFC 5626 §5.3.1: when the callee's flow no longer exists (its transport fails), the caller gets 430 (Flow Failed)", () => {
    const h = registered();
    h.take();
    h.engine.receive(invite(), aliceFlow);
    const inv = requests(h.take()).find((r) => r.method === "INVITE");
    if (inv === undefined) throw new Error("no INVITE");
    h.engine.transportError(right(clientKeyOfRequest(inv)));
    const out = h.take();
    expect(responses(out).map((r) => r.status)).toEqual([430]);
    expect(out[0]?.to).toEqual(aliceFlow);
  });

  it("RFC 5626 §5.3.1: a tampered flow token gets 403 (Forbidden), and nothing is forwarded", () => {
    const h = registered();
    h.take();
    const forged = "<sip:ob.00000000000000000000.ws.3139382e35312e3130302e38.40002@192.0.2.1:5066;transport=ws;lr>";
    h.engine.receive(inDialog("BYE", "sip:bob@b2.invalid;transport=ws", [forged], "alice", "z9hG4bKbye3"), aliceFlow);
    const out = h.take();
    expect(requests(out)).toEqual([]);
    expect(responses(out).map((r) => r.status)).toEqual([403]);
  });

  it("RFC 5626 §5.3.1 with RFC 3261 §16.6 step 4: with --record-route the flow-token Record-Route takes the place of the plain one", () => {
    const h = harness(outboundConfig({ recordRoute: true }));
    h.engine.receive(registerOver("bob", "b2"), bobFlow);
    h.take();
    // A caller over UDP with no outbound Contact: only the callee's flow is recorded.
    h.engine.receive(parse(["INVITE sip:bob@example.com SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKu1", "Max-Forwards: 70", "From: <sip:carol@example.net>;tag=c1", "To: <sip:bob@example.com>", "Call-ID: call-udp-1", "CSeq: 1 INVITE", "Contact: <sip:carol@192.0.2.10>"]), { transport: "UDP", host: "192.0.2.10", port: 5060 });
    const sent = h.take().find((o) => o.message._tag === "Request" && o.message.method === "INVITE");
    expect(sent?.to).toEqual(bobFlow);
    const rr = sent === undefined ? [] : headerValues("Record-Route")(sent.message);
    expect(rr).toHaveLength(1);
    expect(rr[0]).toMatch(/^<sip:ob\.[0-9a-f]{20}\.ws\.[0-9a-f]+\.40002@192\.0\.2\.1:5066;transport=ws;lr>$/);
  });
});
