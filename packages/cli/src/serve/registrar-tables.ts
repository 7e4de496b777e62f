// The registrar's memory, in the shell: what the pure step (./registrar.ts) reads and the
// writes it asks for. Both tables are capped Maps with O(1) operations (JavaScript Maps keep
// insertion order, so the oldest entry is the first key), so no REGISTER, challenged or not,
// costs more as entries pile up, and memory has a fixed bound.
import type { FailureBucket, NonceCounts } from "@puresip/auth";
import type { RegistrarTables, RegistrarWrite } from "./registrar.js";

interface NonceUse {
  readonly counts: NonceCounts;
  readonly issuedAt: number;
}

/**
 * Nonces that authenticated a request, with their counts (RFC 7616 §3.4 nc), oldest first use
 * first. Over the cap the oldest is evicted and `forgottenBefore` moves past its issue time, so
 * a nonce issued before that mark and not here is refused (auth's `countsForUse`): replays stay
 * impossible whatever the cap. Lapsed nonces at the front are dropped without moving the mark.
 */
export class NonceUses {
  private readonly uses = new Map<string, NonceUse>();
  private mark = 0;
  constructor(
    readonly cap: number,
    private readonly lifetimeMs: number,
  ) {}

  get forgottenBefore(): number {
    return this.mark;
  }
  get size(): number {
    return this.uses.size;
  }
  counts(nonce: string): NonceCounts | undefined {
    return this.uses.get(nonce)?.counts;
  }
  record(nonce: string, use: NonceUse, now: number): void {
    // set() on a key already there keeps its place: the order stays that of first use.
    const fresh = !this.uses.has(nonce);
    this.uses.set(nonce, use);
    if (!fresh) return;
    for (const [oldest, u] of this.uses) {
      if (u.issuedAt + this.lifetimeMs > now) break;
      this.uses.delete(oldest);
    }
    while (this.uses.size > this.cap) {
      const first = this.uses.entries().next();
      if (first.done === true) break;
      const [oldest, u] = first.value;
      this.uses.delete(oldest);
      if (u.issuedAt + 1 > this.mark) this.mark = u.issuedAt + 1;
    }
  }
}

/**
 * Failure budgets by key (a source address, a user name), least recently failed first. Over
 * the cap the least recently failed key is forgotten, which gives it its whole budget back: the
 * per-user table is keyed only by accounts that exist, so a cap at least the number of
 * accounts means no flood of names can evict one.
 */
export class FailureBudgets {
  private readonly buckets = new Map<string, FailureBucket>();
  constructor(readonly cap: number) {}

  get size(): number {
    return this.buckets.size;
  }
  bucket(key: string): FailureBucket | undefined {
    return this.buckets.get(key);
  }
  record(key: string, bucket: FailureBucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.cap) {
      const first = this.buckets.keys().next();
      if (first.done === true) break;
      this.buckets.delete(first.value);
    }
  }
}

/** Both tables, as the pure step reads them, and applying its writes. */
export class RegistrarMemory {
  constructor(
    readonly nonces: NonceUses,
    readonly sources: FailureBudgets,
    readonly users: FailureBudgets,
  ) {}

  readonly tables: RegistrarTables = {
    nonceCounts: (nonce) => this.nonces.counts(nonce),
    forgottenBefore: () => this.nonces.forgottenBefore,
    failures: (scope, key) => (scope === "Source" ? this.sources : this.users).bucket(key),
  };

  apply(writes: ReadonlyArray<RegistrarWrite>, now: number): void {
    for (const w of writes) {
      switch (w._tag) {
        case "NonceUsed":
          this.nonces.record(w.nonce, { counts: w.counts, issuedAt: w.issuedAt }, now);
          break;
        case "Failed":
          (w.scope === "Source" ? this.sources : this.users).record(w.key, w.bucket);
          break;
        default:
          w satisfies never;
      }
    }
  }
}
