import { describe, expect, it } from "vitest";
import { Flow, PING } from "../src/index.js";
import type { FlowOptions } from "../src/index.js";
import { fakeClock, fakeServer, settle } from "./fakes.js";

const setup = (over: Partial<FlowOptions> = {}) => {
  const clock = fakeClock();
  const server = fakeServer();
  const events: Array<string> = [];
  const flow = new Flow({
    url: "ws://127.0.0.1:5066",
    connect: server.connect,
    timers: clock.host,
    uniform: () => 0.5,
    recovery: { baseTimeMs: 1000, maxTimeMs: 8000 },
    keepAliveUpperBoundMs: 120_000,
    opened: (recovered) => events.push(recovered ? "recovered" : "opened"),
    failed: (reason, wait) => events.push(`failed ${wait}: ${reason}`),
    message: (bytes) => events.push(`message ${bytes.length}`),
    ...over,
  });
  return { clock, server, events, flow };
};

describe("RFC 7118 §4.1 the sip subprotocol", () => {
  it("offers sip in the handshake and opens when the 101 carries it", async () => {
    const { server, events, flow } = setup();
    flow.start();
    await settle();
    expect(server.sockets[0]?.protocol).toBe("sip");
    expect(events).toEqual(["opened"]);
    expect(flow.state).toBe("Open");
  });

  it("treats a 101 without sip as a failed flow", () => {
    const clock = fakeClock();
    const server = fakeServer(false);
    const events: Array<string> = [];
    const flow = new Flow({
      url: "ws://h",
      connect: server.connect,
      timers: clock.host,
      uniform: () => 0,
      recovery: { baseTimeMs: 1000, maxTimeMs: 8000 },
      keepAliveUpperBoundMs: 120_000,
      opened: () => events.push("opened"),
      failed: (reason) => events.push(reason),
      message: () => undefined,
    });
    flow.start();
    server.sockets[0]?.accept("");
    expect(events).toEqual([expect.stringContaining("RFC 7118 §4.1")]);
    expect(server.sockets[0]?.closedByClient).toBe(true);
    flow.close();
  });

  it("§4.1: sending with no open flow is an error value, not an exception (a transaction error, §8.1.3.1)", () => {
    const { flow } = setup();
    expect(flow.send("x")._tag).toBe("Left");
  });
});

describe("RFC 5626 §4.5 flow recovery", () => {
  it("forms a new flow after min(max, base*2^failures) * [50%, 100%), doubling with each consecutive failure", async () => {
    const { clock, server, events, flow } = setup();
    flow.start();
    await settle();
    server.sockets[0]?.drop();
    expect(events[1]).toBe("failed 750: WebSocket closed (1006)");
    clock.advance(749);
    expect(server.sockets.length).toBe(1);
    clock.advance(1);
    expect(server.sockets.length).toBe(2);
    // The new socket fails before opening: the next wait doubles.
    server.sockets[1]?.drop();
    expect(events[2]).toBe("failed 1500: WebSocket closed (1006)");
    clock.advance(1500);
    await settle();
    expect(events[3]).toBe("recovered");
    flow.close();
  });

  it("§4.5: a successful registration on the flow starts the wait over", async () => {
    const { server, events, flow, clock } = setup();
    flow.start();
    await settle();
    server.sockets[0]?.drop();
    clock.advance(750);
    await settle();
    flow.succeeded();
    server.sockets[1]?.drop();
    expect(events.at(-1)).toBe("failed 750: WebSocket closed (1006)");
    flow.close();
  });

  it("ignores what a replaced socket says after it failed", async () => {
    const { server, events, flow } = setup();
    flow.start();
    await settle();
    const old = server.sockets[0];
    old?.drop();
    old?.push("SIP/2.0 200 OK\r\n\r\n");
    old?.drop();
    expect(events.length).toBe(2);
    flow.close();
  });

  it("close() stops recovery: no timer is left armed", async () => {
    const { server, flow, clock } = setup();
    flow.start();
    await settle();
    server.sockets[0]?.drop();
    flow.close();
    expect(clock.pending()).toBe(0);
    clock.advance(100_000);
    expect(server.sockets.length).toBe(1);
  });
});

describe("RFC 5626 §4.4.1 CRLF keep-alive", () => {
  it("pings with a double CRLF; a pong keeps the flow, and the next ping is scheduled", async () => {
    const { server, flow, clock, events } = setup();
    flow.start();
    await settle();
    flow.useKeepAlive(30);
    // 80%..100% of the Flow-Timer: 0.5 draws 27 s.
    clock.advance(26_999);
    expect(server.sockets[0]?.sent).toEqual([]);
    clock.advance(1);
    expect(server.sockets[0]?.sent).toEqual([PING]);
    server.sockets[0]?.push("\r\n");
    clock.advance(27_000);
    expect(server.sockets[0]?.sent).toEqual([PING, PING]);
    expect(events).toEqual(["opened"]);
    // One ping and one pong timer at most.
    expect(clock.pending()).toBeLessThanOrEqual(2);
    flow.close();
  });

  it("treats the flow as failed when no pong comes within 10 s", async () => {
    const { server, flow, clock, events } = setup();
    flow.start();
    await settle();
    flow.useKeepAlive(undefined);
    clock.advance(108_000);
    expect(server.sockets[0]?.sent).toEqual([PING]);
    clock.advance(9_999);
    expect(events).toEqual(["opened"]);
    clock.advance(1);
    expect(events[1]).toContain("no pong within 10 s");
    expect(server.sockets[0]?.closedByClient).toBe(true);
    flow.close();
  });

  it("passes SIP messages on and never a keep-alive", async () => {
    const { server, flow, events } = setup();
    flow.start();
    await settle();
    server.sockets[0]?.push("\r\n\r\n");
    server.sockets[0]?.push("SIP/2.0 200 OK\r\n\r\n");
    expect(events).toEqual(["opened", "message 18"]);
    flow.close();
  });
});
