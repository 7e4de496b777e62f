// The timer wheel of a stack (DESIGN.md "Time enters as data"): reducers keep their deadlines
// in their state; the shell files each live entry's next deadline here and arms exactly one
// Node timer, for the earliest. Re-arming replaces it; a wake that finds nothing due is harmless.
import { DeadlineHeap } from "./heap.js";

/** The clock and the one-shot timer the wheel uses; tests inject a fake. */
export interface TimerHost {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  readonly set: (callback: () => void, delayMs: number) => unknown;
  readonly clear: (handle: unknown) => void;
}

const origin = performance.now();

/** Node's monotonic clock (milliseconds since the module loaded) and unref'd timers. */
export const nodeTimerHost: TimerHost = {
  now: () => performance.now() - origin,
  set: (callback, delayMs) => {
    const t = setTimeout(callback, delayMs);
    // A pending protocol timer alone does not keep the process alive; sockets do.
    t.unref();
    return t;
  },
  clear: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Node's setTimeout clamps larger delays to 1 ms; wake early instead and re-arm. */
const MAX_DELAY = 2 ** 31 - 1;

export class TimerWheel<K> {
  private readonly heap = new DeadlineHeap<K>();
  private handle: unknown = undefined;
  private armedFor: number | undefined = undefined;

  /** `onDue(keys, now)` gets the due keys earliest first. */
  constructor(
    private readonly host: TimerHost,
    private readonly onDue: (keys: ReadonlyArray<K>, now: number) => void,
  ) {}

  get size(): number {
    return this.heap.size;
  }

  /** Files `key` at `deadline` (absolute, in `host.now()` milliseconds), replacing its old deadline. */
  schedule(key: K, deadline: number): void {
    this.heap.schedule(key, deadline);
    this.arm();
  }

  cancel(key: K): void {
    this.heap.cancel(key);
    this.arm();
  }

  deadlineOf(key: K): number | undefined {
    return this.heap.deadlineOf(key);
  }

  /** Stops the Node timer; the entries stay (a closed stack drops the wheel). */
  stop(): void {
    if (this.handle !== undefined) this.host.clear(this.handle);
    this.handle = undefined;
    this.armedFor = undefined;
  }

  private arm(): void {
    const next = this.heap.peek();
    if (next === this.armedFor) return;
    this.stop();
    if (next === undefined) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, next - this.host.now()));
    this.armedFor = next;
    this.handle = this.host.set(() => {
      this.wake();
    }, delay);
  }

  private wake(): void {
    this.handle = undefined;
    this.armedFor = undefined;
    const now = this.host.now();
    const due = this.heap.popDue(now);
    this.arm();
    if (due.length > 0) this.onDue(due, now);
  }
}
