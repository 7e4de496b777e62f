// Test helper: runs one machine by itself, ticking exactly at each deadline, and records when
// each effect happened.
import * as O from "fp-ts/lib/Option.js";
import type { Step, TransactionEffect } from "../src/index.js";

export interface Timed {
  readonly at: number;
  readonly effect: TransactionEffect;
}

export interface Machine<S, E> {
  readonly step: (s: S, e: E) => Step<S>;
  readonly nextDeadline: (s: S) => O.Option<number>;
}

/** Feeds `inputs` (each at its time) and ticks at every deadline up to `until`. */
export const drive = <S extends { readonly _tag: string }, E>(
  m: Machine<S, E>,
  first: Step<S>,
  inputs: ReadonlyArray<{ readonly at: number; readonly event: E }>,
  tick: (now: number) => E,
  until: number,
): { readonly state: S; readonly log: ReadonlyArray<Timed>; readonly states: ReadonlyArray<readonly [number, string]> } => {
  let [state, effects] = first;
  const log: Array<Timed> = effects.map((effect) => ({ at: 0, effect }));
  const states: Array<readonly [number, string]> = [[0, state._tag]];
  const pending = [...inputs].sort((a, b) => a.at - b.at);
  for (let guard = 0; guard < 10_000; guard++) {
    const deadline = O.toNullable(m.nextDeadline(state));
    const input = pending[0];
    const nextAt = Math.min(deadline ?? Infinity, input?.at ?? Infinity);
    if (nextAt === Infinity || nextAt > until) break;
    const event = input !== undefined && input.at <= (deadline ?? Infinity) ? (pending.shift(), input.event) : tick(nextAt);
    [state, effects] = m.step(state, event);
    for (const effect of effects) log.push({ at: nextAt, effect });
    if (states[states.length - 1]?.[1] !== state._tag) states.push([nextAt, state._tag]);
  }
  return { state, log, states };
};

export const transmitTimes = (log: ReadonlyArray<Timed>): ReadonlyArray<number> =>
  log.filter((t) => t.effect._tag === "Transmit").map((t) => t.at);
