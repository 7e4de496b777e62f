// Transfer between puresip processes on loopback (RFC 3515, RFC 5589, RFC 3891, RFC 3892), and
// SIPp's Replaces against `puresip serve`. Three UAs: `puresip transfer` is the transferor,
// one `puresip serve` the transferee (it follows the REFER), another the target (it answers
// everything, and takes an INVITE with Replaces over the call it names). Every process is
// started by the harness in its own group and stopped by its PID.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, stopAll } from "./harness.js";
import { buildCli, serve } from "./serve.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
let main = "";

beforeAll(() => {
  main = buildCli("reports/interop-transfer");
});
afterAll(stopAll);

const puresip = (args: ReadonlyArray<string>) => runToEnd(process.execPath, [main, ...args, "--timeout", "10s"], { limitMs: 40_000 });

describe("interop: transfer between three puresip UAs", () => {
  it("RFC 5589 §7, RFC 3891 §3: attended transfer with consultation hold: the transferee's INVITE replaces the consultation call at the target, which ends it with BYE", { timeout: 60_000 }, async () => {
    const bob = await serve(main, []);
    const carol = await serve(main, []);
    try {
      const r = await puresip(["transfer", `sip:bob@${LOOPBACK}:${bob.udpPort}`, "--to", `sip:carol@${LOOPBACK}:${carol.udpPort}`, "--attended"]);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^call: answered\nhold: 200\nconsultation: answered\n/);
      expect(r.stdout).toContain("REFER: 202\n");
      expect(r.stdout).toContain("NOTIFY: 100 Trying\n");
      expect(r.stdout).toContain("NOTIFY: 200 OK\n");
      // The target ended the replaced consultation call itself (RFC 3891 §3: "shuts down the replaced dialog by sending a BYE").
      expect(r.stdout).toMatch(/consultation: ended RemoteBye\ntransferred\n$/);
      // The transferee followed the Refer-To with its Replaces; the target said which call was replaced.
      expect(bob.process.output().stderr).toMatch(/REFER to sip:carol@127\.0\.0\.1:\d+ replacing \S+/);
      expect(carol.process.output().stderr).toMatch(/call \S+ replaces call \S+ \(RFC 3891\)/);
    } finally {
      await bob.process.stop();
      await carol.process.stop();
    }
  });

  it("RFC 5589 §6, RFC 3515 §2.4.5: blind transfer: REFER, the sipfrag NOTIFYs up to 200, then the transferor's BYE", { timeout: 60_000 }, async () => {
    const bob = await serve(main, []);
    const carol = await serve(main, []);
    try {
      const r = await puresip(["transfer", `sip:bob@${LOOPBACK}:${bob.udpPort}`, "--to", `sip:carol@${LOOPBACK}:${carol.udpPort}`]);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^call: answered\n/);
      expect(r.stdout).toContain("NOTIFY: 200 OK\n");
      expect(r.stdout).toMatch(/transferred\n$/);
      expect(bob.process.output().stderr).toMatch(/REFER to sip:carol@127\.0\.0\.1:\d+\n/);
    } finally {
      await bob.process.stop();
      await carol.process.stop();
    }
  });
});

const skip = missing("sipp");

describe.skipIf(skip !== undefined)(`interop: SIPp's Replaces against puresip serve${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3891 §3: SIPp calls, then replaces its own call with a second INVITE; serve answers it with Supported: replaces and BYEs the first dialog", { timeout: 60_000 }, async () => {
    const server = await serve(main, []);
    try {
      const r = await runToEnd("sipp", ["-sf", `${scenarios}replaces-uac.xml`, "-i", LOOPBACK, "-p", String(await freePort()), "-s", "carol", "-m", "1", "-nostdin", "-timeout", "20s", `${LOOPBACK}:${server.udpPort}`], { limitMs: 30_000 });
      expect(r.code, r.stdout.slice(-3000)).toBe(0);
      expect(server.process.output().stderr).toMatch(/replaces call/);
    } finally {
      await server.process.stop();
    }
  });
});
