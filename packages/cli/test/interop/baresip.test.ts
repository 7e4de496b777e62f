// baresip (Debian's baresip-core, libre underneath) as a second, independent UA: it registers to
// `puresip serve` with digest and calls it, and `puresip call` reaches it. No audio device: the
// ausine module is the source and aufile plays into a file. Loopback SIP only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, waitFor } from "./harness.js";
import { buildCli, serve } from "./serve.js";

const skip = missing("baresip");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli("reports/interop-baresip");
});
afterAll(stopAll);

/** A baresip config directory: one account line, SIP on 127.0.0.1:port, a sine source and a file sink. */
const baresipConfig = (port: number, account: string): string => {
  const dir = mkdtempSync(join(tmpdir(), "puresip-baresip-"));
  writeFileSync(
    join(dir, "config"),
    [
      "poll_method poll",
      `sip_listen ${LOOPBACK}:${port}`,
      "module_path /usr/lib/baresip/modules",
      "module g711.so",
      "module ausine.so",
      "module aufile.so",
      "module_app account.so",
      "module_app menu.so",
      `audio_player aufile,${join(dir, "played.wav")}`,
      "audio_source ausine,440",
      `audio_alert aufile,${join(dir, "alert.wav")}`,
      // ausine makes 48 kHz stereo only; baresip resamples to the codec.
      "ausrc_srate 48000",
      "auplay_srate 48000",
      "ausrc_channels 2",
      "auplay_channels 2",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "accounts"), `${account}\n`);
  writeFileSync(join(dir, "contacts"), "");
  return dir;
};

describe.skipIf(skip !== undefined)(`interop: baresip${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §10, §22, §13: baresip registers to puresip serve with digest (MD5) and calls it; the call is answered and ended by BYE", { timeout: 58_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-users-"));
    writeFileSync(join(dir, "users"), "alice:secret\n");
    // libre 1.x answers only an MD5 challenge (a SHA-256 one first fails with ENOSYS).
    const server = await serve(main, ["--users", join(dir, "users"), "--digest", "MD5"]);
    const config = baresipConfig(await freePort(), `<sip:alice@${LOOPBACK}:${server.udpPort}>;auth_pass=secret;regint=60`);
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
    const port = await freePort();
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
