// The proxy's location store (RFC 3261 §10.3, §16.5): in this process's memory, or on Redis
// with --redis so several `puresip proxy` processes share their registrar's bindings (a UA
// registered through one is reachable through any).
import { Redis } from "ioredis";
import type { LocationStore } from "@puresip/proxy";
import { memoryLocationStore } from "@puresip/proxy";
import { redisLocationStore } from "@puresip/redis";

/** An open store and how to let it go. */
export interface OpenStore {
  readonly store: LocationStore;
  readonly close: () => Promise<void>;
}

/** ioredis's retryStrategy: milliseconds before reconnection `times`; never gives up. */
export const reconnectDelay = (times: number): number => Math.min(Math.max(times, 1) * 100, 1000);

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The store for `redis` (a URL) or in memory with room for `maxAors` AORs on `clock`. Redis must
 * answer now: a proxy that cannot reach its store refuses to start rather than answer 503s.
 * `warn` hears (once) when the connection to Redis fails later; it reconnects by itself.
 */
export const openStore = async (redis: string | undefined, memory: { readonly clock: () => number; readonly maxAors: number }, warn: (line: string) => void): Promise<OpenStore> => {
  if (redis === undefined) return { store: memoryLocationStore(memory), close: () => Promise.resolve() };
  // Two tries a command, each at most 2 s: a REGISTER or a lookup waits for a reconnection at
  // most, then gets 503 with Retry-After (RFC 3261 §21.5.4), so its server transaction (which has
  // no timer in Trying, §17.2.2) always ends. A Redis that went away is tried again for ever, at
  // most a second apart, so the proxy works again as soon as it is back.
  const client = new Redis(redis, { lazyConnect: true, maxRetriesPerRequest: 2, commandTimeout: 2000, retryStrategy: reconnectDelay });
  let warned = false;
  client.on("error", (e: unknown) => {
    if (!warned) warn(`puresip proxy: redis: ${describe(e)}\n`);
    warned = true;
  });
  client.on("ready", () => {
    // Said once per outage: the operator sees it went away and that it came back.
    if (warned) warn(`puresip proxy: redis: connected again to ${redis}\n`);
    warned = false;
  });
  try {
    await client.connect();
  } catch (e) {
    client.disconnect();
    throw new Error(`cannot reach ${redis}: ${describe(e)}`, { cause: e });
  }
  return {
    store: redisLocationStore({ client }),
    close: async () => {
      await client.quit().catch(() => { client.disconnect(); });
    },
  };
};
