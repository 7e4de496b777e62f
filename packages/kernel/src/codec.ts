// A snapshot of an element as JSON-safe data and back: its state and its registry, through
// the element's own codecs. What lets a stack store a running element (a shared store, a
// crash-safe file) and resume it on another machine.
import * as t from "io-ts";
import type { Element, Snapshot } from "./element.js";

/** io-ts codec for an element's whole state (its own and its registry's), from the element's codecs. */
export const snapshotCodec = <S, Entry>(codec: Element<S, Entry, unknown, unknown>["codec"]): t.Type<Snapshot<S, Entry>, unknown> =>
  t.readonly(
    t.type({
      state: codec.state,
      entries: t.readonlyArray(t.readonly(t.tuple([t.string, codec.entry]))),
    }),
  );
