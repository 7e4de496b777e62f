// Reducer steps per second through the @puresip/transaction layer, for two whole exchanges run
// by a client layer and a server layer against their own Map stores (what an adapter does):
// INVITE/180/200/ACK and REGISTER/200, including the ticks that end each transaction.
import { Bench } from "tinybench";
import { defaultLayerConfig, step } from "@puresip/transaction";

const layer = step(defaultLayerConfig);
const udp = { transport: "UDP", host: "192.0.2.4", port: 5060 };

const host = (value) => ({ _tag: "Hostname", value });
const addr = (user, h, tag) => ({
  _tag: "NameAddr",
  uri: { _tag: "SipUri", scheme: "sip", user, host: host(h), params: [], headers: [] },
  angle: true,
  params: tag === undefined ? [] : [{ name: "tag", value: tag }],
});

// Messages as @puresip/message's parser gives them: raw header lines and the parsed core.
const request = (method, branch, toTag) => {
  const via = { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: host("client.example.com"), params: [{ name: "branch", value: branch }] };
  return {
    _tag: "Request",
    method,
    uri: { _tag: "SipUri", scheme: "sip", user: "bob", host: host("biloxi.example.com"), params: [], headers: [] },
    version: "SIP/2.0",
    headers: [
      { name: "Via", value: `SIP/2.0/UDP client.example.com;branch=${branch}` },
      { name: "Max-Forwards", value: "70" },
      { name: "To", value: `<sip:bob@biloxi.example.com>${toTag ? `;tag=${toTag}` : ""}` },
      { name: "From", value: "<sip:alice@atlanta.example.com>;tag=1928301774" },
      { name: "Call-ID", value: "a84b4c76e66710@client.example.com" },
      { name: "CSeq", value: `1 ${method}` },
      { name: "Content-Length", value: "0" },
    ],
    core: {
      via: [via],
      from: addr("alice", "atlanta.example.com", "1928301774"),
      to: addr("bob", "biloxi.example.com", toTag),
      callId: "a84b4c76e66710@client.example.com",
      cseq: { seq: 1, method },
      maxForwards: 70,
      contentLength: 0,
      contact: [],
      route: [],
      recordRoute: [],
    },
    body: new Uint8Array(0),
  };
};
const response = (req, status, reason) => ({
  _tag: "Response",
  version: "SIP/2.0",
  status,
  reason,
  headers: req.headers,
  core: { ...req.core, to: addr("bob", "biloxi.example.com", "a6c85cf") },
  body: new Uint8Array(0),
});

const invite = request("INVITE", "z9hG4bK776asdhds");
const ringing = response(invite, 180, "Ringing");
const ok = response(invite, 200, "OK");
const ack = request("ACK", "z9hG4bKack2xx", "a6c85cf");
const register = request("REGISTER", "z9hG4bKreg1");
const registered = response(register, 200, "OK");

/** Runs one event through a layer over `map`, applying Store/Forget; returns the effects. */
const feed = (map, event) => {
  const effects = layer(map, event);
  for (const e of effects) {
    if (e._tag === "Store") map.set(e.key, e.transaction);
    else if (e._tag === "Forget") map.delete(e.key);
  }
  return effects;
};
const keyOf = (effects, tag) => effects.find((e) => e._tag === tag).key;

/** INVITE/180/200/ACK, then Timer M and Timer L: 10 reducer steps. */
const inviteExchange = () => {
  const uac = new Map();
  const uas = new Map();
  const clientKey = keyOf(feed(uac, { _tag: "SendRequest", now: 0, request: invite, destination: udp }), "Store");
  const serverKey = keyOf(feed(uas, { _tag: "Received", now: 5, message: invite, source: udp }), "NewRequest");
  feed(uas, { _tag: "SendResponse", now: 6, key: serverKey, response: ringing });
  feed(uac, { _tag: "Received", now: 10, message: ringing, source: udp });
  feed(uas, { _tag: "SendResponse", now: 20, key: serverKey, response: ok });
  feed(uac, { _tag: "Received", now: 25, message: ok, source: udp });
  feed(uac, { _tag: "SendRequest", now: 25, request: ack, destination: udp });
  feed(uas, { _tag: "Received", now: 30, message: ack, source: udp });
  feed(uac, { _tag: "Tick", now: 32_025, key: clientKey });
  feed(uas, { _tag: "Tick", now: 32_020, key: serverKey });
  if (uac.size !== 0 || uas.size !== 0) throw new Error("leak");
};

/** REGISTER/200, then Timer K and Timer J: 6 reducer steps. */
const registerExchange = () => {
  const uac = new Map();
  const uas = new Map();
  const clientKey = keyOf(feed(uac, { _tag: "SendRequest", now: 0, request: register, destination: udp }), "Store");
  const serverKey = keyOf(feed(uas, { _tag: "Received", now: 5, message: register, source: udp }), "NewRequest");
  feed(uas, { _tag: "SendResponse", now: 6, key: serverKey, response: registered });
  feed(uac, { _tag: "Received", now: 10, message: registered, source: udp });
  feed(uac, { _tag: "Tick", now: 5_010, key: clientKey });
  feed(uas, { _tag: "Tick", now: 32_006, key: serverKey });
  if (uac.size !== 0 || uas.size !== 0) throw new Error("leak");
};

const suites = [
  { name: "INVITE/180/200/ACK + Timers M, L", steps: 10, fn: inviteExchange },
  { name: "REGISTER/200 + Timers K, J", steps: 6, fn: registerExchange },
];

/**
 * Steps per second of CPU time used by this process: on a shared, loaded machine wall-clock
 * rates understate what one core does, and CPU time does not (GC threads count against us).
 */
const perCpuSecond = (fn, steps) => {
  for (let i = 0; i < 20_000; i++) fn();
  const n = 200_000;
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const used = process.cpuUsage(before);
  return (n * steps) / ((used.user + used.system) / 1e6);
};

const fmt = (x) => Math.round(x).toLocaleString("en-US");

export async function run() {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  for (const s of suites) bench.add(s.name, s.fn);
  await bench.run();
  const rows = suites.map((s, i) => {
    const r = bench.tasks[i].result;
    const exchanges = 1000 / r.period;
    return `| ${s.name} | ${s.steps} | ${fmt(exchanges)} | ${fmt(exchanges * s.steps)} | ${fmt(perCpuSecond(s.fn, s.steps))} |`;
  });
  return [
    "## transaction",
    "",
    "Whole exchanges through two transaction layers (client and server, each over its own `Map`),",
    "every event one `step` call; reducer steps/s = exchanges/s × steps per exchange (wall clock,",
    "tinybench). The last column divides by the CPU time the process used instead, which is what",
    "one core does when the machine is shared.",
    "",
    "| exchange | steps | exchanges/s | reducer steps/s | reducer steps per CPU-second |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
