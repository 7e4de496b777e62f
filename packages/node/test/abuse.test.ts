// `createStack` under the transport attacks of issue #15 (RFC 3261 §26.1.5): while one peer
// floods a TCP connection without reading, or slow senders hold every connection the cap
// allows, an OPTIONS over UDP and over a new TCP connection still gets its 200, and the
// process's memory stays bounded. The assertions are bounds, never durations.
import type { Socket } from "node:net";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { LogEvent, Stack, StackOptions } from "../src/index.js";
import { StackError, createStack } from "../src/index.js";
import { heldBytes, optionsOverNewTcp, optionsOverUdp, pipeline } from "./abuse-helpers.js";
import { options, waitFor } from "./helpers.js";

const stacks: Array<Stack> = [];
const sockets: Array<Socket> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(stacks.splice(0).map((s) => s.close({ unregister: false })));
});

const serve = async (logs: Array<LogEvent>, limits: Partial<StackOptions>): Promise<{ readonly stack: Stack; readonly port: number }> => {
  // UDP first to learn a port, then TCP on another: the tests only need both to answer.
  const stack = await createStack({
    transports: [
      { transport: "UDP", host: "127.0.0.1", port: 0 },
      { transport: "TCP", host: "127.0.0.1", port: 0 },
    ],
    user: "server",
    log: (e) => {
      if (e.level !== "debug") logs.push(e);
    },
    closeTimeoutMs: 200,
    ...limits,
  });
  stacks.push(stack);
  return { stack, port: stack.listening[0]?.port ?? 0 };
};

const tcpPort = (stack: Stack): number => stack.listening.find((l) => l.transport === "TCP")?.port ?? 0;

describe("RFC 3261 §26.1.5 a stack under transport abuse keeps serving", () => {
  it("50,000 OPTIONS pipelined on one TCP connection that never reads: reading pauses, memory growth stays bounded, OPTIONS over UDP and a new TCP connection get 200", { timeout: 120_000 }, async () => {
    const logs: Array<LogEvent> = [];
    const { stack, port } = await serve(logs, { maxBufferedBytes: 64 * 1024 });
    const before = heldBytes();
    const attack = pipeline(tcpPort(stack), 50_000);
    sockets.push(attack.socket);
    await waitFor(() => (logs.some((l) => l._tag === "Connection" && l.detail.includes("reading paused")) ? true : undefined), "reading to pause", 60_000);
    let most = 0;
    for (let round = 0; round < 5; round++) {
      expect(await optionsOverUdp(port, `z9hG4bKudp${round}`)).toBe("SIP/2.0 200 OK");
      expect(await optionsOverNewTcp(tcpPort(stack), `z9hG4bKtcp${round}`)).toBe("SIP/2.0 200 OK");
      most = Math.max(most, heldBytes() - before);
    }
    // The flood was not served whole: the stack stopped reading it.
    expect(stack.counters().messagesIn).toBeLessThan(50_000);
    expect(most).toBeLessThan(48 * 1024 * 1024);
  });

  it("every connection the cap allows held by a slow sender: OPTIONS over UDP and a new TCP connection get 200, never more than maxConnections open", async () => {
    const logs: Array<LogEvent> = [];
    const { stack, port } = await serve(logs, { maxConnections: 20, maxConnectionsPerHost: 20 });
    const text = options("z9hG4bKslowloris", "SIP/2.0/TCP 127.0.0.1:5060");
    for (let i = 0; i < 30; i++) {
      const s = connect({ port: tcpPort(stack), host: "127.0.0.1" });
      sockets.push(s);
      s.on("error", () => undefined);
      s.write(text.slice(0, 20));
    }
    await waitFor(() => (logs.filter((l) => l._tag === "Connection" && l.detail.includes("maxConnections")).length >= 10 ? true : undefined), "the cap to be reached");
    expect(stack.counters().connections).toBeLessThanOrEqual(20);
    expect(await optionsOverUdp(port, "z9hG4bKudpcap")).toBe("SIP/2.0 200 OK");
    expect(await optionsOverNewTcp(tcpPort(stack), "z9hG4bKtcpcap")).toBe("SIP/2.0 200 OK");
    expect(stack.counters().connections).toBeLessThanOrEqual(20);
  });

  it("a limit out of range is refused with a StackError naming it", async () => {
    await expect(createStack({ transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }], maxConnections: 0 })).rejects.toThrow(StackError);
    await expect(createStack({ transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }], messageTimeoutMs: Number.NaN })).rejects.toThrow(/messageTimeoutMs/);
  });
});
