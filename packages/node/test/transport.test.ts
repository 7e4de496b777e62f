import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { createSocket } from "node:dgram";
import * as E from "fp-ts/lib/Either.js";
import WebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import type { Transport, TransportName } from "../src/index.js";
import { listenTcp, listenTls, listenUdp, listenWs } from "../src/index.js";
import { literalLookup } from "../src/transport/udp.js";
import type { Recorder } from "./helpers.js";
import { enc, hasIpv6Loopback, options, recorder, waitFor } from "./helpers.js";

const cert = readFileSync(new URL("./fixtures/cert.pem", import.meta.url), "utf8");
const key = readFileSync(new URL("./fixtures/key.pem", import.meta.url), "utf8");

const open: Array<Transport> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const listen = async (name: TransportName, host: string, r: Recorder, extra: { maxMessageBytes?: number; idleTimeoutMs?: number } = {}): Promise<Transport> => {
  const base = { host, port: 0, ...extra };
  const t =
    name === "UDP"
      ? await listenUdp(base, r.hooks)
      : name === "TCP"
        ? await listenTcp(base, r.hooks)
        : name === "TLS"
          ? await listenTls({ ...base, cert, key, ca: cert }, r.hooks)
          : await listenWs(name === "WSS" ? { ...base, tls: { cert, key, ca: cert } } : base, r.hooks);
  open.push(t);
  return t;
};

const hosts = hasIpv6Loopback() ? ["127.0.0.1", "::1"] : ["127.0.0.1"];
const names: ReadonlyArray<TransportName> = ["UDP", "TCP", "TLS", "WS", "WSS"];

describe("RFC 3261 §18 transports on the loopback", () => {
  for (const host of hosts) {
    for (const name of names) {
      it(`${name} over ${host}: a request arrives parsed with its source, the answer goes back on the same connection`, async () => {
        const ra = recorder();
        const rb = recorder();
        const a = await listen(name, host, ra);
        const b = await listen(name, host, rb);
        expect(E.isRight(await a.send(enc(options("z9hG4bKone")), b.local))).toBe(true);
        const got = await rb.next();
        expect(got.transport).toBe(name);
        expect(got.source.host).toBe(host);
        expect(E.isRight(got.parsed) && got.parsed.right._tag === "Request" && got.parsed.right.method).toBe("OPTIONS");
        // Reply to where it came from, on its connection for streams (§18.2.2).
        expect(E.isRight(await b.send(enc(options("z9hG4bKtwo")), got.source, got.connection))).toBe(true);
        const back = await ra.next();
        expect(E.isRight(back.parsed)).toBe(true);
        if (name !== "UDP") {
          expect(back.connection).toBeDefined();
          // Connection reuse: one connection each way, both ends count one.
          expect(ra.counters.snapshot().connections).toBe(1);
          expect(rb.counters.snapshot().connections).toBe(1);
          expect(b.hasConnection(got.source, got.connection)).toBe(true);
        }
        // A second request from A reuses the connection B answered on.
        expect(E.isRight(await a.send(enc(options("z9hG4bKthree")), b.local))).toBe(true);
        const third = await rb.next();
        expect(third.connection).toBe(got.connection);
      });
    }
  }
});

describe("bad input from the network never crashes the transport", () => {
  it("§18.3 a garbage datagram is reported as a parse error and the socket keeps working", async () => {
    const r = recorder();
    const t = await listen("UDP", "127.0.0.1", r);
    const raw = createSocket("udp4");
    await new Promise<void>((done) => { raw.send(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0d, 0x0a]), t.local.port, "127.0.0.1", () => { done(); }); });
    const bad = await r.next();
    expect(E.isLeft(bad.parsed)).toBe(true);
    await new Promise<void>((done) => { raw.send(enc(options("z9hG4bKafter")), t.local.port, "127.0.0.1", () => { done(); }); });
    expect(E.isRight((await r.next()).parsed)).toBe(true);
    raw.close();
  });

  it("a stream message over maxMessageBytes closes that connection only", async () => {
    const r = recorder();
    const t = await listen("TCP", "127.0.0.1", r, { maxMessageBytes: 1024 });
    const hog = connect(t.local.port, "127.0.0.1");
    const closed = new Promise<void>((done) => hog.on("close", () => { done(); }));
    hog.on("error", () => undefined);
    hog.write(options("z9hG4bKbig").replace("Content-Length: 0", "Content-Length: 100000"));
    await closed;
    expect(r.logs.some((l) => l._tag === "ParseError" && l.detail.includes("maxBodyBytes"))).toBe(true);
    // Another peer is still served.
    const other = recorder();
    const peer = await listen("TCP", "127.0.0.1", other);
    expect(E.isRight(await peer.send(enc(options("z9hG4bKfine")), t.local))).toBe(true);
    expect(E.isRight((await r.next()).parsed)).toBe(true);
  });

  it("a header section without an end closes the connection once it passes the limit", async () => {
    const r = recorder();
    const t = await listen("TCP", "127.0.0.1", r, { maxMessageBytes: 512 });
    const hog = connect(t.local.port, "127.0.0.1");
    const closed = new Promise<void>((done) => hog.on("close", () => { done(); }));
    hog.on("error", () => undefined);
    hog.write(`OPTIONS sip:x@y SIP/2.0\r\nX: ${"a".repeat(2000)}`);
    await closed;
    expect(r.counters.snapshot().connections).toBe(0);
  });

  it("RFC 5626 §3.5.1 a CRLF CRLF keep-alive ping is answered with a CRLF pong", async () => {
    const r = recorder();
    const t = await listen("TCP", "127.0.0.1", r);
    const peer = connect(t.local.port, "127.0.0.1");
    const pong = new Promise<string>((done) => peer.once("data", (d) => { done(d.toString("latin1")); }));
    peer.write("\r\n\r\n");
    expect(await pong).toBe("\r\n");
    peer.destroy();
  });

  it("RFC 5626 §4.4.1 over RFC 7118 WebSocket: a CRLF CRLF message is answered with CRLF, a lone CRLF is no message at all", async () => {
    const r = recorder();
    const t = await listen("WS", "127.0.0.1", r);
    const client = new WebSocket(`ws://127.0.0.1:${t.local.port}/`, "sip");
    await new Promise<void>((done) => client.on("open", () => { done(); }));
    const pong = new Promise<string>((done) => client.once("message", (d: Buffer) => { done(d.toString("latin1")); }));
    client.send("\r\n");
    client.send("\r\n\r\n");
    expect(await pong).toBe("\r\n");
    expect(r.counters.snapshot().parseErrors).toBe(0);
    client.close();
  });

  it("RFC 7118 §4.1 a WebSocket client without the sip subprotocol is refused", async () => {
    const r = recorder();
    const t = await listen("WS", "127.0.0.1", r);
    const client = new WebSocket(`ws://127.0.0.1:${t.local.port}/`, "chat");
    const code = await new Promise<number>((done) => {
      client.on("close", (c) => { done(c); });
      client.on("error", () => undefined);
    });
    expect(code).not.toBe(1000);
    expect(r.counters.snapshot().connections).toBe(0);
  });

  it("a WebSocket message over the size limit closes that connection (1009)", async () => {
    const r = recorder();
    const t = await listen("WS", "127.0.0.1", r, { maxMessageBytes: 1024 });
    const client = new WebSocket(`ws://127.0.0.1:${t.local.port}/`, "sip");
    await new Promise<void>((done) => client.on("open", () => { done(); }));
    const code = new Promise<number>((done) => client.on("close", (c) => { done(c); }));
    client.send("x".repeat(5000));
    expect(await code).toBe(1009);
    await waitFor(() => (r.counters.snapshot().connections === 0 ? true : undefined), "the server to forget the connection");
  });

  it("an idle stream connection is closed", async () => {
    const r = recorder();
    const t = await listen("TCP", "127.0.0.1", r, { idleTimeoutMs: 30 });
    const peer = connect(t.local.port, "127.0.0.1");
    await new Promise<void>((done) => peer.on("close", () => { done(); }));
    expect(r.logs.some((l) => l._tag === "Connection" && l.state === "closed" && l.detail.includes("idle"))).toBe(true);
  });

  it("sending to a port nobody listens on is a Left, not a throw", async () => {
    const r = recorder();
    const t = await listen("TCP", "127.0.0.1", r);
    const spare = await listen("TCP", "127.0.0.1", recorder());
    const port = spare.local.port;
    await spare.close();
    const sent = await t.send(enc(options("z9hG4bKnobody")), { host: "127.0.0.1", port });
    expect(E.isLeft(sent) && sent.left._tag).toBe("Unreachable");
  });
});

describe("RFC 3261 §18.1.1 UDP sends to an address RFC 3263 already resolved", () => {
  it("the socket's lookup answers an IPv4 or IPv6 address at once, with its family (no dns.lookup per datagram)", () => {
    const answers: Array<readonly [string, number]> = [];
    for (const host of ["127.0.0.1", "::1", "2001:db8::7"]) literalLookup(host, {}, (error, address, family) => { if (error === null) answers.push([address, family]); });
    // Answered before literalLookup returned: nothing was deferred to a later turn.
    expect(answers).toEqual([["127.0.0.1", 4], ["::1", 6], ["2001:db8::7", 6]]);
  });

  it("a host name (the bind address \"localhost\") still goes to dns.lookup", async () => {
    const r = recorder();
    const t = await listenUdp({ host: "localhost", port: 0 }, r.hooks);
    open.push(t);
    // A udp4 socket: its lookup asks for IPv4.
    expect(t.local.host).toBe("127.0.0.1");
    const peer = createSocket("udp4");
    try {
      await new Promise<void>((done) => { peer.bind(0, "127.0.0.1", () => { done(); }); });
      const got = new Promise<Buffer>((done) => peer.once("message", (m) => { done(m); }));
      const sent = await t.send(enc(options("z9hG4bKlocal")), { host: "127.0.0.1", port: peer.address().port });
      expect(E.isRight(sent)).toBe(true);
      expect((await got).toString("latin1").startsWith("OPTIONS ")).toBe(true);
    } finally {
      peer.close();
    }
  });
});

describe("UDP receive buffer (§18.2.1: UDP has no flow control; what overflows the socket is lost)", () => {
  const rmemMax = (): number | undefined => {
    try {
      return Number(readFileSync("/proc/sys/net/core/rmem_max", "utf8").trim());
    } catch {
      return undefined;
    }
  };

  it("asks the OS for the receive buffer it is given (udpReceiveBufferBytes) and reports what it got", async () => {
    const r = recorder();
    const t = await listenUdp({ host: "127.0.0.1", port: 0, udpReceiveBufferBytes: 65_536 }, r.hooks);
    open.push(t);
    expect(t.receiveBufferBytes).toBeGreaterThanOrEqual(65_536);
    expect(r.logs.filter((l) => l._tag === "Transport")).toEqual([]);
  });

  // Linux only: the cap to compare with is /proc/sys/net/core/rmem_max.
  it.skipIf(rmemMax() === undefined)("asks for 4 MiB by default (a cold start at 200 calls/s overflowed the OS default), and says so when the OS caps it", async () => {
    const r = recorder();
    const t = await listenUdp({ host: "127.0.0.1", port: 0 }, r.hooks);
    open.push(t);
    const cap = rmemMax() ?? 0;
    expect(t.receiveBufferBytes).toBeGreaterThanOrEqual(Math.min(4 * 1024 * 1024, cap));
    const capped = (t.receiveBufferBytes ?? 0) < 4 * 1024 * 1024;
    expect(r.logs.some((l) => l._tag === "Transport" && l.detail.includes("raise net.core.rmem_max"))).toBe(capped);
  });
});
