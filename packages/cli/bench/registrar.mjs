// Cost of an unauthenticated REGISTER (a 401) in serve's pure registrar as outstanding
// challenges pile up (issue #15: it grew linearly with a nonce table). No sockets.
//   pnpm --filter @puresip/cli build && node packages/cli/bench/registrar.mjs
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseMessage } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua";
import { register } from "../dist/serve/registrar.js";
import { FailureBudgets, NonceUses, RegistrarMemory } from "../dist/serve/registrar-tables.js";
import { parseUsers } from "../dist/config/users.js";
const req = (i) => { const m = parseMessage([`REGISTER sip:127.0.0.1 SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-${i}`, "Max-Forwards: 70", "From: <sip:alice@127.0.0.1>;tag=f1", "To: <sip:alice@127.0.0.1>", `Call-ID: c${i}`, `CSeq: ${i+1} REGISTER`, "Contact: <sip:alice@127.0.0.1:5070>", "Content-Length: 0", "", ""].join("\r\n")); return m.right; };
const users = parseUsers("alice:secret\n").right;
const cfg = { realm: "127.0.0.1", users: O.some(users), algorithms: ["SHA-256","MD5"], nonceLifetimeMs: 300000, nonceSecret: new Uint8Array(32).fill(1), budgets: { perSource: { burst: 10, refillMs: 6000 }, perUser: { burst: 5, refillMs: 12000 } }, rules: { ...defaultRegistrarConfig, domains: ["127.0.0.1"], authorization: "UserPart" } };
const mem = new RegistrarMemory(new NonceUses(10000, 300000), new FailureBudgets(10000), new FailureBudgets(1));
const reg = register(cfg);
let n = 0;
const reqs = Array.from({ length: 1000 }, (_, i) => req(i));
const batch = () => { const t = process.hrtime.bigint(); for (let i = 0; i < 1000; i++) { const r = reg(mem.tables, [], { request: reqs[i], now: 1000 + (n % 200000), toTag: "t", salt: (n++).toString(16).padStart(16, "0"), source: "127.0.0.1", aors: 0 }); mem.apply(r.right.writes, 0); } return Number(process.hrtime.bigint() - t) / 1e6 / 1000; };
for (let w = 0; w < 3; w++) batch();
const out = [];
for (const target of [5000, 20000, 50000]) { while (n < target) batch(); out.push(`${target} outstanding: ${batch().toFixed(3)} ms/REGISTER, tables ${mem.nonces.size}+${mem.sources.size}+${mem.users.size} entries, heap ${(process.memoryUsage().heapUsed/1e6).toFixed(1)} MB`); }
console.log(out.join("\n"));
