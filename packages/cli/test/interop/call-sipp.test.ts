// The client commands against SIPp: SIPp's built-in uas answers `puresip call`, SIPp's own
// digest registrar scenario (registrar-digest.xml) accepts `puresip register`, and the
// messages puresip sends parse in tshark without a malformed flag.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { malformed, retransmissions, startCapture } from "./capture.js";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, udpPortInUse, waitFor } from "./harness.js";
import { buildCli } from "./serve.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const skip = missing("sipp", "tshark");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli("reports/interop-call");
});
afterAll(stopAll);

const sippServer = async (args: ReadonlyArray<string>) => {
  const port = await freePort();
  const p = start("sipp", [...args, "-i", LOOPBACK, "-p", String(port), "-nostdin"], { limitMs: 40_000 });
  // SIPp takes seconds to start on a loaded machine (10 s was once not enough).
  await waitFor("SIPp to bind", () => udpPortInUse(port), 25_000);
  return { port, process: p };
};

describe.skipIf(skip !== undefined)(`interop: puresip's client commands with SIPp${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §13.2, §15.1: SIPp's uas answers puresip call: 200, negotiated PCMU, ACK, BYE 200; tshark flags nothing", { timeout: 58_000 }, async () => {
    const uas = await sippServer(["-sn", "uas", "-m", "1"]);
    const capture = await startCapture(`udp port ${uas.port}`);
    const call = await runToEnd(process.execPath, [main, "call", `sip:service@${LOOPBACK}:${uas.port}`, "--duration", "500ms", "--timeout", "10s"], { limitMs: 30_000 });
    const sipp = await uas.process.finished;
    await capture.stop();
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain("200 OK\n");
    // SIPp answers from its media port, 6000 unless another SIPp on the machine holds it.
    expect(call.stdout).toMatch(/^media: audio RTP\/AVP PCMU\/8000 \(pt 0\) 127\.0\.0\.1:40000 <-> 127\.0\.0\.1:\d+ sendrecv$/m);
    expect(call.stdout).toContain("BYE: 200 OK");
    // SIPp exits 0 only when its scenario ran to the end: INVITE, ACK and BYE as it expects them.
    expect(sipp.code, sipp.stdout.slice(-2000)).toBe(0);
    expect(await malformed(capture.file)).toBe("");
    expect(await retransmissions(capture.file)).toBe("");
  });

  it("RFC 3261 §10.2, §22.2: puresip register answers SIPp's digest challenge (MD5, qop=auth) and gets 200; a wrong password gets 403", { timeout: 58_000 }, async () => {
    const good = await sippServer(["-sf", `${scenarios}registrar-digest.xml`, "-m", "1"]);
    const ok = await runToEnd(process.execPath, [main, "register", `sip:${LOOPBACK}:${good.port}`, "--user", "alice", "--password", "secret", "--timeout", "10s"], { limitMs: 20_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^200 OK\nContact: <sip:alice@127\.0\.0\.1:\d+>;expires=3600\n$/);
    expect((await good.process.finished).code).toBe(0);
    const bad = await sippServer(["-sf", `${scenarios}registrar-digest.xml`, "-m", "1"]);
    const refused = await runToEnd(process.execPath, [main, "register", `sip:${LOOPBACK}:${bad.port}`, "--user", "alice", "--password", "nope", "--timeout", "10s"], { limitMs: 20_000 });
    await bad.process.stop();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("403 Forbidden\n");
  });
});
