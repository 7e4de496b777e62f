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
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cpuSeconds, fmt, freeTcpPort, freeUdpPort, guardRun, host, launch, list, live, machine as machineLine, missingTool, option, pssKb, sippClient, sleep, stop, tempDir, waitBound } from "./sipp-harness.mjs";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));
const peer = (f) => fileURLToPath(new URL(`./peers/${f}`, import.meta.url));
const kamailioBin = existsSync("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";

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

const proxies = {
  puresip: { name: "puresip proxy", start: (port, cpu, _uas, extra = []) => launch(cpu, process.execPath, [cli, "proxy", "--host", host, "--port", String(port), "--transports", "udp", "--record-route", "--quiet", ...extra]) },
  kamailio: { name: "kamailio 5.6", start: (port, cpu, uas, _extra, dir) => launch(cpu, kamailioBin, ["-DD", "-E", "-f", peer("kamailio-proxy.cfg"), "-l", `udp:${host}:${port}`, "-A", `UAS="sip:${uas}"`, "-Y", dir, "-w", dir, "-m", "256", "-M", "8"]) },
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
  const dir = tempDir("puresip-pbench-");
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
    return { proxy: proxies[key].name, ...(await measured(proxy.pid, rate, o, (r, calls, during) => sippClient(args, r, calls, o.sippCpu, during))) };
  } finally {
    if (proxy !== undefined) await stop(proxy);
    await stop(uas);
  }
};

const registerStep = async (store, rate, o) => {
  const dir = tempDir("puresip-pbench-");
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
    const r = await measured(proxy.pid, rate, o, (rr, calls, during) => sippClient(args, rr, calls, o.sippCpu, during));
    return { store, ...r, redisCpu: redis === undefined ? NaN : cpuSeconds(redis.pid) - redisCpu0 };
  } finally {
    if (proxy !== undefined) await stop(proxy);
    if (redis !== undefined) await stop(redis);
  }
};

const perCall = (r) => (r.cpu * 1e6) / r.completed;
const machine = () => machineLine([[kamailioBin, ["-v"], /kamailio \S+/], ["redis-server", ["--version"], /(?<=v=)\S+/, "redis "]]);

export async function run() {
  const o = options();
  const title = "## load: SIPp through puresip proxy and kamailio (issue #16)";
  const need = [["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"], ...(o.proxies.includes("kamailio") ? [[kamailioBin, "apt-get install kamailio"]] : []), ...(o.registerStores.includes("redis") && o.registerRates.length > 0 ? [["redis-server", "apt-get install redis-server"]] : [])];
  const missing = missingTool(need);
  if (missing !== undefined) return `${title}\n\nSkipped: ${missing[0]} is missing (${missing[1]}).\n`;
  if (!existsSync(cli)) return `${title}\n\nSkipped: build first (\`pnpm turbo run build\`), packages/cli/dist/main.js is missing.\n`;
  for (const k of o.proxies) if (proxies[k] === undefined) throw new Error(`unknown proxy ${k}: puresip or kamailio`);
  // Each step: starts (≤ 25 s each), warm-up and measured SIPp runs (each ≤ its -timeout + 10 s), stops (≤ 5 s each).
  const bound = (rate, s) => Math.ceil(s) * 2 + 40;
  const step = (rate) => 80 + bound(rate, o.warmupSeconds) + bound(rate, o.seconds);
  const budget = o.rates.length * o.proxies.length * o.rates.reduce((m, r) => Math.max(m, step(r)), 0) + o.registerRates.length * o.registerStores.length * (step(0) + 30);
  const release = guardRun("load-proxy", budget);
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
    release();
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
      `Registrar: \`puresip proxy --users F --digest MD5\` (2000 users), SIPp peers/register-digest.xml: each "call" is REGISTER → 401 → REGISTER with MD5 Authorization → 200, one user after another; bindings in memory or in a redis-server the script starts (\`--redis\`). Same warm-up and measured window; "redis CPU µs" = redis-server's own CPU over the window per REGISTER. Every REGISTER takes a fresh nonce and the CLI's proxy keeps at most 10 000 for 5 minutes: past 10 000 in a row (warm-up included), challenges get 503 Too Many Nonces in Use.`,
      "",
      "| bindings | offered REGISTERs/s | attempted | completed | failed | retransmissions | resent responses | achieved REGISTERs/s | proxy CPU s | proxy CPU µs/REGISTER | redis CPU µs/REGISTER | peak PSS MB | load |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...registers.map((r) => `| ${r.store} | ${r.rate} | ${r.attempted} | ${r.completed} | ${r.failed} | ${r.retrans} | ${fmt(r.retransIn)} | ${fmt(r.completed / r.wall)} | ${fmt(r.cpu, 2)} | ${fmt(perCall(r))} | ${fmt((r.redisCpu * 1e6) / r.completed)} | ${fmt(r.pss / 1024, 1)} | ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)} |`),
    );
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) run().then((text) => console.log(text), (e) => { console.error("load-proxy:", e); process.exit(1); });
