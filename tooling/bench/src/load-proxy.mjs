// Proxy load (issue #16): SIPp uac → proxy → SIPp uas on the loopback, with `puresip proxy`
// (stateful, --record-route, UDP) and kamailio 5.6 (peers/kamailio-proxy.cfg: tm + rr) in the same
// role in one run, at fixed rates; then the registrar: REGISTER with MD5 digest against
// `puresip proxy --users` with its bindings in memory and in Redis (a redis-server it starts).
// The caller (peers/proxy-uac.xml) sends each INVITE to the proxy (-rsa) with a Request-URI that
// names the callee's address, which is not the proxy's domain, so both proxies forward it there;
// the callee (peers/proxy-uas.xml) copies the Record-Route, so ACK and BYE pass the proxy too.
// The proxy runs on one core and both SIPps on the other (taskset). CPU = utime + stime of the
// proxy's process tree (kamailio forks workers) from /proc over the measured SIPp run only.
//
//   pnpm turbo run build && pnpm --filter @puresip/bench run bench:load-proxy [-- --rates 200,500]
//
// Flags (environment variable in brackets): --seconds 20 [LOAD_SECONDS], --warmup-seconds 5 at
// the same rate [LOAD_WARMUP_SECONDS], --rates 200,500,1000 [LOAD_RATES], --proxies
// puresip,kamailio [LOAD_PROXIES], --register-rates 200,500 [LOAD_REGISTER_RATES] (0 skips the
// registrar), --register-stores memory,redis, --proxy-cpu 1, --sipp-cpu 0. Every process it
// starts is stopped by its PID when a step ends, on error and on a signal; a watchdog bounds it.
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));
const peer = (f) => fileURLToPath(new URL(`./peers/${f}`, import.meta.url));
const kamailioBin = existsSync("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";

const option = (flag, variable, fallback) => {
  const at = process.argv.indexOf(flag);
  if (at > 0 && process.argv[at + 1] !== undefined) return process.argv[at + 1];
  return process.env[variable] ?? fallback;
};
const list = (s) => s.split(",").filter((x) => x !== "");
const options = () => ({
  seconds: Number(option("--seconds", "LOAD_SECONDS", "20")),
  warmupSeconds: Number(option("--warmup-seconds", "LOAD_WARMUP_SECONDS", "5")),
  rates: list(option("--rates", "LOAD_RATES", "200,500,1000")).map(Number),
  proxies: list(option("--proxies", "LOAD_PROXIES", "puresip,kamailio")),
  registerRates: list(option("--register-rates", "LOAD_REGISTER_RATES", "200,500")).map(Number).filter((r) => r > 0),
  registerStores: list(option("--register-stores", "LOAD_REGISTER_STORES", "memory,redis")),
  proxyCpu: option("--proxy-cpu", "LOAD_PROXY_CPU", "1"),
  sippCpu: option("--sipp-cpu", "LOAD_SIPP_CPU", "0"),
});

const host = "127.0.0.1";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A port the kernel just handed out for UDP (and, for redis, TCP): free at that moment. */
const freeUdpPort = () => new Promise((resolve, reject) => { const s = createSocket("udp4"); s.once("error", reject); s.bind(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const freeTcpPort = () => new Promise((resolve, reject) => { const s = createServer(); s.once("error", reject); s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); }); });

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
const cpuSeconds = (root) => tree(root).reduce((s, pid) => { try { const f = statFields(pid); return s + (Number(f[11]) + Number(f[12])) / clockTicks; } catch { return s; } }, 0);
/** Proportional set size of a tree in kB: kamailio's shared memory counted once, not per worker. */
const pssKb = (root) => tree(root).reduce((s, pid) => { try { return s + Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0); } catch { return s; } }, 0);
const udpBound = (port) => {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/udp", "utf8").split("\n").some((l) => { const a = l.trim().split(/\s+/)[1]; return a === `0100007F:${hex}` || a === `00000000:${hex}`; });
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
/** Stops one started process by its PID (SIGTERM, then SIGKILL), and any worker it left behind. */
const stop = async (p) => {
  const kids = tree(p.pid).slice(1);
  const signal = (pid, s) => { try { process.kill(pid, s); } catch { /* already gone */ } };
  if (live.has(p.pid)) {
    signal(p.pid, "SIGTERM");
    if (!(await Promise.race([p.exited.then(() => true), sleep(3000).then(() => false)]))) { signal(p.pid, "SIGKILL"); await Promise.race([p.exited, sleep(2000)]); }
  }
  for (const k of kids) if (existsSync(`/proc/${k}`)) signal(k, "SIGKILL");
};
const scratch = new Set();
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), "puresip-pbench-")); scratch.add(d); return d; };
const killAllNow = () => {
  for (const pid of live.keys()) for (const k of tree(pid).reverse()) try { process.kill(k, "SIGKILL"); } catch { /* already gone */ }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
};
const waitBound = async (name, p, port) => {
  const t0 = performance.now();
  while (!udpBound(port)) {
    if (!live.has(p.pid) || performance.now() - t0 > 25_000) { await stop(p); throw new Error(`${name} did not bind UDP ${port}: ${p.stderr()}`); }
    await sleep(100);
  }
  await sleep(300);
};

const proxies = {
  puresip: { name: "puresip proxy", start: (port, cpu, _uas, extra = []) => launch(cpu, process.execPath, [cli, "proxy", "--host", host, "--port", String(port), "--transports", "udp", "--record-route", "--quiet", ...extra]) },
  kamailio: { name: "kamailio 5.6", start: (port, cpu, uas, _extra, dir) => launch(cpu, kamailioBin, ["-DD", "-E", "-f", peer("kamailio-proxy.cfg"), "-l", `udp:${host}:${port}`, "-A", `UAS="sip:${uas}"`, "-Y", dir, "-w", dir, "-m", "256", "-M", "8"]) },
};

const lastStats = (file) => {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const names = lines[0].split(";");
  const values = lines[lines.length - 1].split(";");
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
};
/** Retransmissions SIPp received (a response resent to it), from the Retrans column of its final screen. */
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

/** Runs a SIPp client scenario to the end, bounded by -timeout and a kill after that; reads its statistics. */
const client = async (args, rate, calls, cpu, during = () => undefined) => {
  const dir = tempDir();
  try {
    const csv = join(dir, "stat.csv");
    const limit = Math.ceil(calls / rate) * 2 + 30;
    const p = launch(cpu, "sipp", [...args, "-i", host, "-p", String(await freeUdpPort()), "-r", String(rate), "-m", String(calls), "-nostdin", "-timeout", `${limit}s`, "-trace_stat", "-stf", csv, "-fd", "1", "-trace_screen"], dir);
    const started = performance.now();
    const killer = setTimeout(() => void stop(p), (limit + 10) * 1000);
    const sampler = setInterval(() => { try { during(); } catch { /* the proxy is gone: its exit shows below */ } }, 200);
    const end = await p.exited;
    clearTimeout(killer);
    clearInterval(sampler);
    const wall = (performance.now() - started) / 1000;
    let stats;
    try { stats = lastStats(csv); } catch { throw new Error(`sipp wrote no statistics (exit ${end.code ?? end.signal}): ${end.stderr}`); }
    const n = (name) => Number(stats[`${name}(C)`]);
    return { wall, attempted: calls, completed: n("SuccessfulCall"), failed: n("FailedCall"), retrans: n("Retransmissions"), retransIn: receivedRetransmissions(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    scratch.delete(dir);
  }
};

/** Warms the proxy at `rate`, then measures one run at it: the proxy tree's CPU and peak PSS over that run only. */
const measured = async (pid, rate, o, run) => {
  if (o.warmupSeconds > 0) await run(rate, Math.round(rate * o.warmupSeconds), () => undefined);
  await sleep(1000);
  const loadBefore = loadavg()[0];
  let pss = pssKb(pid);
  const cpu0 = cpuSeconds(pid);
  const r = await run(rate, Math.round(rate * o.seconds), () => { pss = Math.max(pss, pssKb(pid)); });
  const cpu = cpuSeconds(pid) - cpu0;
  return { rate, ...r, cpu, pss, loadBefore, loadAfter: loadavg()[0] };
};

const callStep = async (key, rate, o) => {
  const dir = tempDir();
  const uasPort = await freeUdpPort();
  const uas = launch(o.sippCpu, "sipp", ["-sf", peer("proxy-uas.xml"), "-i", host, "-p", String(uasPort), "-nostdin"], dir);
  let proxy;
  try {
    await waitBound("sipp uas", uas, uasPort);
    const port = await freeUdpPort();
    // The callee's address is not the proxy's domain: puresip forwards by the Request-URI (§16.5).
    proxy = proxies[key].start(port, o.proxyCpu, `${host}:${uasPort}`, ["--domain", "example.test"], dir);
    await waitBound(proxies[key].name, proxy, port);
    const args = ["-sf", peer("proxy-uac.xml"), "-rsa", `${host}:${port}`, "-s", "service", `${host}:${uasPort}`];
    return { proxy: proxies[key].name, ...(await measured(proxy.pid, rate, o, (r, calls, during) => client(args, r, calls, o.sippCpu, during))) };
  } finally {
    if (proxy !== undefined) await stop(proxy);
    await stop(uas);
  }
};

const registerStep = async (store, rate, o) => {
  const dir = tempDir();
  const users = Array.from({ length: 2000 }, (_, i) => [`u${i}`, `pw${i}`]);
  writeFileSync(join(dir, "users.txt"), users.map(([u, p]) => `${u}:${p}\n`).join(""));
  writeFileSync(join(dir, "users.csv"), `SEQUENTIAL\n${users.map(([u, p]) => `${u};[authentication username=${u} password=${p}]\n`).join("")}`);
  let redis;
  let proxy;
  try {
    const extra = ["--users", join(dir, "users.txt"), "--digest", "MD5"];
    if (store === "redis") {
      const rport = await freeTcpPort();
      redis = launch(o.sippCpu, "redis-server", ["--bind", host, "--port", String(rport), "--save", "", "--appendonly", "no", "--dir", dir], dir);
      const t0 = performance.now();
      while (!readFileSync("/proc/net/tcp", "utf8").includes(`0100007F:${rport.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A`)) {
        if (!live.has(redis.pid) || performance.now() - t0 > 20_000) throw new Error(`redis-server did not listen: ${redis.stderr()}`);
        await sleep(100);
      }
      extra.push("--redis", `redis://${host}:${rport}`);
    }
    const port = await freeUdpPort();
    proxy = proxies.puresip.start(port, o.proxyCpu, "", extra);
    await waitBound("puresip proxy", proxy, port);
    const args = ["-sf", peer("register-digest.xml"), "-inf", join(dir, "users.csv"), `${host}:${port}`];
    const redisCpu0 = redis === undefined ? 0 : cpuSeconds(redis.pid);
    const r = await measured(proxy.pid, rate, o, (rr, calls, during) => client(args, rr, calls, o.sippCpu, during));
    return { store, ...r, redisCpu: redis === undefined ? NaN : cpuSeconds(redis.pid) - redisCpu0 };
  } finally {
    if (proxy !== undefined) await stop(proxy);
    if (redis !== undefined) await stop(redis);
  }
};

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const perCall = (r) => (r.cpu * 1e6) / r.completed;
const machine = () => {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
  const v = (cmd, args, re) => re.exec(spawnSync(cmd, args, { encoding: "utf8" }).stdout ?? "")?.[0] ?? cmd;
  return `${cpus().length} × ${model}, Linux ${spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim()}, node ${process.version}, ${v("sipp", ["-v"], /SIPp v[\w.-]*\w/)}, ${v(kamailioBin, ["-v"], /kamailio \S+/)}, ${v("redis-server", ["--version"], /v=\S+/).replace("v=", "redis ")}`;
};

export async function run() {
  const o = options();
  const title = "## load: SIPp through puresip proxy and kamailio (issue #16)";
  const need = [["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"], ...(o.proxies.includes("kamailio") ? [[kamailioBin, "apt-get install kamailio"]] : []), ...(o.registerStores.includes("redis") && o.registerRates.length > 0 ? [["redis-server", "apt-get install redis-server"]] : [])];
  const missing = need.find(([c]) => spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0);
  if (missing !== undefined) return `${title}\n\nSkipped: ${missing[0]} is missing (${missing[1]}).\n`;
  if (!existsSync(cli)) return `${title}\n\nSkipped: build first (\`pnpm turbo run build\`), packages/cli/dist/main.js is missing.\n`;
  for (const k of o.proxies) if (proxies[k] === undefined) throw new Error(`unknown proxy ${k}: puresip or kamailio`);
  // Each step: starts (≤ 25 s each), warm-up and measured SIPp runs (each ≤ its -timeout + 10 s), stops (≤ 5 s each).
  const bound = (rate, s) => Math.ceil(s) * 2 + 40;
  const step = (rate) => 80 + bound(rate, o.warmupSeconds) + bound(rate, o.seconds);
  const budget = o.rates.length * o.proxies.length * o.rates.reduce((m, r) => Math.max(m, step(r)), 0) + o.registerRates.length * o.registerStores.length * (step(0) + 30);
  const watchdog = setTimeout(() => onFatal(new Error(`over its ${budget} s bound`)), budget * 1000);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => [s, () => onFatal(new Error(`stopped by ${s}`))]);
  for (const [s, f] of signals) process.once(s, f);
  process.once("exit", killAllNow);
  const started = new Date();
  const calls = [];
  const registers = [];
  try {
    for (const rate of o.rates)
      for (const key of o.proxies) {
        console.error(`load-proxy: ${proxies[key].name} at ${rate} calls/s for ${o.seconds} s (load ${loadavg()[0].toFixed(2)})`);
        calls.push(await callStep(key, rate, o));
      }
    for (const store of o.registerStores)
      for (const rate of o.registerRates) {
        console.error(`load-proxy: REGISTER with digest, ${store}, ${rate}/s for ${o.seconds} s (load ${loadavg()[0].toFixed(2)})`);
        registers.push(await registerStep(store, rate, o));
      }
  } finally {
    clearTimeout(watchdog);
    for (const [s, f] of signals) process.off(s, f);
    killAllNow();
  }
  const isClean = (r) => r.completed === r.attempted && r.failed === 0 && r.retrans === 0 && r.retransIn === 0;
  const lines = [
    title,
    "",
    `${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine()}. UDP on ${host}; the proxy on CPU ${o.proxyCpu}, the SIPp caller and callee (and redis-server) on CPU ${o.sippCpu} (taskset). A fresh proxy and callee for each row, warmed by ${o.warmupSeconds} s of unmeasured calls at the row's rate, then ${o.seconds} s measured. CPU = utime + stime of the proxy's process tree (kamailio's main process and its forked workers) over the measured SIPp run only; µs/call = that over completed calls. Failed calls and retransmissions are the caller's: "retransmissions" = requests it resent (-trace_stat), "resent responses" = responses it received again (its final screen). "clean" = every call completed, none failed, nothing resent either way. Peak PSS = the highest proportional set size of the tree sampled every 200 ms in the measured run (kamailio's shared memory counted once). Load = 1-minute load average before → after the measured run (the machine is shared).`,
    "",
    "| proxy | offered calls/s | attempted | completed | failed | retransmissions | resent responses | clean | achieved calls/s | proxy CPU s | CPU µs/call | peak PSS MB | load |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...calls.map((r) => `| ${r.proxy} | ${r.rate} | ${r.attempted} | ${r.completed} | ${r.failed} | ${r.retrans} | ${fmt(r.retransIn)} | ${isClean(r) ? "yes" : "no"} | ${fmt(r.completed / r.wall)} | ${fmt(r.cpu, 2)} | ${fmt(perCall(r))} | ${fmt(r.pss / 1024, 1)} | ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`),
  ];
  const clean = o.proxies.map((k) => `${proxies[k].name} ${Math.max(0, ...calls.filter((r) => r.proxy === proxies[k].name && isClean(r)).map((r) => r.rate))}`);
  if (calls.length > 0) lines.push("", `Highest clean offered rate tried: ${clean.join(", ")} calls/s (0: none of the rates tried was clean).`);
  const at = (name, rate) => calls.find((x) => x.proxy === name && x.rate === rate);
  const verdicts = o.rates.map((rate) => { const p = at(proxies.puresip.name, rate); const k = at(proxies.kamailio.name, rate); return p && k ? { rate, ratio: perCall(p) / perCall(k) } : undefined; }).filter((v) => v !== undefined);
  if (verdicts.length > 0) {
    lines.push("", `CPU per call, puresip proxy / kamailio: ${verdicts.map((v) => `${fmt(v.ratio, 2)}x at ${v.rate} calls/s`).join(", ")}. Issue #16's target (at most 2x kamailio's CPU per call for the stateful proxy): ${verdicts.every((v) => v.ratio <= 2) ? "met at every rate" : verdicts.some((v) => v.ratio <= 2) ? `met only at ${verdicts.filter((v) => v.ratio <= 2).map((v) => v.rate).join(", ")} calls/s` : "not met"}.`);
  }
  if (registers.length > 0)
    lines.push(
      "",
      `Registrar: \`puresip proxy --users F --digest MD5\` (2000 users), SIPp peers/register-digest.xml: each "call" is REGISTER → 401 → REGISTER with MD5 Authorization → 200, one user after another; bindings in memory or in a redis-server the script starts (\`--redis\`). Same warm-up and measured window; "redis CPU µs" = redis-server's own CPU over the window per REGISTER. Every REGISTER takes a fresh nonce; the CLI's proxy keeps the counts of the 10 000 most recently used and forgets the first used beyond (RFC 7616 §3.3: a nonce issued before it is stale), so no REGISTER is refused for nonce room.`,
      "",
      "| bindings | offered REGISTERs/s | attempted | completed | failed | retransmissions | resent responses | achieved REGISTERs/s | proxy CPU s | proxy CPU µs/REGISTER | redis CPU µs/REGISTER | peak PSS MB | load |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...registers.map((r) => `| ${r.store} | ${r.rate} | ${r.attempted} | ${r.completed} | ${r.failed} | ${r.retrans} | ${fmt(r.retransIn)} | ${fmt(r.completed / r.wall)} | ${fmt(r.cpu, 2)} | ${fmt(perCall(r))} | ${fmt((r.redisCpu * 1e6) / r.completed)} | ${fmt(r.pss / 1024, 1)} | ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`),
    );
  return `${lines.join("\n")}\n`;
}

function onFatal(e) {
  killAllNow();
  console.error("load-proxy:", e);
  process.exit(1);
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) run().then((text) => console.log(text), onFatal);
