// What every interop test needs: free loopback ports, processes with a hard time limit whose
// whole process group is killed when the test ends, and a clear rule for missing software:
// locally a test whose peer is not installed is skipped with a message saying which and how to
// install it; under CI (`CI` set) it never skips, it fails, because .ci/run installs them.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

export const LOOPBACK = "127.0.0.1";

/** The full path of an executable on PATH, or undefined. */
export const which = (name: string): string | undefined => {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
};

const debianPackage: Readonly<Record<string, string>> = { sipp: "sip-tester", tshark: "tshark", dumpcap: "wireshark-common", baresip: "baresip-core" };

/**
 * Why an interop suite cannot run here, or undefined when it can. Under CI a missing binary is
 * an error thrown at collection time, so the run fails instead of passing with fewer tests.
 */
export const missing = (...binaries: ReadonlyArray<string>): string | undefined => {
  const absent = binaries.filter((b) => which(b) === undefined);
  if (absent.length === 0) return undefined;
  const how = `apt-get install ${absent.map((b) => debianPackage[b] ?? b).join(" ")}`;
  if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false")
    throw new Error(`interop: ${absent.join(", ")} not installed under CI (.ci/run installs them: ${how})`);
  return `${absent.join(", ")} not installed (${how})`;
};

const handedOut = new Set<number>();

const tcpFree = (port: number): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => { resolve(false); });
    server.listen(port, LOOPBACK, () => server.close(() => { resolve(true); }));
  });

const udpFree = (port: number): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => { resolve(false); });
    socket.bind(port, LOOPBACK, () => socket.close(() => { resolve(true); }));
  });

/**
 * A port nobody is bound to on 127.0.0.1 for both UDP and TCP at the moment of asking, never one
 * this process handed out before (the kernel may offer a just-closed port again). `span` asks
 * for that many consecutive ports: baresip also listens for TLS on the SIP port + 1.
 */
export const freePort = async (span = 1): Promise<number> => {
  for (let attempt = 0; attempt < 40; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, LOOPBACK, () => {
        const address = server.address();
        server.close(() => {
          if (typeof address === "object" && address !== null) resolve(address.port);
          else reject(new Error("no port"));
        });
      });
    });
    const ports = Array.from({ length: span }, (_, k) => port + k);
    if (ports.some((p) => p > 65_535 || handedOut.has(p))) continue;
    let free = true;
    for (const p of ports) free = free && (await udpFree(p)) && (await tcpFree(p));
    if (!free) continue;
    for (const p of ports) handedOut.add(p);
    return port;
  }
  throw new Error(`no ${String(span)} free port(s) on 127.0.0.1 after 40 tries`);
};

/** A SIP port for baresip: it binds UDP and TCP there and TLS on the next port. */
export const baresipPort = (): Promise<number> => freePort(2);

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the time limit ran out and the group was killed. */
  readonly timedOut: boolean;
}

export interface Running {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Output so far (the process may still be running). */
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  readonly finished: Promise<Finished>;
  /** `signal` (SIGTERM) to the whole process group, SIGKILL after `graceMs`; resolves when it has exited. */
  readonly stop: (graceMs?: number, signal?: NodeJS.Signals) => Promise<Finished>;
}

const live = new Set<Running>();

const killGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

/**
 * Starts a program in its own process group with a hard limit: when `limitMs` runs out, the
 * group is killed. Output is collected (bounded to the last 1 MB of each stream).
 */
export const start = (command: string, args: ReadonlyArray<string>, options: { readonly limitMs: number; readonly cwd?: string; readonly input?: string }): Running => {
  const child = spawn(command, [...args], { cwd: options.cwd, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  let stdout = "";
  let stderr = "";
  const keep = (s: string): string => (s.length > 1_000_000 ? s.slice(-1_000_000) : s);
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout = keep(stdout + d)));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = keep(stderr + d)));
  if (options.input !== undefined) child.stdin.end(options.input);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid, "SIGKILL");
  }, options.limitMs);
  const finished = new Promise<Finished>((resolve) => {
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      // The leader is gone; make sure nothing it started is left behind.
      killGroup(pid, "SIGKILL");
      live.delete(running);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  const stop = async (graceMs = 2000, signal: NodeJS.Signals = "SIGTERM"): Promise<Finished> => {
    killGroup(pid, signal);
    const hard = setTimeout(() => { killGroup(pid, "SIGKILL"); }, graceMs);
    const done = await finished;
    clearTimeout(hard);
    return done;
  };
  const running: Running = { pid, child, output: () => ({ stdout, stderr }), finished, stop };
  live.add(running);
  return running;
};

/** Runs a program to its end (bounded by `limitMs`). */
export const runToEnd = (command: string, args: ReadonlyArray<string>, options: { readonly limitMs: number; readonly cwd?: string; readonly input?: string }): Promise<Finished> =>
  start(command, args, options).finished;

/** Stops everything the harness started; call from afterAll/afterEach. */
export const stopAll = async (): Promise<void> => {
  await Promise.all([...live].map((r) => r.stop()));
};

/** True when something is bound to the UDP port on 127.0.0.1 (a server has started). */
export const udpPortInUse = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => { resolve(true); });
    socket.bind(port, LOOPBACK, () => socket.close(() => { resolve(false); }));
  });

/** Polls `check` every 50 ms until it is true or `limitMs` passes. */
export const waitFor = async (what: string, check: () => boolean | Promise<boolean>, limitMs: number): Promise<void> => {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** One block of a puresip trace log (`--- <time> <from> -> <to>` and the message), as `--trace-log` writes it. */
export interface TraceBlock {
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

/** The blocks of a puresip trace log, in order. */
export const traceBlocks = (log: string): ReadonlyArray<TraceBlock> =>
  log
    .split(/^--- /m)
    .filter((b) => b.length > 0)
    .map((b) => {
      const [head = "", ...rest] = b.split("\n");
      const [, from = "", , to = ""] = head.split(" ");
      return { from, to, text: rest.join("\n") };
    });

/** The start line of each message in a trace log sent from `from` (and to `to`, when given). */
export const traceStartLines = (log: string, from: string, to?: string): ReadonlyArray<string> =>
  traceBlocks(log)
    .filter((b) => b.from === from && (to === undefined || b.to === to))
    .map((b) => (b.text.split("\n")[0] ?? "").trim());

/**
 * Starts SIPp (its `args` bind UDP `port` with `-p`) and waits until the port is bound. A SIPp
 * that exits first (its port taken for a moment, e.g. by another test process probing for a free
 * one) is started again after a pause, up to three times; then the error says what SIPp printed.
 */
export const startSipp = async (args: ReadonlyArray<string>, port: number, limitMs: number): Promise<Running> => {
  for (let attempt = 1; ; attempt++) {
    const p = start("sipp", args, { limitMs });
    // SIPp takes seconds to start on a loaded machine (10 s was once not enough in CI).
    await waitFor("SIPp to bind", async () => (await udpPortInUse(port)) || p.child.exitCode !== null, 25_000);
    if (p.child.exitCode === null) return p;
    if (attempt >= 3) throw new Error(`SIPp did not bind UDP ${String(port)}: ${p.output().stdout.slice(-600)} ${p.output().stderr.slice(-600)}`);
    await new Promise((r) => setTimeout(r, 300 * attempt));
  }
};
