// The transaction layer with a transaction user on top (§17: the TU is "each of the SIP
// entities, except the stateless proxy"), as one element the kernel's engine runs. The layer's
// transactions are the registry's entries; what the layer passes up goes to the TU, whose
// answers go back into the layer, through one explicit queue inside the step. A redirect
// server, a registrar front end or a test responder is a TU of a few lines on top of this.
import { absurd } from "fp-ts/lib/function.js";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import type { Effect, Element, Event } from "@puresip/kernel";
import { overlay, runQueue } from "@puresip/kernel";
import { TransactionCodec } from "./codec.js";
import type { TransactionKey } from "./key.js";
import type { LayerConfig, LayerEvent, Transaction } from "./layer.js";
import { nextDeadline, step as layerStep } from "./layer.js";
import type { LayerReport } from "./layer-effects.js";
import { sortLayerEffects } from "./layer-effects.js";

/**
 * What the layer passes up to the TU, and what the engine brings it: commands, RFC 3263
 * answers, and `Wake` when the time the TU asked for (`WakeAt`) has come.
 */
export type TuInput<Cmd> =
  | LayerReport
  | { readonly _tag: "Command"; readonly command: Cmd }
  | Extract<Event<never>, { readonly _tag: "Resolved" }>
  | { readonly _tag: "Wake" };

/**
 * What the TU does: an event for the layer (send a request, answer a server transaction), a
 * word for its owner, or the time it next needs a `Wake` (none: no timer; the last one given wins).
 */
export type TuOutput<App> =
  | { readonly _tag: "Layer"; readonly event: LayerEvent }
  | { readonly _tag: "Deliver"; readonly event: App }
  | { readonly _tag: "WakeAt"; readonly at: O.Option<number> };

/** The TU's own timer, filed in the registry beside the transactions under `TU_TIMER`. */
export interface TuTimer {
  readonly _tag: "TuTimer";
  readonly at: number;
}

/** The registry of a layer element: transactions under their §17 keys, and the TU's timer. */
export type LayerEntry = Transaction | TuTimer;

/** The key of the TU's timer: no transaction key has this form. */
export const TU_TIMER = "tu timer";

const TuTimerCodec: t.Type<TuTimer, unknown> = t.readonly(t.type({ _tag: t.literal("TuTimer"), at: t.number }));
const LayerEntryCodec: t.Type<LayerEntry, unknown> = t.union([TransactionCodec, TuTimerCodec]);

const entryDeadline = (entry: LayerEntry): O.Option<number> => (entry._tag === "TuTimer" ? O.some(entry.at) : nextDeadline(entry));

/** A transaction user: a machine over its own small state, fed what the layer passes up. */
export interface TransactionUser<S, Cmd, App> {
  /** The TU's reaction to what the layer passes up (or a command, or its timer): its next state and its outputs. */
  readonly react: (state: S, input: TuInput<Cmd>, now: number) => readonly [S, ReadonlyArray<TuOutput<App>>];
  readonly codec: t.Type<S, unknown>;
}

type Item<Cmd> = { readonly _tag: "ToLayer"; readonly event: LayerEvent } | { readonly _tag: "ToTu"; readonly input: TuInput<Cmd> };

/** The layer and `tu` as one element: entries are transactions under their §17 keys, and the TU's timer. */
export const layerElement = <S, Cmd, App>(config: LayerConfig, tu: TransactionUser<S, Cmd, App>): Element<S, LayerEntry, Cmd, App> => ({
  nextDeadline: entryDeadline,
  codec: { state: tu.codec, entry: LayerEntryCodec },
  step: (registry, start, event) => {
    const store = overlay(registry, entryDeadline);
    const transactions = {
      get: (k: string): Transaction | undefined => {
        const e = store.get(k);
        return e === undefined || e._tag === "TuTimer" ? undefined : e;
      },
    };
    const layer = layerStep(config);
    const now = event.now;
    let state = start;
    const handle = (item: Item<Cmd>): readonly [ReadonlyArray<Item<Cmd>>, ReadonlyArray<Effect<LayerEntry, App>>] => {
      if (item._tag === "ToTu") {
        const [next, outputs] = tu.react(state, item.input, now);
        state = next;
        const more: Array<Item<Cmd>> = [];
        const effects: Array<Effect<LayerEntry, App>> = [];
        for (const o of outputs) {
          switch (o._tag) {
            case "Layer":
              more.push({ _tag: "ToLayer", event: o.event });
              break;
            case "Deliver":
              effects.push({ _tag: "Deliver", event: o.event });
              break;
            case "WakeAt":
              if (O.isSome(o.at)) store.put(TU_TIMER, { _tag: "TuTimer", at: o.at.value });
              else store.forget(TU_TIMER);
              break;
            default:
              absurd(o);
          }
        }
        return [more, effects];
      }
      const [sends, reports] = sortLayerEffects(layer(transactions, item.event), store);
      const more: ReadonlyArray<Item<Cmd>> = reports.map((input) => ({ _tag: "ToTu", input }));
      const effects: ReadonlyArray<Effect<LayerEntry, App>> = sends.map((e) => ({ _tag: "Transmit", message: e.message, destination: e.destination }));
      return [more, effects];
    };
    // The TU's timer is spent when it fires; the TU files the next one if it wants one.
    if (event._tag === "Tick" && event.key === TU_TIMER) {
      const timer = store.get(TU_TIMER);
      if (timer === undefined || timer._tag !== "TuTimer" || timer.at > event.now) return [start, []];
      store.forget(TU_TIMER);
    }
    const first: Item<Cmd> = toItem(event);
    const out = runQueue([first], handle);
    // A TU that keeps feeding the layer forever is a bug: the event is dropped whole.
    if (E.isLeft(out)) return [start, []];
    return [state, [...store.changes(), ...out.right]];
  },
});

const toItem = <Cmd>(event: Event<Cmd>): Item<Cmd> => {
  switch (event._tag) {
    case "Received":
      return { _tag: "ToLayer", event };
    case "Tick":
      if (event.key === TU_TIMER) return { _tag: "ToTu", input: { _tag: "Wake" } };
      // Every other entry is the layer's, under its own keys.
      return { _tag: "ToLayer", event: { _tag: "Tick", now: event.now, key: event.key as TransactionKey } };
    case "TransportError":
      return { _tag: "ToLayer", event: { _tag: "TransportError", now: event.now, key: event.key as TransactionKey } };
    case "Command":
      return { _tag: "ToTu", input: { _tag: "Command", command: event.command } };
    case "Resolved":
      return { _tag: "ToTu", input: event };
    default:
      return absurd(event);
  }
};
