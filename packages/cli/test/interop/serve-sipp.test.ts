// `puresip serve` against SIPp (Debian's sip-tester): SIPp's built-in uac scenario must complete
// every call, and the project's REGISTER scenario must pass digest authentication. tshark's
// SIP dissector watches the loopback while they run.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { malformed, retransmissions, sipPayloads, startCapture } from "./capture.js";
import { LOOPBACK, freePort, missing, runToEnd, stopAll } from "./harness.js";
import { buildCli, serve } from "./serve.js";
import { parseCommand } from "../../src/commands/parse.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const skip = missing("sipp", "tshark");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli("reports/interop-serve");
});
afterAll(stopAll);

/** SIPp's final statistics line for a counter, e.g. "Successful call" → cumulative count. */
const sippCount = (screen: string, counter: string): number | undefined => {
  const line = screen.split("\n").find((l) => l.trimStart().startsWith(counter));
  const cells = line?.split("|").map((c) => c.trim());
  return cells?.[2] === undefined ? undefined : Number(cells[2]);
};

describe.skipIf(skip !== undefined)(`interop: puresip serve with SIPp${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §13, §15: SIPp's uac places 20 calls at 10 per second; every one completes, none retransmitted, nothing malformed", { timeout: 58_000 }, async () => {
    const server = await serve(main, ["--quiet"]);
    const capture = await startCapture(`udp port ${server.udpPort}`);
    const uac = await runToEnd("sipp", ["-sn", "uac", "-i", LOOPBACK, "-p", String(await freePort()), `${LOOPBACK}:${server.udpPort}`, "-m", "20", "-r", "10", "-nostdin", "-timeout", "25s"], {
      limitMs: 35_000,
    });
    await capture.stop();
    await server.process.stop();
    expect(uac.code, uac.stdout.slice(-3000)).toBe(0);
    expect(sippCount(uac.stdout, "Successful call")).toBe(20);
    expect(sippCount(uac.stdout, "Failed call")).toBe(0);
    // SIPp counts its own retransmissions; on loopback none should be needed.
    expect(uac.stdout).not.toMatch(/Retransmissions\s*\|\s*[1-9]/);
    expect(await malformed(capture.file)).toBe("");
    expect(await retransmissions(capture.file)).toBe("");
    // 20 × (INVITE, 180, 200, ACK, BYE, 200), and every message puresip sent is valid to puresip too.
    const payloads = await sipPayloads(capture.file);
    expect(payloads.length).toBe(120);
    for (const p of payloads) expect(parseCommand(p).report).toMatchObject({ validation: { ok: true } });
  });

  it("RFC 3261 §18.3: over TCP, SIPp's uac completes 10 calls on one connection; tshark reassembles every message without a malformed flag", { timeout: 58_000 }, async () => {
    const server = await serve(main, ["--quiet"]);
    const capture = await startCapture(`tcp port ${server.udpPort}`);
    const uac = await runToEnd("sipp", ["-sn", "uac", "-t", "t1", "-i", LOOPBACK, "-p", String(await freePort()), `${LOOPBACK}:${server.udpPort}`, "-m", "10", "-r", "5", "-nostdin", "-timeout", "25s"], {
      limitMs: 35_000,
    });
    await capture.stop();
    await server.process.stop();
    expect(uac.code, uac.stdout.slice(-3000)).toBe(0);
    expect(sippCount(uac.stdout, "Successful call")).toBe(10);
    expect(await malformed(capture.file)).toBe("");
  });

  it("RFC 3261 §10.3, §22: the project's SIPp REGISTER scenario authenticates against puresip serve --users; a wrong password does not", { timeout: 58_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-users-"));
    writeFileSync(join(dir, "users"), "alice:secret\n");
    const server = await serve(main, ["--users", join(dir, "users"), "--realm", "puresip", "--digest", "MD5"]);
    const register = (password: string) =>
      runToEnd(
        "sipp",
        ["-sf", `${scenarios}register-digest.xml`, "-i", LOOPBACK, "-p", "0", "-s", "alice", "-au", "alice", "-ap", password, "-m", "1", "-nostdin", "-timeout", "10s", `${LOOPBACK}:${server.udpPort}`],
        { limitMs: 20_000 },
      );
    const good = await register("secret");
    const bad = await register("wrong");
    await server.process.stop();
    expect(good.code, good.stdout.slice(-3000)).toBe(0);
    expect(bad.code).not.toBe(0);
    expect(server.process.output().stderr).toContain("REGISTER <sip:alice@127.0.0.1");
  });
});
