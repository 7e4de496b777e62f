// baresip (Debian's baresip-core, libre underneath) behind `puresip proxy --users` (RFC 3261
// §10.3, §22.1, §22.3, §16.5; issue #16): baresip registers as bob through the registrar's 401
// (MD5: libre 1.x answers no other algorithm), then `puresip call --user alice --password`
// calls bob's AOR through the proxy; its INVITE gets 407 and goes again with credentials, its
// BYE carries them unasked (§22.3: cached for the Call-ID), the proxy forwards both to baresip's binding, baresip answers by itself. Loopback SIP only; every
// process is bounded in time and stopped by PID.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, baresipPort, freePort, missing, runToEnd, start, stopAll, traceStartLines, waitFor } from "./harness.js";
import { baresipConfig } from "./baresip-config.js";
import { buildCli, startProxy } from "./serve.js";

const skip = missing("baresip");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

describe.skipIf(skip !== undefined)(`interop: baresip behind puresip proxy with digest${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §10.3, §22.1, §22.3, §16.5: baresip registers to puresip proxy through 401 and is called through it by puresip call (407 on the INVITE, answered; the BYE with the cached credentials, §22.3)", { timeout: 58_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-pbaresip-"));
    const users = join(dir, "users.txt");
    writeFileSync(users, "alice:secret\nbob:bobpw\n");
    const [proxyPort, bobPort] = [await freePort(), await baresipPort()];
    const proxy = await startProxy(main, proxyPort, ["--transports", "udp", "--users", users, "--digest", "MD5", "--record-route", "--trace-log", join(dir, "trace.log")], 50_000);
    let baresip: ReturnType<typeof start> | undefined;
    try {
      const config = baresipConfig(bobPort, `<sip:bob@${LOOPBACK}:${String(proxyPort)}>;auth_pass=bobpw;regint=60;answermode=auto`);
      const running = start("baresip", ["-f", config, "-t", "40"], { limitMs: 45_000 });
      baresip = running;
      // libre prints the registrar's 200 with the bindings it holds (§10.3 step 8).
      await waitFor("baresip's REGISTER to get 200 from puresip proxy", () => /200 OK/.test(running.output().stdout) || running.child.exitCode !== null, 20_000);
      expect(running.output().stdout, running.output().stdout + running.output().stderr).toMatch(/200 OK/);
      const call = await runToEnd(process.execPath, [main, "call", `sip:bob@${LOOPBACK}:${String(proxyPort)}`, "--user", "alice", "--password", "secret", "--duration", "1s", "--timeout", "15s"], { limitMs: 30_000 });
      expect(call.code, `${call.stdout}\n${call.stderr}\n${proxy.output().stderr}`).toBe(0);
      expect(call.stdout).toMatch(/^200 /m);
      expect(call.stdout).toMatch(/^media: audio RTP\/AVP PCMU\/8000 /m);
      expect(call.stdout).toContain("BYE: 200 OK");
      expect(running.output().stdout).toContain("Call established");
      // What the proxy sent: the registrar's challenge to baresip, the proxy's to puresip call.
      const sent = traceStartLines(readFileSync(join(dir, "trace.log"), "utf8"), `${LOOPBACK}:${String(proxyPort)}`);
      expect(sent.filter((l) => l.startsWith("SIP/2.0 401"))).not.toHaveLength(0);
      // §22.3: the INVITE is challenged once; the BYE, in the same Call-ID, goes with the cached
      // credentials and is not challenged again.
      expect(sent.filter((l) => l.startsWith("SIP/2.0 407"))).toHaveLength(1);
      const received = readFileSync(join(dir, "trace.log"), "utf8")
        .split(/^--- /m)
        .filter((b) => b.split("\n")[0]?.endsWith(`-> ${LOOPBACK}:${String(proxyPort)}`) === true && b.split("\n")[1]?.startsWith("BYE ") === true);
      expect(received.length).toBeGreaterThan(0);
      expect(received.every((b) => /^Proxy-Authorization:/im.test(b))).toBe(true);
      expect(sent.filter((l) => l.startsWith(`INVITE sip:bob-`) || l.startsWith("INVITE sip:bob@"))).not.toHaveLength(0);
    } finally {
      await baresip?.stop();
      await proxy.stop();
    }
  });
});
