// Starts the built `puresip serve` (compiled once per run by test/build-once.ts) on free
// loopback ports and reads the ports it got from its stdout.
import { fileURLToPath } from "node:url";
import type { Running } from "./harness.js";
import { CLI_BUILD } from "../build-once.js";
import { LOOPBACK, start, waitFor } from "./harness.js";

const pkg = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The CLI that test/build-once.ts compiled for this run. `_outDir` is what each suite once
 * compiled into separately; one compile now serves them all.
 */
export const buildCli = (_outDir?: string): string => `${pkg}${CLI_BUILD}/main.js`;

export interface Served {
  readonly process: Running;
  readonly udpPort: number;
  readonly wsPort: number;
}

/** `puresip serve` with the given extra arguments, on port 0 (UDP and TCP) and a free WS port. */
export const serve = async (main: string, args: ReadonlyArray<string>, limitMs = 50_000): Promise<Served> => {
  const p = start(process.execPath, [main, "serve", "--host", LOOPBACK, "--port", "0", "--ws-port", "0", ...args], { limitMs });
  await waitFor("puresip serve to listen", () => /listening WS /.test(p.output().stdout) || p.child.exitCode !== null, 20_000);
  const out = p.output().stdout;
  const udp = /listening UDP [^\n]*:(\d+)/.exec(out)?.[1];
  const ws = /listening WS [^\n]*:(\d+)/.exec(out)?.[1];
  if (udp === undefined || ws === undefined) throw new Error(`puresip serve did not start: ${p.output().stderr}`);
  return { process: p, udpPort: Number(udp), wsPort: Number(ws) };
};

/**
 * `puresip proxy --host 127.0.0.1 --port <port>` with the given extra arguments, once it says it
 * listens (or has exited: the test's own assertions then show its output).
 */
export const startProxy = async (main: string, port: number, args: ReadonlyArray<string>, limitMs: number): Promise<Running> => {
  const p = start(process.execPath, [main, "proxy", "--host", LOOPBACK, "--port", String(port), ...args], { limitMs });
  await waitFor("puresip proxy to listen", () => /listening UDP /.test(p.output().stdout) || p.child.exitCode !== null, 20_000);
  return p;
};
