// What the SIPp load scripts (load-percall.mjs, load-proxy.mjs) share: reading flags, CPU time
// and memory of a process tree from /proc, starting processes pinned to a core and stopping
// them by PID, running one SIPp client to the end and reading its statistics. Linux only.
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

export const host = "127.0.0.1";
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `--flag value`, else the environment variable, else the fallback. */
export const option = (flag, variable, fallback) => {
  const at = process.argv.indexOf(flag);
  if (at > 0 && process.argv[at + 1] !== undefined) return process.argv[at + 1];
  return process.env[variable] ?? fallback;
};
/** A comma-separated list without empty items. */
export const list = (s) => s.split(",").filter((x) => x !== "");

/** A port the kernel just handed out for UDP (or TCP): free at that moment. */
export const freeUdpPort = () => new Promise((resolve, reject) => { const s = createSocket("udp4"); s.once("error", reject); s.bind(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
export const freeTcpPort = () => new Promise((resolve, reject) => { const s = createServer(); s.once("error", reject); s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); }); });

const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const statFields = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, "utf8"); return s.slice(s.lastIndexOf(")") + 2).split(" "); };
/** The process and every descendant still running (kamailio's workers), from /proc's ppid fields. */
const tree = (root) => {
  const parent = new Map();
  for (const d of readdirSync("/proc")) if (/^\d+$/.test(d)) try { parent.set(Number(d), Number(statFields(d)[1])); } catch { /* gone */ }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
};
/** utime + stime of a process tree, in seconds (/proc/<pid>/stat fields 14, 15; threads included). */
export const cpuSeconds = (root) => tree(root).reduce((s, pid) => { try { const f = statFields(pid); return s + (Number(f[11]) + Number(f[12])) / clockTicks; } catch { return s; } }, 0);
/** Proportional set size of a tree in kB: shared memory counted once, not per worker. */
export const pssKb = (root) => tree(root).reduce((s, pid) => { try { return s + Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0); } catch { return s; } }, 0);
/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
export const statusKb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
/** Whether something is bound to UDP 127.0.0.1:<port> or the wildcard (/proc/net/udp, addresses in hex). */
export const udpBound = (port) => {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/udp", "utf8").split("\n").some((l) => { const a = l.trim().split(/\s+/)[1]; return a === `0100007F:${hex}` || a === `00000000:${hex}`; });
};

/** Every child still running, by PID: stopped when a step ends, on error and on exit. */
export const live = new Map();
/** Starts `cmd` pinned to `cpu` (taskset); keeps the last 4000 characters of its stderr. */
export const launch = (cpu, cmd, args, cwd) => {
  const child = spawn("taskset", ["-c", String(cpu), cmd, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stderr })));
  live.set(child.pid, child);
  void exited.then(() => live.delete(child.pid));
  return { pid: child.pid, exited, stderr: () => stderr };
};
/** Stops one started process by its PID (SIGTERM, then SIGKILL), and any worker it left behind. */
export const stop = async (p) => {
  const kids = tree(p.pid).slice(1);
  const signal = (pid, s) => { try { process.kill(pid, s); } catch { /* already gone */ } };
  if (live.has(p.pid)) {
    signal(p.pid, "SIGTERM");
    if (!(await Promise.race([p.exited.then(() => true), sleep(3000).then(() => false)]))) { signal(p.pid, "SIGKILL"); await Promise.race([p.exited, sleep(2000)]); }
  }
  for (const k of kids) if (existsSync(`/proc/${k}`)) signal(k, "SIGKILL");
};
/** Scratch directories still on disk. */
const scratch = new Set();
export const tempDir = (prefix = "puresip-load-") => { const d = mkdtempSync(join(tmpdir(), prefix)); scratch.add(d); return d; };
const dropDir = (dir) => { rmSync(dir, { recursive: true, force: true }); scratch.delete(dir); };
/** Kills every process still running (and its descendants) and removes the scratch directories. */
export const killAllNow = () => {
  for (const pid of live.keys()) for (const k of tree(pid).reverse()) try { process.kill(k, "SIGKILL"); } catch { /* already gone */ }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
};
/** Waits until `p` binds UDP `port` (then 300 ms more); stops it and throws after 25 s or if it exits. */
export const waitBound = async (name, p, port) => {
  const t0 = performance.now();
  while (!udpBound(port)) {
    if (!live.has(p.pid) || performance.now() - t0 > 25_000) { await stop(p); throw new Error(`${name} did not bind UDP ${port}: ${p.stderr()}`); }
    await sleep(100);
  }
  await sleep(300);
};

/** The last row of SIPp's -trace_stat CSV, by column name. */
const lastStats = (file) => {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const names = lines[0].split(";");
  const values = lines[lines.length - 1].split(";");
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
};
/** Retransmissions SIPp received (a response resent to it), from the Retrans column of its final
 * screen (-trace_screen); the CSV counts only those SIPp sent. */
const receivedRetransmissions = (dir) => {
  const file = readdirSync(dir).find((f) => f.endsWith("_screen.log"));
  if (file === undefined) return NaN;
  const screen = readFileSync(join(dir, file), "utf8");
  let sum = 0;
  for (const line of screen.slice(screen.lastIndexOf("Messages  Retrans")).split("\n").slice(1)) {
    const arrow = /<-{3,}/.exec(line);
    if (arrow === null) continue;
    sum += Number(line.slice(arrow.index + arrow[0].length).trim().split(/\s+/).filter((c) => /^\d+$/.test(c))[1] ?? 0);
  }
  return sum;
};

/**
 * Runs a SIPp client (`args`: its scenario and remote address) at `rate` for `calls` calls to the
 * end, bounded by its -timeout and a kill after that; `during` runs every 200 ms meanwhile.
 */
export const sippClient = async (args, rate, calls, cpu, during = () => undefined) => {
  const dir = tempDir();
  try {
    const csv = join(dir, "stat.csv");
    const limit = Math.ceil(calls / rate) * 2 + 30;
    const p = launch(cpu, "sipp", [...args, "-i", host, "-p", String(await freeUdpPort()), "-r", String(rate), "-m", String(calls), "-nostdin", "-timeout", `${limit}s`, "-trace_stat", "-stf", csv, "-fd", "1", "-trace_screen"], dir);
    const started = performance.now();
    const killer = setTimeout(() => void stop(p), (limit + 10) * 1000);
    const sampler = setInterval(() => { try { during(); } catch { /* the server is gone: its exit shows in the caller */ } }, 200);
    const end = await p.exited;
    clearTimeout(killer);
    clearInterval(sampler);
    const wall = (performance.now() - started) / 1000;
    let stats;
    try { stats = lastStats(csv); } catch { throw new Error(`sipp wrote no statistics (exit ${end.code ?? end.signal}): ${end.stderr}`); }
    const n = (name) => Number(stats[`${name}(C)`]);
    return { wall, attempted: calls, completed: n("SuccessfulCall"), failed: n("FailedCall"), retrans: n("Retransmissions"), retransIn: receivedRetransmissions(dir), exit: end.code ?? end.signal };
  } finally {
    dropDir(dir);
  }
};

/** Installs the watchdog and the signal handlers of a run; returns the function that removes them. */
export const guardRun = (name, budgetSeconds) => {
  const onFatal = (e) => { killAllNow(); console.error(`${name}:`, e); process.exit(1); };
  const watchdog = setTimeout(() => onFatal(new Error(`over its ${budgetSeconds} s bound`)), budgetSeconds * 1000);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => [s, () => onFatal(new Error(`stopped by ${s}`))]);
  for (const [s, f] of signals) process.once(s, f);
  process.once("exit", killAllNow);
  return () => { clearTimeout(watchdog); for (const [s, f] of signals) process.off(s, f); killAllNow(); };
};

/** The first of `need` ([command, how to install]) that is not on PATH, or undefined. */
export const missingTool = (need) => need.find(([c]) => spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0);

export const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
/** The machine line of a table: CPU, kernel, node, and the peers' versions (`[cmd, args, regexp, prefix?]`). */
export const machine = (peers = []) => {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
  const v = ([cmd, args, re, prefix = ""]) => { const m = re.exec(spawnSync(cmd, args, { encoding: "utf8" }).stdout ?? "")?.[0]; return m === undefined ? cmd : prefix + m; };
  return [`${cpus().length} × ${model}`, `Linux ${spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim()}`, `node ${process.version}`, v(["sipp", ["-v"], /SIPp v[\w.-]*\w/]), ...peers.map(v)].join(", ");
};
