// Live figures: `puresip serve --users` on loopback UDP, 20,000 unauthenticated REGISTERs in
// windows of 100 (a window's requests resent after 1 s if unanswered), REGISTERs/s per 5,000,
// an OPTIONS round trip and the server's RSS after each 5,000. KIND=options floods OPTIONS instead.
//   pnpm --filter @puresip/cli build && node packages/cli/bench/flood.mjs
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const main = new URL("../dist/main.js", import.meta.url).pathname;
const users = join(mkdtempSync(join(tmpdir(), "puresip-flood-")), "users");
writeFileSync(users, "alice:secret\n");
const srv = spawn(process.execPath, [main, "serve", "--host", "127.0.0.1", "--port", "0", "--transports", "udp", "--users", users, "--quiet"]);
let out = ""; srv.stdout.on("data", (d) => (out += d));
while (!/listening UDP/.test(out)) await new Promise((r) => setTimeout(r, 50));
const port = Number(/listening UDP [^\n]*:(\d+)/.exec(out)[1]);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${srv.pid}/status`, "utf8"))[1]) / 1024;
const s = createSocket("udp4"); const got = new Map();
s.on("message", (m) => { const t = m.toString(); const id = /^Call-ID: (.*)$/m.exec(t)?.[1]?.trim(); if (id) got.set(id, t.slice(8, 11)); });
await new Promise((r) => s.bind(0, "127.0.0.1", r));
const me = s.address().port;
const reg0 = (id) => `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-${id}\r\nMax-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=f\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: ${id}\r\nCSeq: 1 REGISTER\r\nContact: <sip:alice@127.0.0.1:${me}>\r\nContent-Length: 0\r\n\r\n`;
const reg = process.env.KIND === 'options' ? (id) => `OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-${id}\r\nMax-Forwards: 70\r\nFrom: <sip:p@x>;tag=p\r\nTo: <sip:127.0.0.1>\r\nCall-ID: ${id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n` : reg0;
const wait = async (ok, ms) => { const end = Date.now() + ms; while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 2)); return ok(); };
const options = async (id) => { const t = performance.now(); s.send(`OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-${id}\r\nMax-Forwards: 70\r\nFrom: <sip:p@x>;tag=p\r\nTo: <sip:127.0.0.1>\r\nCall-ID: ${id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`, port, "127.0.0.1"); await wait(() => got.has(id), 5000); return (performance.now() - t).toFixed(1); };
console.log(`start: RSS ${rss().toFixed(1)} MB, OPTIONS ${await options("o0")} ms`);
let t0 = performance.now(); let resent = 0;
for (let from = 0; from < 20000; from += 100) {
  const ids = Array.from({ length: 100 }, (_, k) => `f${from + k}`);
  for (let a = 0; a < 10 && ids.some((i) => !got.has(i)); a++) { for (const i of ids) if (!got.has(i)) { if (a > 0) resent++; s.send(reg(i), port, "127.0.0.1"); } await wait(() => ids.every((i) => got.has(i)), 1000); }
  if ((from + 100) % 5000 === 0) { const t = performance.now(); console.log(`after ${from + 100}: ${(5000 / ((t - t0) / 1000)).toFixed(0)} REGISTER/s answered, RSS ${rss().toFixed(1)} MB, OPTIONS ${await options(`o${from}`)} ms, resent ${resent}`); t0 = performance.now(); }
}
const statuses = new Map(); for (const [k, v] of got) if (k.startsWith("f")) statuses.set(v, (statuses.get(v) ?? 0) + 1);
console.log("statuses", JSON.stringify([...statuses]));
srv.kill("SIGTERM"); s.close();
