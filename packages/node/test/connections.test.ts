// The stream limits of connections.ts against the attacks they exist for (RFC 3261 §26.1.5:
// floods "rendering a particular network element unavailable"). Every test asserts a bound
// (octets buffered, connections open, bytes a slow sender got in), never a duration.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import WebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import type { StreamOptions, Transport } from "../src/index.js";
import { listenTcp, listenTls, listenWs } from "../src/index.js";
import { heldBytes, pipeline, responder } from "./abuse-helpers.js";
import { options, recorder, waitFor } from "./helpers.js";

const cert = readFileSync(new URL("./fixtures/cert.pem", import.meta.url), "utf8");
const key = readFileSync(new URL("./fixtures/key.pem", import.meta.url), "utf8");

const open: Array<Transport> = [];
const sockets: Array<Socket | WebSocket> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) if (s instanceof WebSocket) s.terminate(); else s.destroy();
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const tcp = async (hooks: Parameters<typeof listenTcp>[1], extra: Partial<StreamOptions> = {}): Promise<Transport> => {
  const t = await listenTcp({ host: "127.0.0.1", port: 0, ...extra }, hooks);
  open.push(t);
  return t;
};

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `count()` has not moved for `quietMs` (the attacker can push no more), within `ms`. */
const settled = async (count: () => number, quietMs = 300, ms = 15_000): Promise<number> => {
  let last = -1;
  let since = 0;
  return waitFor(
    () => {
      const now = count();
      if (now !== last) {
        last = now;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? now : undefined;
    },
    "the attacker to stall",
    ms,
  );
};

const closedOf = (s: Socket): Promise<void> => new Promise((done) => s.on("close", () => { done(); }));

const BOUND = 64 * 1024;
const FLOOD = 50_000;

describe("RFC 3261 §26.1.5 back-pressure: a peer that sends requests and never reads the answers", () => {
  it("TCP: 50,000 pipelined OPTIONS and no reads: reading pauses, the output buffered for the connection stays under twice maxBufferedBytes, memory growth stays bounded", async () => {
    const r = responder(4096);
    const t = await tcp(r.hooks, { maxBufferedBytes: BOUND });
    r.bind(t);
    const before = heldBytes();
    const attack = pipeline(t.local.port, FLOOD);
    sockets.push(attack.socket);
    await waitFor(() => (t.connections?.()[0]?.paused === true ? true : undefined), "reading to pause", 15_000);
    await settled(attack.sent);
    const [conn] = t.connections?.() ?? [];
    expect(conn?.paused).toBe(true);
    expect(conn?.peakBufferedBytes).toBeLessThanOrEqual(2 * BOUND);
    expect(conn?.bufferedBytes).toBeLessThanOrEqual(2 * BOUND);
    // Unbounded, the 4 KiB answers to what was read would be held here; the server stopped reading instead.
    expect(r.received()).toBeLessThan(FLOOD);
    expect(heldBytes() - before).toBeLessThan(32 * 1024 * 1024);
    expect(r.logs.some((l) => l._tag === "Connection" && l.detail.includes("reading paused"))).toBe(true);

    // The peer reads at last: the output drains, reading resumes, more requests are served.
    const atPause = r.received();
    attack.socket.on("data", () => undefined);
    await waitFor(() => (r.received() > atPause ? true : undefined), "reading to resume", 15_000);
    expect(t.connections?.()[0]?.peakBufferedBytes).toBeLessThanOrEqual(2 * BOUND);
  });

  it("TCP: a peer that stays over maxBufferedBytes for stalledTimeoutMs is disconnected", async () => {
    const r = responder(4096);
    const t = await tcp(r.hooks, { maxBufferedBytes: BOUND, stalledTimeoutMs: 200 });
    r.bind(t);
    const attack = pipeline(t.local.port, FLOOD);
    sockets.push(attack.socket);
    await closedOf(attack.socket);
    expect(t.connections?.()).toEqual([]);
    expect(r.counters.snapshot().connections).toBe(0);
    expect(r.logs.some((l) => l._tag === "Connection" && l.state === "closed" && l.detail.includes("does not read"))).toBe(true);
  });

  it("RFC 7118 WebSocket: a client that sends and never reads is paused at maxBufferedBytes (bufferedAmount), its output under twice the bound", async () => {
    const r = responder(4096);
    const t = await listenWs({ host: "127.0.0.1", port: 0, maxBufferedBytes: BOUND }, r.hooks);
    open.push(t);
    r.bind(t);
    const client = new WebSocket(`ws://127.0.0.1:${t.local.port}/`, "sip");
    sockets.push(client);
    client.on("error", () => undefined);
    await new Promise<void>((done) => client.on("open", () => { done(); }));
    client.pause();
    let sent = 0;
    const pump = (): void => {
      while (sent < FLOOD && client.readyState === WebSocket.OPEN && client.bufferedAmount < BOUND) client.send(options(`z9hG4bKws${sent++}`));
      if (sent < FLOOD && client.readyState === WebSocket.OPEN) setTimeout(pump, 5);
    };
    pump();
    await waitFor(() => (t.connections?.()[0]?.paused === true ? true : undefined), "reading to pause", 15_000);
    await settled(() => sent);
    const [conn] = t.connections?.() ?? [];
    expect(conn?.peakBufferedBytes).toBeLessThanOrEqual(2 * BOUND);
    expect(r.received()).toBeLessThan(FLOOD);
    sent = FLOOD;
  });
});

describe("RFC 3261 §18.3 slow senders: a message must be whole messageTimeoutMs after its first octet", () => {
  it("TCP: one octet every 100 ms is disconnected at the deadline, with no message delivered", async () => {
    const r = recorder();
    const t = await tcp(r.hooks, { messageTimeoutMs: 300 });
    const text = options("z9hG4bKslow");
    const s = connect({ port: t.local.port, host: "127.0.0.1" });
    sockets.push(s);
    s.on("error", () => undefined);
    const closed = closedOf(s);
    let sentOctets = 0;
    const drip = setInterval(() => {
      if (sentOctets < text.length && !s.destroyed) s.write(text.charAt(sentOctets++));
    }, 100);
    await closed;
    clearInterval(drip);
    // Each octet did not extend the deadline: the peer got nowhere near a whole message.
    expect(sentOctets).toBeLessThan(text.length);
    expect(r.inbound).toEqual([]);
    expect(r.logs.some((l) => l._tag === "Connection" && l.state === "closed" && l.detail.includes("messageTimeoutMs"))).toBe(true);
  });

  it("RFC 5630 TLS: one octet every 100 ms after the handshake is disconnected at the deadline; a handshake never finished is too", async () => {
    const r = recorder();
    const t = await listenTls({ host: "127.0.0.1", port: 0, cert, key, messageTimeoutMs: 300 }, r.hooks);
    open.push(t);
    // No ClientHello at all: the handshake is held to the same deadline.
    const mute = connect({ port: t.local.port, host: "127.0.0.1" });
    sockets.push(mute);
    mute.on("error", () => undefined);
    const muteClosed = closedOf(mute);
    const s = tlsConnect({ port: t.local.port, host: "127.0.0.1", rejectUnauthorized: false });
    s.on("error", () => undefined);
    await new Promise<void>((done) => s.once("secureConnect", () => { done(); }));
    const text = options("z9hG4bKtlsslow");
    const closed = new Promise<void>((done) => s.on("close", () => { done(); }));
    let sentOctets = 0;
    const drip = setInterval(() => {
      if (sentOctets < text.length && !s.destroyed) s.write(text.charAt(sentOctets++));
    }, 100);
    await closed;
    clearInterval(drip);
    await muteClosed;
    expect(sentOctets).toBeLessThan(text.length);
    expect(r.inbound).toEqual([]);
    expect(r.logs.some((l) => l._tag === "Connection" && l.state === "closed" && l.detail.includes("messageTimeoutMs"))).toBe(true);
  });

  it("RFC 5626 §3.5.1 TCP: whole keep-alives, and whole messages sent in pieces, keep the connection past the deadline", async () => {
    const r = recorder();
    // The deadline is per message: 15 messages take at least 1.5 s, past one deadline of 1 s.
    // (300 ms with 10 messages was too tight for a 2-core CI machine under load: a 50 ms pause
    // there can take longer than the deadline itself.)
    const t = await tcp(r.hooks, { messageTimeoutMs: 1000 });
    const s = connect({ port: t.local.port, host: "127.0.0.1" });
    sockets.push(s);
    s.on("data", () => undefined);
    await new Promise<void>((done) => s.once("connect", () => { done(); }));
    const text = options("z9hG4bKpieces");
    for (let i = 0; i < 15; i++) {
      s.write("\r\n\r\n");
      // A message in two pieces, the second 50 ms later, well within the deadline.
      s.write(text.slice(0, 40));
      await pause(50);
      s.write(text.slice(40));
      await pause(50);
    }
    await waitFor(() => (r.inbound.length === 15 ? true : undefined), "fifteen messages");
    expect(s.destroyed).toBe(false);
    expect(t.connections?.().length).toBe(1);
  });

  it("RFC 7118 WebSocket: a frame trickled one octet every 100 ms is disconnected at the deadline", async () => {
    const r = recorder();
    const t = await listenWs({ host: "127.0.0.1", port: 0, messageTimeoutMs: 300 }, r.hooks);
    open.push(t);
    const s = connect({ port: t.local.port, host: "127.0.0.1" });
    sockets.push(s);
    s.on("error", () => undefined);
    const key = randomBytes(16).toString("base64");
    s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n`);
    await new Promise<void>((done) => s.once("data", () => { done(); }));
    await waitFor(() => (t.connections?.().length === 1 ? true : undefined), "the WebSocket to open");
    // A masked text frame (RFC 6455 §5.2) carrying an OPTIONS, one octet at a time.
    const payload = Buffer.from(options("z9hG4bKwsslow"));
    const mask = randomBytes(4);
    const frame = Buffer.concat([Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]), mask, Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)))]);
    const closed = closedOf(s);
    let sentOctets = 0;
    const drip = setInterval(() => {
      if (sentOctets < frame.length && !s.destroyed) s.write(frame.subarray(sentOctets, ++sentOctets));
    }, 100);
    await closed;
    clearInterval(drip);
    expect(sentOctets).toBeLessThan(frame.length);
    expect(r.inbound).toEqual([]);
    expect(r.logs.some((l) => l._tag === "Connection" && l.state === "closed" && l.detail.includes("messageTimeoutMs"))).toBe(true);
  });
});

describe("RFC 3261 §26.1.5 descriptors: a cap on connections, the one idle longest closed first", () => {
  const from = async (t: Transport, localAddress: string): Promise<Socket> => {
    const s = connect({ port: t.local.port, host: "127.0.0.1", localAddress });
    sockets.push(s);
    s.on("error", () => undefined);
    await new Promise<void>((done) => s.once("connect", () => { done(); }));
    // Accepted, and any eviction done, once the server lists it.
    await waitFor(() => ((t.connections?.() ?? []).some((c) => c.remote.port === s.localPort) ? true : undefined), "the server to accept", 5000);
    return s;
  };

  it("maxConnectionsPerHost and maxConnections: never more open; the new peer is served; the connection whose last message is oldest goes", async () => {
    const r = recorder();
    const t = await tcp(r.hooks, { maxConnections: 4, maxConnectionsPerHost: 2 });
    const c1 = await from(t, "127.0.0.1");
    const c2 = await from(t, "127.0.0.1");
    // c1 sends a message: c2 is now the one idle longest.
    c1.write(options("z9hG4bKactive"));
    await r.next();
    const c2closed = closedOf(c2);
    const c3 = await from(t, "127.0.0.1");
    await c2closed;
    expect(c1.destroyed).toBe(false);
    expect((t.connections?.() ?? []).filter((c) => c.remote.host === "127.0.0.1").length).toBe(2);

    await from(t, "127.0.0.2");
    await from(t, "127.0.0.3");
    expect(t.connections?.().length).toBe(4);
    const c1closed = closedOf(c1);
    const d = await from(t, "127.0.0.4");
    await c1closed;
    expect(t.connections?.().length).toBe(4);
    expect(r.counters.snapshot().connections).toBe(4);
    // The newest peer is served.
    d.write(options("z9hG4bKnewest"));
    const got = await r.next();
    expect(got.source.host).toBe("127.0.0.4");
    expect(c3.destroyed).toBe(false);
    expect(r.logs.filter((l) => l._tag === "Connection" && l.state === "closed" && l.level === "warn").length).toBe(2);
  });

  it("opening 3 × maxConnections connections never leaves more than maxConnections open", async () => {
    const r = recorder();
    const t = await tcp(r.hooks, { maxConnections: 10, maxConnectionsPerHost: 10 });
    let most = 0;
    for (let i = 0; i < 30; i++) {
      await from(t, "127.0.0.1");
      most = Math.max(most, t.connections?.().length ?? 0, r.counters.snapshot().connections);
    }
    expect(most).toBe(10);
  });
});
