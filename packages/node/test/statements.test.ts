// The client transport rules of RFC 3261 §18.1.1 that no older test named, on two stacks over the
// loopback, each test citing the statement it checks by its ID (docs/CONFORMANCE.md).
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, describe, expect, it } from "vitest";
import { findParam } from "@puresip/message";
import type { AppEvent, UsageKey } from "@puresip/ua";
import type { LogEvent, Stack } from "../src/index.js";
import { createStack, listenUdp } from "../src/index.js";
import { enc, options, recorder, tcpExchange, waitFor } from "./helpers.js";

const stacks: Array<Stack> = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});

const make = async (transport: "UDP" | "TCP", user: string): Promise<Stack> => {
  const s = await createStack({ transports: [{ transport, host: "127.0.0.1", port: 0 }], user, closeTimeoutMs: 2000 });
  stacks.push(s);
  return s;
};
const targetOf = (s: Stack, user: string): string => {
  const l = s.listening[0]!;
  return `sip:${user}@${l.host}:${l.port}${l.transport === "TCP" ? ";transport=tcp" : ""}`;
};
/** The MESSAGE `from` sends to `to`, as `to`'s application sees it (its top Via stamped by §18.2.1). */
const messageSeen = async (from: Stack, to: Stack, user: string) => {
  const received: Array<AppEvent> = [];
  to.on("MessageReceived", (e) => received.push(e));
  expect((await from.message(targetOf(to, user), "hello")).status).toBe(200);
  const m = await waitFor(() => received[0], "the MESSAGE");
  if (m._tag !== "MessageReceived") throw new Error(m._tag);
  return m.request.core.via[0];
};

describe("RFC 3261 §18.1.1 where the client transport is ready to hear back", () => {
  it("RFC3261-18.1.1-11, RFC3261-18.1.1-12: over UDP the request leaves from the address and port of its sent-by, and the response comes back there", async () => {
    const alice = await make("UDP", "alice");
    const bob = await make("UDP", "bob");
    const via = await messageSeen(alice, bob, "bob");
    const own = alice.listening[0]!;
    expect([via?.host.value, via?.port]).toEqual([own.host, own.port]);
    // rport makes bob record the source (RFC 3581 §4): it is the sent-by itself.
    expect(via === undefined ? [] : [findParam(via.params, "received")?.value, findParam(via.params, "rport")?.value]).toEqual([own.host, String(own.port)]);
  });

  it("RFC3261-18.1.1-9, RFC3261-18.1.1-10: over TCP the sent-by is the stack's listening address, where a new connection from the server is served", async () => {
    const alice = await make("TCP", "alice");
    const bob = await make("TCP", "bob");
    const via = await messageSeen(alice, bob, "bob");
    const own = alice.listening[0]!;
    expect([via?.transport, via?.host.value, via?.port]).toEqual(["TCP", own.host, own.port]);
    // A server whose connection closed opens one to the sent-by (§18.2.2, RFC 3263 §5): alice answers on it.
    const answer = await tcpExchange(own.host, own.port, options("z9hG4bKnewconn", `SIP/2.0/TCP ${own.host}:1`));
    expect(answer.startsWith("SIP/2.0 200 ")).toBe(true);
  });
});

describe("RFC 3261 §18.1.1 a sent-by that is a domain name", () => {
  it("RFC3261-18.1.1-7: with `advertise` naming an FQDN, the sent-by is that name, and the response still comes back (received and rport, RFC 3581 §4)", async () => {
    const alice = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "alice", advertise: "alice.example.test", closeTimeoutMs: 2000 });
    stacks.push(alice);
    const bob = await make("UDP", "bob");
    const via = await messageSeen(alice, bob, "bob");
    expect([via?.host._tag, via?.host.value]).toEqual(["Hostname", "alice.example.test"]);
    expect(via === undefined ? undefined : findParam(via.params, "received")?.value).toBe("127.0.0.1");
  });
});

describe("RFC 3261 §18.1.1 message sizes over UDP", () => {
  it("RFC3261-18.1.1-3: a datagram of 60 000 octets, near the largest UDP payload, arrives whole and parses", async () => {
    const r = recorder();
    const t = await listenUdp({ host: "127.0.0.1", port: 0 }, r.hooks);
    const raw = createSocket("udp4");
    try {
      const base = options("z9hG4bKbig");
      const padding = "x".repeat(60_000 - base.length - "Subject: \r\n".length);
      const big = base.replace("Content-Length: 0", `Subject: ${padding}\r\nContent-Length: 0`);
      expect(big.length).toBe(60_000);
      await new Promise<void>((done) => {
        raw.send(enc(big), t.local.port, "127.0.0.1", () => {
          done();
        });
      });
      const got = await r.next();
      expect(E.isRight(got.parsed) && got.parsed.right.headers.find((h) => h.name === "Subject")?.value.length).toBe(padding.length);
    } finally {
      raw.close();
      await t.close();
    }
  });
});

describe("RFC 3261 §18.1.1 and §18.4 connections and their failures", () => {
  it("RFC3261-18.1.1-14: a second request to the same address, port and transport goes over the connection already open", async () => {
    const alice = await make("TCP", "alice");
    const bob = await make("TCP", "bob");
    for (const _ of [1, 2]) expect((await alice.options(targetOf(bob, "bob"))).status).toBe(200);
    expect([alice.counters().connections, bob.counters().connections]).toEqual([1, 1]);
  });

  it("RFC3261-18.4-3: a request over TCP whose connection is refused: the transport reports it and the UA ends the request with 503 (§8.1.3.1), not by Timer F", async () => {
    const gone = await make("TCP", "gone");
    const target = targetOf(gone, "gone");
    await gone.close();
    const logs: Array<LogEvent> = [];
    const alice = await createStack({ transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }], user: "alice", closeTimeoutMs: 2000, log: (e) => logs.push(e) });
    stacks.push(alice);
    expect((await alice.options(target)).status).toBe(503);
    expect(logs.some((l) => l._tag === "SendFailed" && l.transport === "TCP")).toBe(true);
  });
});

describe("RFC 3261 §18.2.2 a response whose connection is gone", () => {
  it("RFC3261-18.2.2-4: when the new connection to the received address fails, the response goes to the sent-by resolved by RFC 3263 §5", async () => {
    // The client listens on 127.0.0.2 only and names itself client.test; it sends from 127.0.0.1, which bob records as received.
    const listener = createServer();
    await new Promise<void>((r) => listener.listen(0, "127.0.0.2", () => { r(); }));
    const port = (listener.address() as AddressInfo).port;
    const heard: Array<string> = [];
    listener.on("connection", (s) => s.on("data", (chunk: Buffer) => heard.push(chunk.toString("utf8"))));
    const none = () => Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" }));
    const dns = { resolveNaptr: none, resolveSrv: none, resolve4: (name: string) => (name === "client.test" ? Promise.resolve(["127.0.0.2"]) : none()), resolve6: none };
    const bob = await createStack({ transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }], user: "bob", dns, closeTimeoutMs: 2000 });
    stacks.push(bob);
    const calls: Array<UsageKey> = [];
    bob.on("IncomingCall", (e) => calls.push(e.call));
    const own = bob.listening[0]!;
    const invite = [
      `INVITE sip:bob@${own.host}:${own.port};transport=tcp SIP/2.0`,
      `Via: SIP/2.0/TCP client.test:${port};branch=z9hG4bKgone1`,
      "Max-Forwards: 70",
      `To: <sip:bob@${own.host}>`,
      "From: <sip:carol@client.test>;tag=c1",
      "Call-ID: gone-1@client.test",
      "CSeq: 1 INVITE",
      `Contact: <sip:carol@client.test:${port};transport=tcp>`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    try {
      // The 100 (Trying) comes back on the request's connection, which then closes.
      expect(await tcpExchange(own.host, own.port, invite)).toMatch(/^SIP\/2\.0 100 /);
      const call = await waitFor(() => calls[0], "the incoming call");
      await waitFor(() => (bob.counters().connections === 0 ? true : undefined), "bob to see the connection close");
      bob.reject(call, 486);
      const busy = await waitFor(() => heard.find((m) => m.startsWith("SIP/2.0 486 ")), "the 486 at the sent-by");
      expect(busy).toContain("received=127.0.0.1");
    } finally {
      listener.close();
    }
  });
});
