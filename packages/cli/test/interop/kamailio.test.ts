// Kamailio (Debian's kamailio 5.6) chained with `puresip proxy` on the loopback, in both orders
// (fixtures/kamailio-relay.cfg: record-routes, relays statefully to its NEXT_HOP): upstream,
// SIPp's caller → kamailio → puresip proxy → SIPp's callee; downstream, as the proxy of the
// callee's domain, SIPp's caller → puresip proxy → kamailio → SIPp's callee, so each proxy
// forwards to the other. The callee echoes both Record-Routes (§12.1.1), so the caller's ACK and
// BYE go back through both proxies by loose routing (§16.4, §16.12). Every process is
// time-bounded and stopped by PID; the test is skipped when kamailio or sipp is not installed.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, traceBlocks, traceStartLines, udpPortInUse, waitFor, which, startSipp } from "./harness.js";
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

type Order = "kamailio first" | "puresip first";

/** SIPp's caller → the first proxy → the second → SIPp's callee, both proxies record-routing. */
const callThrough = async (order: Order) => {
  const dir = mkdtempSync(join(tmpdir(), "puresip-kamailio-"));
  const log = join(dir, "trace.log");
  const [kamPort, proxyPort, uasPort, uacPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const kam = `${LOOPBACK}:${String(kamPort)}`;
  const me = `${LOOPBACK}:${String(proxyPort)}`;
  const uasAt = `${LOOPBACK}:${String(uasPort)}`;
  const proxy = await startProxy(main, proxyPort, ["--transports", "udp", "--record-route", "--trace-log", log], 80_000);
  // Upstream, kamailio relays everything to puresip; downstream it is the callee's domain's
  // proxy: puresip forwards the INVITE for sip:service@<kamailio> to it by RFC 3263 (§16.5:
  // not puresip's domain), and kamailio relays it to the callee.
  const nextHop = order === "kamailio first" ? `sip:${me}` : `sip:${uasAt}`;
  const kamailio = start(
    kamailioBin ?? "kamailio",
    ["-DD", "-E", "-f", `${fixtures}kamailio-relay.cfg`, "-l", `udp:${kam}`, "-A", `NEXT_HOP="${nextHop}"`, "-Y", dir, "-w", dir, "-m", "32", "-M", "4"],
    { limitMs: 80_000 },
  );
  await waitFor("kamailio to bind", async () => (await udpPortInUse(kamPort)) || kamailio.child.exitCode !== null, 25_000);
  const uas = await startSipp(["-sf", `${scenarios}proxy-uas-record-route.xml`, "-i", LOOPBACK, "-p", String(uasPort), "-m", "1", "-nostdin"], uasPort, 50_000);
  const [first, target] = order === "kamailio first" ? [kam, uasAt] : [me, kam];
  const uac = await runToEnd("sipp", ["-sf", `${scenarios}proxy-uac-routes.xml`, "-i", LOOPBACK, "-p", String(uacPort), "-rsa", first, "-s", "service", target, "-m", "1", "-nostdin"], { limitMs: 40_000 });
  const callee = await uas.finished;
  await proxy.stop();
  const k = await kamailio.stop();
  return { uac, callee, kamailioLog: k.stderr, trace: readFileSync(log, "utf8"), kam, me, uasAt };
};

/** The Record-Route fields of the INVITE puresip sent to `to`. */
const recordRoutesSent = (trace: string, me: string, to: string): ReadonlyArray<string> => {
  const invite = traceBlocks(trace).find((b) => b.from === me && b.to === to && b.text.startsWith("INVITE "));
  return (invite?.text ?? "").split(/\r?\n/).filter((l) => /^Record-Route:/i.test(l));
};

describe.skipIf(skip !== undefined)(`interop: kamailio and puresip proxy in a chain${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §16.4, §16.6 step 4, §16.12: SIPp → kamailio → puresip proxy → SIPp: INVITE, 200, ACK and BYE through both record-routing proxies", { timeout: 90_000 }, async () => {
    const run = await callThrough("kamailio first");
    expect(run.uac.code, `${run.uac.stdout.slice(-1500)}\n${run.kamailioLog.slice(-1500)}`).toBe(0);
    expect(run.callee.code, run.callee.stdout.slice(-1500)).toBe(0);
    // Every request of the call came to puresip from kamailio and went on to the callee.
    expect(traceStartLines(run.trace, run.kam, run.me).map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["INVITE", "ACK", "BYE"]));
    expect(traceStartLines(run.trace, run.me, run.uasAt).map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["INVITE", "ACK", "BYE"]));
    // The INVITE puresip forwarded carries both Record-Routes, its own on top (§16.6 step 4).
    const rr = recordRoutesSent(run.trace, run.me, run.uasAt);
    expect(rr[0]).toContain(`<sip:${run.me};lr>`);
    expect(rr.join(" ")).toContain(run.kam);
  });

  it("RFC 3261 §16.5, §16.6, §16.12: SIPp → puresip proxy → kamailio (the callee's domain's proxy) → SIPp: the INVITE leaves puresip for the other domain by its Request-URI, and the ACK and BYE follow both Record-Routes", { timeout: 90_000 }, async () => {
    const run = await callThrough("puresip first");
    expect(run.uac.code, `${run.uac.stdout.slice(-1500)}\n${run.kamailioLog.slice(-1500)}`).toBe(0);
    expect(run.callee.code, run.callee.stdout.slice(-1500)).toBe(0);
    // Every request of the call went from puresip to kamailio, none straight to the callee.
    expect(traceStartLines(run.trace, run.me, run.kam).map((l) => l.split(" ")[0])).toEqual(expect.arrayContaining(["INVITE", "ACK", "BYE"]));
    expect(traceStartLines(run.trace, run.me, run.uasAt)).toEqual([]);
    // puresip's own Record-Route on the INVITE it forwarded (kamailio adds its own below it on the way on).
    expect(recordRoutesSent(run.trace, run.me, run.kam)[0]).toContain(`<sip:${run.me};lr>`);
    // The 200 that came back through puresip carries both proxies' Record-Routes (§12.1.1).
    const ok = traceBlocks(run.trace).find((b) => b.from === run.kam && b.to === run.me && b.text.startsWith("SIP/2.0 200") && /CSeq:\s*1 INVITE/i.test(b.text));
    const rr = (ok?.text ?? "").split(/\r?\n/).filter((l) => /^Record-Route:/i.test(l)).join(" ");
    expect(rr).toContain(run.kam);
    expect(rr).toContain(run.me);
  });
});
