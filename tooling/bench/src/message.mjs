// Parsing and printing whole SIP messages: puresip against the JS peers, in one process.
//   cd tooling/bench && node src/run.mjs message
// Every parser is asked for what transaction matching needs (top Via branch, CSeq, Call-ID,
// From/To): puresip parses the core headers with the message; sip.js, jssip and sip parse
// their well-known headers eagerly; drachtio-srf is run both eager (lazy=false, its header
// parsers) and lazy (lazy=true, raw strings only, as its SipMessage class does).
import { createRequire } from "node:module";
import v8 from "node:v8";
import vm from "node:vm";
import { parseMessage, serializeMessage } from "@puresip/message";
import { peekMessage } from "@puresip/message/peek";
// Internal modules of the build, only for the "floor" column below (not public API).
import { splitHead } from "../../../packages/message/dist/parse/header-lines.js";
import { parseStartLine } from "../../../packages/message/dist/parse/start-line.js";
import { encodeUtf8Range } from "../../../packages/message/dist/parse/utf8.js";
import { scanCoreHeaders } from "../../../packages/message/dist/headers/core.js";
import { defaultLimits } from "../../../packages/message/dist/parse/options.js";
import { Parser as SipJsParser } from "sip.js/lib/core/messages/parser.js";
import { Bench } from "tinybench";

const require = createRequire(import.meta.url);
const jssipParser = require("jssip/lib/Parser.js");
const sip = require("sip");
const drachtio = require("drachtio-srf/lib/sip-parser/parser.js");

const crlf = (lines) => lines.join("\r\n");
const sdp = crlf([
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com",
  "s=-",
  "c=IN IP4 192.0.2.101",
  "t=0 0",
  "m=audio 49172 RTP/AVP 0 8 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=sendrecv",
  "",
]);
const withBody = (head, body) => `${crlf([...head, `Content-Length: ${Buffer.byteLength(body)}`, "", ""])}${body}`;
const dialog = (cseq) => [
  "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
  "Via: SIP/2.0/UDP proxy.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  `CSeq: ${cseq}`,
];

/** The fixed corpus: a call set-up and tear-down, a registration with its challenge, a probe. */
export const CORPUS = {
  "INVITE + SDP": withBody(
    [
      "INVITE sip:bob@biloxi.example.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
      "Max-Forwards: 70",
      "To: Bob <sip:bob@biloxi.example.com>",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>",
      "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE",
      "Supported: replaces, timer",
      "User-Agent: puresip-bench/1.0",
      "Content-Type: application/sdp",
    ],
    sdp,
  ),
  "180 Ringing": withBody(["SIP/2.0 180 Ringing", ...dialog("314159 INVITE"), "Contact: <sip:bob@192.0.2.4>"], ""),
  "200 OK + SDP": withBody(
    ["SIP/2.0 200 OK", ...dialog("314159 INVITE"), "Record-Route: <sip:proxy.biloxi.example.com;lr>", "Contact: <sip:bob@192.0.2.4>", "Content-Type: application/sdp"],
    sdp.replace("alice", "bob"),
  ),
  ACK: withBody(["ACK sip:bob@192.0.2.4 SIP/2.0", ...dialog("314159 ACK"), "Route: <sip:proxy.biloxi.example.com;lr>"], ""),
  BYE: withBody(["BYE sip:bob@192.0.2.4 SIP/2.0", ...dialog("314160 BYE"), "Route: <sip:proxy.biloxi.example.com;lr>"], ""),
  "REGISTER + Authorization": withBody(
    [
      "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
      "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
      "Max-Forwards: 70",
      "To: Bob <sip:bob@biloxi.example.com>",
      "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
      "Call-ID: 843817637684230@998sdasdh09",
      "CSeq: 1827 REGISTER",
      "Contact: <sip:bob@192.0.2.4>",
      'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"',
      "Expires: 7200",
    ],
    "",
  ),
  "401 + WWW-Authenticate": withBody(
    [
      "SIP/2.0 401 Unauthorized",
      "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=192.0.2.4",
      "To: Bob <sip:bob@biloxi.example.com>;tag=2493k59kd",
      "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
      "Call-ID: 843817637684230@998sdasdh09",
      "CSeq: 1827 REGISTER",
      'WWW-Authenticate: Digest realm="biloxi.example.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=MD5',
    ],
    "",
  ),
  OPTIONS: withBody(
    [
      "OPTIONS sip:carol@chicago.example.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
      "Max-Forwards: 70",
      "To: <sip:carol@chicago.example.com>",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710",
      "CSeq: 63104 OPTIONS",
      "Contact: <sip:alice@pc33.atlanta.example.com>",
      "Accept: application/sdp",
    ],
    "",
  ),
};

const quiet = { warn() {}, error() {}, log() {}, debug() {} };

/** Each parser, returning what transaction matching reads, so no work can be skipped. */
const PARSERS = {
  "puresip (bytes)": { input: "bytes", parse: (b) => { const r = parseMessage(b); return r._tag === "Right" ? r.right.core.via[0] : undefined; } },
  "puresip (string)": { input: "string", parse: (s) => { const r = parseMessage(s); return r._tag === "Right" ? r.right.core.via[0] : undefined; } },
  "sip.js": { input: "string", parse: (s) => SipJsParser.parseMessage(s, quiet)?.via },
  jssip: { input: "string", parse: (s) => jssipParser.parseMessage(s, undefined)?.via_branch },
  sip: { input: "string", parse: (s) => sip.parse(s)?.headers.via },
  "drachtio-srf (eager)": { input: "string", parse: (s) => drachtio.parseSipMessage(s, false)?.headers.via },
  "drachtio-srf (lazy)": { input: "string", parse: (s) => drachtio.parseSipMessage(s, true)?.headers.via },
};
const PEERS = ["sip.js", "jssip", "sip", "drachtio-srf (eager)"];

/**
 * The matching view (`peekMessage`): start line, top Via, Call-ID, CSeq, From/To tags, each
 * checked against its grammar as parseMessage checks it, and nothing else. Returns the branch.
 */
const PEEKERS = {
  "peekMessage (bytes)": { input: "bytes", parse: (b) => { const r = peekMessage(b); return r._tag === "Right" ? r.right.branch : undefined; } },
  "peekMessage (string)": { input: "string", parse: (s) => { const r = peekMessage(s); return r._tag === "Right" ? r.right.branch : undefined; } },
};

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
const TIME = Number(process.env.BENCH_TIME_MS ?? 300);

/**
 * Calls per timed sample. A parse takes 1–15 µs, close to the timer's resolution and overhead,
 * so one call per sample (tinybench's way) measured the clock as much as the parser; a batch
 * per sample does not.
 */
const WALL_BATCH = Number(process.env.BENCH_WALL_BATCH ?? 50);

const measure = async (tasks) => {
  const bench = new Bench({ time: TIME, warmupTime: 100 });
  for (const [name, fn] of Object.entries(tasks))
    bench.add(name, () => {
      for (let i = 0; i < WALL_BATCH; i++) fn();
    });
  await bench.run();
  // The median sample: robust to the other processes sharing the machine's cores.
  return Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.throughput.p50 * WALL_BATCH]));
};

/**
 * CPU time per message (user + system, `process.cpuUsage`) in µs: the best of ROUNDS interleaved
 * rounds of BATCH calls each. On a shared machine a process that is descheduled does not
 * accumulate CPU time, so these figures move far less with the load than wall-clock ones.
 */
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 15);
const BATCH = Number(process.env.BENCH_CPU_BATCH ?? 5000);
const cpuTimes = (tasks) => {
  const best = Object.fromEntries(Object.keys(tasks).map((n) => [n, Infinity]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(tasks)) {
      const t = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) fn();
      const d = process.cpuUsage(t);
      best[name] = Math.min(best[name], (d.user + d.system) / BATCH);
    }
  }
  return best;
};

/**
 * What any parser producing the model (`headers` as fields, the start line, `body` as octets)
 * does before it parses a single core header, from a string: split the fields, read the start
 * line, copy the body. No core-header design, eager or lazy, can be faster than this.
 */
const floor = (text, headEnd) => {
  const split = splitHead(text, 0, headEnd, defaultLimits, 0);
  return [split, parseStartLine(text, split.lineStart, split.lineEnd), encodeUtf8Range(text, headEnd + 4, text.length)];
};

const MATCHING = new Set(["via", "v", "from", "f", "to", "t", "call-id", "i", "cseq"]);

/** Which fields transaction matching reads: the first Via field, From, To, Call-ID, CSeq. */
const matchingFields = (text, headEnd) => {
  const picked = [];
  let via = false;
  splitHead(text, 0, headEnd, defaultLimits, 0).headers.forEach((h, k) => {
    const name = h.name.toLowerCase();
    if (!MATCHING.has(name) || ((name === "via" || name === "v") && via)) return;
    via ||= name === "via" || name === "v";
    picked.push(k);
  });
  return picked;
};

/**
 * The floor plus parsing the fields transaction matching needs (`picked`, found beforehand, so
 * classifying names costs nothing here): the cost of a design that parsed only those and left
 * every other core header lazy for free.
 */
const floorAndMatching = (text, headEnd, picked) => {
  const [split, line, body] = floor(text, headEnd);
  const headers = [];
  const ranges = [];
  for (const k of picked) {
    headers.push(split.headers[k]);
    ranges.push(split.valueRanges[2 * k], split.valueRanges[2 * k + 1]);
  }
  return [line, body, scanCoreHeaders(headers, text, ranges)];
};

const gc = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
})();

/** JS heap plus ArrayBuffer backing stores (a copied body lives outside the heap). */
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Memory growth per parsed message kept alive (inputs allocated before the baseline). */
const retained = (parse, inputs) => {
  gc();
  gc();
  const before = used();
  const kept = inputs.map(parse);
  gc();
  gc();
  const after = used();
  if (kept.length !== inputs.length) throw new Error("lost results");
  return (after - before) / inputs.length;
};

export async function run() {
  const names = Object.keys(CORPUS);
  const parseRows = [];
  const printRows = [];
  const cpuRows = [];
  for (const type of names) {
    // The text as a transport delivers it: one flat string. The template literals above may
    // build ropes (cons strings), which V8 scans more slowly (up to ~30% for 200 OK + SDP).
    const text = Buffer.from(CORPUS[type]).toString();
    const bytes = new Uint8Array(Buffer.from(text));
    const buffer = Buffer.from(text);
    for (const [name, p] of Object.entries({ ...PARSERS, ...PEEKERS })) if (p.parse(p.input === "bytes" ? bytes : text) === undefined) throw new Error(`${name} failed on ${type}`);
    const parsed = await measure(Object.fromEntries(Object.entries({ ...PARSERS, ...PEEKERS }).map(([name, p]) => [name, p.input === "bytes" ? () => p.parse(bytes) : () => p.parse(text)])));
    parseRows.push([type, parsed]);
    const cpuParsers = ["puresip (bytes)", "puresip (string)", "sip", "drachtio-srf (eager)", "drachtio-srf (lazy)"];
    const headEnd = text.indexOf("\r\n\r\n");
    const picked = matchingFields(text, headEnd);
    cpuRows.push([
      type,
      cpuTimes({
        ...Object.fromEntries(cpuParsers.map((name) => [name, PARSERS[name].input === "bytes" ? () => PARSERS[name].parse(bytes) : () => PARSERS[name].parse(text)])),
        ...Object.fromEntries(Object.entries(PEEKERS).map(([name, p]) => [name, p.input === "bytes" ? () => p.parse(bytes) : () => p.parse(text)])),
        // The `sip` package reads a datagram's Buffer itself (latin1): the like-for-like peer of peekMessage (bytes).
        "sip (bytes)": () => sip.parse(buffer)?.headers.via,
        "floor (string)": () => floor(text, headEnd),
        "floor + matching (string)": () => floorAndMatching(text, headEnd, picked),
      }),
    ]);

    const ours = parseMessage(bytes);
    if (ours._tag === "Left") throw new Error(ours.left.detail);
    const sipMsg = sip.parse(text);
    const drachtioMsg = drachtio.parseSipMessage(text, true);
    const printed = await measure({
      "puresip serializeMessage": () => serializeMessage(ours.right),
      "sip stringify": () => sip.stringify(sipMsg),
      "drachtio-srf stringify (lazy)": () => drachtio.stringifySipMessage({ ...drachtioMsg, headers: { ...drachtioMsg.headers } }),
    });
    // CPU time too: the median samples above move with the machine's load, and the issue's
    // "printing at least as fast as parsing" is a ratio of two of them.
    const printedCpu = cpuTimes({
      "puresip serializeMessage": () => serializeMessage(ours.right),
      "puresip parseMessage (bytes)": () => parseMessage(bytes),
      "sip stringify": () => sip.stringify(sipMsg),
    });
    printRows.push([type, printed, parsed["puresip (bytes)"], printedCpu]);
  }

  const parserNames = Object.keys(PARSERS);
  const out = [];
  out.push("## message", "", "Command: `cd tooling/bench && node src/run.mjs message` (after `pnpm turbo run build`).", "");
  out.push(`### Parsing (messages/s, median sample of ${WALL_BATCH} calls)`, "");
  out.push(`| message | ${parserNames.join(" | ")} | puresip (bytes) ÷ fastest eager peer |`);
  out.push(`|---|${parserNames.map(() => "---:").join("|")}|---:|`);
  for (const [type, r] of parseRows) {
    const fastest = Math.max(...PEERS.map((p) => r[p]));
    out.push(`| ${type} | ${parserNames.map((n) => fmt(r[n])).join(" | ")} | ${(r["puresip (bytes)"] / fastest).toFixed(2)}x |`);
  }
  out.push("", "Ratio of puresip (bytes) to each peer:", "");
  out.push(`| message | ${[...PEERS, "drachtio-srf (lazy)"].join(" | ")} |`);
  out.push(`|---|${[...PEERS, "lazy"].map(() => "---:").join("|")}|`);
  for (const [type, r] of parseRows) out.push(`| ${type} | ${[...PEERS, "drachtio-srf (lazy)"].map((p) => `${(r["puresip (bytes)"] / r[p]).toFixed(2)}x`).join(" | ")} |`);

  out.push("", `### CPU time per parsed message (µs, best of ${ROUNDS} interleaved rounds of ${BATCH})`, "");
  out.push("User + system CPU time of this process (`process.cpuUsage`), which moves much less than wall-clock time when other processes share the cores. Lower is better; ratios are the peer's time ÷ puresip's.", "");
  const cpuNames = Object.keys(cpuRows[0][1]);
  out.push(
    "`floor (string)` is the work before any core header is parsed (split the fields, read the start line, copy the body): no design of the core headers can beat it with this model. `floor + matching (string)` adds parsing only what transaction matching needs (first Via field, From, To, Call-ID, CSeq): the best a design could do that left the other core headers lazy at no cost. `sip ÷` those two bound the ratio such designs could reach.",
    "",
  );
  out.push(`| message | ${cpuNames.join(" | ")} | sip ÷ puresip (bytes) | sip ÷ puresip (string) | sip ÷ floor | sip ÷ (floor + matching) |`);
  out.push(`|---|${cpuNames.map(() => "---:").join("|")}|---:|---:|---:|---:|`);
  for (const [type, r] of cpuRows) {
    out.push(
      `| ${type} | ${cpuNames.map((n) => r[n].toFixed(2)).join(" | ")} | ${(r.sip / r["puresip (bytes)"]).toFixed(2)}x | ${(r.sip / r["puresip (string)"]).toFixed(2)}x | ${(r.sip / r["floor (string)"]).toFixed(2)}x | ${(r.sip / r["floor + matching (string)"]).toFixed(2)}x |`,
    );
  }

  out.push("", "### The matching view: peekMessage (issue #3's target)", "");
  out.push(
    "`peekMessage` is a second, smaller API: the start line, the top Via, Call-ID, CSeq and the From/To tags (the From/To URIs are skipped: matching compares tags only), read from the raw input and checked against their grammar (usual spellings by one tight loop each, anything else by the scanners of `parseMessage`), the rest of the message left unread (no header list, no body copy). The target is 3x the fastest peer on every message type. The peers parse every header they know (sip.js, jssip, sip, drachtio-srf eager); drachtio-srf lazy parses none and is shown for reference. Like for like: `peekMessage (string)` against the peers given the same string, `peekMessage (bytes)` against `sip` given the datagram's Buffer (it decodes it itself, as latin1; the other peers take only strings).",
    "",
  );
  const peekNames = Object.keys(PEEKERS);
  out.push(`Messages/s (median sample of ${WALL_BATCH} calls, same runs as above) and ratio to the fastest eager peer:`, "");
  out.push(`| message | ${peekNames.join(" | ")} | fastest eager peer | ${peekNames.map((n) => `${n} ÷ fastest`).join(" | ")} | ${peekNames.map((n) => `${n} ÷ drachtio-srf (lazy)`).join(" | ")} |`);
  out.push(`|---|${peekNames.map(() => "---:").join("|")}|---:|${peekNames.map(() => "---:").join("|")}|${peekNames.map(() => "---:").join("|")}|`);
  for (const [type, r] of parseRows) {
    const fastest = PEERS.reduce((a, p) => (r[p] > r[a] ? p : a));
    out.push(`| ${type} | ${peekNames.map((n) => fmt(r[n])).join(" | ")} | ${fastest} ${fmt(r[fastest])} | ${peekNames.map((n) => `${(r[n] / r[fastest]).toFixed(2)}x`).join(" | ")} | ${peekNames.map((n) => `${(r[n] / r["drachtio-srf (lazy)"]).toFixed(2)}x`).join(" | ")} |`);
  }
  out.push("", `CPU time per message (µs, from the table above), and the fastest eager peer's time ÷ peekMessage's for the same input:`, "");
  out.push(`| message | ${peekNames.join(" | ")} | sip (bytes) | sip | drachtio-srf (eager) | sip (bytes) ÷ peekMessage (bytes) | fastest (string) ÷ peekMessage (string) | ${peekNames.map((n) => `puresip parseMessage ÷ ${n}`).join(" | ")} |`);
  out.push(`|---|${peekNames.map(() => "---:").join("|")}|---:|---:|---:|---:|---:|${peekNames.map(() => "---:").join("|")}|`);
  for (const [type, r] of cpuRows) {
    const fastest = Math.min(r.sip, r["drachtio-srf (eager)"]);
    const full = (n) => (n.includes("bytes") ? r["puresip (bytes)"] : r["puresip (string)"]);
    out.push(
      `| ${type} | ${peekNames.map((n) => r[n].toFixed(2)).join(" | ")} | ${r["sip (bytes)"].toFixed(2)} | ${r.sip.toFixed(2)} | ${r["drachtio-srf (eager)"].toFixed(2)} | ${(r["sip (bytes)"] / r["peekMessage (bytes)"]).toFixed(2)}x | ${(fastest / r["peekMessage (string)"]).toFixed(2)}x | ${peekNames.map((n) => `${(full(n) / r[n]).toFixed(2)}x`).join(" | ")} |`,
    );
  }

  out.push("", `### Printing (messages/s, median sample of ${WALL_BATCH} calls)`, "", "sip.js and jssip have no printer for a parsed message (their `toString()` returns the received text).", "");
  const printerNames = Object.keys(printRows[0][1]);
  out.push(`| message | ${printerNames.join(" | ")} | puresip print ÷ puresip parse |`);
  out.push(`|---|${printerNames.map(() => "---:").join("|")}|---:|`);
  for (const [type, r, parseRate] of printRows) out.push(`| ${type} | ${printerNames.map((n) => fmt(r[n])).join(" | ")} | ${(r["puresip serializeMessage"] / parseRate).toFixed(2)}x |`);
  out.push("", `CPU time per message (µs, best of ${ROUNDS} interleaved rounds of ${BATCH}): printing a parsed message against parsing it from octets, and against \`sip\`'s printer.`, "");
  const printCpuNames = Object.keys(printRows[0][3]);
  out.push(`| message | ${printCpuNames.join(" | ")} | parse ÷ print | sip stringify ÷ puresip print |`);
  out.push(`|---|${printCpuNames.map(() => "---:").join("|")}|---:|---:|`);
  for (const [type, , , c] of printRows) {
    const print = c["puresip serializeMessage"];
    out.push(`| ${type} | ${printCpuNames.map((n) => c[n].toFixed(2)).join(" | ")} | ${(c["puresip parseMessage (bytes)"] / print).toFixed(2)}x | ${(c["sip stringify"] / print).toFixed(2)}x |`);
  }

  const N = 5000;
  const text = CORPUS["INVITE + SDP"];
  out.push("", `### Memory per retained parsed message (INVITE + SDP, ${Buffer.byteLength(text)} octets; mean of ${N})`, "");
  out.push("JS heap plus ArrayBuffer stores, after GC. Parsers that take a string keep slices of it, and the input is allocated before the baseline, so its own size is not counted for them; `puresip (bytes)` holds its own decoded header text.", "");
  out.push("| parser | bytes per message |", "|---|---:|");
  for (const [name, p] of Object.entries(PARSERS)) {
    const inputs = Array.from({ length: N }, () => (p.input === "bytes" ? new Uint8Array(Buffer.from(text)) : Buffer.from(text).toString()));
    const keep = name.startsWith("puresip") ? (x) => parseMessage(x) : name === "sip.js" ? (s) => SipJsParser.parseMessage(s, quiet) : name === "jssip" ? (s) => jssipParser.parseMessage(s, undefined) : name === "sip" ? (s) => sip.parse(s) : (s) => drachtio.parseSipMessage(s, name.includes("lazy"));
    out.push(`| ${name} | ${fmt(retained(keep, inputs))} |`);
  }
  out.push("");
  return out.join("\n");
}
