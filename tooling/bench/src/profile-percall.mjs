// Where `puresip serve` spends a call (issue #14, item 6): SIPp's built-in uac (INVITE, 180,
// 200, ACK, BYE, 200) against serve on loopback, as load-percall.mjs runs it, with the server
// under V8's CPU profiler and its sampling heap profiler (collected objects included). After a
// warm-up it prints the server's CPU µs and allocated KB per completed call, and the shares of
// busy time and of bytes allocated per package and per function. At a rate where SIPp resends
// nothing, the KB per call hardly move with the machine's load, where CPU time does.
//
//   pnpm turbo run build && node tooling/bench/src/profile-percall.mjs [--rate 250] [--calls 3000] [--top 25] [--cli path/to/main.js]
//
// --warmup-calls 3000 at --warmup-rate 500; --out keeps the profiles in that directory. Every
// process it starts is stopped by its PID; a watchdog bounds the run.
import { existsSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpuSeconds, guardRun, host, launch, missingTool, option, sippClient, sleep, stop, tempDir, udpBound, waitBound } from "./sipp-harness.mjs";
import { cpuShares, heapShares } from "./profile/summarize.mjs";

const o = {
  rate: Number(option("--rate", "PROFILE_RATE", "250")),
  calls: Number(option("--calls", "PROFILE_CALLS", "3000")),
  warmupCalls: Number(option("--warmup-calls", "PROFILE_WARMUP_CALLS", "3000")),
  warmupRate: Number(option("--warmup-rate", "PROFILE_WARMUP_RATE", "500")),
  top: Number(option("--top", "PROFILE_TOP", "25")),
  cli: option("--cli", "PROFILE_CLI", fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url))),
  out: option("--out", "PROFILE_OUT", ""),
};
const port = Number(option("--port", "PROFILE_PORT", "15070"));

const missing = missingTool([["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"]]);
if (missing !== undefined) throw new Error(`${missing[0]} is missing (${missing[1]})`);
if (!existsSync(o.cli)) throw new Error(`build first: ${o.cli} is missing`);
if (udpBound(port)) throw new Error(`UDP ${host}:${port} is in use`);

const release = guardRun("profile-percall", Math.ceil(o.warmupCalls / o.warmupRate + o.calls / o.rate) * 2 + 120);
const dir = o.out === "" ? tempDir("puresip-profile-") : o.out;
const heapFile = join(dir, "serve.heapprofile");
process.env.HEAP_PROFILE = heapFile;
const hooks = fileURLToPath(new URL("./profile/serve-hooks.mjs", import.meta.url));
const server = launch("1", process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, hooks, o.cli, "serve", "--host", host, "--port", String(port), "--transports", "udp", "--quiet"]);
try {
  await waitBound("puresip serve", server, port);
  if (o.warmupCalls > 0) await sippClient(["-sn", "uac", `${host}:${port}`], o.warmupRate, o.warmupCalls, "0");
  await sleep(500);
  process.kill(server.pid, "SIGUSR2");
  const load = loadavg()[0];
  const cpu0 = cpuSeconds(server.pid);
  const r = await sippClient(["-sn", "uac", `${host}:${port}`], o.rate, o.calls, "0");
  const cpu = cpuSeconds(server.pid) - cpu0;
  process.kill(server.pid, "SIGINT");
  await Promise.race([server.exited, sleep(15_000)]);
  const cpuFile = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const heap = existsSync(heapFile) ? heapShares(heapFile, o.top) : undefined;
  const shares = cpuFile === undefined ? undefined : cpuShares(join(dir, cpuFile), o.top);
  console.log(`${r.completed} of ${o.calls} calls at ${o.rate}/s, ${r.failed} failed, ${r.retrans} retransmissions, load ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
  console.log(`server CPU ${Math.round((cpu / r.completed) * 1e6)} µs a call` + (heap === undefined ? "" : `, ${Math.round(heap.bytes / r.completed / 1024)} KB allocated a call`));
  if (shares !== undefined) console.log(`\nbusy ${(shares.busyMs / 1000).toFixed(2)} s (warm-up and start included), self time by package:\n${shares.packages.join("\n")}\n\nby function:\n${shares.functions.join("\n")}`);
  if (heap !== undefined) console.log(`\nbytes allocated in the measured run, by package:\n${heap.packages.join("\n")}\n\nby function:\n${heap.functions.join("\n")}`);
  if (o.out !== "") console.log(`\nprofiles kept in ${dir}`);
} finally {
  await stop(server);
  release();
}
