// The built `puresip` client commands against the built `puresip serve`: both sides are the
// project's UA core run by createStack, so this needs no other software. OPTIONS, MESSAGE, a
// digest REGISTER (and its 423 retry), a call with negotiated media and BYE, and a 488.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, runToEnd, stopAll } from "./harness.js";
import type { Served } from "./serve.js";
import { buildCli, serve } from "./serve.js";

let main = "";
let server: Served;

beforeAll(async () => {
  main = buildCli("reports/interop-self");
  const dir = mkdtempSync(join(tmpdir(), "puresip-self-"));
  writeFileSync(join(dir, "users"), "alice:secret\n");
  server = await serve(main, ["--users", join(dir, "users"), "--realm", "puresip"]);
}, 120_000);
afterAll(stopAll);

const puresip = (args: ReadonlyArray<string>) => runToEnd(process.execPath, [main, ...args, "--timeout", "10s"], { limitMs: 30_000 });
const target = (user = "bob"): string => `sip:${user}@${LOOPBACK}:${server.udpPort}`;

describe("interop: puresip's client commands against puresip serve", () => {
  it("RFC 3261 §11: options prints the 200 and what serve supports (Allow lists REGISTER and MESSAGE); --trace draws both messages", { timeout: 30_000 }, async () => {
    const r = await puresip(["options", target(), "--trace"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^200 OK\n/);
    // --trace: one ladder line per message the stack sent or received, the peer on the right.
    expect(r.stderr).toMatch(new RegExp(`\\|-+ OPTIONS -+>\\| 127\\.0\\.0\\.1:${server.udpPort}\\n`));
    expect(r.stderr).toMatch(new RegExp(`\\|<-+ 200 OK -+\\| 127\\.0\\.0\\.1:${server.udpPort}\\n`));
    expect(r.stdout).toContain("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, REGISTER, REFER, NOTIFY\n");
  });

  it("RFC 3428: message gets 200 and serve notes the text", { timeout: 30_000 }, async () => {
    const r = await puresip(["message", target(), "hello from the test"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("200 OK\n");
    expect(server.process.output().stderr).toContain(": hello from the test\n");
  });

  it("RFC 3261 §10.2, §22.2, §10.2.8, RFC3261-26.3.2.1-9: register answers serve's SHA-256 challenge; 10 s is raised to Min-Expires 60; a wrong password gets 403", { timeout: 30_000 }, async () => {
    const ok = await puresip(["register", `sip:${LOOPBACK}:${server.udpPort}`, "--user", "alice", "--password", "secret", "--expires", "120"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^200 OK\nContact: <sip:alice@127\.0\.0\.1:\d+>;expires=120\n$/);
    const brief = await puresip(["register", `sip:${LOOPBACK}:${server.udpPort}`, "--user", "alice", "--password", "secret", "--expires", "10"]);
    expect(brief.code, brief.stderr).toBe(0);
    // §10.3 step 8: the 200 lists every binding of the AOR, the first one still there.
    expect(brief.stdout).toMatch(/^200 OK\n(Contact: <sip:alice@127\.0\.0\.1:\d+>;expires=\d+\n){2}$/);
    expect(brief.stdout).toMatch(/;expires=60\n/);
    const bad = await puresip(["register", `sip:${LOOPBACK}:${server.udpPort}`, "--user", "alice", "--password", "nope"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("403 Forbidden\n");
  });

  it("RFC 3261 §13, §15, RFC 3264: call is answered with the common codec, printed on both sides, and ended by BYE", { timeout: 30_000 }, async () => {
    const r = await puresip(["call", target(), "--duration", "300ms", "--codecs", "PCMA,PCMU"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("200 OK\nmedia: audio RTP/AVP PCMA/8000 (pt 8) 127.0.0.1:40000 <-> 127.0.0.1:40000 sendrecv\nBYE: 200 OK\n");
    const notes = server.process.output().stderr;
    expect(notes).toMatch(/^call \S+ media: audio RTP\/AVP PCMA\/8000 \(pt 8\)/m);
    expect(notes).toMatch(/^call \S+ ended: RemoteBye$/m);
  });

  it("RFC 3264 §6, RFC 3261 §13.3.1.3: an offer with no codec serve has is refused with 488", { timeout: 30_000 }, async () => {
    const r = await puresip(["call", target(), "--duration", "300ms", "--codecs", "G722"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("488 Not Acceptable Here\n");
  });
});
