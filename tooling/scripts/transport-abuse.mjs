#!/usr/bin/env node
// Measures `puresip serve` (packages/cli/dist, build first: `pnpm turbo run build`) under the
// transport attacks of issue #15, on the loopback: while each attack runs (in a child process
// of its own, so that the attacker's busy event loop does not delay the probes' answers), it
// samples the server's resident memory (/proc/<pid>/status) and, every half second, times an
// OPTIONS over UDP and one over a new TCP connection. Prints one JSON line per attack and a
// Markdown table.
//
//   node tooling/scripts/transport-abuse.mjs [--seconds 20] [--attack pipeline,pipeline100,slowloris,flood] [--port 25060] [--heap-mb 96] [--verbose]
//
// pipeline     1 TCP connection pipelines 50,000 OPTIONS and never reads an answer
// pipeline100  100 connections each do the same (5,000,000 requests offered)
// slowloris    1,200 connections from 12 loopback addresses each trickle an OPTIONS, one octet a second
// flood        3,000 idle connections from 30 loopback addresses (3 × the default cap)
// nocontact    INVITEs without Contact (every other one `Contact: *`) over UDP, --rate a second (2,000), each
//              a new Call-ID: the "leaked calls" attack of issue #15 §2 (each must get 400 and leave nothing)
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { connect } from "node:net";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const seconds = Number(arg("seconds", "20"));
const role = arg("role", "measure");
const attacks = arg("attack", "pipeline,pipeline100,slowloris,flood").split(",");
const port = Number(arg("port", "25060"));
/** INVITEs a second for the nocontact attack. */
const rate = Number(arg("rate", "2000"));
/** Caps serve's V8 heap (--max-old-space-size): a server that holds more than it should dies, one that only made garbage survives. */
const heapMb = arg("heap-mb", undefined);
const wsPort = port + 6;
const main = new URL("../../packages/cli/dist/main.js", import.meta.url).pathname;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const request = (transport) => {
  const n = `${process.pid}x${++seq}`;
  return [
    "OPTIONS sip:server@127.0.0.1 SIP/2.0",
    `Via: SIP/2.0/${transport} 127.0.0.1:5060;rport;branch=z9hG4bK${n}`,
    "Max-Forwards: 70",
    "To: <sip:server@127.0.0.1>",
    `From: <sip:probe@127.0.0.1>;tag=${n}`,
    `Call-ID: ${n}@abuse`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
};

const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
};

/** Milliseconds until a 200 to an OPTIONS over UDP (Infinity after 5 s). */
const probeUdp = () =>
  new Promise((resolve) => {
    const s = createSocket("udp4");
    const started = performance.now();
    const give = (ms) => {
      clearTimeout(timer);
      s.close();
      resolve(ms);
    };
    const timer = setTimeout(() => give(Number.POSITIVE_INFINITY), 5000);
    s.on("message", (m) => {
      if (m.toString("latin1").startsWith("SIP/2.0 200")) give(performance.now() - started);
    });
    s.send(request("UDP"), port, "127.0.0.1");
  });

/** Milliseconds until a 200 to an OPTIONS on a new TCP connection, connecting included (Infinity after 5 s). */
const probeTcp = () =>
  new Promise((resolve) => {
    const started = performance.now();
    const s = connect({ port, host: "127.0.0.1" });
    let text = "";
    const give = (ms) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ms);
    };
    const timer = setTimeout(() => give(Number.POSITIVE_INFINITY), 5000);
    s.on("error", () => give(Number.POSITIVE_INFINITY));
    s.on("data", (d) => {
      text += d.toString("latin1");
      if (text.startsWith("SIP/2.0 200")) give(performance.now() - started);
    });
    s.write(request("TCP"));
  });

const sockets = new Set();
const open = (localAddress) => {
  const s = connect({ port, host: "127.0.0.1", localAddress });
  sockets.add(s);
  s.on("error", () => undefined);
  s.on("close", () => sockets.delete(s));
  return s;
};

/** One connection that writes `count` OPTIONS as fast as its socket takes them, and never reads. */
const pipeliner = (count) => {
  const s = open("127.0.0.1");
  let sent = 0;
  const pump = () => {
    while (sent < count && !s.destroyed) {
      sent++;
      if (!s.write(request("TCP"))) {
        s.once("drain", pump);
        return;
      }
    }
  };
  s.once("connect", pump);
  return () => sent;
};

const attack = {
  pipeline: () => {
    const sent = pipeliner(50_000);
    return () => ({ requestsWritten: sent() });
  },
  pipeline100: () => {
    const all = Array.from({ length: 100 }, () => pipeliner(50_000));
    return () => ({ requestsWritten: all.reduce((n, f) => n + f(), 0) });
  },
  slowloris: () => {
    const text = request("TCP");
    const conns = Array.from({ length: 1200 }, (_, i) => ({ s: open(`127.0.0.${2 + (i % 12)}`), at: 0 }));
    let closedByServer = 0;
    for (const c of conns) c.s.on("close", () => closedByServer++);
    const drip = setInterval(() => {
      for (const c of conns) if (!c.s.destroyed && c.at < text.length) c.s.write(text.charAt(c.at++));
    }, 1000);
    drip.unref();
    return () => ({ opened: conns.length, closedByServer, octetsSentEach: Math.max(...conns.map((c) => c.at)) });
  },
  nocontact: () => {
    const s = createSocket("udp4");
    let sent = 0;
    let answered = 0;
    s.on("message", (m) => {
      if (m.toString("latin1").startsWith("SIP/2.0 400")) answered++;
    });
    const invite = (n) =>
      [
        "INVITE sip:server@127.0.0.1 SIP/2.0",
        `Via: SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bKnc${process.pid}x${n}`,
        "Max-Forwards: 70",
        "To: <sip:server@127.0.0.1>",
        `From: <sip:leak@127.0.0.1>;tag=nc${n}`,
        `Call-ID: nc${process.pid}x${n}@abuse`,
        "CSeq: 1 INVITE",
        ...(n % 2 === 0 ? [] : ["Contact: *"]),
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
    const tick = setInterval(() => {
      for (let i = 0; i < rate / 100; i++) s.send(invite(++sent), port, "127.0.0.1");
    }, 10);
    tick.unref();
    return () => ({ invitesSent: sent, answered400: answered });
  },
  flood: () => {
    const conns = Array.from({ length: 3000 }, (_, i) => open(`127.0.0.${2 + (i % 30)}`));
    return () => ({ opened: conns.length, stillOpen: conns.filter((s) => !s.destroyed).length });
  },
};

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

const waitReady = async () => {
  for (let i = 0; i < 100; i++) {
    if (Number.isFinite(await Promise.race([probeUdp(), sleep(200).then(() => Number.POSITIVE_INFINITY)]))) return;
    await sleep(100);
  }
  throw new Error("puresip serve did not answer OPTIONS");
};

if (role === "attacker") {
  // The child: run one attack, report what it did every half second, until killed.
  const report = attack[attacks[0]]?.();
  if (report === undefined) throw new Error(`no attack named ${attacks[0]}`);
  setInterval(() => {
    process.stdout.write(`${JSON.stringify(report())}\n`);
  }, 500);
} else {
  await measure();
}

async function measure() {
const results = [];
for (const name of attacks) {
  const start = attack[name];
  if (start === undefined) throw new Error(`no attack named ${name}`);
  // A fresh server for each attack, so that one's leftovers do not count against the next.
  const server = spawn(process.execPath, [...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]), main, "serve", "--host", "127.0.0.1", "--port", String(port), "--ws-port", String(wsPort), "--transports", "udp,tcp", "--quiet"], { stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitReady();
    await sleep(500);
    const before = memory(server.pid);
    const attacker = spawn(process.execPath, [new URL(import.meta.url).pathname, "--role", "attacker", "--attack", name, "--port", String(port), "--rate", String(rate)], { stdio: ["ignore", "pipe", "inherit"] });
    let lastReport = "{}";
    attacker.stdout.setEncoding("utf8");
    let pending = "";
    attacker.stdout.on("data", (text) => {
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      const last = lines.filter((l) => l.trim() !== "").pop();
      if (last !== undefined) lastReport = last;
    });
    const stop = () => {
      attacker.kill("SIGKILL");
      try {
        return JSON.parse(lastReport);
      } catch {
        return {};
      }
    };
    const udp = [];
    const tcp = [];
    let maxRssKb = before.rssKb;
    const rssSamples = [];
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      udp.push(await probeUdp());
      tcp.push(await probeTcp());
      const rssKb = memory(server.pid).rssKb;
      rssSamples.push(Math.round(rssKb / 1024));
      maxRssKb = Math.max(maxRssKb, rssKb);
      await sleep(500);
    }
    const detail = stop();
    if (server.exitCode !== null) throw new Error(`puresip serve died during ${name} (exit ${server.exitCode})`);
    const after = memory(server.pid);
    const row = {
      attack: name,
      ...(heapMb === undefined ? {} : { heapCapMb: Number(heapMb) }),
      seconds,
      rssBeforeMb: +(before.rssKb / 1024).toFixed(1),
      rssMaxMb: +(Math.max(maxRssKb, after.rssKb) / 1024).toFixed(1),
      hwmMb: +(after.hwmKb / 1024).toFixed(1),
      probes: udp.length,
      udpMaxMs: +Math.max(...udp).toFixed(1),
      udpP50Ms: +quantile(udp, 0.5).toFixed(1),
      tcpMaxMs: +Math.max(...tcp).toFixed(1),
      tcpP50Ms: +quantile(tcp, 0.5).toFixed(1),
      unanswered: [...udp, ...tcp].filter((ms) => !Number.isFinite(ms)).length,
      overOneSecond: [...udp, ...tcp].filter((ms) => ms > 1000).length,
      ...(process.argv.includes("--verbose") ? { udp: udp.map(Math.round), tcp: tcp.map(Math.round), rssMb: rssSamples } : {}),
      ...detail,
    };
    results.push(row);
    console.log(JSON.stringify(row));
  } finally {
    for (const s of sockets) s.destroy();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await sleep(300);
  }
}

console.log("\n| attack | RSS before | RSS max | probes | OPTIONS UDP p50 / max | OPTIONS new TCP p50 / max | over 1 s | unanswered (5 s) | attacker |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of results) {
  const { attack: a, seconds: _s, rssBeforeMb, rssMaxMb, hwmMb: _h, probes, udpMaxMs, udpP50Ms, tcpMaxMs, tcpP50Ms, unanswered, overOneSecond, udp: _u, tcp: _t, rssMb: _m, ...rest } = r;
  console.log(`| ${a} | ${rssBeforeMb} MB | ${rssMaxMb} MB | ${probes} | ${udpP50Ms} / ${udpMaxMs} ms | ${tcpP50Ms} / ${tcpMaxMs} ms | ${overOneSecond} | ${unanswered} | ${JSON.stringify(rest)} |`);
}
}
