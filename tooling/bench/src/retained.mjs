// Retained heap per finished call (issue #14, item 6: "resident memory under 100 MB"): what
// `puresip serve` keeps of each call it has finished while the call's state must still live
// (the INVITE server transaction's Timer L, the BYE's Timer J, the §8.2.2.2 entry: 64*T1, 32 s
// with default timers). SIPp's built-in uac makes `--calls` calls at `--rate` (all inside one
// 64*T1 window); V8 heap snapshots are taken after a warm-up and after the calls (the server is
// sent SIGUSR2: node's --heapsnapshot-signal), and the difference in live objects, JIT code
// left out, divided by the calls is the figure. The rows show where it goes, by object shape.
//
//   pnpm turbo run build && node tooling/bench/src/retained.mjs [--calls 3000 --rate 300]
//
// Needs sipp and taskset. Every process it starts is stopped by its PID; a watchdog bounds it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fmt, freeUdpPort, guardRun, host, launch, machine, missingTool, option, sippClient, sleep, stop, tempDir, waitBound } from "./sipp-harness.mjs";

const cli = fileURLToPath(new URL("../../../packages/cli/dist/main.js", import.meta.url));

const options = () => ({
  calls: Number(option("--calls", "RETAINED_CALLS", "3000")),
  rate: Number(option("--rate", "RETAINED_RATE", "300")),
  warmupCalls: Number(option("--warmup-calls", "RETAINED_WARMUP_CALLS", "300")),
});

/** Asks the server for a snapshot and waits for the file to be whole (its size steady). */
const snapshot = async (pid, dir, count) => {
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; waited < 60_000; waited += 500) {
    await sleep(500);
    const files = readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot")).sort();
    if (files.length < count) continue;
    const file = join(dir, files[count - 1]);
    const size = statSync(file).size;
    await sleep(1000);
    if (size > 0 && statSync(file).size === size) return file;
  }
  throw new Error("the server wrote no heap snapshot within 60 s");
};

/** Self sizes by object shape (constructor and first property names), JIT code apart. */
const shapes = (file) => {
  const s = JSON.parse(readFileSync(file, "utf8"));
  const meta = s.snapshot.meta;
  const NF = meta.node_fields.length;
  const EF = meta.edge_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = s;
  const by = new Map();
  for (let i = 0, e = 0; i < nodes.length; i += NF) {
    const edgeCount = nodes[i + 4];
    const type = types[nodes[i]];
    let key = type;
    if (type === "object") {
      const props = [];
      for (let k = 0; k < edgeCount && props.length < 5; k++) if (edgeTypes[edges[e + k * EF]] === "property") props.push(strings[edges[e + k * EF + 1]]);
      key = `${strings[nodes[i + 1]]} {${props.join(", ")}}`;
    }
    const row = by.get(key) ?? { size: 0, count: 0 };
    row.size += nodes[i + 3];
    row.count += 1;
    by.set(key, row);
    e += edgeCount * EF;
  }
  return by;
};

export async function run() {
  const o = options();
  const missing = missingTool([["sipp", "apt-get install sip-tester"], ["taskset", "util-linux"]]);
  if (missing !== undefined) return `## retained heap per call\n\nSkipped: ${missing[0]} is missing (${missing[1]}).\n`;
  if (!existsSync(cli)) return "## retained heap per call\n\nSkipped: build first (`pnpm turbo run build`).\n";
  const port = await freeUdpPort();
  const release = guardRun("retained", 240 + Math.ceil((o.calls / o.rate + o.warmupCalls / 100) * 2));
  const dir = tempDir("puresip-retained-");
  const server = launch(1, process.execPath, ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`, cli, "serve", "--host", host, "--port", String(port), "--transports", "udp", "--quiet"]);
  try {
    await waitBound("puresip serve", server, port);
    if (o.warmupCalls > 0) await sippClient(["-sn", "uac", `${host}:${port}`], 100, o.warmupCalls, 0);
    const before = shapes(await snapshot(server.pid, dir, 1));
    const r = await sippClient(["-sn", "uac", `${host}:${port}`], o.rate, o.calls, 0);
    await sleep(1000);
    const after = shapes(await snapshot(server.pid, dir, 2));
    const rows = [...after].map(([key, a]) => ({ key, size: a.size - (before.get(key)?.size ?? 0), count: a.count - (before.get(key)?.count ?? 0) })).filter((x) => x.key !== "code");
    const total = rows.reduce((s, x) => s + x.size, 0);
    const top = rows.sort((a, b) => b.size - a.size).slice(0, 12);
    return [
      "## retained heap per call",
      "",
      `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine()}. \`puresip serve\` over UDP on ${host}; SIPp \`-sn uac\` ${o.warmupCalls} calls at 100/s, heap snapshot, ${o.calls} calls at ${o.rate}/s (${r.completed} completed, ${r.failed} failed), heap snapshot; every call finished within one 64*T1 window, so all of them are still kept. Retained = the growth of the live heap (JIT code left out) over the completed calls.`,
      "",
      `**${fmt(total / r.completed)} bytes per finished call** (${fmt(total / 1e6, 1)} MB for ${r.completed} calls).`,
      "",
      "| object (constructor {first properties}) | bytes per call | objects per call |",
      "|---|---|---|",
      ...top.map((x) => `| ${x.key.replace(/\|/g, "\\|")} | ${fmt(x.size / r.completed)} | ${fmt(x.count / r.completed, 2)} |`),
    ].join("\n") + "\n";
  } finally {
    await stop(server);
    release();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) run().then((text) => console.log(text), (e) => { console.error("retained:", e); process.exit(1); });
