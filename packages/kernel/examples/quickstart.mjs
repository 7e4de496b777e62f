// The README's example: an element on the engine, over virtual time.
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { createEngine } from "@puresip/kernel";

// An element that files a deadline per command and says when each one comes.
const reminders = {
  nextDeadline: (entry) => O.some(entry.at),
  codec: { state: t.number, entry: t.type({ at: t.number }) },
  step: (registry, count, event) => {
    if (event._tag === "Command") return [count + 1, [{ _tag: "Put", key: event.command.key, entry: { at: event.command.at }, deadline: O.some(event.command.at) }]];
    if (event._tag === "Tick" && registry.get(event.key) !== undefined)
      return [count, [{ _tag: "Forget", key: event.key }, { _tag: "Deliver", event: `${event.key} at ${event.now}` }]];
    return [count, []];
  },
};

let now = 0;
let armed;
const engine = createEngine(reminders, {
  now: () => now,
  wakeAt: (at) => { armed = at; },          // a real adapter arms one timer here
  transmit: () => {}, resolve: () => {},
  deliver: (text) => console.log(text),
  fault: (detail) => console.error(detail),
}, { state: 0, entries: [] });

engine.command({ key: "tea", at: 180 });
engine.command({ key: "eggs", at: 60 });
while (armed !== undefined) { now = armed; armed = undefined; engine.wake(); }   // virtual time: the wake-up fired
// eggs at 60
// tea at 180
