// RFC 3261 §10.3 and §16.5: the location service, "an abstract database", behind an interface.
// The registrar's decision (§10.3 steps 6–8: Call-ID and CSeq ordering, expiry, q-values) is
// a pure update of one AOR's bindings; a store's only job is to apply it atomically ("REGISTER
// requests MUST also be processed atomically", step 7) and to never return a lapsed binding.
// A store lives in the shell: in memory (memory.ts) or in another process (@puresip/redis).
import type * as E from "fp-ts/lib/Either.js";
import type * as O from "fp-ts/lib/Option.js";
import type { Binding } from "@puresip/ua/registrar";

/** What an update sees besides the AOR's bindings: the store's clock (ms) and how many AORs it holds (absent: it does not count them). */
export interface StoreView {
  readonly now: number;
  readonly aors?: number;
}

/**
 * The verdict of an update: the AOR's new bindings (`none`: leave them as they are; an empty
 * list removes the AOR) and what the caller gets back.
 */
export interface BindingsChange<R> {
  readonly bindings: O.Option<ReadonlyArray<Binding>>;
  readonly result: R;
}

/**
 * A pure update of one AOR's bindings. `current` holds only the bindings in force at
 * `view.now`. A store may call it more than once (an optimistic store retries on conflict),
 * so it must not depend on anything but its arguments.
 */
export type BindingsUpdate<R> = (current: ReadonlyArray<Binding>, view: StoreView) => BindingsChange<R>;

/**
 * Where the bindings of every AOR live. Binding expiries are on the store's clock (`now`), which
 * every proxy sharing the store must agree on. Neither method rejects: a store that cannot
 * answer says why in a `Left`.
 */
export interface LocationStore {
  /** The store's clock, in ms. */
  readonly now: () => number;
  /** §16.5: the bindings of `aor` in force now (never one that has lapsed). */
  readonly lookUp: (aor: string) => Promise<E.Either<string, ReadonlyArray<Binding>>>;
  /** §10.3 step 7: applies `update` to the bindings of `aor` as one atomic step, and gives back its result. */
  readonly update: <R>(aor: string, update: BindingsUpdate<R>) => Promise<E.Either<string, R>>;
}
