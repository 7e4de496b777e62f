// Per-call cost (issue #14, item 6): SIPp's built-in uac (INVITE, 180, 200, ACK, BYE, 200) on
// loopback against three servers in one run — `puresip serve`, a minimal UAS on the `sip` npm
// package (peers/sip-uas.mjs) and SIPp's own `-sn uas` — each after a warm-up, at fixed rates.
// For each it reports the server's CPU time per completed call (utime + stime from
// /proc/<pid>/stat over the measured SIPp run only), SIPp's retransmissions and failed calls
// (its -trace_stat CSV) and the server's peak RSS (VmHWM). The server runs on one core and
// SIPp on the other (taskset). Needs sipp (Debian's sip-tester), taskset and the built CLI:
//
//   pnpm turbo run build && pnpm --filter @puresip/bench run bench:load [-- --seconds 60 --rates 2000]
//
// Flags (or the environment variable in brackets): --seconds 20 [LOAD_SECONDS] a measured run,
// --rates 1000,2000 [LOAD_RATES], --servers puresip,sip,sipp [LOAD_SERVERS], --warmup-calls 5000
// at --warmup-rate 500 (0 skips it), --server-cpu 1, --sipp-cpu 0. Every process it starts is
// stopped by its PID when a step ends, on error and on SIGINT/SIGTERM; a watchdog bounds the run.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));
const sipUas = fileURLToPath(new URL("./peers/sip-uas.mjs", import.meta.url));

const option = (flag, variable, fallback) => {
  const at = process.argv.indexOf(flag);
  if (at > 0 && process.argv[at + 1] !== undefined) return process.argv[at + 1];
  return process.env[variable] ?? fallback;
};
const options = () => ({
  seconds: Number(option("--seconds", "LOAD_SECONDS", "20")),
  rates: option("--rates", "LOAD_RATES", "1000,2000").split(",").map(Number),
  servers: option("--servers", "LOAD_SERVERS", "puresip,sip,sipp").split(","),
  warmupCalls: Number(option("--warmup-calls", "LOAD_WARMUP_CALLS", "5000")),
  warmupRate: Number(option("--warmup-rate", "LOAD_WARMUP_RATE", "500")),
  serverCpu: option("--server-cpu", "LOAD_SERVER_CPU", "1"),
  sippCpu: option("--sipp-cpu", "LOAD_SIPP_CPU", "0"),
});

const host = "127.0.0.1";
const servers = {
  puresip: { name: "puresip serve", port: 15060, cmd: process.execPath, args: (p) => [cli, "serve", "--host", host, "--port", String(p), "--transports", "udp", "--quiet"] },
  sip: { name: "sip 0.0.6 UAS", port: 15061, cmd: process.execPath, args: (p) => [sipUas, "--host", host, "--port", String(p)] },
  sipp: { name: "sipp -sn uas", port: 15062, cmd: "sipp", args: (p) => ["-sn", "uas", "-i", host, "-p", String(p), "-nostdin"] },
};
let nextClientPort = 15070;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
/** utime + stime of a process and all its threads, in seconds (/proc/<pid>/stat fields 14, 15). */
const cpuSeconds = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
};
const statusKb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
/** Whether something is bound to UDP 127.0.0.1:<port> (/proc/net/udp, addresses in hex). */
const udpBound = (port) => {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const any = `00000000:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return readFileSync("/proc/net/udp", "utf8").split("\n").some((l) => { const a = l.trim().split(/\s+/)[1]; return a === local || a === any; });
};

/** Every child still running, by PID: stopped when a step ends, on error and on exit. */
const live = new Map();
const launch = (cpu, cmd, args, cwd) => {
  const child = spawn("taskset", ["-c", String(cpu), cmd, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stderr })));
  live.set(child.pid, child);
  void exited.then(() => live.delete(child.pid));
  return { pid: child.pid, exited, stderr: () => stderr };
};
const stop = async (pid, exited) => {
  if (!live.has(pid)) return;
  const signal = (s) => { try { process.kill(pid, s); } catch { /* already gone */ } };
  signal("SIGTERM");
  const gone = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!gone) {
    signal("SIGKILL");
    await Promise.race([exited, sleep(2000)]);
  }
};
/** SIPp's statistics directories still on disk. */
const scratch = new Set();
const killAllNow = () => {
  for (const pid of live.keys()) try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
};

const startServer = async (key, cpu) => {
  const server = servers[key];
  if (udpBound(server.port)) throw new Error(`UDP ${host}:${server.port} is in use: ${server.name} cannot have it`);
  const p = launch(cpu, server.cmd, server.args(server.port));
  const started = performance.now();
  while (!udpBound(server.port)) {
    if (!live.has(p.pid) || performance.now() - started > 20_000) {
      await stop(p.pid, p.exited);
      throw new Error(`${server.name} did not bind UDP ${server.port}: ${p.stderr()}`);
    }
    await sleep(100);
  }
  await sleep(300);
  return { ...p, ...server };
};

/** The last row of SIPp's -trace_stat CSV, by column name. */
const lastStats = (file) => {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const names = lines[0].split(";");
  const values = lines[lines.length - 1].split(";");
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
};

/** Retransmissions SIPp received (the server resending a response), from the Retrans column of
 * its final screen (-trace_screen); the CSV counts only those SIPp sent. */
const receivedRetransmissions = (dir) => {
  const file = readdirSync(dir).find((f) => f.endsWith("_screen.log"));
  if (file === undefined) return NaN;
  const screen = readFileSync(join(dir, file), "utf8");
  const table = screen.slice(screen.lastIndexOf("Messages  Retrans"));
  let sum = 0;
  for (const line of table.split("\n").slice(1)) {
    const arrow = /<-{3,}/.exec(line);
    if (arrow === null) continue;
    const cells = line.slice(arrow.index + arrow[0].length).trim().split(/\s+/).filter((c) => /^\d+$/.test(c));
    sum += Number(cells[1] ?? 0);
  }
  return sum;
};

/** Runs SIPp's uac to the end, bounded by its -timeout and a kill after that; reads its statistics. */
const uac = async (serverPort, rate, calls, cpu, during = () => undefined) => {
  const dir = mkdtempSync(join(tmpdir(), "puresip-load-"));
  scratch.add(dir);
  try {
    const csv = join(dir, "stat.csv");
    const limit = Math.ceil(calls / rate) * 2 + 30;
    const args = ["-sn", "uac", "-i", host, "-p", String(nextClientPort++), `${host}:${serverPort}`, "-r", String(rate), "-m", String(calls), "-nostdin", "-timeout", `${limit}s`, "-trace_stat", "-stf", csv, "-fd", "1", "-trace_screen"];
    const started = performance.now();
    const p = launch(cpu, "sipp", args, dir);
    const killer = setTimeout(() => void stop(p.pid, p.exited), (limit + 10) * 1000);
    const sampler = setInterval(() => { try { during(); } catch { /* the server is gone: its exit shows below */ } }, 200);
    const end = await p.exited;
    clearTimeout(killer);
    clearInterval(sampler);
    const wall = (performance.now() - started) / 1000;
    let stats;
    try {
      stats = lastStats(csv);
    } catch {
      throw new Error(`sipp uac wrote no statistics (exit ${end.code ?? end.signal}): ${end.stderr}`);
    }
    const n = (name) => Number(stats[`${name}(C)`]);
    return { wall, completed: n("SuccessfulCall"), failed: n("FailedCall"), retrans: n("Retransmissions"), retransIn: receivedRetransmissions(dir), exit: end.code ?? end.signal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    scratch.delete(dir);
  }
};

const step = async (key, rate, o) => {
  const server = await startServer(key, o.serverCpu);
  try {
    if (o.warmupCalls > 0) await uac(server.port, o.warmupRate, o.warmupCalls, o.sippCpu);
    await sleep(1000);
    const loadBefore = loadavg()[0];
    let rssMax = statusKb(server.pid, "VmRSS");
    const cpu0 = cpuSeconds(server.pid);
    const r = await uac(server.port, rate, Math.round(rate * o.seconds), o.sippCpu, () => { rssMax = Math.max(rssMax, statusKb(server.pid, "VmRSS")); });
    const cpu = cpuSeconds(server.pid) - cpu0;
    const hwm = statusKb(server.pid, "VmHWM");
    return { server: server.name, rate, ...r, cpu, hwm, rssMax, loadBefore, loadAfter: loadavg()[0] };
  } finally {
    await stop(server.pid, server.exited);
  }
};

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const machine = () => {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
  const sippVersion = /SIPp v[\w.-]*\w/.exec(spawnSync("sipp", ["-v"], { encoding: "utf8" }).stdout)?.[0] ?? "SIPp";
  return `${cpus().length} × ${model}, Linux ${spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim()}, node ${process.version}, ${sippVersion}`;
};

export async function run() {
  const o = options();
  const missing = [["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"]].find(([c]) => spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0);
  if (missing !== undefined) return `## load: per-call cost\n\nSkipped: ${missing[0]} is missing (${missing[1]}).\n`;
  if (spawnSync("test", ["-f", cli]).status !== 0) return "## load: per-call cost\n\nSkipped: build first (`pnpm turbo run build`), packages/cli/dist/main.js is missing.\n";
  // Each step: start (≤ 20 s), warm-up and measured SIPp runs (each ≤ its -timeout + 10 s), stop (≤ 5 s).
  const bounded = (calls, rate) => Math.ceil(calls / rate) * 2 + 40;
  const budget = o.rates.reduce((s, r) => s + o.servers.length * (30 + (o.warmupCalls > 0 ? bounded(o.warmupCalls, o.warmupRate) : 0) + bounded(r * o.seconds, r)), 0);
  const watchdog = setTimeout(() => onFatal(new Error(`over its ${budget} s bound`)), budget * 1000);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => [s, () => onFatal(new Error(`stopped by ${s}`))]);
  for (const [s, f] of signals) process.once(s, f);
  process.once("exit", killAllNow);
  const started = new Date();
  const rows = [];
  try {
    for (const rate of o.rates)
      for (const key of o.servers) {
        if (servers[key] === undefined) throw new Error(`unknown server ${key}: puresip, sip or sipp`);
        console.error(`load-percall: ${servers[key].name} at ${rate} calls/s for ${o.seconds} s (load ${loadavg()[0].toFixed(2)})`);
        rows.push(await step(key, rate, o));
      }
  } finally {
    clearTimeout(watchdog);
    for (const [s, f] of signals) process.off(s, f);
    killAllNow();
  }
  const lines = [
    "## load: per-call cost",
    "",
    `${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine()}. SIPp \`-sn uac\` (INVITE, 180, 200, ACK, BYE, 200) over UDP on ${host}, SIPp on CPU ${o.sippCpu}, server on CPU ${o.serverCpu} (taskset); a fresh server process for each row, warmed by ${o.warmupCalls} unmeasured calls at ${o.warmupRate} calls/s, then ${o.seconds} s at the offered rate. CPU = the server's utime + stime over the measured SIPp run only; µs/call = that over completed calls. Failed calls and retransmissions are SIPp's: "retransmissions" = requests SIPp resent (-trace_stat), "resent responses" = responses it received again (the Retrans column of its final screen). Peak RSS = VmHWM at the end of the row (the warm-up included), window RSS = the highest VmRSS sampled every 200 ms during the measured run. Load = 1-minute load average before → after the measured run (the machine is shared).`,
    "",
    "| server | offered calls/s | completed | failed | retransmissions | resent responses | achieved calls/s | server CPU s | CPU µs/call | CPU % of one core | peak RSS MB | window RSS MB | load |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.server} | ${r.rate} | ${r.completed} | ${r.failed} | ${r.retrans} | ${fmt(r.retransIn)} | ${fmt(r.completed / r.wall)} | ${fmt(r.cpu, 2)} | ${fmt((r.cpu * 1e6) / r.completed)} | ${fmt((100 * r.cpu) / r.wall)} | ${fmt(r.hwm / 1024, 1)} | ${fmt(r.rssMax / 1024, 1)} | ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`),
  ];
  const perCall = (name, rate) => { const r = rows.find((x) => x.server === name && x.rate === rate); return r === undefined ? NaN : (r.cpu * 1e6) / r.completed; };
  for (const rate of o.rates) {
    const ours = perCall(servers.puresip.name, rate);
    const sip = perCall(servers.sip.name, rate);
    const sipp = perCall(servers.sipp.name, rate);
    const ratios = [Number.isFinite(sip) ? `${fmt(ours / sip, 2)}x the sip UAS` : "", Number.isFinite(sipp) ? `${fmt(ours / sipp, 1)}x sipp uas` : ""].filter((t) => t !== "");
    if (Number.isFinite(ours)) lines.push("", `At ${rate} calls/s puresip serve costs ${fmt(ours)} µs a call${ratios.length > 0 ? `: ${ratios.join(", ")}` : ""} (issue #14's target: at most 150 µs and at most 0.6x the sip UAS).`);
  }
  return `${lines.join("\n")}\n`;
}

function onFatal(e) {
  killAllNow();
  console.error("load-percall:", e);
  process.exit(1);
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) run().then((text) => console.log(text), onFatal);
