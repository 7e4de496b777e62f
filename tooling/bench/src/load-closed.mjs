// Per-call cost on a shared machine (issue #14, item 6): `puresip serve` (or the `sip` UAS) in
// its own process on one core, driven on loopback by a closed-loop client in this process that
// never retransmits: a fixed number of calls in flight, each INVITE (as SIPp's uac writes it,
// with its SDP), 180, 200, ACK, BYE, 200, the next call starting when one ends. Backlog and
// retransmissions cannot inflate the figure when other work takes the CPU, as they do with
// SIPp's open-loop uac (load-percall.mjs); the server's CPU (utime + stime from /proc) over the
// measured calls only, divided by them. Every process it starts is stopped by its PID.
//
//   node tooling/bench/src/load-closed.mjs [--server puresip|sip] [--calls 20000] [--warmup 5000] [--inflight 20] [--checkout DIR]
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const option = (flag, fallback) => {
  const at = process.argv.indexOf(flag);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
};
const checkout = option("--checkout", fileURLToPath(new URL("../../..", import.meta.url)));
const serverKind = option("--server", "puresip");
const calls = Number(option("--calls", "20000"));
const warmup = Number(option("--warmup", "5000"));
const inflight = Number(option("--inflight", "20"));
const host = "127.0.0.1";
const port = 20000 + Math.floor(Math.random() * 5000);

const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const cpuSeconds = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / clockTicks;
};
const hwmMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

const args = serverKind === "sip"
  ? [fileURLToPath(new URL("./peers/sip-uas.mjs", import.meta.url)), "--host", host, "--port", String(port)]
  : [`${checkout}/packages/cli/dist/main.js`, "serve", "--host", host, "--port", String(port), "--transports", "udp", "--quiet"];
const server = spawn("taskset", ["-c", option("--server-cpu", "1"), process.execPath, ...args], { stdio: "ignore" });
const stopServer = () => { try { process.kill(server.pid, "SIGKILL"); } catch { /* gone */ } };
process.on("exit", stopServer);
const watchdog = setTimeout(() => { console.error("watchdog: giving up"); stopServer(); process.exit(2); }, 600_000);

const socket = createSocket("udp4");
await new Promise((r) => socket.bind(0, host, r));
const local = socket.address().port;
const sdp = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
const request = (method, n, branch, cseq, toTag, body = "") =>
  `${method} sip:service@${host}:${port} SIP/2.0\r\nVia: SIP/2.0/UDP ${host}:${local};branch=${branch}\r\n` +
  `From: sipp <sip:sipp@${host}:${local}>;tag=${n}SIPpTag00${n}\r\nTo: service <sip:service@${host}:${port}>${toTag === undefined ? "" : `;tag=${toTag}`}\r\n` +
  `Call-ID: ${n}-closed@${host}\r\nCSeq: ${cseq} ${method}\r\nContact: sip:sipp@${host}:${local}\r\nMax-Forwards: 70\r\nSubject: Performance Test\r\n` +
  (body === "" ? "Content-Length: 0\r\n\r\n" : `Content-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`);

const live = new Map(); // Call-ID number -> { toTag, resolve }
let next = 0;
let done = 0;
let target = 0;
let finished;
const send = (text) => socket.send(text, port, host);
const start = () => {
  const n = ++next;
  live.set(n, { state: "invite" });
  send(request("INVITE", n, `z9hG4bK-${n}-1`, 1, undefined, sdp));
};
socket.on("message", (msg) => {
  const text = msg.toString("latin1");
  const n = Number(/Call-ID: (\d+)-closed/i.exec(text)?.[1]);
  const status = Number(text.slice(8, 11));
  const call = live.get(n);
  if (call === undefined) return;
  const method = /CSeq: \d+ (\w+)/i.exec(text)?.[1];
  if (method === "INVITE" && status === 200 && call.state === "invite") {
    const toTag = /\r\nTo:[^\r]*;tag=([^;\r\s]+)/i.exec(text)?.[1];
    call.state = "bye";
    send(request("ACK", n, `z9hG4bK-${n}-2`, 1, toTag));
    send(request("BYE", n, `z9hG4bK-${n}-3`, 2, toTag));
  } else if (method === "BYE" && status === 200 && call.state === "bye") {
    live.delete(n);
    done++;
    if (done >= target) finished?.();
    else if (next < target) start();
  }
});

const run = (count) => new Promise((resolve) => {
  target += count;
  finished = resolve;
  for (let i = 0; i < inflight && next < target; i++) start();
});
// Wait for the server to listen (/proc/net/udp, addresses in hex): a lost INVITE is never resent.
const bound = () => readFileSync("/proc/net/udp", "utf8").includes(`:${port.toString(16).toUpperCase().padStart(4, "0")} `);
for (let i = 0; i < 200 && !bound(); i++) await new Promise((r) => setTimeout(r, 100));
await new Promise((r) => setTimeout(r, 200));
await run(warmup);
const load0 = loadavg()[0];
const cpu0 = cpuSeconds(server.pid);
const t0 = Date.now();
await run(calls);
const cpu1 = cpuSeconds(server.pid);
const seconds = (Date.now() - t0) / 1000;
console.log(JSON.stringify({
  server: serverKind, checkout, calls, inflight,
  cpuUsPerCall: Math.round(((cpu1 - cpu0) * 1e6) / calls),
  callsPerSecond: Math.round(calls / seconds),
  peakRssMb: Math.round(hwmMb(server.pid) * 10) / 10,
  load: `${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
}));
clearTimeout(watchdog);
stopServer();
socket.close();
