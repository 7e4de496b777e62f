// `puresip proxy --users` on the loopback (RFC 3261 §22.1, §22.3): bob registers through its
// registrar's 401 (`puresip register --password`), then `puresip call --user alice --password`
// places a call through the proxy: its INVITE gets 407 and is sent again with
// Proxy-Authorization, and its BYE (record-routed through the proxy) carries the cached
// credentials unasked (§22.3); the proxy removes them before forwarding to SIPp's uas, the callee at bob's binding. Every process is bounded in time and stopped by PID.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, stopAll, traceStartLines, startSipp } from "./harness.js";
import { buildCli, startProxy } from "./serve.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const skip = missing("sipp");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

describe.skipIf(skip !== undefined)(`interop: puresip proxy with digest${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §22.1, §22.3: REGISTER gets 401 then 200; the call's INVITE gets 407 and is resent with credentials, its BYE carries them unasked (cached for the Call-ID), and both reach SIPp's uas without the proxy's Proxy-Authorization", { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-pauth-"));
    const users = join(dir, "users.txt");
    const log = join(dir, "trace.log");
    writeFileSync(users, "alice:secret\nbob:bobpw\n");
    const [proxyPort, uasPort] = [await freePort(), await freePort()];
    const proxy = await startProxy(main, proxyPort, ["--transports", "udp", "--users", users, "--record-route", "--trace-log", log], 80_000);
    // bob's binding is the port SIPp's uas will answer on.
    const reg = await runToEnd(process.execPath, [main, "register", `sip:${LOOPBACK}:${String(proxyPort)}`, "--user", "bob", "--password", "bobpw", "--port", String(uasPort), "--timeout", "10s"], { limitMs: 20_000 });
    expect(reg.code, `${reg.stdout}\n${reg.stderr}\n${proxy.output().stderr}`).toBe(0);
    expect(reg.stdout).toMatch(/^200 OK\n/);
    const uas = await startSipp(["-sf", `${scenarios}proxy-uas-sdp.xml`, "-i", LOOPBACK, "-p", String(uasPort), "-m", "1", "-nostdin"], uasPort, 50_000);
    const call = await runToEnd(process.execPath, [main, "call", `sip:bob@${LOOPBACK}:${String(proxyPort)}`, "--user", "alice", "--password", "secret", "--duration", "500ms", "--timeout", "15s", "--trace-log", join(dir, "call.log")], { limitMs: 30_000 });
    const callee = await uas.finished;
    await proxy.stop();
    expect(call.code, `${call.stdout}\n${call.stderr}`).toBe(0);
    expect(call.stdout).toContain("BYE: 200 OK");
    expect(callee.code, callee.stdout.slice(-2000)).toBe(0);
    const trace = readFileSync(log, "utf8");
    const me = `${LOOPBACK}:${String(proxyPort)}`;
    const ours = traceStartLines(trace, me);
    expect(ours.filter((l) => l.startsWith("SIP/2.0 401"))).toHaveLength(1);
    // §22.3: one 407 (the INVITE's); the BYE in the same Call-ID goes with the cached credentials.
    expect(ours.filter((l) => l.startsWith("SIP/2.0 407"))).toHaveLength(1);
    const byes = trace.split(/^--- /m).filter((b) => b.split("\n")[0]?.endsWith(`-> ${me}`) === true && b.split("\n")[1]?.startsWith("BYE ") === true);
    expect(byes.length).toBeGreaterThan(0);
    expect(byes.every((b) => /^Proxy-Authorization:/im.test(b))).toBe(true);
    // What reached the callee carries no credentials for the proxy's realm.
    const toUas = trace.split(/^--- /m).filter((b) => b.split("\n")[0]?.endsWith(`-> ${LOOPBACK}:${String(uasPort)}`) === true);
    expect(toUas.some((b) => b.includes("\nINVITE ") || b.split("\n")[1]?.startsWith("INVITE ") === true)).toBe(true);
    expect(toUas.filter((b) => /^Proxy-Authorization:/im.test(b))).toEqual([]);
  });
});
