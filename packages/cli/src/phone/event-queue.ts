// The event tags `wait` has not taken yet, in order. `wait T` takes the first T not taken and
// everything before it, so `hold`, `wait ReofferDone`, `resume`, `wait ReofferDone` matches the
// two ReofferDones in turn, whether each came before or after its `wait` was read.

/** The most tags kept: older ones are dropped (a long interactive session waits for none). */
export const MAX_KEPT = 1000;

export class EventQueue {
  private readonly kept: Array<string> = [];
  private waiter: { readonly tag: string; readonly done: (got: boolean) => void } | undefined;

  push(tag: string): void {
    if (this.waiter?.tag === tag) {
      const w = this.waiter;
      this.waiter = undefined;
      this.kept.length = 0;
      w.done(true);
      return;
    }
    this.kept.push(tag);
    if (this.kept.length > MAX_KEPT) this.kept.shift();
  }

  /** How many tags are kept now (for tests of the bound). */
  get size(): number {
    return this.kept.length;
  }

  /** True once a `tag` not taken before is there; false after `ms`, or at `close`. One wait at a time. */
  take(tag: string, ms: number): Promise<boolean> {
    const at = this.kept.indexOf(tag);
    if (at >= 0) {
      this.kept.splice(0, at + 1);
      return Promise.resolve(true);
    }
    this.waiter?.done(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(false);
      }, ms);
      this.waiter = {
        tag,
        done: (got) => {
          clearTimeout(timer);
          resolve(got);
        },
      };
    });
  }

  close(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.done(false);
  }
}
