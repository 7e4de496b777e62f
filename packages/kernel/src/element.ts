// An element (DESIGN.md: "An element is a wiring table ... routed through one queue inside a
// pure step"): the machine the engine runs. Its live entries (transactions, dialogs, usages,
// bindings) sit in the engine's registry rather than in its state, so an event touches only
// what it changes and never copies the registry; the step reads the registry and says how it
// changes with `Put`/`Forget`. Seen whole, registry plus state is one machine state: `codec`
// stores both, `nextDeadline` gives each entry's wake-up, so a restored registry still knows
// its timers.
import type * as O from "fp-ts/lib/Option.js";
import type * as t from "io-ts";
import type { Effect, Event } from "./effect.js";
import type { Step } from "./machine.js";

/** The registry as a step reads it. A `Map` is one; the step never writes it. */
export interface Registry<Entry> {
  /** The entry under a key, if it is live. */
  readonly get: (key: string) => Entry | undefined;
  /**
   * Every live key. A step that walks them is O(registry): only for the rare event that
   * concerns every entry (a UA's graceful close), never on the per-message path.
   */
  readonly keys: () => Iterable<string>;
}

/** An element: the machine the engine runs, over its own state and the registry of its live entries (transactions, dialogs, usages, bindings). */
export interface Element<S, Entry, Cmd, App> {
  /** Reacts to one event: reads the registry, returns the next state and the effects (including the registry's `Put`/`Forget`). */
  readonly step: (registry: Registry<Entry>, state: S, event: Event<Cmd>) => Step<S, Effect<Entry, App>>;
  /** When `entry` next wants its `Tick` (the same deadline its `Put` carried). */
  readonly nextDeadline: (entry: Entry) => O.Option<number>;
  readonly codec: { readonly state: t.Type<S, unknown>; readonly entry: t.Type<Entry, unknown> };
}

/** An element's whole state: its own and its registry's, as the engine holds it. */
export interface Snapshot<S, Entry> {
  readonly state: S;
  readonly entries: ReadonlyArray<readonly [key: string, entry: Entry]>;
}
