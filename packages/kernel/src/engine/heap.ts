// A binary min-heap of deadlines keyed by key: one deadline per key, re-scheduling a key
// replaces its deadline in O(log n), and `popDue(now)` yields the due keys in deadline order
// (ties in scheduling order). The engine keeps its entries and their deadlines in one table
// (./entry-store.ts); this is that table holding deadlines only, for a shell with a registry
// of its own.
import { EntryStore } from "./entry-store.js";

/** A min-heap of deadlines by key, with the position of each key so that a deadline can be moved or removed in O(log n). */
export class DeadlineHeap<K> {
  private readonly store = new EntryStore<K, true>();

  get size(): number {
    return this.store.size;
  }

  /** Whether the key has a deadline. */
  has(key: K): boolean {
    return this.store.has(key);
  }

  /** The key's deadline, if it has one. */
  deadlineOf(key: K): number | undefined {
    return this.store.deadlineOf(key);
  }

  /** Schedules `key` at `deadline`, replacing any deadline it had. */
  schedule(key: K, deadline: number): void {
    this.store.put(key, true, deadline);
  }

  /** Removes `key`; a key that is not scheduled is ignored. */
  cancel(key: K): void {
    this.store.forget(key);
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.store.peek();
  }

  /** Removes and returns every key whose deadline is at or before `now`, earliest first. */
  popDue(now: number): Array<K> {
    const due = this.store.popDue(now);
    for (const key of due) this.store.forget(key);
    return due;
  }
}
