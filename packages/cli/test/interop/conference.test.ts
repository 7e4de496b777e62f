// `puresip serve --conference` (@puresip/focus on real sockets, loopback only): three `puresip
// call` clients join a conference, one is removed by `puresip refer --method BYE` (RFC 4579
// §5.1, §5.11), and baresip joins as an independent UA. Every process is started by the
// harness in its own group, bounded in time, and stopped by PID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Running } from "./harness.js";
import { LOOPBACK, baresipPort, missing, runToEnd, start, stopAll, waitFor } from "./harness.js";
import { baresipConfig } from "./baresip-config.js";
import { buildCli } from "./serve.js";

let main = "";
beforeAll(() => {
  main = buildCli();
});
afterAll(stopAll);

/** `puresip serve --conference NAME ...` on a free UDP port; the port it got. */
const serveConference = async (names: ReadonlyArray<string>): Promise<{ readonly process: Running; readonly port: number }> => {
  const p = start(process.execPath, [main, "serve", "--host", LOOPBACK, "--port", "0", ...names.flatMap((n) => ["--conference", n])], { limitMs: 55_000 });
  await waitFor("puresip serve --conference to listen", () => /listening UDP /.test(p.output().stdout) || p.child.exitCode !== null, 20_000);
  const port = /listening UDP [^\n]*:(\d+)/.exec(p.output().stdout)?.[1];
  if (port === undefined) throw new Error(`puresip serve did not start: ${p.output().stderr}`);
  return { process: p, port: Number(port) };
};

const participants = (notes: string, conference: string): ReadonlyArray<number> =>
  [...notes.matchAll(new RegExp(`^conference ${conference}: (\\d+) participant\\(s\\)`, "gm"))].map((m) => Number(m[1]));

describe("interop: puresip serve --conference (RFC 4579)", () => {
  it("RFC 4579 §5.1, §5.11: three puresip call clients join, puresip subscribe sees them (RFC 4575), puresip refer --method BYE removes bob; every join and leave is logged", { timeout: 58_000 }, async () => {
    const server = await serveConference(["alpha", "beta"]);
    const conference = `sip:alpha@${LOOPBACK}:${String(server.port)}`;
    const call = (user: string): Running => start(process.execPath, [main, "call", conference, "--user", user, "--duration", "14s", "--timeout", "10s"], { limitMs: 40_000 });
    const alice = call("alice");
    const bob = call("bob");
    const carol = call("carol");
    await waitFor("three participants connected", () => (server.process.output().stderr.match(/^conference alpha: .* connected /gm) ?? []).length >= 3, 20_000);
    // RFC 4579 §5.1 F5-F7: a subscriber to the conference URI gets the roster (RFC 4575).
    const roster = await runToEnd(process.execPath, [main, "subscribe", conference, "--event", "conference", "--duration", "1s", "--timeout", "10s"], { limitMs: 20_000 });
    const refer = await runToEnd(process.execPath, [main, "refer", conference, "--target", `sip:bob@${LOOPBACK}`, "--method", "BYE", "--timeout", "10s"], { limitMs: 20_000 });
    const [a, b, c] = await Promise.all([alice.finished, bob.finished, carol.finished]);
    await waitFor("everyone to have left", () => participants(server.process.output().stderr, "alpha").at(-1) === 0, 10_000);
    await server.process.stop();
    const notes = server.process.output().stderr;
    expect(refer.code, refer.stdout + refer.stderr).toBe(0);
    expect(roster.stdout).toMatch(/^conference sip:alpha@127\.0\.0\.1:\d+ version \d+: 3 users, active$/m);
    for (const user of ["alice", "bob", "carol"]) expect(roster.stdout).toMatch(new RegExp(`^    endpoint sip:${user}@127\\.0\\.0\\.1: connected \\(dialed-in\\), audio sendrecv$`, "m"));
    expect(refer.stdout).toBe("202 Accepted\nNOTIFY: SIP/2.0 100 Trying\nNOTIFY: SIP/2.0 200 OK\n");
    // Bob was hung up by the focus; alice and carol hung up themselves after --duration.
    expect(b.stdout).toContain("the peer hung up");
    for (const x of [a, c]) expect(x.stdout).toContain("BYE: 200 OK");
    for (const x of [a, b, c]) expect(x.stdout).toMatch(/^media: audio RTP\/AVP PCMU\/8000 \(pt 0\) 127\.0\.0\.1:40000 <-> 127\.0\.0\.1:\d+ sendrecv$/m);
    expect(notes).toMatch(/^conference alpha: <sip:bob@127\.0\.0\.1> left \(booted\)$/m);
    expect(notes).toMatch(/^conference alpha: <sip:alice@127\.0\.0\.1> left \(departed\)$/m);
    expect(notes).toMatch(/^conference alpha: <sip:carol@127\.0\.0\.1> left \(departed\)$/m);
    expect(Math.max(...participants(notes, "alpha"))).toBe(3);
    // Each participant got its own media port.
    expect(new Set([...notes.matchAll(/connected \(dialed-in, media 127\.0\.0\.1:(\d+)\)/g)].map((m) => m[1])).size).toBe(3);
  });

  const noBaresip = missing("baresip");
  it.skipIf(noBaresip !== undefined)(`RFC 4579 §5.1: baresip joins the conference and leaves by BYE${noBaresip === undefined ? "" : ` (skipped: ${noBaresip})`}`, { timeout: 58_000 }, async () => {
    const server = await serveConference(["alpha"]);
    const port = await baresipPort();
    const dir = baresipConfig(port, `<sip:dave@${LOOPBACK}:${String(port)}>;regint=0`);
    const baresip = await runToEnd("baresip", ["-f", dir, "-e", `/dial sip:alpha@${LOOPBACK}:${String(server.port)}`, "-t", "4"], { limitMs: 30_000 });
    await waitFor("baresip to have left", () => participants(server.process.output().stderr, "alpha").at(-1) === 0, 10_000);
    await server.process.stop();
    const notes = server.process.output().stderr;
    expect(baresip.stdout).toContain("Call established");
    expect(notes).toMatch(/^conference alpha: .*<sip:dave@127\.0\.0\.1.*> connected \(dialed-in, media 127\.0\.0\.1:\d+\)$/m);
    expect(notes).toMatch(/^conference alpha: .*<sip:dave@127\.0\.0\.1.*> left \(departed\)$/m);
  });
});
