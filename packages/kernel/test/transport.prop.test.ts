import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseMessage, serializeMessage } from "@puresip/message";
import type { Param, SipRequest, Via } from "@puresip/message";
import type { ClientTransports } from "../src/index.js";
import { isReliableTransport, outboundRequest, receivedParams, responseDestination, stampSentBy, stampTopVia, viaSays } from "../src/index.js";

const request = (via: string, extra = ""): SipRequest => {
  const text =
    `OPTIONS sip:b@example.com SIP/2.0\r\nVia: ${via}\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\n` +
    `From: <sip:a@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`;
  const parsed = parseMessage(new TextEncoder().encode(text));
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error(`not a request: ${via}`);
  return parsed.right;
};

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
const port = fc.integer({ min: 1, max: 65535 });
const sentByHost = fc.oneof(ipv4, fc.constantFrom("pc33.example.com", "a.example.org"));
const viaParams = fc.subarray([";rport", ";received=192.0.2.1", ";ttl=3"]);

describe("RFC 3261 §18.2.1 and RFC 3581 §4 the received/rport stamp, once", () => {
  test.prop([sentByHost, fc.option(port, { nil: undefined }), viaParams, ipv4, port])(
    "stamping a stamped request with the same source gives the same request back (nothing printed again)",
    (host, p, params, sourceHost, sourcePort) => {
      const r = request(`SIP/2.0/UDP ${host}${p === undefined ? "" : `:${p}`};branch=z9hG4bKabc${params.join("")}`);
      const once = stampTopVia({ host: sourceHost, port: sourcePort })(r);
      if (E.isLeft(once)) throw new Error(once.left._tag);
      const twice = stampTopVia({ host: sourceHost, port: sourcePort })(once.right);
      expect(twice).toStrictEqual(E.right(once.right));
      expect(E.isRight(twice) && twice.right === once.right).toBe(true);
    },
  );
  test.prop([sentByHost, viaParams, ipv4, port])("an unchanged Via is the same value; a changed one parses back to itself", (host, params, sourceHost, sourcePort) => {
    const r = request(`SIP/2.0/UDP ${host};branch=z9hG4bKabc${params.join("")}`);
    const top = r.core.via[0]!;
    const stamped = receivedParams(top, { host: sourceHost, port: sourcePort });
    if (E.isLeft(stamped)) throw new Error(stamped.left._tag);
    const again = stampTopVia({ host: sourceHost, port: sourcePort })(r);
    if (E.isLeft(again)) throw new Error(again.left._tag);
    expect(parseMessage(serializeMessage(again.right))).toStrictEqual(E.right(again.right));
    if (stamped.right === top) expect(again.right).toBe(r);
  });
  it("§18.2.1: a sent-by equal to the source and no rport is left alone (the same request)", () => {
    const r = request("SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKabc");
    expect(stampTopVia({ host: "192.0.2.4", port: 5060 })(r)).toStrictEqual(E.right(r));
  });
});

describe("RFC 3261 §18 one reliability rule", () => {
  it("§18: UDP is unreliable, TCP, TLS, SCTP, WS and WSS are reliable (any case)", () => {
    expect(["UDP", "udp"].map(isReliableTransport)).toStrictEqual([false, false]);
    expect(["TCP", "tls", "SCTP", "TLS-SCTP", "WS", "wss"].map(isReliableTransport)).toStrictEqual([true, true, true, true, true, true]);
  });
  it("§18.2.2: a response over a reliable transport whose connection is open goes back on it", () => {
    const r = request("SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKabc");
    const response = { ...r, _tag: "Response" as const, status: 200, reason: "OK" };
    expect(responseDestination(response, { reliableConnectionAlive: true })).toStrictEqual(E.right({ _tag: "SameConnection", transport: "WS" }));
  });
});

const transports: ClientTransports = {
  sentBy: [
    { transport: "UDP", host: "192.0.2.10", port: 5060 },
    { transport: "TCP", host: "192.0.2.10", port: 5062 },
  ],
  tcpThreshold: 1300,
};

describe("RFC 3261 §18.1.1 the sent-by and transport of a request, decided once", () => {
  it("§18.1.1: a request for a TCP destination says TCP and the TCP sent-by in its top Via, branch kept", () => {
    const r = request("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc;rport");
    const out = outboundRequest(transports, r, { transport: "TCP", host: "192.0.2.20", port: 5060 });
    if (E.isLeft(out)) throw new Error(out.left);
    expect(viaSays(out.right.core.via[0]!, "TCP", { host: "192.0.2.10", port: 5062 })).toBe(true);
    expect(out.right.core.via[0]!.params).toStrictEqual(r.core.via[0]!.params);
  });
  it("§18.1.1: a request already saying its transport's sent-by comes back as the same value", () => {
    const r = request("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc");
    expect(outboundRequest(transports, r, { transport: "UDP", host: "192.0.2.20", port: 5060 })).toStrictEqual(E.right(r));
    expect(stampSentBy("UDP", { host: "192.0.2.10", port: 5060 })(r)).toStrictEqual(E.right(r));
  });
  it("§18.1.1: \"larger than 1300 bytes and the path MTU is unknown\": a UDP request moves to TCP when the element has TCP", () => {
    const big = request("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc", `Subject: ${"x".repeat(1400)}\r\n`);
    const out = outboundRequest(transports, big, { transport: "UDP", host: "192.0.2.20", port: 5060 });
    expect(E.isRight(out) && viaSays(out.right.core.via[0]!, "TCP", { host: "192.0.2.10", port: 5062 })).toBe(true);
    const udpOnly = outboundRequest({ ...transports, sentBy: transports.sentBy.slice(0, 1) }, big, { transport: "UDP", host: "192.0.2.20", port: 5060 });
    expect(udpOnly).toStrictEqual(E.right(big));
    expect(outboundRequest({ ...transports, tcpThreshold: false }, big, { transport: "UDP", host: "192.0.2.20", port: 5060 })).toStrictEqual(E.right(big));
  });
  it("§18.1.1: a small request whose Via says TCP, for a UDP destination, is stamped for UDP (not taken for a switched one)", () => {
    const r = request("SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bKabc");
    const out = outboundRequest(transports, r, { transport: "UDP", host: "192.0.2.20", port: 5060 });
    expect(E.isRight(out) && viaSays(out.right.core.via[0]!, "UDP", { host: "192.0.2.10", port: 5060 })).toBe(true);
  });
  it("§18.1.1: a transport the element does not have leaves the request as it is (the shell says it cannot send)", () => {
    const r = request("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc");
    expect(outboundRequest(transports, r, { transport: "TLS", host: "192.0.2.20", port: 5061 })).toStrictEqual(E.right(r));
  });
  test.prop([fc.constantFrom("UDP", "TCP", "udp", "tcp"), sentByHost, port, fc.integer({ min: 0, max: 2000 })])(
    "deciding twice gives the first decision back: nothing is rewritten per transmission",
    (asked, host, p, padding) => {
      const r = request(`SIP/2.0/UDP ${host}:${p};branch=z9hG4bKabc;rport`, padding === 0 ? "" : `Subject: ${"y".repeat(padding)}\r\n`);
      const destination = { transport: asked, host: "192.0.2.30", port: 5060 };
      const once = outboundRequest(transports, r, destination);
      if (E.isLeft(once)) throw new Error(once.left);
      const twice = outboundRequest(transports, once.right, destination);
      expect(twice).toStrictEqual(once);
      expect(E.isRight(twice) && twice.right === once.right).toBe(true);
      expect(parseMessage(serializeMessage(once.right))).toStrictEqual(E.right(once.right));
    },
  );
});

describe("RFC 3261 §18.2.1 and RFC 3581 §4 receivedParams, against the rule written plainly", () => {
  /** The rule as a loop over every parameter, no shortcut: what receivedParams must equal. */
  const reference = (topVia: Via, src: { readonly host: string; readonly port: number }): Via => {
    const is = (p: Param, name: string): boolean => p.name.toLowerCase() === name;
    const rport = topVia.params.find((p) => is(p, "rport"));
    const fillRport = rport !== undefined && (rport.value === undefined || rport.value.length === 0);
    const sameHost = topVia.host._tag !== "Hostname" && topVia.host.value.toLowerCase() === src.host.toLowerCase();
    const addReceived = fillRport || !sameHost;
    const received: Param = { name: "received", value: src.host };
    const hadReceived = topVia.params.some((p) => is(p, "received"));
    let inserted = false;
    const params: Array<Param> = [];
    for (const p of topVia.params) {
      if (is(p, "received")) params.push(addReceived ? received : p);
      else if (is(p, "rport")) {
        if (addReceived && !hadReceived && !inserted) {
          params.push(received);
          inserted = true;
        }
        params.push(fillRport && p === rport ? { name: p.name, value: String(src.port) } : p);
      } else params.push(p);
    }
    if (addReceived && !hadReceived && !inserted) params.push(received);
    return { ...topVia, params };
  };
  const param = fc.constantFrom<Param>(
    { name: "received", value: "192.0.2.1" },
    { name: "Received", value: "192.0.2.1" },
    { name: "received", value: "192.0.2.2" },
    { name: "rport" },
    { name: "rport", value: "" },
    { name: "rport", value: "5070" },
    { name: "ttl", value: "1" },
    { name: "maddr", value: "239.1.1.1" },
  );
  it("§18.2.1: a second received after one naming the source is still rewritten (both name the source)", () => {
    const top = request("SIP/2.0/UDP pc33.example.com;branch=z9hG4bKabc;received=192.0.2.1;received=192.0.2.2").core.via[0]!;
    const stamped = receivedParams(top, { host: "192.0.2.1", port: 5060 });
    expect(E.isRight(stamped) && stamped.right.params.filter((p) => p.name === "received").map((p) => p.value)).toStrictEqual(["192.0.2.1", "192.0.2.1"]);
  });
  test.prop([fc.constantFrom("192.0.2.1", "192.0.2.2", "pc33.example.com"), fc.array(param, { maxLength: 5 }), fc.constantFrom("192.0.2.1", "192.0.2.2"), port], { numRuns: 2000 })(
    "the stamp equals the plain rule for any mix of received and rport (repeats and case included)",
    (host, params, sourceHost, sourcePort) => {
      const via: Via = { ...request(`SIP/2.0/UDP ${host};branch=z9hG4bKabc`).core.via[0]!, params: [{ name: "branch", value: "z9hG4bKabc" }, ...params] };
      expect(receivedParams(via, { host: sourceHost, port: sourcePort })).toStrictEqual(E.right(reference(via, { host: sourceHost, port: sourcePort })));
    },
  );
});
