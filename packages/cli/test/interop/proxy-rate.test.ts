// `puresip proxy --rate` on the loopback: one UDP socket sends 40 OPTIONS (distinct branches, one
// burst) to the proxy itself; with a budget of 5/s the first 5 are answered 200 (§11) and the
// rest 503 with Retry-After (RFC 3261 §21.5.4, §20.33), or nothing with --over-budget drop; the
// overrun is logged once, and counted at exit. Time-bounded; the proxy is stopped by PID.
import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, stopAll } from "./harness.js";
import { buildCli, startProxy } from "./serve.js";

let main = "";
beforeAll(() => {
  main = buildCli();
});
afterAll(stopAll);

const options = (port: number, i: number): string =>
  [
    `OPTIONS sip:${LOOPBACK}:${String(port)} SIP/2.0`,
    `Via: SIP/2.0/UDP ${LOOPBACK}:9;rport;branch=z9hG4bKrate${String(i)}`,
    "Max-Forwards: 70",
    `From: <sip:probe@${LOOPBACK}>;tag=r${String(i)}`,
    `To: <sip:${LOOPBACK}:${String(port)}>`,
    `Call-ID: rate-${String(i)}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

/** Sends `n` OPTIONS at once, collects the status lines that come back within `waitMs`. */
const burst = async (port: number, n: number, waitMs: number): Promise<ReadonlyArray<string>> => {
  const socket = createSocket("udp4");
  const got: Array<string> = [];
  socket.on("message", (m) => got.push(m.toString("utf8")));
  await new Promise<void>((r) => socket.bind(0, LOOPBACK, r));
  for (let i = 0; i < n; i++) socket.send(options(port, i), port, LOOPBACK);
  await new Promise((r) => setTimeout(r, waitMs));
  await new Promise<void>((r) => socket.close(r));
  return got;
};

describe("puresip proxy --rate: the per-source budget on the loopback (issue #16)", () => {
  for (const mode of ["503", "drop"] as const) {
    it(`RFC 3261 §21.5.4: over 5/s a source's requests are ${mode === "503" ? "answered 503 with Retry-After" : "dropped"}, counted, and logged once`, { timeout: 40_000 }, async () => {
      const port = await freePort();
      const proxy = await startProxy(main, port, ["--transports", "udp", "--rate", "5/s", "--over-budget", mode], 30_000);
      const got = await burst(port, 40, 1500);
      const done = await proxy.stop();
      const ok = got.filter((m) => m.startsWith("SIP/2.0 200"));
      const busy = got.filter((m) => m.startsWith("SIP/2.0 503"));
      // A token comes back every 200 ms; the burst takes far less, but a loaded machine may be slow.
      expect(ok.length).toBeGreaterThanOrEqual(5);
      expect(ok.length).toBeLessThan(20);
      if (mode === "503") {
        expect(busy.length).toBe(40 - ok.length);
        expect(busy.every((m) => /\r\nRetry-After: \d+\r\n/.test(m))).toBe(true);
      } else expect(busy).toEqual([]);
      expect(done.stderr.match(/is over its budget of 5\/s/g)).toHaveLength(1);
      expect(done.stderr).toContain(`${String(40 - ok.length)} request(s) over the per-source budget`);
    });
  }
});
