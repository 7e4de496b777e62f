// Two proxies' registrars sharing one Redis (RFC 3261 §10.3): a REGISTER applied through the
// first store is seen by the second. Needs a redis-server on 127.0.0.1:6379 (or REDIS_URL):
//   redis-server --port 6379 --save "" --appendonly no &
//   node examples/quickstart.mjs       (after pnpm build)
import * as E from "fp-ts/lib/Either.js";
import { Redis } from "ioredis";
import { parseMessage, printUri, tag } from "@puresip/message";
import { registerUpdate } from "@puresip/proxy";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import { redisLocationStore } from "@puresip/redis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const [one, two] = [new Redis(url), new Redis(url)];
const registrar = { ...defaultRegistrarConfig, domains: ["example.com"] };
const first = redisLocationStore({ client: one, prefix: "example:" });
const second = redisLocationStore({ client: two, prefix: "example:" });

const register = E.getOrElseW((e) => { throw new Error(String(e)); })(parseMessage([
  "REGISTER sip:example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKexample1",
  "Max-Forwards: 70",
  "From: <sip:bob@example.com>;tag=1",
  "To: <sip:bob@example.com>",
  "Call-ID: example-1",
  "CSeq: 1 REGISTER",
  "Contact: <sip:bob@192.0.2.20>;q=0.8",
  "Expires: 600",
  "Content-Length: 0",
  "", "",
].join("\r\n")));
const toTag = E.getOrElseW(() => { throw new Error("tag"); })(tag("reg1"));

// The first proxy's registrar applies §10.3 steps 6–8 atomically in Redis ...
const done = await first.update("sip:bob@example.com", registerUpdate(registrar, register, toTag));
if (E.isRight(done) && E.isRight(done.right)) console.log(`first proxy answers ${done.right.right.status}`);
// ... and the second proxy's location service (§16.5) finds the binding.
const found = await second.lookUp("sip:bob@example.com");
if (E.isRight(found)) for (const b of found.right) console.log(`second proxy finds ${printUri(b.contact.uri)}, ${Math.round((b.expiresAt - Date.now()) / 1000)} s left`);
await one.del("example:sip:bob@example.com");
await Promise.all([one.quit(), two.quit()]);
