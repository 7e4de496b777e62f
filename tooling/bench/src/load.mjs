// Load: calls per second that `puresip serve` sustains against SIPp's built-in uac scenario
// with zero failed calls and zero retransmissions, next to SIPp's own uas as the ceiling, the
// CPU time each spends per call, and memory per established call. Takes minutes and needs
// sipp (Debian's sip-tester) and the built CLI, so it is not in run.mjs's default list:
//
//   pnpm turbo run build && cd tooling/bench && node src/run.mjs load
//
// Knobs (environment): LOAD_RATES="100,200,400,800,1200" offered calls/s, LOAD_SECONDS=10 per
// step, LOAD_HOLD_CALLS=2000 for the memory step, LOAD_SOAK_SECONDS=300 for the flat-memory
// run (0 skips it), LOAD_WARMUP_CALLS=3000 at 300 calls/s before each measured step (0 skips
// it). serve is pinned to CPU 0 and SIPp to CPU 1 with taskset when it exists.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const rates = env("LOAD_RATES", "100,200,400,800,1200").split(",").map(Number);
const seconds = Number(env("LOAD_SECONDS", "10"));
const holdCalls = Number(env("LOAD_HOLD_CALLS", "2000"));
const soakSeconds = Number(env("LOAD_SOAK_SECONDS", "300"));
// A server runs for hours: its first seconds (V8 compiling the hot path) are startup, not
// throughput, so each step first sends unmeasured calls to the same server process.
const warmupCalls = Number(env("LOAD_WARMUP_CALLS", "3000"));
const haveTaskset = spawnSync("sh", ["-c", "command -v taskset"]).status === 0;
const pinned = (cpu, cmd, args) => (haveTaskset ? ["taskset", ["-c", String(cpu), cmd, ...args]] : [cmd, args]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let nextPort = 46000 + Math.floor(Math.random() * 1000) * 2;
const ports = () => [(nextPort += 2), nextPort + 1];

const CLK_TCK = 100;
/** utime + stime of a process, seconds (/proc/<pid>/stat fields 14 and 15). */
const cpuSeconds = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
};
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

/** Starts a long-running server process in its own group; resolves when `ready` matches its output. */
const startServer = (cmd, args, ready) =>
  new Promise((resolve, reject) => {
    const [c, a] = pinned(0, cmd, args);
    const child = spawn(c, a, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => {
      void stopGroup(child);
      reject(new Error(`${cmd} did not start: ${out}`));
    }, 20_000);
    const onData = (d) => {
      out += d;
      if (ready === undefined || ready(out)) {
        clearTimeout(timer);
        resolve({ pid: child.pid, stop: () => stopGroup(child) });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    // SIPp prints its screen only later: give it a moment to bind instead.
    if (ready === undefined) setTimeout(() => onData(""), 700);
  });

const stopGroup = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("close", () => resolve());
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }, 3000).unref();
  });

const puresipServe = async (port) => ({ ...(await startServer(process.execPath, [cli, "serve", "--host", "127.0.0.1", "--port", String(port), "--transports", "udp", "--quiet"], (o) => o.includes("listening UDP"))), name: "puresip serve" });
const sippUas = async (port) => ({ ...(await startServer("sipp", ["-sn", "uas", "-i", "127.0.0.1", "-p", String(port), "-nostdin"])), name: "sipp -sn uas" });

/** Runs SIPp's uac to the end (bounded) and reads its final screen. */
const uac = (serverPort, localPort, extra, limitMs) =>
  new Promise((resolve) => {
    const [c, a] = pinned(1, "sipp", ["-sn", "uac", "-i", "127.0.0.1", "-p", String(localPort), `127.0.0.1:${serverPort}`, "-nostdin", ...extra]);
    const child = spawn(c, a, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const started = performance.now();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }, limitMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, wallSeconds: (performance.now() - started) / 1000, pid: child.pid });
    });
  });

const count = (out, label) => Number(out.split("\n").find((l) => l.trimStart().startsWith(label))?.split("|")[2]?.trim() ?? NaN);
/** The Retrans column of SIPp's message table, summed. */
const retransmissions = (out) => {
  const table = out.slice(out.lastIndexOf("Messages  Retrans"));
  let sum = 0;
  for (const line of table.split("\n").slice(1)) {
    if (!/(-->|<--)/.test(line)) continue;
    const cells = line.slice(line.search(/(-->|<--)/) + 11).trim().split(/\s+/).filter((c) => !/RTD/.test(c));
    sum += Number(cells[1] ?? 0) || 0;
  }
  return sum;
};

const step = async (start, rate) => {
  const [serverPort, clientPort] = ports();
  const server = await start(serverPort);
  await sleep(300);
  if (warmupCalls > 0) {
    const [, warmPort] = ports();
    await uac(serverPort, warmPort, ["-r", "300", "-m", String(warmupCalls), "-timeout", `${Math.ceil(warmupCalls / 300) * 4 + 10}s`], (Math.ceil(warmupCalls / 300) * 4 + 20) * 1000);
    await sleep(500);
  }
  const cpu0 = cpuSeconds(server.pid);
  const calls = Math.max(1, Math.round(rate * seconds));
  const r = await uac(serverPort, clientPort, ["-r", String(rate), "-m", String(calls), "-timeout", `${seconds * 4 + 10}s`], (seconds * 4 + 20) * 1000);
  const cpu = cpuSeconds(server.pid) - cpu0;
  await server.stop();
  const ok = count(r.out, "Successful call");
  const failed = count(r.out, "Failed call");
  const retrans = retransmissions(r.out);
  return { rate, ok, failed, retrans, wall: r.wallSeconds, cpu, clean: failed === 0 && retrans === 0 && ok === calls };
};

const table = async (start) => {
  const rows = [];
  for (const rate of rates) rows.push(await step(start, rate));
  return rows;
};

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");

const memoryPerCall = async () => {
  const [serverPort, clientPort] = ports();
  const server = await puresipServe(serverPort);
  await sleep(500);
  const before = rssKb(server.pid);
  const rate = 200;
  const holdMs = Math.ceil((holdCalls / rate) * 1000) + 2000;
  const running = uac(serverPort, clientPort, ["-r", String(rate), "-m", String(holdCalls), "-d", String(holdMs), "-timeout", `${Math.ceil(holdMs / 1000) * 3 + 20}s`], holdMs * 3 + 30_000);
  await sleep(holdMs - 1000);
  const peak = rssKb(server.pid);
  const r = await running;
  await server.stop();
  return { before, peak, calls: holdCalls, ok: count(r.out, "Successful call"), failed: count(r.out, "Failed call") };
};

const soak = async (rate) => {
  const [serverPort, clientPort] = ports();
  const server = await puresipServe(serverPort);
  await sleep(500);
  const samples = [];
  const running = uac(serverPort, clientPort, ["-r", String(rate), "-m", String(rate * soakSeconds), "-timeout", `${soakSeconds * 2 + 30}s`], (soakSeconds * 2 + 60) * 1000);
  const t0 = performance.now();
  while (performance.now() - t0 < soakSeconds * 1000) {
    samples.push(rssKb(server.pid));
    await sleep(10_000);
  }
  const r = await running;
  samples.push(rssKb(server.pid));
  await server.stop();
  return { rate, samples, ok: count(r.out, "Successful call"), failed: count(r.out, "Failed call"), retrans: retransmissions(r.out) };
};

export async function run() {
  if (!existsSync(cli)) return "## load\n\nSkipped: build first (`pnpm turbo run build`), packages/cli/dist/main.js is missing.\n";
  if (spawnSync("sh", ["-c", "command -v sipp"]).status !== 0) return "## load\n\nSkipped: sipp is not installed (`apt-get install sip-tester`).\n";
  const load = loadavg()[0];
  const ours = await table(puresipServe);
  const ceiling = await table(sippUas);
  const lines = [
    "## load",
    "",
    `SIPp ${"3.6.1"} \`-sn uac\` (INVITE, 180, 200, ACK, pause 0, BYE, 200) against \`puresip serve --transports udp\` and against \`sipp -sn uas\`, ${seconds} s a step after ${warmupCalls} unmeasured warm-up calls at 300 calls/s to the same server process, UDP on 127.0.0.1; server on CPU 0, SIPp on CPU 1${haveTaskset ? "" : " (taskset missing: not pinned)"}. ${cpus().length} CPUs, load average ${load.toFixed(1)} when it started. "clean" = every call completed, no failed call, no retransmission. "calls per CPU-second" = completed calls / the server's user+system CPU time: the one-core capacity, robust to a shared machine.`,
    "",
    "| offered calls/s | server | completed | failed | retransmissions | achieved calls/s | server CPU s | calls per CPU-second | clean |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [name, rows] of [["puresip serve", ours], ["sipp uas", ceiling]])
    for (const r of rows) lines.push(`| ${r.rate} | ${name} | ${r.ok} | ${r.failed} | ${r.retrans} | ${fmt(r.ok / r.wall)} | ${fmt(r.cpu, 2)} | ${fmt(r.ok / r.cpu)} | ${r.clean ? "yes" : "no"} |`);
  const best = (rows) => Math.max(0, ...rows.filter((r) => r.clean).map((r) => r.rate));
  const capacity = (rows) => Math.max(0, ...rows.map((r) => r.ok / r.cpu).filter(Number.isFinite));
  lines.push("", `Highest clean offered rate: puresip serve ${best(ours)} calls/s, sipp uas ${best(ceiling)} calls/s. One-core capacity (best calls per CPU-second): puresip serve ${fmt(capacity(ours))}, sipp uas ${fmt(capacity(ceiling))}.`);
  const mem = await memoryPerCall();
  lines.push("", `Memory per established call: ${mem.calls} calls held up at once (\`-d\`), RSS ${fmt(mem.before / 1024, 1)} MB before, ${fmt(mem.peak / 1024, 1)} MB with them up: ${fmt(((mem.peak - mem.before) * 1024) / mem.calls)} bytes a call (completed ${mem.ok}, failed ${mem.failed}).`);
  if (soakSeconds > 0) {
    const rate = Math.max(50, Math.floor(best(ours) / 2));
    const s = await soak(rate);
    lines.push("", `Soak: ${soakSeconds} s at ${s.rate} calls/s (completed ${s.ok}, failed ${s.failed}, retransmissions ${s.retrans}); RSS every 10 s in MB: ${s.samples.map((k) => fmt(k / 1024, 1)).join(", ")}.`);
  }
  return `${lines.join("\n")}\n`;
}
