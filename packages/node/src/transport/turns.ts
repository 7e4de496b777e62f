// Fair hand-off of what stream connections brought in: a bounded number of messages per turn
// of the event loop, round robin across connections, those that had nothing waiting first. libuv reads a busy socket up to 32 times
// (64 KiB each) in one turn, and one 64 KiB read can hold hundreds of small requests; handed
// on at once, a few peers pipelining at full speed would hold an OPTIONS over UDP, or a new
// connection, for seconds. Between two turns Node polls every socket and runs the timers;
// and Node accepts one new connection per turn, so a turn is also kept short in time: a burst
// of connections is accepted at tens a second even while floods are served.

/** Messages handed on per turn, over all connections, and per connection. */
export const TURN_BUDGET = 128;
export const TURN_SHARE = 16;
/** A turn stops handing on once this much time went by. */
export const TURN_MS = 10;

export interface TurnHost<K> {
  /** Hands on at most `max` of what `key` holds; returns how many it handed on. */
  readonly serve: (key: K, max: number) => number;
  /** Does `key` still hold something it may hand on now? */
  readonly waiting: (key: K) => boolean;
  /** `key` has nothing left: it may read again. */
  readonly emptied: (key: K) => void;
}

export class Turns<K> {
  /**
   * Keys that had nothing waiting before this turn: served first, one share each, so a peer
   * sending one request (a new connection, an OPTIONS) does not queue behind peers that pipeline.
   */
  private readonly fresh = new Set<K>();
  /** Keys still holding something after their share, in the order they are served next. */
  private readonly ready = new Set<K>();
  private scheduled = false;

  /** `now`: milliseconds from any origin (a test passes a clock that stands still). */
  constructor(
    private readonly host: TurnHost<K>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `key` holds something to hand on. */
  add(key: K): void {
    if (!this.ready.has(key)) this.fresh.add(key);
    this.schedule();
  }

  /** `key` is gone, or may not hand on anything until it is added again. */
  remove(key: K): void {
    this.fresh.delete(key);
    this.ready.delete(key);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.turn();
    });
  }

  private turn(): void {
    this.scheduled = false;
    let budget = TURN_BUDGET;
    let served = true;
    const until = this.now() + TURN_MS;
    while (budget > 0 && served) {
      served = false;
      for (const key of [...this.fresh, ...this.ready]) {
        if (budget <= 0 || this.now() >= until) {
          budget = 0;
          break;
        }
        if (!this.fresh.has(key) && !this.ready.has(key)) continue;
        const handed = this.host.serve(key, Math.min(TURN_SHARE, budget));
        budget -= handed;
        served ||= handed > 0;
        this.remove(key);
        if (this.host.waiting(key)) this.ready.add(key);
        else this.host.emptied(key);
      }
    }
    // Fresh for one turn only: those the budget did not reach join the rotation, so that the
    // next newcomer is not queued behind a burst of connections that arrived together.
    for (const key of this.fresh) this.ready.add(key);
    this.fresh.clear();
    if (this.ready.size > 0) this.schedule();
  }
}
