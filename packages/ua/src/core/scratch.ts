// One step's working copy of the registry: the entries it touched, over the shell's store.
// Reads see this step's own writes; at the end the net changes become Put/Forget effects, so
// the step copies only what it changed, never the registry.
import { nextDeadline } from "./deadline.js";
import type { StoreEntry, UaEffect, UaStore } from "./types.js";

export interface Scratch {
  readonly get: (key: string) => StoreEntry | undefined;
  readonly put: (key: string, entry: StoreEntry) => void;
  readonly forget: (key: string) => void;
  /** Put and Forget effects for every key whose entry changed, in the order first touched. */
  readonly changes: () => ReadonlyArray<UaEffect>;
}

export const scratch = (store: UaStore): Scratch => {
  const touched = new Map<string, StoreEntry | null>();
  const get = (key: string): StoreEntry | undefined => {
    const local = touched.get(key);
    return local === undefined ? store.get(key) : (local ?? undefined);
  };
  return {
    get,
    put: (key, entry) => {
      touched.set(key, entry);
    },
    forget: (key) => {
      touched.set(key, null);
    },
    changes: () => {
      const out: Array<UaEffect> = [];
      for (const [key, entry] of touched) {
        const before = store.get(key);
        if (entry === null) {
          if (before !== undefined) out.push({ _tag: "Forget", key });
        } else if (entry !== before) out.push({ _tag: "Put", key, entry, deadline: nextDeadline(entry) });
      }
      return out;
    },
  };
};

