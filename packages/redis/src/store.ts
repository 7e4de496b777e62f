// RFC 3261 §10.3's location service on Redis, shared by every proxy that points at it. Each
// AOR is one key whose value is its bindings as JSON (BindingsCodec), each binding with its
// absolute expiry on the wall clock; the key's TTL is the longest of them, so Redis forgets an
// AOR whose bindings have all lapsed, and a read drops the lapsed ones before anyone sees them.
//
// An update is optimistic: read the AOR, run the pure §10.3 update (`registerUpdate`) in
// JavaScript, then write only if the key still holds what was read (a compare-and-set in a
// ten-line Lua script, cas.ts), else read again, a bounded number of times. The registrar's
// rules stay in one place (@puresip/ua), and a conflicting writer or a TTL that ran out in
// between makes the compare fail: no update is lost and a lapsed binding is never written back.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Redis } from "ioredis";
import type { BindingsUpdate, LocationStore } from "@puresip/proxy";
import type { Binding } from "@puresip/ua/registrar";
import { activeBindings } from "@puresip/ua/registrar";
import { CAS_SCRIPT, casArguments } from "./cas.js";
import { decodeBindings, encodeBindings } from "./codec.js";

/** Where a Redis location store keeps its keys and how it updates them. */
export interface RedisStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  readonly client: Redis;
  /** Put before each AOR to make its key (default `puresip:location:`). */
  readonly prefix?: string;
  /** The clock binding expiries are kept on, in ms; every proxy sharing the store must agree on it (default: the wall clock). */
  readonly clock?: () => number;
  /** Reads and compare-and-sets one update may try before it gives up (default 16). */
  readonly attempts?: number;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The longest expiry among `bindings`, as the key's TTL in ms (at least 1). */
const ttlOf = (bindings: ReadonlyArray<Binding>, now: number): number => {
  const last = bindings.reduce((m, b) => Math.max(m, b.expiresAt), now);
  return Math.max(1, Math.ceil(last - now));
};

/** A `LocationStore` on Redis through `options.client`. */
export const redisLocationStore = (options: RedisStoreOptions): LocationStore => {
  const { client } = options;
  const prefix = options.prefix ?? "puresip:location:";
  const clock = options.clock ?? Date.now;
  const attempts = options.attempts ?? 16;
  const keyOf = (aor: string): string => `${prefix}${aor}`;

  const read = async (key: string): Promise<E.Either<string, { readonly raw: string | null; readonly bindings: ReadonlyArray<Binding> }>> => {
    const raw = await client.get(key);
    if (raw === null) return E.right({ raw, bindings: [] });
    return E.map((bindings: ReadonlyArray<Binding>) => ({ raw, bindings }))(decodeBindings(raw));
  };

  const attempt = async <R>(key: string, f: BindingsUpdate<R>): Promise<E.Either<string, O.Option<R>>> => {
    const held = await read(key);
    if (E.isLeft(held)) return held;
    const now = clock();
    const change = f(activeBindings(held.right.bindings, now), { now });
    if (O.isNone(change.bindings)) return E.right(O.some(change.result));
    // What lapsed while the update ran is not written back.
    const at = clock();
    const next = activeBindings(change.bindings.value, at);
    const value = next.length === 0 ? null : encodeBindings(next);
    if (value === held.right.raw) return E.right(O.some(change.result));
    const done: unknown = await client.eval(CAS_SCRIPT, 1, key, ...casArguments(held.right.raw, value, ttlOf(next, at)));
    return E.right(done === 1 ? O.some(change.result) : O.none);
  };

  const applyUpdate = async <R>(key: string, aor: string, f: BindingsUpdate<R>): Promise<E.Either<string, R>> => {
    try {
      for (let i = 0; i < attempts; i++) {
        const tried = await attempt(key, f);
        if (E.isLeft(tried)) return tried;
        if (O.isSome(tried.right)) return E.right(tried.right.value);
      }
      return E.left(`${aor} changed under each of ${String(attempts)} attempts to update it`);
    } catch (e) {
      return E.left(`redis: ${describe(e)}`);
    }
  };
  /** The last update of each AOR this process has under way (none once it is done). */
  const queue = new Map<string, Promise<void>>();

  return {
    now: clock,
    lookUp: async (aor) => {
      try {
        return E.map((held: { readonly bindings: ReadonlyArray<Binding> }) => activeBindings(held.bindings, clock()))(await read(keyOf(aor)));
      } catch (e) {
        return E.left(`redis: ${describe(e)}`);
      }
    },
    update: (aor, f) => {
      // Updates of one AOR from this process wait for each other, so they never race each
      // other's compare-and-set: only other processes contend (attempts stay near 1 or 2).
      const key = keyOf(aor);
      const run = (queue.get(key) ?? Promise.resolve()).then(() => applyUpdate(key, aor, f));
      const tail = run.then(() => undefined);
      queue.set(key, tail);
      void tail.then(() => {
        if (queue.get(key) === tail) queue.delete(key);
      });
      return run;
    },
  };
};
