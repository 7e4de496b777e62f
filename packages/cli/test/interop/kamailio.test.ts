// Kamailio (Debian's kamailio 5.6) as the upstream proxy in front of `puresip proxy`, on the
// loopback: SIPp's caller → kamailio (fixtures/kamailio-upstream.cfg: record-routes, relays to
// puresip statefully) → puresip proxy (record-routes, §16.6) → SIPp's callee. The callee echoes
// both Record-Routes (§12.1.1), so the caller's ACK and BYE go back through both proxies by loose
// routing (§16.4, §16.12). Every process is time-bounded and stopped by PID; the test is skipped
// when kamailio or sipp is not installed.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, traceStartLines, udpPortInUse, waitFor, which } from "./harness.js";
import { buildCli, startProxy } from "./serve.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
// Debian puts kamailio in /usr/sbin, which is not on every user's PATH.
const kamailioBin = which("kamailio") ?? (existsSync("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : undefined);
const skip = missing("sipp") ?? (kamailioBin === undefined ? missing("kamailio") : undefined);
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

describe.skipIf(skip !== undefined)(`interop: kamailio in front of puresip proxy${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §16.4, §16.6 step 4, §16.12: SIPp → kamailio → puresip proxy → SIPp: INVITE, 200, ACK and BYE through both record-routing proxies", { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-kamailio-"));
    const log = join(dir, "trace.log");
    const [kamPort, proxyPort, uasPort, uacPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const kam = `${LOOPBACK}:${String(kamPort)}`;
    const me = `${LOOPBACK}:${String(proxyPort)}`;
    const proxy = await startProxy(main, proxyPort, ["--transports", "udp", "--record-route", "--trace-log", log], 80_000);
    const kamailio = start(
      kamailioBin ?? "kamailio",
      ["-DD", "-E", "-f", `${fixtures}kamailio-upstream.cfg`, "-l", `udp:${kam}`, "-A", `DOWNSTREAM="sip:${me}"`, "-Y", dir, "-w", dir, "-m", "32", "-M", "4"],
      { limitMs: 80_000 },
    );
    await waitFor("kamailio to bind", async () => (await udpPortInUse(kamPort)) || kamailio.child.exitCode !== null, 25_000);
    const uas = start("sipp", ["-sf", `${scenarios}proxy-uas-record-route.xml`, "-i", LOOPBACK, "-p", String(uasPort), "-m", "1", "-nostdin"], { limitMs: 50_000 });
    await waitFor("SIPp uas to bind", () => udpPortInUse(uasPort), 25_000);
    const uac = await runToEnd("sipp", ["-sf", `${scenarios}proxy-uac-routes.xml`, "-i", LOOPBACK, "-p", String(uacPort), "-rsa", kam, "-s", "service", `${LOOPBACK}:${String(uasPort)}`, "-m", "1", "-nostdin"], { limitMs: 40_000 });
    const callee = await uas.finished;
    await proxy.stop();
    const k = await kamailio.stop();
    expect(uac.code, `${uac.stdout.slice(-1500)}\n${k.stderr.slice(-1500)}`).toBe(0);
    expect(callee.code, callee.stdout.slice(-1500)).toBe(0);
    const trace = readFileSync(log, "utf8");
    // Every request of the call came to puresip from kamailio and went on to the callee.
    const uasAt = `${LOOPBACK}:${String(uasPort)}`;
    expect(traceStartLines(trace, kam, me).map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["INVITE", "ACK", "BYE"]));
    expect(traceStartLines(trace, me, uasAt).map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["INVITE", "ACK", "BYE"]));
    // The INVITE puresip forwarded carries both Record-Routes, its own on top (§16.6 step 4).
    const invite = trace.split(/^--- /m).find((b) => (b.split("\n")[0] ?? "").endsWith(`${me} -> ${uasAt}`) && (b.split("\n")[1] ?? "").startsWith("INVITE "));
    const rr = (invite ?? "").split(/\r?\n/).filter((l) => /^Record-Route:/i.test(l));
    expect(rr[0]).toContain(`<sip:${me};lr>`);
    expect(rr.join(" ")).toContain(kam);
  });
});
