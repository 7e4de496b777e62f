// A toy element for the engine's tests: commands file and cancel named deadlines; each
// deadline, when it comes, is delivered once and forgotten. Its state counts commands, so
// a restored engine can be compared with one that ran straight through.
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import type { Element } from "../src/index.js";

export type TimerCommand =
  | { readonly _tag: "Schedule"; readonly key: string; readonly at: number }
  | { readonly _tag: "Cancel"; readonly key: string }
  | { readonly _tag: "Echo"; readonly text: string }
  | { readonly _tag: "Boom" };

export interface TimerEntry {
  readonly at: number;
}

export type Fired = { readonly _tag: "Fired"; readonly key: string; readonly at: number; readonly now: number } | { readonly _tag: "Echo"; readonly text: string; readonly now: number };

export const timerElement: Element<number, TimerEntry, TimerCommand, Fired> = {
  nextDeadline: (entry) => O.some(entry.at),
  codec: { state: t.number, entry: t.readonly(t.type({ at: t.number })) },
  step: (registry, count, event) => {
    switch (event._tag) {
      case "Command": {
        const c = event.command;
        switch (c._tag) {
          case "Schedule":
            return [count + 1, [{ _tag: "Put", key: c.key, entry: { at: c.at }, deadline: O.some(c.at) }]];
          case "Cancel":
            return [count + 1, [{ _tag: "Forget", key: c.key }]];
          case "Echo":
            return [count + 1, [{ _tag: "Deliver", event: { _tag: "Echo", text: c.text, now: event.now } }]];
          case "Boom":
            throw new Error("boom");
        }
        return [count, []];
      }
      case "Tick": {
        const entry = registry.get(event.key);
        // A tick for a key that is gone, or not due yet, is harmless.
        if (entry === undefined || entry.at > event.now) return [count, []];
        return [count, [{ _tag: "Forget", key: event.key }, { _tag: "Deliver", event: { _tag: "Fired", key: event.key, at: entry.at, now: event.now } }]];
      }
      case "Received":
      case "Resolved":
      case "TransportError":
        return [count, []];
    }
  },
};
