// An application on an element (application.ts) is itself an element: the engine runs it
// unchanged, a transparent application changes nothing, the application's entries and the
// element's share one registry without seeing each other, and a snapshot of both resumes.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import type { Application } from "../src/index.js";
import { APPLICATION_KEY, createEngine, snapshotCodec, withApplication } from "../src/index.js";
import { clock } from "./clock.js";
import type { Fired, TimerCommand, TimerEntry } from "./timer-element.js";
import { timerElement } from "./timer-element.js";

/** Passes every command down and every delivery up: the element as if alone. */
const transparent: Application<null, never, TimerCommand, Fired, TimerCommand, Fired> = {
  step: (_registry, state, input) => {
    switch (input._tag) {
      case "Command":
        return [state, [{ _tag: "Command", command: input.command }]];
      case "Delivered":
        return [state, [{ _tag: "Deliver", event: input.event }]];
      case "Tick":
        return [state, []];
    }
  },
  nextDeadline: () => O.none,
  codec: { state: t.null, entry: t.never },
};

/**
 * A "follow-up" application: each `Watch { key, at }` schedules the element's timer `key`; when
 * it fires, the application files its own entry under the same key, due 100 ms later, and says
 * `Done` when that comes. Its state counts the timers it saw fire.
 */
type Watch = { readonly _tag: "Watch"; readonly key: string; readonly at: number } | { readonly _tag: "Loop" };
type Said = { readonly _tag: "Done"; readonly key: string; readonly now: number };
const followUp: Application<number, { readonly due: number }, TimerCommand, Fired, Watch, Said> = {
  step: (registry, seen, input) => {
    switch (input._tag) {
      case "Command":
        return input.command._tag === "Loop"
          ? [seen, [{ _tag: "Command", command: { _tag: "Echo", text: "again" } }]]
          : [seen, [{ _tag: "Command", command: { _tag: "Schedule", key: input.command.key, at: input.command.at } }]];
      case "Delivered":
        if (input.event._tag === "Echo") return [seen, [{ _tag: "Command", command: { _tag: "Echo", text: "again" } }]];
        return [seen + 1, [{ _tag: "Put", key: input.event.key, entry: { due: input.event.now + 100 } }]];
      case "Tick": {
        const entry = registry.get(input.key);
        if (entry === undefined || entry.due > input.now) return [seen, []];
        return [seen, [{ _tag: "Forget", key: input.key }, { _tag: "Deliver", event: { _tag: "Done", key: input.key, now: input.now } }]];
      }
    }
  },
  nextDeadline: (entry) => O.some(entry.due),
  codec: { state: t.number, entry: t.readonly(t.type({ due: t.number })) },
};

const key = fc.constantFrom("a", "b", "c", "d");
type Op = { readonly _tag: "Schedule"; readonly key: string; readonly at: number } | { readonly _tag: "Cancel"; readonly key: string } | { readonly _tag: "Advance"; readonly by: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("Schedule" as const), key, at: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ _tag: fc.constant("Cancel" as const), key }),
  fc.record({ _tag: fc.constant("Advance" as const), by: fc.integer({ min: 0, max: 300 }) }),
);

describe("kernel: an application on an element is an element", () => {
  test.prop([fc.array(op, { maxLength: 60 })])("a transparent application changes nothing: same deliveries, same registry as the element alone", (ops) => {
    const alone = clock<TimerEntry, Fired>();
    const bare = createEngine(timerElement, alone.env, { state: 0, entries: [] });
    alone.attach(bare);
    const composed = withApplication(timerElement, transparent);
    const withApp = clock<unknown, Fired>();
    const engine = createEngine(composed, withApp.env, { state: { element: 0, application: null }, entries: [] });
    withApp.attach(engine);
    for (const o of ops) {
      if (o._tag === "Advance") {
        alone.advance(o.by);
        withApp.advance(o.by);
      } else {
        bare.command(o);
        engine.command(o);
      }
    }
    alone.advance(2000);
    withApp.advance(2000);
    expect(withApp.delivered).toEqual(alone.delivered);
    expect(engine.state().element).toBe(bare.state());
    expect([...engine.registry]).toEqual([...bare.registry]);
  });

  test.prop([fc.array(op, { minLength: 1, maxLength: 50 }), fc.nat()])(
    "the application's entries live beside the element's under their own keys, tick on time, and a stored snapshot resumes identically",
    (ops, cut) => {
      const element = withApplication(timerElement, followUp);
      const start = () => {
        const c = clock<unknown, Said>();
        const engine = createEngine(element, c.env, { state: { element: 0, application: 0 }, entries: [] });
        c.attach(engine);
        return { c, engine };
      };
      const run = (x: ReturnType<typeof start>, o: Op): void => {
        if (o._tag === "Advance") x.c.advance(o.by);
        else if (o._tag === "Schedule") x.engine.command({ _tag: "Watch", key: o.key, at: o.at });
      };
      const straight = start();
      const first = start();
      const at = cut % ops.length;
      for (const o of ops.slice(0, at)) {
        run(straight, o);
        run(first, o);
      }
      const codec = snapshotCodec(element.codec);
      const decoded = codec.decode(JSON.parse(JSON.stringify(codec.encode(first.engine.snapshot()))));
      expect(E.isRight(decoded)).toBe(true);
      if (E.isLeft(decoded)) return;
      const c2 = clock<unknown, Said>();
      c2.advance(first.c.now());
      const restored = { c: c2, engine: createEngine(element, c2.env, decoded.right) };
      c2.attach(restored.engine);
      const mark = straight.c.delivered.length;
      for (const o of ops.slice(at)) {
        run(straight, o);
        run(restored, o);
      }
      straight.c.advance(2000);
      restored.c.advance(2000);
      expect(restored.c.delivered).toEqual(straight.c.delivered.slice(mark));
      expect(restored.engine.state()).toEqual(straight.engine.state());
      // Every watched timer fired and was followed up 100 ms later; nothing is left behind.
      for (const d of straight.c.delivered) expect(d._tag).toBe("Done");
      // A timer watched again before its follow-up came replaces that follow-up: one Done a key at most.
      const fired = straight.engine.state().application;
      expect(straight.c.delivered.length).toBeLessThanOrEqual(fired);
      expect(straight.c.delivered.length > 0).toBe(fired > 0);
      expect(straight.engine.registry.size).toBe(0);
    },
  );

  it("the element never sees the application's entries, and the application never sees the element's", () => {
    const seen: Array<string> = [];
    const peek: Application<null, { readonly due: number }, TimerCommand, Fired, Watch, Said> = {
      ...followUp,
      codec: { state: t.null, entry: followUp.codec.entry },
      step: (registry, state, input) => {
        seen.push(...registry.keys());
        if (input._tag === "Command" && input.command._tag === "Watch") return [state, [{ _tag: "Put", key: input.command.key, entry: { due: 5 } }, { _tag: "Command", command: { _tag: "Schedule", key: input.command.key, at: 10 } }]];
        return [state, []];
      },
    };
    const element = withApplication({ ...timerElement, step: (registry, s, e) => (seen.push(...[...registry.keys()].map((k) => `element ${k}`)), timerElement.step(registry, s, e)) }, peek);
    const c = clock<unknown, Said>();
    const engine = createEngine(element, c.env, { state: { element: 0, application: null }, entries: [] });
    c.attach(engine);
    engine.command({ _tag: "Watch", key: "a", at: 0 });
    engine.command({ _tag: "Watch", key: "b", at: 0 });
    // One key "a" for each side, apart in the shared registry.
    expect([...engine.registry.keys()].sort()).toEqual(["a", "b", `${APPLICATION_KEY}a`, `${APPLICATION_KEY}b`].sort());
    expect(seen).toEqual(["a", "element a"]);
  });

  it("an application and an element that command each other forever lose that event, not the process", () => {
    const element = withApplication(timerElement, followUp);
    const c = clock<unknown, Said>();
    const engine = createEngine(element, c.env, { state: { element: 0, application: 0 }, entries: [] });
    c.attach(engine);
    engine.command({ _tag: "Watch", key: "a", at: 10 });
    engine.command({ _tag: "Loop" });
    expect(engine.state().element).toBe(1);
    c.advance(200);
    expect(c.delivered).toEqual([{ _tag: "Done", key: "a", now: 110 }]);
    expect(c.faults).toEqual([]);
  });
});
