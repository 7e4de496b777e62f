// The property of issue #16's store: REGISTERs from two proxies, interleaved at random, end
// in the bindings the sequential §10.3 model gives. Each proxy serves its own UA (its own
// Call-ID and contacts), so the model is each UA's REGISTERs in order, each at the time the
// store applied it; a lookup never returns a binding that had lapsed when it was asked.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import fc from "fast-check";
import { expect } from "vitest";
import { printUri } from "@puresip/message";
import type { LocationStore } from "@puresip/proxy";
import { registerUpdate } from "@puresip/proxy";
import type { Binding } from "@puresip/ua/registrar";
import { activeBindings } from "@puresip/ua/registrar";
import type { TwoNodes } from "./contract.js";
import { bound, manualClock } from "./contract.js";
import { AOR, registerOf, registrar, toTag } from "./register.js";

/** One step of a UA: a REGISTER (add, refresh or, with expires 0, remove one contact), or time passing. */
export type Step =
  | { readonly _tag: "Register"; readonly contact: number; readonly expires: number; readonly cseqStep: number; readonly yields: number }
  | { readonly _tag: "Advance"; readonly seconds: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ _tag: fc.constant("Register" as const), contact: fc.nat(2), expires: fc.constantFrom(0, 1, 60, 3600), cseqStep: fc.integer({ min: -1, max: 2 }), yields: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("Advance" as const), seconds: fc.constantFrom(0, 1, 59, 61, 3601) }) },
);

/** Two UAs' scripts. */
export const scriptsArb = fc.tuple(fc.array(stepArb, { maxLength: 12 }), fc.array(stepArb, { maxLength: 12 }));

const key = (b: Binding): string => `${printUri(b.contact.uri)} ${b.callId} ${String(b.cseq)} ${String(b.expiresAt)}`;

const yieldTimes = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

/** Runs one UA's script through `store`: the statuses and its bindings by the sequential model. */
const runUa = async (name: string, script: ReadonlyArray<Step>, store: LocationStore, clock: ReturnType<typeof manualClock>) => {
  let model: ReadonlyArray<Binding> = [];
  let cseq = 1;
  for (const step of script) {
    if (step._tag === "Advance") {
      clock.advance(step.seconds * 1000);
      continue;
    }
    await yieldTimes(step.yields);
    cseq = Math.max(1, cseq + step.cseqStep);
    const request = registerOf(name, cseq, [`<sip:bob@192.0.2.${name === "a" ? "1" : "2"}${String(step.contact)}>;expires=${String(step.expires)}`]);
    const update = registerUpdate(registrar, request, toTag);
    let at = 0;
    const done = await store.update(AOR, (current, view) => {
      at = view.now;
      return update(current, view);
    });
    if (E.isLeft(done) || E.isLeft(done.right)) throw new Error("the store or the registrar failed");
    // The model: the same REGISTER on this UA's bindings alone, at the time the store applied it.
    const expected = update(activeBindings(model, at), { now: at });
    if (O.isSome(expected.bindings)) model = expected.bindings.value;
    expect(done.right.right.status).toBe(E.isRight(expected.result) ? expected.result.right.status : -1);
    const asked = clock.now();
    for (const b of await bound(store)) expect(b.expiresAt).toBeGreaterThan(asked);
  }
  return model;
};

/** The property on fresh data from `nodes`. */
export const interleavingHolds = async (nodes: TwoNodes, [first, second]: readonly [ReadonlyArray<Step>, ReadonlyArray<Step>]): Promise<void> => {
  const clock = manualClock();
  const [a, b] = await nodes(clock.now);
  const [modelA, modelB] = await Promise.all([runUa("a", first, a, clock), runUa("b", second, b, clock)]);
  const expected = activeBindings([...modelA, ...modelB], clock.now()).map(key).sort();
  expect((await bound(a)).map(key).sort()).toEqual(expected);
  expect((await bound(b)).map(key).sort()).toEqual(expected);
};
