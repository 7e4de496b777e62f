// The location store in this process's memory: the default of `puresip proxy`. One map from
// AOR to bindings, which only this store changes; an update runs to completion before the
// next begins (there is no await inside it), so it is atomic as §10.3 step 7 asks.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Binding } from "@puresip/ua/registrar";
import { activeBindings } from "@puresip/ua/registrar";
import type { BindingsUpdate, LocationStore } from "./store.js";

/** What an in-memory store needs: its clock (ms; the shell's) and the most AORs it may hold. */
export interface MemoryStoreOptions {
  /** The clock binding expiries are kept on, in ms. */
  readonly clock: () => number;
  /** The most AORs the store holds; an update that would add one more is refused. */
  readonly maxAors: number;
}

/**
 * A `LocationStore` in memory. A lapsed binding is dropped when its AOR is next touched, and
 * every AOR is checked when the store is full, so lapsed AORs never keep a new one out; an
 * update that would add an AOR beyond `maxAors` is refused with a `Left`.
 */
export const memoryLocationStore = (options: MemoryStoreOptions): LocationStore => {
  const byAor = new Map<string, ReadonlyArray<Binding>>();
  const put = (aor: string, bindings: ReadonlyArray<Binding>): void => {
    if (bindings.length === 0) byAor.delete(aor);
    else byAor.set(aor, bindings);
  };
  const live = (aor: string, now: number): ReadonlyArray<Binding> => {
    const held = byAor.get(aor);
    if (held === undefined) return [];
    const active = activeBindings(held, now);
    if (active !== held) put(aor, active);
    return active;
  };
  const sweep = (now: number): void => {
    for (const aor of [...byAor.keys()]) live(aor, now);
  };
  const update = <R>(aor: string, f: BindingsUpdate<R>): E.Either<string, R> => {
    const now = options.clock();
    const current = live(aor, now);
    if (current.length === 0 && byAor.size >= options.maxAors) sweep(now);
    const change = f(current, { now, aors: byAor.size });
    if (O.isNone(change.bindings)) return E.right(change.result);
    const next = activeBindings(change.bindings.value, now);
    if (current.length === 0 && next.length > 0 && byAor.size >= options.maxAors) return E.left(`the location store holds ${String(byAor.size)} addresses-of-record, its maximum`);
    put(aor, next);
    return E.right(change.result);
  };
  return {
    now: options.clock,
    lookUp: (aor) => Promise.resolve(E.right(live(aor, options.clock()))),
    update: (aor, f) => Promise.resolve(update(aor, f)),
  };
};
