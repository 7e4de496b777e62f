// The transport rules of RFC 3261 §18.1.2 and §18.2.2 that no older test named, each test citing
// the statement it checks by its ID (docs/CONFORMANCE.md).
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseMessage } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { ClientTransports } from "../src/index.js";
import { isOwnSentBy, responseDestination, stampSentBy } from "../src/index.js";

const request = (via: string): SipRequest => {
  const text =
    `OPTIONS sip:b@example.com SIP/2.0\r\nVia: ${via}\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\n` +
    `From: <sip:a@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
  const parsed = parseMessage(new TextEncoder().encode(text));
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error(`not a request: ${via}`);
  return parsed.right;
};
const responseTo = (via: string): SipResponse => ({ ...request(via), _tag: "Response", status: 200, reason: "OK" });
const closed = { reliableConnectionAlive: false };
const open = { reliableConnectionAlive: true };

describe("RFC 3261 §18.2.2 sending responses", () => {
  it("RFC3261-18.2.2-1: the destination follows §18.2.2's order: open connection, maddr, received, sent-by", () => {
    const via = "SIP/2.0/TCP pc33.example.com:5070;branch=z9hG4bKa;maddr=239.255.255.1;received=192.0.2.7";
    expect(E.map((d: { _tag: string }) => d._tag)(responseDestination(responseTo(via), open))).toStrictEqual(E.right("SameConnection"));
    expect(E.map((d: { _tag: string }) => d._tag)(responseDestination(responseTo(via), closed))).toStrictEqual(E.right("Multicast"));
    const noMaddr = "SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bKa;received=192.0.2.7";
    expect(responseDestination(responseTo(noMaddr), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "UDP", host: "192.0.2.7", port: 5070, from: "received", resolve: false }),
    );
  });

  it("RFC3261-18.2.2-7: over UDP a received parameter takes the response to that address, at the sent-by port or 5060", () => {
    expect(responseDestination(responseTo("SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bKa;received=192.0.2.7"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "UDP", host: "192.0.2.7", port: 5070, from: "received", resolve: false }),
    );
    expect(responseDestination(responseTo("SIP/2.0/UDP pc33.example.com;branch=z9hG4bKa;received=192.0.2.7"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "UDP", host: "192.0.2.7", port: 5060, from: "received", resolve: false }),
    );
  });

  it("RFC3261-18.2.2-9: a Via that is not receiver-tagged sends the response to the sent-by, a host name to be resolved by RFC 3263 §5", () => {
    expect(responseDestination(responseTo("SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bKa"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "UDP", host: "pc33.example.com", port: 5070, from: "sent-by", resolve: true }),
    );
    expect(responseDestination(responseTo("SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKa"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "UDP", host: "192.0.2.9", port: 5060, from: "sent-by", resolve: false }),
    );
  });

  it("RFC3261-18.2.2-3: over TCP or TLS whose connection closed, a new connection goes to the received address at the sent-by port, else the transport's default (rport is for UDP only)", () => {
    expect(responseDestination(responseTo("SIP/2.0/TCP pc33.example.com:5070;branch=z9hG4bKa;received=192.0.2.7;rport=40000"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "TCP", host: "192.0.2.7", port: 5070, from: "received", resolve: false }),
    );
    expect(responseDestination(responseTo("SIP/2.0/TLS pc33.example.com;branch=z9hG4bKa;received=192.0.2.7"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "TLS", host: "192.0.2.7", port: 5061, from: "received", resolve: false }),
    );
    expect(responseDestination(responseTo("SIP/2.0/TCP pc33.example.com;branch=z9hG4bKa;received=192.0.2.7"), closed)).toStrictEqual(
      E.right({ _tag: "Address", transport: "TCP", host: "192.0.2.7", port: 5060, from: "received", resolve: false }),
    );
  });
});

const transports: ClientTransports = {
  sentBy: [
    { transport: "UDP", host: "192.0.2.10", port: 5060 },
    { transport: "TCP", host: "pc33.Example.com", port: 5062 },
  ],
  tcpThreshold: 1300,
};
const viaOf = (text: string) => {
  const v = request(text).core.via[0];
  if (v === undefined) throw new Error(text);
  return v;
};

describe("RFC 3261 §18.1.2 receiving responses", () => {
  it("RFC3261-18.1.2-1: only a top Via naming one of the element's sent-by addresses is its own (host without case, default port)", () => {
    expect(isOwnSentBy(transports, viaOf("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa"))).toBe(true);
    expect(isOwnSentBy(transports, viaOf("SIP/2.0/TCP PC33.example.COM:5062;branch=z9hG4bKa"))).toBe(true);
    expect(isOwnSentBy(transports, viaOf("SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKa"))).toBe(false);
    expect(isOwnSentBy(transports, viaOf("SIP/2.0/UDP 192.0.2.11;branch=z9hG4bKa"))).toBe(false);
  });

  test.prop([fc.constantFrom(...transports.sentBy), fc.constantFrom("UDP", "TCP", "TLS"), fc.constantFrom("192.0.2.99", "other.example.com")])(
    "RFC3261-18.1.2-1: every Via the element stamps is its own, whatever the request said before",
    (own, transport, host) => {
      const stamped = stampSentBy(own.transport, own)(request(`SIP/2.0/${transport} ${host}:7000;branch=z9hG4bKx`));
      const via = E.isRight(stamped) ? stamped.right.core.via[0] : undefined;
      expect(via !== undefined && isOwnSentBy(transports, via)).toBe(true);
    },
  );
});
