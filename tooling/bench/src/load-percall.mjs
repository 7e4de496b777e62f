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
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cpuSeconds, fmt, guardRun, host, launch, machine, missingTool, option, sippClient, sleep, statusKb, stop, udpBound, waitBound } from "./sipp-harness.mjs";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));
const sipUas = fileURLToPath(new URL("./peers/sip-uas.mjs", import.meta.url));

const options = () => ({
  seconds: Number(option("--seconds", "LOAD_SECONDS", "20")),
  rates: option("--rates", "LOAD_RATES", "1000,2000").split(",").map(Number),
  servers: option("--servers", "LOAD_SERVERS", "puresip,sip,sipp").split(","),
  warmupCalls: Number(option("--warmup-calls", "LOAD_WARMUP_CALLS", "5000")),
  warmupRate: Number(option("--warmup-rate", "LOAD_WARMUP_RATE", "500")),
  serverCpu: option("--server-cpu", "LOAD_SERVER_CPU", "1"),
  sippCpu: option("--sipp-cpu", "LOAD_SIPP_CPU", "0"),
});

const servers = {
  puresip: { name: "puresip serve", port: 15060, cmd: process.execPath, args: (p) => [cli, "serve", "--host", host, "--port", String(p), "--transports", "udp", "--quiet"] },
  sip: { name: "sip 0.0.6 UAS", port: 15061, cmd: process.execPath, args: (p) => [sipUas, "--host", host, "--port", String(p)] },
  sipp: { name: "sipp -sn uas", port: 15062, cmd: "sipp", args: (p) => ["-sn", "uas", "-i", host, "-p", String(p), "-nostdin"] },
};

const startServer = async (key, cpu) => {
  const server = servers[key];
  if (udpBound(server.port)) throw new Error(`UDP ${host}:${server.port} is in use: ${server.name} cannot have it`);
  const p = launch(cpu, server.cmd, server.args(server.port));
  await waitBound(server.name, p, server.port);
  return { ...p, ...server };
};

/** SIPp's built-in uac against `serverPort`. */
const uac = (serverPort, rate, calls, cpu, during) => sippClient(["-sn", "uac", `${host}:${serverPort}`], rate, calls, cpu, during);

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
    await stop(server);
  }
};

export async function run() {
  const o = options();
  const missing = missingTool([["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"]]);
  if (missing !== undefined) return `## load: per-call cost\n\nSkipped: ${missing[0]} is missing (${missing[1]}).\n`;
  if (!existsSync(cli)) return "## load: per-call cost\n\nSkipped: build first (`pnpm turbo run build`), packages/cli/dist/main.js is missing.\n";
  // Each step: start (≤ 20 s), warm-up and measured SIPp runs (each ≤ its -timeout + 10 s), stop (≤ 5 s).
  const bounded = (calls, rate) => Math.ceil(calls / rate) * 2 + 40;
  const budget = o.rates.reduce((s, r) => s + o.servers.length * (30 + (o.warmupCalls > 0 ? bounded(o.warmupCalls, o.warmupRate) : 0) + bounded(r * o.seconds, r)), 0);
  const release = guardRun("load-percall", budget);
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
    release();
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) run().then((text) => console.log(text), (e) => { console.error("load-percall:", e); process.exit(1); });
