// The per-message cost of validating an incoming request twice (issue #14, "validated once"):
// the UA core's `step` on an OPTIONS outside a dialog (stamp, transaction layer, §8.2 checks,
// the 200), once as a user driving `step` directly sends it (unmarked: the core runs
// validateMessage) and once as @puresip/node and @puresip/web send it (marked `validated`: their
// `receive` already ran it, the core does not again). validateMessage alone is the difference.
import { Bench } from "tinybench";
import { parseMessage, validateMessage } from "@puresip/message";
import { defaultLayerConfig } from "@puresip/transaction";
import { basicCapabilities, initialState, step } from "@puresip/ua";

const text = (branch) =>
  [
    "OPTIONS sip:bob@192.0.2.2 SIP/2.0",
    `Via: SIP/2.0/UDP 192.0.2.99:5060;branch=${branch}`,
    "Max-Forwards: 70",
    "To: <sip:bob@192.0.2.2>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 63104 OPTIONS",
    "Contact: <sip:alice@pc33.atlanta.example.com>",
    "Accept: application/sdp",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

const parse = (s) => {
  const m = parseMessage(new TextEncoder().encode(s));
  if (m._tag === "Left") throw new Error(m.left.detail);
  return m.right;
};
const options = parse(text("z9hG4bKnashds8"));

const uri = (s) => {
  const m = parse(`OPTIONS ${s} SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nMax-Forwards: 70\r\nTo: <${s}>\r\nFrom: <${s}>;tag=x\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`);
  return m.uri;
};

const config = {
  aor: uri("sip:bob@192.0.2.2"),
  contact: uri("sip:bob@192.0.2.2"),
  sentBy: { transport: "UDP", host: { _tag: "IPv4", value: "192.0.2.2" }, port: 5060 },
  capabilities: basicCapabilities,
  credentials: [],
  layer: defaultLayerConfig,
  session: { t1: 500, t2: 4000, reliable: false, overTls: false },
  registerExpires: 3600,
};

const source = { transport: "UDP", host: "192.0.2.99", port: 5060 };
const ua = step(config);
const state = initialState([14]);
const store = { get: () => undefined, keys: () => [] };

const unmarked = () => ua(store, state, { _tag: "Received", now: 0, message: options, source });
const marked = () => ua(store, state, { _tag: "Received", now: 0, message: options, source, validated: true });
const validate = () => validateMessage(options);

const check = () => {
  const statuses = (effects) => effects.filter((e) => e._tag === "Transmit").map((e) => e.message.status);
  const a = statuses(unmarked()[1]);
  const b = statuses(marked()[1]);
  if (a.join() !== "200" || b.join() !== "200") throw new Error(`the OPTIONS was not answered 200 (${a.join()} / ${b.join()})`);
};

/** Nanoseconds of CPU per call (user + system), after a warm-up: the figure for a loaded machine. */
const cpuNs = (fn) => {
  for (let i = 0; i < 20_000; i++) fn();
  const n = 100_000;
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / n;
};

const fmt = (x) => Math.round(x).toLocaleString("en-US");

export async function run() {
  check();
  const suites = [
    { name: "validateMessage (the check the mark saves)", fn: validate },
    { name: "UA step, unmarked (driving `step` directly: validated by the core)", fn: unmarked },
    { name: "UA step, marked `validated` (node/web: validated once, by `receive`)", fn: marked },
  ];
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  for (const s of suites) bench.add(s.name, s.fn);
  await bench.run();
  const rows = suites.map((s, i) => {
    const r = bench.tasks[i].result;
    return `| ${s.name} | ${fmt(r.period * 1e6)} | ${fmt(cpuNs(s.fn))} |`;
  });
  return [
    "## ua: validated once",
    "",
    "An incoming OPTIONS outside a dialog through the UA core's `step` (§18.2.1 stamp, transaction",
    "layer, §8.2 checks, the 200), with and without the adapter's `validated` mark. Before the mark,",
    "node and web validated in `receive` and the core validated again: the unmarked row is that",
    "second run, the marked row what they pay now.",
    "",
    "| what | ns per call (wall, tinybench) | ns of CPU per call |",
    "|---|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
