// A binary min-heap of deadlines keyed by registry key: one deadline per key, re-scheduling a
// key replaces its deadline in O(log n), and `popDue(now)` yields the due keys in deadline
// order (ties in scheduling order). The engine arms one wake-up for `peek()`.

interface Entry<K> {
  readonly key: K;
  deadline: number;
  /** Scheduling order, so equal deadlines come out first-scheduled first. */
  seq: number;
  index: number;
}

/** A min-heap of deadlines by key, with the position of each key so that a deadline can be moved or removed in O(log n). */
export class DeadlineHeap<K> {
  private readonly entries: Array<Entry<K>> = [];
  private readonly byKey = new Map<K, Entry<K>>();
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  /** Whether the key has a deadline. */
  has(key: K): boolean {
    return this.byKey.has(key);
  }

  /** The key's deadline, if it has one. */
  deadlineOf(key: K): number | undefined {
    return this.byKey.get(key)?.deadline;
  }

  /** Schedules `key` at `deadline`, replacing any deadline it had. */
  schedule(key: K, deadline: number): void {
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      existing.deadline = deadline;
      existing.seq = this.seq++;
      this.siftUp(existing.index);
      this.siftDown(existing.index);
      return;
    }
    const entry: Entry<K> = { key, deadline, seq: this.seq++, index: this.entries.length };
    this.entries.push(entry);
    this.byKey.set(key, entry);
    this.siftUp(entry.index);
  }

  /** Removes `key`; a key that is not scheduled is ignored. */
  cancel(key: K): void {
    const entry = this.byKey.get(key);
    if (entry === undefined) return;
    this.byKey.delete(key);
    const last = this.entries.pop();
    if (last === undefined || last === entry) return;
    this.entries[entry.index] = last;
    last.index = entry.index;
    this.siftUp(last.index);
    this.siftDown(last.index);
  }

  /** The earliest deadline, if any. */
  peek(): number | undefined {
    return this.entries[0]?.deadline;
  }

  /** Removes and returns every key whose deadline is at or before `now`, earliest first. */
  popDue(now: number): Array<K> {
    const due: Array<K> = [];
    for (let top = this.entries[0]; top !== undefined && top.deadline <= now; top = this.entries[0]) {
      due.push(top.key);
      this.cancel(top.key);
    }
    return due;
  }

  private before(a: Entry<K>, b: Entry<K>): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.entries[i];
    const b = this.entries[j];
    if (a === undefined || b === undefined) return;
    this.entries[i] = b;
    this.entries[j] = a;
    b.index = i;
    a.index = j;
  }

  private siftUp(i: number): void {
    let child = i;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const c = this.entries[child];
      const p = this.entries[parent];
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
      const s0 = this.entries[smallest];
      const l = this.entries[left];
      if (l !== undefined && s0 !== undefined && this.before(l, s0)) smallest = left;
      const s1 = this.entries[smallest];
      const r = this.entries[right];
      if (r !== undefined && s1 !== undefined && this.before(r, s1)) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
