// How the compare-and-set behaves under contention (BENCHMARKS.md, "@puresip/redis"): N
// REGISTERs for one AOR at once, each with its own contact, half through each of two
// connections (two proxies). Counts the attempts the updates took and checks none was lost.
//   redis-server --port 6390 --save "" --appendonly no &
//   REDIS_URL=redis://127.0.0.1:6390 N=200 node bench/contention.mjs      (after pnpm build)
import * as E from "fp-ts/lib/Either.js";
import { Redis } from "ioredis";
import { parseMessage, tag } from "@puresip/message";
import { registerUpdate } from "@puresip/proxy";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import { redisLocationStore } from "@puresip/redis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const n = Number(process.env.N ?? "200");
const registrar = { ...defaultRegistrarConfig, domains: ["example.com"], maxBindingsPerAor: n };
const clients = [new Redis(url), new Redis(url)];
const prefix = `bench:${String(process.pid)}:`;
const stores = clients.map((client) => redisLocationStore({ client, prefix, attempts: 1000 }));
const toTag = E.getOrElseW(() => { throw new Error("tag"); })(tag("b1"));
const register = (i) => E.getOrElseW((e) => { throw new Error(String(e)); })(parseMessage([
  "REGISTER sip:example.com SIP/2.0",
  `Via: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKbench${String(i)}`,
  "Max-Forwards: 70", "From: <sip:bob@example.com>;tag=1", "To: <sip:bob@example.com>",
  `Call-ID: bench-${String(i)}`, "CSeq: 1 REGISTER", `Contact: <sip:bob@10.0.${String(i >> 8)}.${String(i & 255)}>`,
  "Expires: 600", "Content-Length: 0", "", "",
].join("\r\n")));

let attempts = 0;
const started = performance.now();
const statuses = await Promise.all(Array.from({ length: n }, (_, i) => {
  const update = registerUpdate(registrar, register(i), toTag);
  return stores[i % 2].update("sip:bob@example.com", (current, view) => { attempts += 1; return update(current, view); });
}));
const ms = performance.now() - started;
const ok = statuses.filter((s) => E.isRight(s) && E.isRight(s.right) && s.right.right.status === 200).length;
const found = await stores[0].lookUp("sip:bob@example.com");
console.log(`${String(n)} concurrent REGISTERs, 2 connections: ${String(ok)} answered 200, ${String(E.isRight(found) ? found.right.length : -1)} bindings kept, ${String(attempts)} attempts (${(attempts / n).toFixed(1)} a REGISTER), ${ms.toFixed(0)} ms`);
await clients[0].del(`${prefix}sip:bob@example.com`);
await Promise.all(clients.map((c) => c.quit()));
