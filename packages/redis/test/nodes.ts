// The stores under test as two proxies: in memory (one process, one store) and on Redis (two
// clients, so two connections, over one key prefix fresh for every test).
import { memoryLocationStore } from "@puresip/proxy";
import { redisLocationStore } from "../src/index.js";
import type { TwoNodes } from "./contract.js";
import type { RedisServer } from "./redis-server.js";

/** Two proxies in one process share one in-memory store. */
export const memoryNodes: TwoNodes = (clock) => {
  const store = memoryLocationStore({ clock, maxAors: 100 });
  return Promise.resolve([store, store] as const);
};

let fresh = 0;

/** Two proxies, each with its own connection to `server`, sharing a prefix no other test uses. */
export const redisNodes =
  (server: () => RedisServer): TwoNodes =>
  (clock) => {
    fresh += 1;
    const prefix = `puresip:test:${String(fresh)}:`;
    const [one, two] = [server().client(), server().client()];
    return Promise.resolve([redisLocationStore({ client: one, prefix, clock }), redisLocationStore({ client: two, prefix, clock })] as const);
  };
