// The engine's registry and its deadlines in one table: each key has one slot holding its entry
// and, when it has a deadline, its place in a binary min-heap of slots. One map lookup finds
// both, and nothing is kept twice: a server keeps two transactions and a §8.2.2.2 record for
// 64*T1 after every call (RFC 3261 §17.2, RFC 6026), so a second map from key to heap position
// and an object per deadline were a tenth of what a finished call left behind.
// Re-scheduling a key moves its slot in O(log n); `popDue(now)` gives the due keys in deadline
// order, ties in scheduling order. The map reads as a `ReadonlyMap` of the entries.

interface Slot<K, V> {
  readonly key: K;
  entry: V;
  deadline: number;
  /** Scheduling order, so equal deadlines come out first-scheduled first. */
  seq: number;
  /** Position in the heap; -1 when the key has no deadline. */
  index: number;
}

/** Entries by key, each with an optional deadline, the earliest found in O(1). */
export class EntryStore<K, V> implements ReadonlyMap<K, V> {
  private readonly slots = new Map<K, Slot<K, V>>();
  private readonly heap: Array<Slot<K, V>> = [];
  private seq = 0;

  get size(): number {
    return this.slots.size;
  }

  /** How many keys have a deadline. */
  get scheduled(): number {
    return this.heap.length;
  }

  /** The entry filed under `key`, if any. */
  get(key: K): V | undefined {
    return this.slots.get(key)?.entry;
  }

  /** Whether an entry is filed under `key`. */
  has(key: K): boolean {
    return this.slots.has(key);
  }

  /** The key's deadline, if it has one. */
  deadlineOf(key: K): number | undefined {
    const slot = this.slots.get(key);
    return slot === undefined || slot.index < 0 ? undefined : slot.deadline;
  }

  /** Files `entry` under `key` with `deadline` (none: no deadline), replacing what was there; returns what was. */
  put(key: K, entry: V, deadline: number | undefined): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      const fresh: Slot<K, V> = { key, entry, deadline: deadline ?? 0, seq: 0, index: -1 };
      this.slots.set(key, fresh);
      if (deadline !== undefined) this.push(fresh, deadline);
      return undefined;
    }
    const before = slot.entry;
    slot.entry = entry;
    if (deadline === undefined) this.unschedule(slot);
    else if (slot.index < 0) this.push(slot, deadline);
    else {
      // Even at the same deadline: it now comes after the keys scheduled before it (ties in scheduling order).
      slot.deadline = deadline;
      slot.seq = this.seq++;
      this.siftUp(slot.index);
      this.siftDown(slot.index);
    }
    return before;
  }

  /** Removes `key` and its deadline; returns its entry, if it had one. */
  forget(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    this.unschedule(slot);
    return slot.entry;
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.heap[0]?.deadline;
  }

  /** The keys whose deadline is at or before `now`, earliest first: their deadlines are spent, their entries stay. */
  popDue(now: number): Array<K> {
    const due: Array<K> = [];
    for (let top = this.heap[0]; top !== undefined && top.deadline <= now; top = this.heap[0]) {
      due.push(top.key);
      this.unschedule(top);
    }
    return due;
  }

  /** Calls `callback` for each entry, in the order the keys were first filed. */
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const slot of this.slots.values()) callback(slot.entry, slot.key, this);
  }

  /** The keys and entries, in the order the keys were first filed. */
  *entries(): MapIterator<[K, V]> {
    for (const slot of this.slots.values()) yield [slot.key, slot.entry];
  }

  /** The keys, in the order they were first filed. */
  keys(): MapIterator<K> {
    return this.slots.keys();
  }

  /** The entries, in the order their keys were first filed. */
  *values(): MapIterator<V> {
    for (const slot of this.slots.values()) yield slot.entry;
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  private push(slot: Slot<K, V>, deadline: number): void {
    slot.deadline = deadline;
    slot.seq = this.seq++;
    slot.index = this.heap.length;
    this.heap.push(slot);
    this.siftUp(slot.index);
  }

  private unschedule(slot: Slot<K, V>): void {
    const at = slot.index;
    if (at < 0) return;
    slot.index = -1;
    const last = this.heap.pop();
    if (last === undefined || last === slot) return;
    this.heap[at] = last;
    last.index = at;
    this.siftUp(at);
    this.siftDown(at);
  }

  private before(a: Slot<K, V>, b: Slot<K, V>): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    if (a === undefined || b === undefined) return;
    this.heap[i] = b;
    this.heap[j] = a;
    b.index = i;
    a.index = j;
  }

  private siftUp(i: number): void {
    let child = i;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const c = this.heap[child];
      const p = this.heap[parent];
      if (c === undefined || p === undefined || !this.before(c, p)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(i: number): void {
    let parent = i;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      const s0 = this.heap[smallest];
      const l = this.heap[left];
      if (l !== undefined && s0 !== undefined && this.before(l, s0)) smallest = left;
      const s1 = this.heap[smallest];
      const r = this.heap[right];
      if (r !== undefined && s1 !== undefined && this.before(r, s1)) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
