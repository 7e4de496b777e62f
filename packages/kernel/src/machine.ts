// The machine contract (DESIGN.md "The machine contract and the engine"): every state machine
// of puresip — a transaction, an INVITE session, a registration, a whole UA core — is a pure
// function of its state and one event, says when it next needs the clock, and can be stored
// and restored through its codec. Written down once here; each package exports its machines
// as values of this type, and `test/laws` in @puresip/testkit checks them.
import type * as O from "fp-ts/lib/Option.js";
import type * as t from "io-ts";

/** One step: the next state and the effects to run, in order. */
export type Step<S, F> = readonly [state: S, effects: ReadonlyArray<F>];

/**
 * A state machine.
 * - `start(params)`: its first state and effects (a transaction transmits its request at once).
 * - `step(state, event)`: never throws; an event that makes no sense in a state leaves the
 *   state as it was and answers with an effect that says so.
 * - `nextDeadline(state)`: when to deliver the next time-passing event (absolute, in the
 *   `now` units of the events); none when no timer runs. A late or early tick is harmless.
 * - `codec`: the state as JSON-safe data and back, so any state can be stored, sent to
 *   another process and resumed.
 */
export interface Machine<P, S, E, F> {
  /** The first state and effects, from the machine's parameters. */
  readonly start: (params: P) => Step<S, F>;
  /** The next state and effects, for one event. */
  readonly step: (state: S, event: E) => Step<S, F>;
  /** When the state next wants a timer event, if ever. */
  readonly nextDeadline: (state: S) => O.Option<number>;
  readonly codec: t.Type<S, unknown>;
}
