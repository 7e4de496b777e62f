// Test plumbing: hooks that queue what a transport reports, and waits bounded in time.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import type { Inbound, LogEvent, TransportHooks } from "../src/index.js";
import { Counters } from "../src/index.js";

/** Resolves with the first value `poll` gives, or rejects after `ms` (a bound, not an assertion on time). */
export const waitFor = <A>(poll: () => A | undefined, what: string, ms = 5000): Promise<A> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const v = poll();
      if (v !== undefined) resolve(v);
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 5);
    };
    tick();
  });

export interface Recorder {
  readonly hooks: TransportHooks;
  readonly inbound: Array<Inbound>;
  readonly logs: Array<LogEvent>;
  readonly counters: Counters;
  /** Removes and returns the next inbound message, waiting for it. */
  next(): Promise<Inbound>;
}

export const recorder = (): Recorder => {
  const inbound: Array<Inbound> = [];
  const logs: Array<LogEvent> = [];
  const counters = new Counters();
  return {
    inbound,
    logs,
    counters,
    hooks: { onInbound: (i) => inbound.push(i), log: (e) => logs.push(e), counters },
    next: () => waitFor(() => inbound.shift(), "an inbound message"),
  };
};

/** Is ::1 configured here (containers often run without IPv6)? */
export const hasIpv6Loopback = (): boolean =>
  Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.family === "IPv6" && i.address === "::1"));

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export const options = (branch: string, via = "SIP/2.0/UDP 127.0.0.1:5060"): string =>
  [
    "OPTIONS sip:bob@127.0.0.1 SIP/2.0",
    `Via: ${via};rport;branch=${branch}`,
    "Max-Forwards: 70",
    "To: <sip:bob@127.0.0.1>",
    "From: <sip:alice@127.0.0.1>;tag=1928301774",
    "Call-ID: a84b4c76e66710@127.0.0.1",
    "CSeq: 63104 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

/** Writes `text` on a new TCP connection and resolves with the first message head that comes back (bounded by `ms`). */
export const tcpExchange = (host: string, port: number, text: string, ms = 5000): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, host);
    let got = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer over TCP from ${host}:${port}: ${got}`));
    }, ms);
    socket.on("data", (chunk: Buffer) => {
      got += chunk.toString("utf8");
      if (got.includes("\r\n\r\n")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(text);
  });
