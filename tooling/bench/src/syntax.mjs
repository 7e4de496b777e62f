// The syntax layer on its own: URIs, name-addr, Via and the core headers of one message.
//   cd tooling/bench && node src/run.mjs syntax
// Peers: sip.js (Grammar, PEG), jssip (Grammar, PEG), sip (regex-based parseUri / parseAOR).
import { createRequire } from "node:module";
import { parseCoreHeaders, parseNameAddr, parseUri, parseVia, uriEquals } from "@puresip/message";
import { Grammar as SipJsGrammar } from "sip.js/lib/grammar/grammar.js";
import { Bench } from "tinybench";

const require = createRequire(import.meta.url);
const jssipGrammar = require("jssip/lib/Grammar.js");
const jssipURI = require("jssip/lib/URI.js");
const jssipNameAddr = require("jssip/lib/NameAddrHeader.js");
const sip = require("sip");

const URIS = [
  "sip:alice@atlanta.example.com",
  "sips:bob:secret@[2001:db8::10]:5061;transport=tls;lr",
  "sip:+1-212-555-1212:1234@gateway.example.com;user=phone?subject=project%20x&priority=urgent",
];
const NAME_ADDRS = ['"Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774', "Bob <sip:bob@biloxi.example.com;transport=tcp>"];
const VIA = "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport;received=192.0.2.1";
const CORE = [
  { name: "Via", value: "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport" },
  { name: "Via", value: "SIP/2.0/UDP proxy.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3" },
  { name: "Max-Forwards", value: "70" },
  { name: "To", value: "Bob <sip:bob@biloxi.example.com>;tag=a6c85cf" },
  { name: "From", value: "Alice <sip:alice@atlanta.example.com>;tag=1928301774" },
  { name: "Call-ID", value: "a84b4c76e66710@pc33.atlanta.example.com" },
  { name: "CSeq", value: "314159 INVITE" },
  { name: "Contact", value: "<sip:alice@pc33.atlanta.example.com;transport=udp>" },
  { name: "Record-Route", value: "<sip:proxy.biloxi.example.com;lr>" },
  { name: "Allow", value: "INVITE, ACK, CANCEL, OPTIONS, BYE" },
  { name: "Content-Type", value: "application/sdp" },
  { name: "Content-Length", value: "142" },
];

// Each peer must actually parse what we hand it, or the comparison is meaningless.
const check = (label, ok) => {
  if (!ok) throw new Error(`bench sanity check failed: ${label}`);
};
for (const u of URIS) {
  check(`puresip ${u}`, parseUri(u)._tag === "Right");
  check(`sip.js ${u}`, SipJsGrammar.URIParse(u) !== undefined);
  check(`jssip ${u}`, jssipURI.parse(u) !== undefined);
}
for (const n of NAME_ADDRS) {
  check(`puresip ${n}`, parseNameAddr(n)._tag === "Right");
  check(`sip.js ${n}`, SipJsGrammar.nameAddrHeaderParse(n) !== undefined);
  check(`jssip ${n}`, jssipNameAddr.parse(n) !== undefined);
}
check("puresip Via", parseVia(VIA)._tag === "Right");
check("jssip Via", jssipGrammar.parse(VIA, "Via") !== -1);
check("puresip core", parseCoreHeaders(CORE)._tag === "Right");

const a = parseUri("sip:%61lice@atlanta.com;transport=TCP");
const b = parseUri("sip:alice@AtLanTa.CoM;Transport=tcp");
check("uriEquals", a._tag === "Right" && b._tag === "Right" && uriEquals(a.right, b.right));

const fmt = (n) => Math.round(n).toLocaleString("en-US");

export async function run() {
  const bench = new Bench({ time: 400, warmupTime: 100 });
  bench
    .add("URI x3: puresip parseUri", () => { for (const u of URIS) parseUri(u); })
    .add("URI x3: sip.js Grammar.URIParse", () => { for (const u of URIS) SipJsGrammar.URIParse(u); })
    .add("URI x3: jssip URI.parse", () => { for (const u of URIS) jssipURI.parse(u); })
    .add("URI x3: sip parseUri (regex)", () => { for (const u of URIS) sip.parseUri(u); })
    .add("name-addr x2: puresip parseNameAddr", () => { for (const n of NAME_ADDRS) parseNameAddr(n); })
    .add("name-addr x2: sip.js nameAddrHeaderParse", () => { for (const n of NAME_ADDRS) SipJsGrammar.nameAddrHeaderParse(n); })
    .add("name-addr x2: jssip NameAddrHeader.parse", () => { for (const n of NAME_ADDRS) jssipNameAddr.parse(n); })
    .add("Via: puresip parseVia", () => parseVia(VIA))
    .add("Via: jssip Grammar.parse(Via)", () => jssipGrammar.parse(VIA, "Via"))
    .add("12 header lines: puresip parseCoreHeaders", () => parseCoreHeaders(CORE))
    .add("§19.1.4 compare: puresip uriEquals", () => uriEquals(a.right, b.right));
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const [group] = t.name.split(": ");
    return { group, name: t.name.slice(group.length + 2), hz: t.result?.throughput?.mean ?? t.result?.hz ?? 0 };
  });
  const best = new Map();
  for (const r of rows) if (r.name.startsWith("puresip")) best.set(r.group, r.hz);
  const lines = [
    "## syntax",
    "",
    "URIs, name-addr, Via and the core headers on their own (`cd tooling/bench && node src/run.mjs syntax`).",
    "Ratio = puresip ops/s ÷ the row's ops/s (above 1: puresip is faster).",
    "",
    "| input | implementation | ops/s | puresip ratio |",
    "|---|---|---:|---:|",
    ...rows.map((r) => `| ${r.group} | ${r.name} | ${fmt(r.hz)} | ${r.name.startsWith("puresip") ? "1.00" : ((best.get(r.group) ?? 0) / r.hz).toFixed(2)} |`),
    "",
  ];
  return lines.join("\n");
}
