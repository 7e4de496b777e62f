// `puresip phone` driven by scripts on stdin, on loopback: against `puresip serve`, and two
// phones calling each other. `wait` makes each script step by step; every process is started
// by the harness in its own group, bounded in time and stopped by its PID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, runToEnd, start, stopAll, waitFor } from "./harness.js";
import { buildCli, serve } from "./serve.js";

let main = "";

beforeAll(() => {
  main = buildCli("reports/interop-phone");
});
afterAll(stopAll);

const script = (...lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\n`).join("");
const phone = (input: string) => runToEnd(process.execPath, [main, "phone", "--host", LOOPBACK], { limitMs: 40_000, input });
/** The `event ...` lines, without the fields that differ from run to run. */
const events = (stdout: string): ReadonlyArray<string> => stdout.split("\n").filter((l) => l.startsWith("event "));

describe("interop: puresip phone scripted from stdin", () => {
  it("RFC 3261 §13, §14.1, RFC 3264 §8.4, RFC 6086, §15: call serve, hold, resume, INFO, hang up, each step after its event", { timeout: 60_000 }, async () => {
    const server = await serve(main, []);
    try {
      const r = await phone(
        script(
          `call sip:x@${LOOPBACK}:${String(server.udpPort)}`,
          "wait CallEstablished",
          "hold",
          "wait ReofferDone",
          "resume",
          "wait ReofferDone",
          "info text/plain hello",
          "wait InDialogDone",
          "hangup",
          "wait CallEnded",
          "quit",
        ),
      );
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stderr).toBe("");
      const seen = events(r.stdout);
      expect(seen[0]).toBe(`event CallCreated call=1 to=sip:x@${LOOPBACK}:${String(server.udpPort)}`);
      expect(seen).toContain("event CallProgress call=1 status=180");
      expect(seen.filter((l) => l === "event ReofferDone call=1 status=200")).toHaveLength(2);
      // serve does not take INFO (it is not in its Allow): 405, §8.2.1; the phone still reports the final response.
      expect(seen).toContain("event InDialogDone call=1 method=INFO status=405");
      expect(seen.at(-1)).toBe("event CallEnded call=1 reason=LocalBye");
      // The order the script imposed: established before the hold's answer, both re-INVITEs before the BYE.
      expect(seen.indexOf("event CallEstablished call=1")).toBeLessThan(seen.indexOf("event ReofferDone call=1 status=200"));
      // serve saw the hold (recvonly, RFC 3264 §8.4) and the resume, then our BYE.
      const served = server.process.output().stderr;
      expect(served).toMatch(/recvonly\n[^\n]*sendrecv\n[^\n]*ended: RemoteBye/);
    } finally {
      await server.process.stop();
    }
  });

  it("RFC 3261 §13.3.1, §14.1, RFC 3311, RFC 6086 §4.2.2, RFC 3515 §2.4.2: two phones: one calls, the other waits for IncomingCall and answers; INFO gets 200, UPDATE and an offerless re-INVITE 200, REFER 603; the caller hangs up", { timeout: 60_000 }, async () => {
    const callee = start(process.execPath, [main, "phone", "--host", LOOPBACK, "--user", "bob"], {
      limitMs: 40_000,
      input: script("wait IncomingCall 20s", "answer", "wait CallEstablished", "wait CallEnded 20s", "quit"),
    });
    try {
      await waitFor("the callee phone to listen", () => /listening UDP /.test(callee.output().stdout) || callee.child.exitCode !== null, 20_000);
      const port = /listening UDP [^\n]*:(\d+) as/.exec(callee.output().stdout)?.[1];
      expect(port, callee.output().stderr).toBeDefined();
      const caller = await phone(script(
          `call sip:bob@${LOOPBACK}:${port ?? ""}`,
          "wait CallEstablished",
          "info text/plain hi",
          "wait InDialogDone",
          "update",
          "wait ReofferDone",
          "reinvite --offerless",
          "wait ReofferDone",
          `refer sip:carol@${LOOPBACK}:9`,
          "wait Subscription",
          "hangup",
          "wait CallEnded",
          "quit",
        ));
      const answered = await callee.finished;
      expect(caller.code, `${caller.stdout}\n${caller.stderr}`).toBe(0);
      expect(answered.code, `${answered.stdout}\n${answered.stderr}`).toBe(0);
      const said = events(caller.stdout);
      expect(said).toContain("event InDialogDone call=1 method=INFO status=200");
      // RFC 3311 UPDATE and an offerless re-INVITE (§14.1: the callee offers in its 2xx, we answer in the ACK).
      expect(said.filter((l) => l === "event ReofferDone call=1 status=200")).toHaveLength(2);
      // RFC 3515 §2.4.2: the callee phone declines a REFER with 603; the caller's REFER subscription ends so.
      expect(said).toContain("event Subscription notice=Ended reason=Rejected status=603");
      const heard = events(answered.stdout);
      expect(heard[0]).toMatch(/^event IncomingCall call=1 from=sip:puresip@127\.0\.0\.1:\d+$/);
      expect(heard).toContain("event CallEstablished call=1");
      expect(heard).toContain("event InDialogRequest call=1 method=INFO");
      expect(heard.at(-1)).toBe("event CallEnded call=1 reason=RemoteBye");
    } finally {
      await callee.stop();
    }
  });

  it("RFC 5589 §7, RFC 3891 §3: attended transfer from the console: call bob, hold, call carol, `transfer #1 #2`; bob's INVITE with Replaces takes over the call with carol", { timeout: 60_000 }, async () => {
    const bob = await serve(main, []);
    const carol = await serve(main, []);
    try {
      const r = await phone(
        script(
          `call sip:bob@${LOOPBACK}:${String(bob.udpPort)}`,
          "wait CallEstablished",
          "hold",
          "wait ReofferDone",
          `call sip:carol@${LOOPBACK}:${String(carol.udpPort)}`,
          "wait CallEstablished",
          "transfer #1 #2",
          "wait SubscriptionCreated",
          // carol ends the replaced call with a BYE (RFC 3891 §3); then we hang up the transferred one (RFC 5589 §7).
          "wait CallEnded 15s",
          "hangup #1",
          "wait CallEnded",
          "quit",
        ),
      );
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      const seen = events(r.stdout);
      expect(seen).toContain("event SubscriptionCreated method=REFER");
      expect(seen).toContain("event CallEnded call=2 reason=RemoteBye");
      expect(seen.at(-1)).toBe("event CallEnded call=1 reason=LocalBye");
      expect(bob.process.output().stderr).toMatch(/REFER to sip:carol@127\.0\.0\.1:\d+ replacing \S+/);
      expect(carol.process.output().stderr).toMatch(/call \S+ replaces call \S+ \(RFC 3891\)/);
    } finally {
      await bob.process.stop();
      await carol.process.stop();
    }
  });

  it("a bad line is an error on stderr and the console goes on; with stdin not a terminal the exit status is then 1", { timeout: 30_000 }, async () => {
    const r = await phone(script("dial sip:x@127.0.0.1", "hold", "calls", "quit"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: unknown command "dial"');
    expect(r.stderr).toContain("error: no current call");
    expect(r.stdout).toContain("no calls\n");
  });
});
