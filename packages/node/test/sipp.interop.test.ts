// Interop with SIPp (Debian's sip-tester) on the loopback: an independent implementation
// drives the stack as a UAS and answers it as a UAC. Skipped where sipp is missing. SIPp needs
// a port named in advance: one found free may be taken by another process (other SIPp tests on
// the machine) before SIPp binds it, so each test is retried rather than reported as failing.
import { spawn, spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { Stack } from "../src/index.js";
import { createStack } from "../src/index.js";
import { waitFor } from "./helpers.js";

const hasSipp = spawnSync("sipp", ["-v"], { encoding: "utf8" }).error === undefined;
const stacks: Array<Stack> = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});

const sdp = { type: "application/sdp", content: new TextEncoder().encode("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n") };

/** Runs sipp to its end (bounded by its own -timeout and a kill); resolves with its exit code and output. */
const sipp = (args: ReadonlyArray<string>): { readonly done: Promise<{ code: number | null; output: string }> } => {
  const child = spawn("sipp", [...args, "-m", "1", "-timeout", "20s", "-nostdin", "-trace_err", "-error_file", "/dev/stderr"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
  const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on("close", (code) => {
      clearTimeout(kill);
      resolve({ code, output });
    });
  });
  return { done };
};

const freeUdpPort = async (): Promise<number> => {
  const { createSocket } = await import("node:dgram");
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => { r(); }));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => { r(); }));
  return port;
};

const portTaken = async (port: number): Promise<boolean> => {
  const { createSocket } = await import("node:dgram");
  const s = createSocket("udp4");
  return new Promise((resolve) => {
    s.once("error", () => {
      s.close();
      resolve(true);
    });
    s.bind(port, "127.0.0.1", () => {
      s.close(() => { resolve(false); });
    });
  });
};

const waitForBound = async (port: number): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await portTaken(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`sipp did not bind 127.0.0.1:${port}`);
};

describe.skipIf(!hasSipp)("interop: SIPp against createStack", () => {
  for (const transport of ["UDP", "TCP"] as const) {
    it(`RFC 3261 §13, §15: SIPp's built-in uac calls the stack over ${transport}: INVITE, 180, 200, ACK, BYE, 200`, { timeout: 40_000, retry: 2 }, async () => {
      const bob = await createStack({ transports: [{ transport, host: "127.0.0.1", port: 0 }], user: "bob" });
      stacks.push(bob);
      let ended = false;
      bob.on("IncomingCall", (e) => {
        bob.ring(e.call);
        bob.answer(e.call, sdp);
      });
      bob.on("CallEnded", () => {
        ended = true;
      });
      const mode = transport === "TCP" ? ["-t", "t1"] : [];
      const run = sipp(["-sn", "uac", ...mode, "-s", "bob", "-i", "127.0.0.1", "-p", String(await freeUdpPort()), `127.0.0.1:${bob.listening[0]!.port}`]);
      const { code, output } = await run.done;
      expect(code, output).toBe(0);
      await waitFor(() => (ended ? true : undefined), "the call to end at the stack");
    });
  }

  it("RFC 3261 §13, §15: the stack calls SIPp's built-in uas and hangs up; SIPp sees the whole call", { timeout: 40_000, retry: 2 }, async () => {
    const port = await freeUdpPort();
    const run = sipp(["-sn", "uas", "-i", "127.0.0.1", "-p", String(port)]);
    const alice = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "alice" });
    stacks.push(alice);
    // Wait until SIPp holds its port (a bind of ours fails), so the INVITE is not sent into the void.
    await waitForBound(port);
    const call = await alice.call(`sip:service@127.0.0.1:${port}`, { body: sdp });
    expect((await alice.outcome(call))._tag).toBe("CallEstablished");
    const ended = alice.outcome(call);
    alice.hangup(call);
    expect((await ended)._tag).toBe("CallEnded");
    const { code, output } = await run.done;
    expect(code, output).toBe(0);
  });
});
