// The Redis store against a real redis-server (started here on a free loopback port, killed by
// PID at the end): the shared contract, then what only Redis has: the key's TTL, a value that
// is not bindings, and compare-and-set conflicts.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUpdate } from "@puresip/proxy";
import { encodeBindings, redisLocationStore } from "../src/index.js";
import { bound, locationStoreContract, manualClock, send } from "./contract.js";
import { redisNodes } from "./nodes.js";
import { AOR, bindingOf, registerOf, registrar, toTag } from "./register.js";
import type { RedisServer } from "./redis-server.js";
import { redisMissing, startRedis } from "./redis-server.js";

const skip = redisMissing();
let server: RedisServer | undefined;
const running = (): RedisServer => {
  if (server === undefined) throw new Error("redis-server is not running");
  return server;
};

beforeAll(async () => {
  if (skip === undefined) server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(skip !== undefined)(`RFC 3261 §10.3 location store contract: Redis${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  locationStoreContract(redisNodes(running));

  it("§10.3 step 7: the AOR's key lives no longer than its longest binding (Redis TTL), and goes when the last is removed", async () => {
    const client = running().client();
    const store = redisLocationStore({ client, prefix: "ttl:" });
    expect(await send(store, registerOf("t1", 1, ["<sip:bob@192.0.2.31>;expires=60", "<sip:bob@192.0.2.32>;expires=120"]))).toBe(200);
    const ttl = await client.pttl(`ttl:${AOR}`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
    expect(await send(store, registerOf("t1", 2, ["*"], 0))).toBe(200);
    expect(await client.exists(`ttl:${AOR}`)).toBe(0);
  });

  it("a key that does not hold bindings is an error of the store (the REGISTER gets 503), never a crash", async () => {
    const client = running().client();
    await client.set(`junk:${AOR}`, "not json");
    const store = redisLocationStore({ client, prefix: "junk:" });
    expect(E.isLeft(await store.lookUp(AOR))).toBe(true);
    expect(E.isLeft(await store.update(AOR, registerUpdate(registrar, registerOf("j", 1, ["<sip:bob@192.0.2.31>"]), toTag)))).toBe(true);
  });

  it("§10.3 \"processed atomically\": updates of one AOR from one proxy wait for each other, so 10 at once take 10 attempts, none retried", async () => {
    const clock = manualClock();
    const store = redisLocationStore({ client: running().client(), prefix: "queue:", clock: clock.now });
    let attempts = 0;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const update = registerUpdate(registrar, registerOf(`q${String(i)}`, 1, [`<sip:bob@192.0.2.${String(40 + i)}>`], 600), toTag);
        return store.update(AOR, (current, view) => {
          attempts += 1;
          return update(current, view);
        });
      }),
    );
    expect(statuses.every((s) => E.isRight(s) && E.isRight(s.right) && s.right.right.status === 200)).toBe(true);
    expect(attempts).toBe(10);
    expect((await bound(store)).length).toBe(10);
  });

  it("RFC3261-10.3-6: §10.3 \"processed atomically\": a write between the read and the compare-and-set makes the update read again, a bounded number of times", async () => {
    const clock = manualClock();
    const client = running().client();
    const store = redisLocationStore({ client, prefix: "cas:", clock: clock.now, attempts: 3 });
    let calls = 0;
    // A rival writes each time this update has read, before its compare-and-set (on the same
    // connection, so in that order): every compare-and-set fails.
    const contended = await store.update(AOR, (current) => {
      calls += 1;
      void client.set(`cas:${AOR}`, encodeBindings([bindingOf("<sip:rival@192.0.2.1>", clock.now() + calls)]));
      return { bindings: O.some([...current, bindingOf(`<sip:bob@192.0.2.${String(calls)}>`, clock.now() + 60_000)]), result: calls };
    });
    expect(E.isLeft(contended)).toBe(true);
    expect(calls).toBe(3);
    // Once the rival stops, the next update wins on its first attempt.
    await client.del(`cas:${AOR}`);
    expect(await store.update(AOR, () => ({ bindings: O.some([bindingOf("<sip:bob@192.0.2.9>", clock.now() + 60_000)]), result: "won" }))).toEqual(E.right("won"));
    expect((await bound(store)).length).toBe(1);
  });
});
