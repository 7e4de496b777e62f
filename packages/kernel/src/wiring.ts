// "One explicit queue inside a pure step" (DESIGN.md): when one machine's effect becomes
// another machine's event, the step puts it on a work list instead of calling back into the
// other machine, so nothing re-enters and the order is first in, first out.
import * as E from "fp-ts/lib/Either.js";

/** What handling one item gives: more items for the list, and effects for the engine. */
export type Handled<I, F> = readonly [more: ReadonlyArray<I>, effects: ReadonlyArray<F>];

/**
 * Handles `first` and every item they lead to, first in first out, and returns the effects in
 * order. A wiring that loops forever is a bug: after `limit` items it stops with a Left.
 */
export const runQueue = <I, F>(first: ReadonlyArray<I>, handle: (item: I) => Handled<I, F>, limit = 10_000): E.Either<string, ReadonlyArray<F>> => {
  const queue: Array<I> = [...first];
  const out: Array<F> = [];
  for (let i = 0; i < queue.length; i++) {
    if (i >= limit) return E.left(`the wiring did not settle after ${String(limit)} items`);
    const [more, effects] = handle(queue[i] as I);
    for (const m of more) queue.push(m);
    for (const f of effects) out.push(f);
  }
  return E.right(out);
};
