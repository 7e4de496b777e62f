// `puresip b2bua` between two SIPp instances on the loopback: SIPp's caller calls the B2BUA,
// which calls SIPp's callee at --to with the caller's SDP and relays 180, 200 (with the callee's
// SDP), and each side's ACK and BYE in its own dialog (RFC 3261 §6). Every process is bounded in time.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TraceBlock } from "./harness.js";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, traceBlocks, waitFor, startSipp } from "./harness.js";
import { buildCli } from "./serve.js";

const skip = missing("sipp");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

/** The blocks of a puresip trace log with each message's first line. */
const lines = (log: string): ReadonlyArray<TraceBlock & { readonly line: string }> => traceBlocks(log).map((b) => ({ ...b, line: (b.text.split("\n")[0] ?? "").trim() }));

describe.skipIf(skip !== undefined)(`interop: puresip b2bua between SIPp uac and uas${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §6, §13, §15: SIPp's call goes through the B2BUA as two dialogs: INVITE, 180, 200 relayed with the SDP passed through; ACK and BYE on each side", { timeout: 58_000 }, async () => {
    const [b2buaPort, uasPort, uacPort] = [await freePort(), await freePort(), await freePort()];
    const log = join(mkdtempSync(join(tmpdir(), "puresip-b2bua-")), "trace.log");
    const b2bua = start(process.execPath, [main, "b2bua", "--host", LOOPBACK, "--port", String(b2buaPort), "--to", `sip:service@${LOOPBACK}:${String(uasPort)}`, "--trace-log", log], { limitMs: 40_000 });
    await waitFor("puresip b2bua to listen", () => /listening UDP /.test(b2bua.output().stdout) || b2bua.child.exitCode !== null, 20_000);
    const uas = await startSipp(["-sn", "uas", "-i", LOOPBACK, "-p", String(uasPort), "-m", "1", "-nostdin"], uasPort, 30_000);
    const uac = await runToEnd("sipp", ["-sn", "uac", "-i", LOOPBACK, "-p", String(uacPort), "-s", "service", `${LOOPBACK}:${String(b2buaPort)}`, "-m", "1", "-nostdin"], { limitMs: 25_000 });
    const callee = await uas.finished;
    await b2bua.stop();
    // Both SIPp scenarios exit 0 only when every message came as they expect.
    expect(uac.code, uac.stdout.slice(-2000)).toBe(0);
    expect(callee.code, callee.stdout.slice(-2000)).toBe(0);
    const me = `${LOOPBACK}:${String(b2buaPort)}`;
    const caller = `${LOOPBACK}:${String(uacPort)}`;
    const callee2 = `${LOOPBACK}:${String(uasPort)}`;
    const blocks = lines(readFileSync(log, "utf8"));
    // A request by its method, a response by its status; 100 Trying is each hop's own.
    const label = (l: string): string => (l.startsWith("SIP/2.0 ") ? (l.split(" ")[1] ?? "") : (l.split(" ")[0] ?? ""));
    const sent = (to: string): ReadonlyArray<string> => blocks.filter((b) => b.from === me && b.to === to).map((b) => label(b.line)).filter((l) => l !== "100");
    expect(sent(callee2)).toEqual(["INVITE", "ACK", "BYE"]);
    expect(sent(caller)).toEqual(["180", "200", "200"]);
    // The callee's SDP reached the caller unchanged (a pass-through of the body).
    const answer = blocks.find((b) => b.from === callee2 && b.line.startsWith("SIP/2.0 200") && b.text.includes("v=0"));
    const relayed = blocks.find((b) => b.from === me && b.to === caller && b.line.startsWith("SIP/2.0 200") && b.text.includes("v=0"));
    const sdp = (t: string | undefined): string => (t ?? "").slice((t ?? "").indexOf("v=0")).trim();
    expect(relayed && sdp(relayed.text)).toBe(answer && sdp(answer.text));
  });
});
