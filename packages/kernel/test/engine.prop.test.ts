import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { createEngine, snapshotCodec } from "../src/index.js";
import type { Event } from "../src/index.js";
import type { Fired, TimerCommand, TimerEntry } from "./timer-element.js";
import { timerElement } from "./timer-element.js";
import { clock } from "./clock.js";

type Op = { readonly _tag: "Command"; readonly command: TimerCommand } | { readonly _tag: "Advance"; readonly by: number };

const key = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("Command" as const), command: fc.record({ _tag: fc.constant("Schedule" as const), key, at: fc.integer({ min: 0, max: 1000 }) }) }),
  fc.record({ _tag: fc.constant("Command" as const), command: fc.record({ _tag: fc.constant("Cancel" as const), key }) }),
  fc.record({ _tag: fc.constant("Advance" as const), by: fc.integer({ min: 0, max: 300 }) }),
);

const fresh = () => {
  const c = clock<TimerEntry, Fired>();
  const engine = createEngine(timerElement, c.env, { state: 0, entries: [] });
  c.attach(engine);
  return { c, engine };
};

describe("the engine runs an element over an environment", () => {
  test.prop([fc.array(op, { maxLength: 80 })])("every live deadline ticks once, never early, in deadline order; the registry is what the effects said", (ops) => {
    const { c, engine } = fresh();
    const model = new Map<string, number>();
    // Which advance delivered each tick: deadline order holds among the ticks of one wake-up, and
    // one advance wakes once per instant. Two advances may both end at the same instant (an
    // advance by 0): a deadline filed between them, earlier than one already fired, fires later.
    const advanceOf: Array<number> = [];
    const fires = (): number => c.delivered.filter((d) => d._tag === "Fired").length;
    for (const [index, o] of ops.entries()) {
      if (o._tag === "Advance") {
        const before = c.now();
        const mark = fires();
        c.advance(o.by);
        for (let k = mark; k < fires(); k++) advanceOf[k] = index;
        for (const [k, at] of [...model]) if (at <= c.now() && at >= before) model.delete(k);
        for (const [k, at] of [...model]) if (at < before) model.delete(k);
      } else {
        engine.command(o.command);
        const command = o.command;
        // One already due ticks at the next wake-up, which is armed for a past time.
        if (command._tag === "Schedule") model.set(command.key, command.at);
        else if (command._tag === "Cancel") model.delete(command.key);
      }
      // The wake-up armed is always the earliest deadline in the registry.
      expect(c.armed()).toBe(engine.nextDeadline());
    }
    const mark = fires();
    c.advance(2000);
    for (let k = mark; k < fires(); k++) advanceOf[k] = ops.length;
    expect(engine.registry.size).toBe(0);
    expect(engine.nextDeadline()).toBeUndefined();
    const fired = c.delivered.filter((d): d is Extract<Fired, { _tag: "Fired" }> => d._tag === "Fired");
    for (const f of fired) expect(f.now).toBeGreaterThanOrEqual(f.at);
    for (let i = 1; i < fired.length; i++) {
      const a = fired[i - 1]!;
      const b = fired[i]!;
      if (a.now === b.now && advanceOf[i - 1] === advanceOf[i]) expect(a.at).toBeLessThanOrEqual(b.at);
    }
  });

  test.prop([fc.array(op, { minLength: 1, maxLength: 60 }), fc.nat()])(
    "a snapshot taken mid-run, stored through the codecs and restored, continues exactly as the original",
    (ops, cut) => {
      const at = cut % ops.length;
      const straight = fresh();
      const resumed = fresh();
      const run = (x: ReturnType<typeof fresh>, o: Op): void => {
        if (o._tag === "Advance") x.c.advance(o.by);
        else x.engine.command(o.command);
      };
      for (const o of ops.slice(0, at)) {
        run(straight, o);
        run(resumed, o);
      }
      const codec = snapshotCodec(timerElement.codec);
      const stored = JSON.parse(JSON.stringify(codec.encode(resumed.engine.snapshot()))) as unknown;
      const decoded = codec.decode(stored);
      expect(E.isRight(decoded)).toBe(true);
      if (E.isLeft(decoded)) return;
      // A new process: a new clock set to the same time, a new engine from the stored snapshot.
      const c2 = clock<TimerEntry, Fired>();
      c2.advance(resumed.c.now());
      const engine2 = createEngine(timerElement, c2.env, decoded.right);
      c2.attach(engine2);
      const restored = { c: c2, engine: engine2 };
      const mark = straight.c.delivered.length;
      for (const o of ops.slice(at)) {
        run(straight, o);
        run(restored, o);
      }
      straight.c.advance(2000);
      restored.c.advance(2000);
      expect(restored.c.delivered).toEqual(straight.c.delivered.slice(mark));
      expect(restored.engine.state()).toBe(straight.engine.state());
      expect([...restored.engine.registry]).toEqual([...straight.engine.registry]);
    },
  );
});

describe("the engine's queue", () => {
  it("runs to completion: a command issued from a delivery waits until the current event is done", () => {
    const order: Array<string> = [];
    const holder: { engine?: { command: (c: TimerCommand) => void } } = {};
    const c = clock<TimerEntry, Fired>((e) => {
      if (e._tag === "Echo") order.push(e.text);
      if (e._tag === "Echo" && e.text === "first") holder.engine?.command({ _tag: "Echo", text: "third" });
    });
    const engine = createEngine<number, TimerEntry, TimerCommand, Fired>(
      {
        ...timerElement,
        step: (registry, s, event: Event<TimerCommand>) => {
          const [next, effects] = timerElement.step(registry, s, event);
          // Two deliveries from one command: the re-entrant one must come after both.
          const second: Fired = { _tag: "Echo", text: "second", now: event.now };
          return event._tag === "Command" && event.command._tag === "Echo" && event.command.text === "first" ? [next, [...effects, { _tag: "Deliver" as const, event: second }]] : [next, effects];
        },
      },
      c.env,
      { state: 0, entries: [] },
    );
    holder.engine = engine;
    engine.command({ _tag: "Echo", text: "first" });
    expect(order).toEqual(["first", "second", "third"]);
  });

  it("an element that throws loses only that event: the fault is reported and the engine goes on", () => {
    const { c, engine } = fresh();
    engine.command({ _tag: "Schedule", key: "a", at: 10 });
    engine.command({ _tag: "Boom" });
    engine.command({ _tag: "Echo", text: "after" });
    expect(c.faults).toHaveLength(1);
    expect(c.faults[0]).toMatch(/boom/);
    expect(engine.state()).toBe(2);
    c.advance(20);
    expect(c.delivered.map((d) => d._tag)).toEqual(["Echo", "Fired"]);
  });

  it("an owner's handler that throws is reported and the rest of the step's effects still run", () => {
    const c = clock<TimerEntry, Fired>(() => {
      throw new Error("handler bug");
    });
    const engine = createEngine(timerElement, c.env, { state: 0, entries: [] });
    c.attach(engine);
    engine.command({ _tag: "Echo", text: "x" });
    engine.command({ _tag: "Schedule", key: "a", at: 5 });
    expect(c.faults.some((f) => f.includes("handler bug"))).toBe(true);
    expect(engine.registry.has("a")).toBe(true);
  });

  it("after stop, input is ignored and no wake-up stays armed", () => {
    const { c, engine } = fresh();
    engine.command({ _tag: "Schedule", key: "a", at: 10 });
    expect(c.armed()).toBe(10);
    engine.stop();
    expect(c.armed()).toBeUndefined();
    engine.command({ _tag: "Schedule", key: "b", at: 5 });
    expect(engine.registry.has("b")).toBe(false);
  });
});
