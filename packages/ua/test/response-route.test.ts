import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { createResponse, parseMessage, parseVia, printVia } from "@puresip/message";
import { parseRequest, toTag } from "./fixtures.js";
import type { SipResponse, Via } from "@puresip/message";
import { receivedParams, responseDestination, stampTopVia } from "../src/index.js";
import type { ResponseDestination, SourceAddress } from "../src/index.js";

const via = (s: string): Via => {
  const v = parseVia(s);
  const first = E.isRight(v) ? v.right[0] : undefined;
  if (first === undefined) throw new Error(s);
  return first;
};

const stamped = (v: string, source: SourceAddress): string => {
  const r = receivedParams(via(v), source);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return printVia(r.right);
};

const response = (...vias: ReadonlyArray<string>): SipResponse => {
  const text = [
    "SIP/2.0 200 OK",
    ...vias.map((v) => `Via: ${v}`),
    "To: <sip:bob@biloxi.example.com>;tag=a6c85cf",
    "From: <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710",
    "CSeq: 314159 INVITE",
    "Content-Length: 0",
  ].join("\r\n");
  const m = parseMessage(`${text}\r\n\r\n`);
  if (E.isLeft(m) || m.right._tag !== "Response") throw new Error(text);
  return m.right;
};

const destination = (r: SipResponse, reliableConnectionAlive = false): ResponseDestination => {
  const d = responseDestination(r, { reliableConnectionAlive });
  if (E.isLeft(d)) throw new Error(JSON.stringify(d.left));
  return d.right;
};

describe("RFC 3261 §18.2.1 Receiving Requests (received)", () => {
  it("§18.2.1: a domain name in sent-by gets received with the source address", () => {
    expect(stamped("SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7", { host: "192.0.2.4", port: 5060 })).toBe(
      "SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=192.0.2.4",
    );
  });

  it("§18.2.1: an IP sent-by that differs from the source gets received; an equal one does not", () => {
    expect(stamped("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1", { host: "192.0.2.4", port: 5060 })).toBe(
      "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.4",
    );
    expect(stamped("SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1", { host: "192.0.2.4", port: 5060 })).toBe("SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1");
  });

  it("§18.2.1: an IPv6 source is written without brackets (RFC 5118 §4.5); an old received is replaced in place", () => {
    expect(stamped("SIP/2.0/TCP [2001:db8::9:1];received=10.0.0.9;branch=z9hG4bK1", { host: "2001:db8::9:255", port: 5070 })).toBe(
      "SIP/2.0/TCP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bK1",
    );
  });

  it("§18.2.1: a source that is not an IP address is an error, not a bad Via", () => {
    const r = receivedParams(via("SIP/2.0/UDP h.example.com;branch=z9hG4bK1"), { host: "h.example.com", port: 5060 });
    expect(E.isLeft(r) && r.left._tag).toBe("BadSourceAddress");
    const p = receivedParams(via("SIP/2.0/UDP h.example.com;branch=z9hG4bK1"), { host: "192.0.2.1", port: 70000 });
    expect(E.isLeft(p) && p.left._tag).toBe("BadSourceAddress");
  });
});

describe("RFC 3581 §4 Server Behavior (rport)", () => {
  it("RFC 3581 §6 example: the proxy fills rport and inserts received even for a private sent-by", () => {
    expect(stamped("SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff", { host: "192.0.2.1", port: 9988 })).toBe(
      "SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff",
    );
  });

  it("RFC 3581 §4: received is inserted even when identical to the sent-by", () => {
    expect(stamped("SIP/2.0/UDP 192.0.2.1:4540;rport;branch=z9hG4bK2", { host: "192.0.2.1", port: 4540 })).toBe(
      "SIP/2.0/UDP 192.0.2.1:4540;received=192.0.2.1;rport=4540;branch=z9hG4bK2",
    );
  });

  it("RFC 3581 §4: an rport that already has a value is left alone", () => {
    expect(stamped("SIP/2.0/UDP 192.0.2.1;rport=1234;branch=z9hG4bK2", { host: "192.0.2.1", port: 4540 })).toBe(
      "SIP/2.0/UDP 192.0.2.1;rport=1234;branch=z9hG4bK2",
    );
  });

  it("RFC 3581 §6 example: the response goes to received and rport", () => {
    expect(destination(response("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff"))).toEqual({
      _tag: "Address",
      transport: "UDP",
      host: "192.0.2.1",
      port: 9988,
      from: "rport",
      resolve: false,
    });
  });

  it("RFC 3581 §4: over a reliable transport whose connection closed, rport is not used", () => {
    expect(destination(response("SIP/2.0/TCP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bK1"))).toMatchObject({
      host: "192.0.2.1",
      port: 4540,
      from: "received",
    });
  });
});

describe("RFC 3261 §18.2.2 Sending Responses", () => {
  it("§18.2.2: a reliable transport with the connection open replies on it", () => {
    for (const t of ["TCP", "TLS", "SCTP"]) {
      expect(destination(response(`SIP/2.0/${t} h.example.com;received=192.0.2.1;branch=z9hG4bK1`), true)).toEqual({ _tag: "SameConnection", transport: t });
    }
  });

  it("§18.2.2: UDP ignores reliableConnectionAlive", () => {
    expect(destination(response("SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1"), true)._tag).toBe("Address");
  });

  it("§18.2.2: maddr sends to that address, the sent-by port or 5060, TTL from ttl or 1", () => {
    expect(destination(response("SIP/2.0/UDP h.example.com:5080;maddr=239.255.255.1;ttl=16;branch=z9hG4bK1"))).toEqual({
      _tag: "Multicast",
      transport: "UDP",
      host: "239.255.255.1",
      port: 5080,
      ttl: 16,
    });
    expect(destination(response("SIP/2.0/UDP h.example.com;maddr=239.255.255.1;received=192.0.2.1;branch=z9hG4bK1"))).toMatchObject({
      _tag: "Multicast",
      port: 5060,
      ttl: 1,
    });
  });

  it("§18.2.2: received without rport uses the sent-by port or the default", () => {
    expect(destination(response("SIP/2.0/UDP h.example.com:5070;received=192.0.2.1;branch=z9hG4bK1"))).toMatchObject({ host: "192.0.2.1", port: 5070 });
    expect(destination(response("SIP/2.0/UDP h.example.com;received=192.0.2.1;branch=z9hG4bK1"))).toMatchObject({ host: "192.0.2.1", port: 5060 });
  });

  it("§18.2.2: otherwise the sent-by, resolved by RFC 3263 §5 when it is a name; TLS defaults to 5061", () => {
    expect(destination(response("SIP/2.0/UDP 192.0.2.9:5090;branch=z9hG4bK1"))).toEqual({
      _tag: "Address",
      transport: "UDP",
      host: "192.0.2.9",
      port: 5090,
      from: "sent-by",
      resolve: false,
    });
    expect(destination(response("SIP/2.0/TLS h.example.com;branch=z9hG4bK1"))).toMatchObject({ host: "h.example.com", port: 5061, resolve: true });
  });

  it("§18.2.2: only the top Via counts", () => {
    expect(destination(response("SIP/2.0/UDP 192.0.2.9:5090;branch=z9hG4bK1", "SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK2"))).toMatchObject({ host: "192.0.2.9" });
  });

  it("§18.2.2: no Via or a malformed ttl/rport is an error value, never a throw", () => {
    const r = responseDestination(response(), { reliableConnectionAlive: false });
    expect(E.isLeft(r) && r.left._tag).toBe("NoVia");
    const bad = responseDestination(response("SIP/2.0/UDP 10.0.0.1;received=192.0.2.1;rport=99999;branch=z9hG4bK1"), { reliableConnectionAlive: false });
    expect(E.isLeft(bad) && bad.left._tag).toBe("BadViaParam");
  });
});

describe("RFC 3261 §18.2.1 then §18.2.2: a stamped request's response goes back to the source", () => {
  it("RFC 3581 §6 example end to end: stampTopVia, createResponse, responseDestination", () => {
    const request = parseRequest(
      [
        "INVITE sip:user@example.com SIP/2.0",
        "Via: SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff",
        "v: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKlower",
        "To: <sip:user@example.com>",
        "From: <sip:caller@example.com>;tag=1",
        "Call-ID: c1",
        "CSeq: 1 INVITE",
        "Max-Forwards: 70",
        "Contact: <sip:caller@10.1.1.1:4540>",
        "\r\n",
      ].join("\r\n"),
    );
    const stamped = stampTopVia({ host: "192.0.2.1", port: 9988 })(request);
    if (E.isLeft(stamped)) throw new Error(JSON.stringify(stamped.left));
    expect(stamped.right.core.via.map(printVia)).toEqual([
      "SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff",
      "SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKlower",
    ]);
    const ok = createResponse(200, { toTag })(stamped.right);
    if (E.isLeft(ok)) throw new Error(JSON.stringify(ok.left));
    expect(destination(ok.right)).toMatchObject({ host: "192.0.2.1", port: 9988, from: "rport" });
  });
});
