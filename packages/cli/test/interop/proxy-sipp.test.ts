// `puresip proxy` between two SIPp instances on the loopback: SIPp's caller sends its INVITE to
// the proxy for the callee's address; the proxy record-routes it (RFC 3261 §16.6 step 4), the
// callee copies the Record-Route into its 200 (§12.1.1), and the caller's ACK and BYE come back
// to the proxy with it as Route, which the proxy removes (§16.4) before forwarding to the
// callee with Max-Forwards one lower (§16.6 step 3). Every process is bounded in time.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, stopAll, traceBlocks, startSipp } from "./harness.js";
import { buildCli, startProxy } from "./serve.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const skip = missing("sipp");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

const header = (text: string, name: string): ReadonlyArray<string> =>
  text.split(/\r?\n/).filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((l) => l.slice(name.length + 1).trim());

const callThrough = async (extra: ReadonlyArray<string>) => {
  const [proxyPort, uasPort, uacPort] = [await freePort(), await freePort(), await freePort()];
  const log = join(mkdtempSync(join(tmpdir(), "puresip-proxy-")), "trace.log");
  const proxy = await startProxy(main, proxyPort, ["--domain", "example.test", "--record-route", "--trace-log", log, ...extra], 40_000);
  const uas = await startSipp(["-sf", `${scenarios}proxy-uas-record-route.xml`, "-i", LOOPBACK, "-p", String(uasPort), "-m", "1", "-nostdin"], uasPort, 30_000);
  const uac = await runToEnd("sipp", ["-sf", `${scenarios}proxy-uac-routes.xml`, "-i", LOOPBACK, "-p", String(uacPort), "-rsa", `${LOOPBACK}:${String(proxyPort)}`, "-s", "service", `${LOOPBACK}:${String(uasPort)}`, "-m", "1", "-nostdin"], { limitMs: 25_000 });
  const callee = await uas.finished;
  await proxy.stop();
  return { uac, callee, proxyPort, uasPort, uacPort, log: traceBlocks(readFileSync(log, "utf8")) };
};

describe.skipIf(skip !== undefined)(`interop: puresip proxy between SIPp uac and uas${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  for (const mode of [[], ["--stateless"]] as const) {
    const name = mode.length === 0 ? "stateful" : "stateless (§16.11)";
    it(`RFC 3261 §16.4, §16.6: ${name}: INVITE, 180, 200 through the proxy with Record-Route; the ACK and BYE follow the route set through it`, { timeout: 58_000 }, async () => {
      const run = await callThrough(mode);
      // Both SIPp scenarios exit 0 only when every message came as they expect.
      expect(run.uac.code, run.uac.stdout.slice(-2000)).toBe(0);
      expect(run.callee.code, run.callee.stdout.slice(-2000)).toBe(0);
      const me = `${LOOPBACK}:${String(run.proxyPort)}`;
      const toUas = run.log.filter((b) => b.from === me && b.to === `${LOOPBACK}:${String(run.uasPort)}`);
      const invite = toUas.find((b) => b.text.startsWith("INVITE "));
      expect(invite && header(invite.text, "Record-Route")).toEqual([`<sip:${me};lr>`]);
      expect(invite && header(invite.text, "Max-Forwards")).toEqual(["69"]);
      for (const method of ["ACK", "BYE"]) {
        const came = run.log.find((b) => b.to === me && b.text.startsWith(`${method} `));
        expect(came && header(came.text, "Route")).toEqual([`<sip:${me};lr>`]);
        const went = toUas.find((b) => b.text.startsWith(`${method} `));
        expect(went && header(went.text, "Route")).toEqual([]);
        expect(went && header(went.text, "Max-Forwards")).toEqual(["69"]);
        // §16.6 step 8: the proxy's own Via on top of the caller's.
        expect(went && header(went.text, "Via")[0]).toMatch(new RegExp(`^SIP/2\\.0/UDP ${me.replace(/\./g, "\\.")};branch=z9hG4bK`));
      }
      const toUac = run.log.filter((b) => b.to === `${LOOPBACK}:${String(run.uacPort)}`).map((b) => b.text.split("\r\n")[0] ?? b.text.split("\n")[0]);
      expect(toUac.filter((l) => l?.startsWith("SIP/2.0 200"))).toHaveLength(2);
    });
  }
});
