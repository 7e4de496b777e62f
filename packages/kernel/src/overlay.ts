// One step's working copy of the registry: the entries it touched, over the engine's map.
// Reads see the step's own writes; at the end the net changes become `Put`/`Forget` effects
// (in the order first touched, each with its entry's deadline), so a step copies only what it
// changed, never the registry. Local mutation of a value no caller sees.
import type * as O from "fp-ts/lib/Option.js";
import type { Effect } from "./effect.js";
import type { Registry } from "./element.js";

export interface Overlay<Entry> extends Registry<Entry> {
  /** Files an entry under a key for the rest of the step. */
  readonly put: (key: string, entry: Entry) => void;
  /** Removes a key for the rest of the step. */
  readonly forget: (key: string) => void;
  /** `Put` and `Forget` for every key whose entry changed. */
  readonly changes: () => ReadonlyArray<Effect<Entry, never>>;
}

/** A fresh overlay over a registry; `nextDeadline` gives each changed entry's deadline for its `Put`. */
export const overlay = <Entry>(registry: Registry<Entry>, nextDeadline: (entry: Entry) => O.Option<number>): Overlay<Entry> => {
  const touched = new Map<string, Entry | null>();
  return {
    get: (key) => {
      const local = touched.get(key);
      return local === undefined ? registry.get(key) : (local ?? undefined);
    },
    put: (key, entry) => {
      touched.set(key, entry);
    },
    forget: (key) => {
      touched.set(key, null);
    },
    keys: function* () {
      for (const key of registry.keys()) if (touched.get(key) !== null) yield key;
      for (const [key, entry] of touched) if (entry !== null && registry.get(key) === undefined) yield key;
    },
    changes: () => {
      const out: Array<Effect<Entry, never>> = [];
      for (const [key, entry] of touched) {
        const before = registry.get(key);
        if (entry === null) {
          if (before !== undefined) out.push({ _tag: "Forget", key });
        } else if (entry !== before) out.push({ _tag: "Put", key, entry, deadline: nextDeadline(entry) });
      }
      return out;
    },
  };
};
