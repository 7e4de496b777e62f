// RFC 3261 §18 and §18.2.1: a stack given a UDP transport also listens on TCP at the same host
// and port (`tcpBesideUdp`, default true), and keeps its connections open past the transaction.
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTimers } from "@puresip/transaction";
import type { AppEvent } from "@puresip/ua";
import type { Stack, StackOptions } from "../src/index.js";
import { StackError, createStack } from "../src/index.js";
import { DEFAULT_IDLE_TIMEOUT_MS } from "../src/transport/types.js";
import { options, tcpExchange, waitFor } from "./helpers.js";

const stacks: Array<Stack> = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});

const make = async (user: string, more: Partial<StackOptions> = {}): Promise<Stack> => {
  const s = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user, closeTimeoutMs: 2000, ...more });
  stacks.push(s);
  return s;
};

describe("RFC 3261 §18.2.1 TCP beside UDP", () => {
  it("RFC3261-18.2.1-3, RFC3261-18.2.1-1: a stack given only UDP listens on TCP at the same host and port, and answers a request that comes over it", async () => {
    const bob = await make("bob");
    const udp = bob.listening[0]!;
    expect(bob.listening).toEqual([udp, { transport: "TCP", host: udp.host, port: udp.port }]);
    const answer = await tcpExchange(udp.host, udp.port, options("z9hG4bKbeside", `SIP/2.0/TCP 127.0.0.1:1`));
    expect(answer.startsWith("SIP/2.0 200 ")).toBe(true);
  });

  it("RFC3261-18.2.1-3: a request too large for UDP (§18.1.1) reaches a stack listed with UDP alone, over TCP at its UDP address", async () => {
    const alice = await make("alice");
    const bob = await make("bob");
    const got: Array<AppEvent> = [];
    bob.on("MessageReceived", (e) => got.push(e));
    const { host, port } = bob.listening[0]!;
    expect((await alice.message(`sip:bob@${host}:${port}`, "x".repeat(2000))).status).toBe(200);
    const m = await waitFor(() => got[0], "the MESSAGE");
    expect(m._tag === "MessageReceived" && m.request.core.via[0]?.transport).toBe("TCP");
  });

  it("tcpBesideUdp: false listens on exactly the listed UDP: a TCP connection to its port is refused", async () => {
    const bob = await make("bob", { tcpBesideUdp: false });
    const udp = bob.listening[0]!;
    expect(bob.listening).toEqual([{ transport: "UDP", host: "127.0.0.1", port: udp.port }]);
    await expect(tcpExchange(udp.host, udp.port, options("z9hG4bKnotcp"))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("a TCP already listed on the host is the application's choice: no second TCP listener is added", async () => {
    const bob = await make("bob", { transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }, { transport: "TCP", host: "127.0.0.1", port: 0 }] });
    expect(bob.listening.map((l) => l.transport)).toEqual(["UDP", "TCP"]);
  });

  it("a fixed port whose TCP side is taken: createStack rejects with a StackError naming the opt-out, and the UDP port is given back", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => { r(); }));
    const port = (taken.address() as AddressInfo).port;
    try {
      const failed = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port }], user: "bob" }).then(
        (s) => s,
        (error: unknown) => error,
      );
      if (!(failed instanceof StackError)) {
        if (failed !== null && typeof failed === "object" && "close" in failed) stacks.push(failed as Stack);
        throw new Error("createStack should have rejected");
      }
      expect(failed.message).toMatch(/tcpBesideUdp: false/);
      // Nothing stays bound: the UDP side of that port can be taken again.
      const probe = createSocket("udp4");
      await new Promise<void>((resolve, reject) => {
        probe.once("error", reject);
        probe.bind(port, "127.0.0.1", () => { resolve(); });
      });
      probe.close();
    } finally {
      taken.close();
    }
  });
});

describe("RFC 3261 §18 connections outlive their transactions", () => {
  it("RFC3261-18-1, RFC3261-18-2: the TCP connection of a finished transaction stays open; the default idle close (5 min) is past 64*T1", async () => {
    const alice = await make("alice", { transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }] });
    const bob = await make("bob", { transports: [{ transport: "TCP", host: "127.0.0.1", port: 0 }] });
    const { host, port } = bob.listening[0]!;
    // A non-INVITE client transaction over TCP terminates with its final response (Timer K = 0, §17.1.2.2).
    expect((await alice.options(`sip:bob@${host}:${port};transport=tcp`)).status).toBe(200);
    expect(alice.counters().connections).toBe(1);
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBeGreaterThanOrEqual(64 * defaultTimers.t1);
  });
});
