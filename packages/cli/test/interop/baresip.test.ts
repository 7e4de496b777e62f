// baresip (Debian's baresip-core, libre underneath) as a second, independent UA: it registers to
// `puresip serve` with digest and calls it, and `puresip call` reaches it. No audio device: the
// ausine module is the source and aufile plays into a file. Loopback SIP only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, baresipPort, missing, runToEnd, start, stopAll, waitFor } from "./harness.js";
import { baresipConfig } from "./baresip-config.js";
import { buildCli, serve } from "./serve.js";

const skip = missing("baresip");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli("reports/interop-baresip");
});
afterAll(stopAll);


describe.skipIf(skip !== undefined)(`interop: baresip${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §10, §22, §13: baresip registers to puresip serve with digest (MD5) and calls it; the call is answered and ended by BYE", { timeout: 58_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-users-"));
    writeFileSync(join(dir, "users"), "alice:secret\n");
    // libre 1.x answers only an MD5 challenge (a SHA-256 one first fails with ENOSYS).
    const server = await serve(main, ["--users", join(dir, "users"), "--digest", "MD5"]);
    const config = baresipConfig(await baresipPort(), `<sip:alice@${LOOPBACK}:${server.udpPort}>;auth_pass=secret;regint=60`);
    const baresip = await runToEnd("baresip", ["-f", config, "-e", `/dial sip:service@${LOOPBACK}:${server.udpPort}`, "-t", "4"], { limitMs: 30_000 });
    await server.process.stop();
    const notes = server.process.output().stderr;
    expect(baresip.stdout).toContain("Call established");
    expect(notes).toMatch(/REGISTER <sip:alice@127\.0\.0\.1:\d+>: 1 binding\(s\)/);
    expect(notes).toMatch(/^call .+ media: audio RTP\/AVP PCMU\/8000 /m);
    // baresip hangs up when -t runs out: the call ends by its BYE (§15.1.2).
    expect(notes).toMatch(/^call .+ ended: RemoteBye$/m);
  });

  it("RFC 3261 §13.2, §15.1: puresip call reaches baresip, which answers; the negotiated media is printed and the BYE gets 200", { timeout: 58_000 }, async () => {
    const port = await baresipPort();
    const config = baresipConfig(port, `<sip:bob@${LOOPBACK}:${port}>;regint=0;answermode=auto`);
    const baresip = start("baresip", ["-f", config, "-t", "30"], { limitMs: 40_000 });
    await waitFor("baresip to be ready", () => baresip.output().stdout.includes("baresip is ready"), 15_000);
    const call = await runToEnd(process.execPath, [main, "call", `sip:bob@${LOOPBACK}:${port}`, "--duration", "1s", "--timeout", "10s"], { limitMs: 30_000 });
    await baresip.stop();
    expect(call.code, call.stdout + call.stderr).toBe(0);
    expect(call.stdout).toMatch(/^200 /m);
    expect(call.stdout).toMatch(/^media: audio RTP\/AVP PCMU\/8000 \(pt 0\) 127\.0\.0\.1:40000 <-> \S+ sendrecv$/m);
    expect(call.stdout).toContain("BYE: 200 OK");
    expect(baresip.output().stdout).toContain("Call established");
  });
});
