// Test plumbing for the abuse tests: attackers that run in this process (each respects its own
// socket's back-pressure, so what grows is the server's, never the attacker's), a responder
// that answers every request with a fixed number of octets, and a one-shot OPTIONS client.
import { createSocket } from "node:dgram";
import type { Socket } from "node:net";
import { connect } from "node:net";
import type { Inbound, Transport } from "../src/index.js";
import { Counters } from "../src/index.js";
import type { Recorder } from "./helpers.js";
import { options } from "./helpers.js";

export interface Pipeliner {
  readonly socket: Socket;
  /** Requests handed to the socket so far. */
  readonly sent: () => number;
  /** Ends the attack (the socket never read a byte of the answers). */
  readonly stop: () => void;
}

/**
 * A client that pipelines `count` OPTIONS on one connection and never reads an answer. It
 * writes while its own socket accepts more (a real attacker would buffer the rest itself).
 */
export const pipeline = (port: number, count: number, via = "SIP/2.0/TCP 127.0.0.1:5060"): Pipeliner => {
  const socket = connect({ port, host: "127.0.0.1" });
  socket.on("error", () => undefined);
  let sent = 0;
  const pump = (): void => {
    while (sent < count && !socket.destroyed) {
      const ok = socket.write(options(`z9hG4bKflood${sent}`, via).replace("a84b4c76e66710", `flood${sent}`));
      sent++;
      if (!ok) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  socket.once("connect", pump);
  return {
    socket,
    sent: () => sent,
    stop: () => {
      socket.destroy();
    },
  };
};

/** Transport hooks that answer every message with `size` octets on its connection, as a busy UAS would. */
export const responder = (size: number): { readonly hooks: Recorder["hooks"]; readonly bind: (t: Transport) => void; readonly received: () => number; readonly logs: Recorder["logs"]; readonly counters: Counters } => {
  let transport: Transport | undefined;
  let received = 0;
  const logs: Recorder["logs"] = [];
  const counters = new Counters();
  const answer = new Uint8Array(size).fill(0x41);
  return {
    hooks: {
      onInbound: (i: Inbound) => {
        received++;
        if (transport !== undefined) void transport.send(answer, i.source, i.connection);
      },
      log: (e) => logs.push(e),
      counters,
    },
    bind: (t) => {
      transport = t;
    },
    received: () => received,
    logs,
    counters,
  };
};

/** Sends one OPTIONS (its own Call-ID, so no §8.2.2.2 merge) over UDP and resolves with the status line of the first answer. */
export const optionsOverUdp = (port: number, branch: string): Promise<string> =>
  new Promise((resolve) => {
    const s = createSocket("udp4");
    s.on("message", (m) => {
      resolve(m.toString("latin1").split("\r\n")[0] ?? "");
      s.close();
    });
    s.send(options(branch).replace("a84b4c76e66710", branch), port, "127.0.0.1");
  });

/** Opens a new TCP connection, sends one OPTIONS and resolves with the status line of the answer. */
export const optionsOverNewTcp = (port: number, branch: string): Promise<string> =>
  new Promise((resolve) => {
    const s = connect({ port, host: "127.0.0.1" });
    s.on("error", () => undefined);
    let text = "";
    s.on("data", (d) => {
      text += d.toString("latin1");
      const end = text.indexOf("\r\n");
      if (end >= 0) {
        resolve(text.slice(0, end));
        s.destroy();
      }
    });
    s.write(options(branch, "SIP/2.0/TCP 127.0.0.1:5060").replace("a84b4c76e66710", branch));
  });

/** What this process holds beyond its V8 heap's code: live JS objects and the octets of Buffers. */
export const heldBytes = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
