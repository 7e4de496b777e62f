// A table of at most `cap` entries in the engine's registry, the first filed leaving first when
// a new one comes: a ring of slots (`Q <table> <i>`), each naming the key filed in it, and a
// cursor in the proxy's state. Filing, looking up and evicting are O(1) registry operations, so
// a full table costs a new entry no more than an empty one, and the entries of a table never
// exceed its cap whatever the rate (nothing grows without bound). An entry that lapses by its
// own deadline frees its slot (`leaveSlot`).
import type { BoundedTable } from "../context/types.js";
import { slotKey } from "../context/types.js";
import type { Work } from "./work.js";

/** Where a new entry of `table` went, and the key of the entry it pushed out, if any. */
export interface Filed {
  readonly slot: number;
  readonly evicted: string | undefined;
}

/** A usable cap: a whole number, at least one. */
const sizeOf = (cap: number): number => (Number.isSafeInteger(cap) && cap > 0 ? cap : 1);

/**
 * Files `key`, new to `table`, in the next slot; the caller forgets the evicted key's entry
 * (after checking that entry still holds this slot).
 */
export const fileInSlot = (w: Work, table: BoundedTable, cap: number, key: string): Filed => {
  const size = sizeOf(cap);
  // A cap lowered since the cursor moved: start again at 0 (the slots above the cap lapse with their entries).
  const slot = (w.cursors[table] ?? 0) % size;
  w.cursors = { ...w.cursors, [table]: (slot + 1) % size };
  const k = slotKey(table, slot);
  const was = w.store.get(k);
  w.store.put(k, { _tag: "Slot", key });
  return { slot, evicted: was?._tag === "Slot" && was.key !== key ? was.key : undefined };
};

/** `key`'s entry left `table` by itself (it lapsed): its slot is freed if it still names it. */
export const leaveSlot = (w: Work, table: BoundedTable, slot: number | undefined, key: string): void => {
  if (slot === undefined) return;
  const k = slotKey(table, slot);
  const s = w.store.get(k);
  if (s?._tag === "Slot" && s.key === key) w.store.forget(k);
};
