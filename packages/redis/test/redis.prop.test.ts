import { test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe } from "vitest";
import { interleavingHolds, scriptsArb } from "./interleaving.js";
import { redisNodes } from "./nodes.js";
import type { RedisServer } from "./redis-server.js";
import { redisMissing, startRedis } from "./redis-server.js";

const skip = redisMissing();
let server: RedisServer | undefined;

beforeAll(async () => {
  if (skip === undefined) server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(skip !== undefined)(`RFC 3261 §10.3 location store on Redis: interleaved REGISTERs from two proxies${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  const nodes = redisNodes(() => {
    if (server === undefined) throw new Error("redis-server is not running");
    return server;
  });
  test.prop([scriptsArb], { numRuns: 30 })("RFC3261-10.3-6, RFC3261-10.3-29, RFC3261-10.3-30: §10.3 step 7: the final bindings and every response are the sequential model's; no lapsed binding is ever returned", async (scripts) => {
    await interleavingHolds(nodes, scripts);
  });
});
