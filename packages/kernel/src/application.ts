// An application on an element (DESIGN.md: "A new SIP element is a composition of machines, not a
// new interpreter"): a B2BUA, a third-party call controller or a conference focus is a pure
// reducer that hears what a UA core delivers to its owner and answers with the UA core's
// commands. `withApplication` wires the two into one element, so the same engine runs it in
// Node, in a browser and under the simulator, and one snapshot stores both halves.
//
// Inside one step the two talk through the kernel's one explicit queue (`runQueue`): the
// element's `Deliver` becomes the application's input, the application's command becomes the
// element's next event. Both read one working copy of the registry (`overlay`), so the second
// sees what the first wrote earlier in the same step.
import type * as O from "fp-ts/lib/Option.js";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import type { Effect, Event } from "./effect.js";
import type { Element, Registry } from "./element.js";
import type { Step } from "./machine.js";
import { overlay } from "./overlay.js";
import { runQueue } from "./wiring.js";

/**
 * What an application hears.
 * - `Delivered`: the element told its owner something (`Deliver`).
 * - `Command`: from the application's own owner.
 * - `Tick`: the deadline of the application's entry `key` came.
 */
export type ApplicationInput<App, ACmd> =
  | { readonly _tag: "Delivered"; readonly now: number; readonly event: App }
  | { readonly _tag: "Command"; readonly now: number; readonly command: ACmd }
  | { readonly _tag: "Tick"; readonly now: number; readonly key: string };

/**
 * What an application asks for, in order.
 * - `Command`: a command to the element underneath (it runs in this same step).
 * - `Put`/`Forget`: the application's own live entries (a link between two calls, a
 *   conference), kept in the engine's registry beside the element's, with a deadline.
 * - `Deliver`: tell the application's owner.
 */
export type ApplicationOutput<Cmd, AEntry, AApp> =
  | { readonly _tag: "Command"; readonly command: Cmd }
  | { readonly _tag: "Put"; readonly key: string; readonly entry: AEntry }
  | { readonly _tag: "Forget"; readonly key: string }
  | { readonly _tag: "Deliver"; readonly event: AApp };

/**
 * An application: a machine over its own state and its own registry entries, driven by what
 * the element delivers and by its owner's commands. It follows the machine contract: `step`
 * never throws, `nextDeadline` says when an entry wants its `Tick`, `codec` stores both.
 */
export interface Application<AS, AEntry, Cmd, App, ACmd, AApp> {
  /** One input: the next state and what to do, in order; reads its entries through `registry`. */
  readonly step: (registry: Registry<AEntry>, state: AS, input: ApplicationInput<App, ACmd>) => Step<AS, ApplicationOutput<Cmd, AEntry, AApp>>;
  /** When the entry wants its `Tick` (none: never). */
  readonly nextDeadline: (entry: AEntry) => O.Option<number>;
  readonly codec: { readonly state: t.Type<AS, unknown>; readonly entry: t.Type<AEntry, unknown> };
}

/** The composed element's own state: the element's and the application's. */
export interface Composed<S, AS> {
  readonly element: S;
  readonly application: AS;
}

/** An application's entry as it sits in the shared registry, under `APPLICATION_KEY` + its key. */
export interface ApplicationEntry<AEntry> {
  readonly _tag: "ApplicationEntry";
  readonly entry: AEntry;
}

/** Where the application's keys live in the shared registry; an element's own keys never start with it. */
export const APPLICATION_KEY = "app:";

/** The step limit of one event's wiring: a pair that keeps commanding each other is a bug, not a hang. */
export const APPLICATION_QUEUE_LIMIT = 10_000;

type Item<Cmd, App, ACmd> = { readonly _tag: "Element"; readonly event: Event<Cmd> } | { readonly _tag: "Application"; readonly input: ApplicationInput<App, ACmd> };

/**
 * One element from an element and an application on it. The owner speaks the application's
 * commands (`ACmd`) and hears its deliveries (`AApp`); the element's deliveries go to the
 * application, and everything else the element asks for (transmit, resolve) goes to the
 * engine as it would without the application. A wiring that never settles drops the event.
 */
export const withApplication = <S, Entry, Cmd, App, AS, AEntry, ACmd, AApp>(
  element: Element<S, Entry, Cmd, App>,
  application: Application<AS, AEntry, Cmd, App, ACmd, AApp>,
): Element<Composed<S, AS>, Entry | ApplicationEntry<AEntry>, ACmd, AApp> => {
  type Both = Entry | ApplicationEntry<AEntry>;
  const isApplicationEntry = (e: Both): e is ApplicationEntry<AEntry> => typeof e === "object" && e !== null && (e as { readonly _tag?: unknown })._tag === "ApplicationEntry";
  const nextDeadline = (entry: Both): O.Option<number> => (isApplicationEntry(entry) ? application.nextDeadline(entry.entry) : element.nextDeadline(entry));
  const wrapped: t.Type<ApplicationEntry<AEntry>, unknown> = t.readonly(t.type({ _tag: t.literal("ApplicationEntry"), entry: application.codec.entry }));
  const entryCodec = t.union([wrapped, element.codec.entry]) as unknown as t.Type<Both, unknown>;
  const stateCodec: t.Type<Composed<S, AS>, unknown> = t.readonly(t.type({ element: element.codec.state, application: application.codec.state }));

  const step = (registry: Registry<Both>, state: Composed<S, AS>, event: Event<ACmd>): Step<Composed<S, AS>, Effect<Both, AApp>> => {
    const view = overlay<Both>(registry, nextDeadline);
    const elementView: Registry<Entry> = {
      get: (key) => {
        if (key.startsWith(APPLICATION_KEY)) return undefined;
        const found = view.get(key);
        return found === undefined || isApplicationEntry(found) ? undefined : found;
      },
      keys: function* () {
        for (const key of view.keys()) if (!key.startsWith(APPLICATION_KEY)) yield key;
      },
    };
    const applicationView: Registry<AEntry> = {
      get: (key) => {
        const found = view.get(APPLICATION_KEY + key);
        return found !== undefined && isApplicationEntry(found) ? found.entry : undefined;
      },
      keys: function* () {
        for (const key of view.keys()) if (key.startsWith(APPLICATION_KEY)) yield key.slice(APPLICATION_KEY.length);
      },
    };
    let inner = state.element;
    let app = state.application;
    const handle = (item: Item<Cmd, App, ACmd>): readonly [ReadonlyArray<Item<Cmd, App, ACmd>>, ReadonlyArray<Effect<Both, AApp>>] => {
      if (item._tag === "Element") {
        const [next, effects] = element.step(elementView, inner, item.event);
        inner = next;
        const more: Array<Item<Cmd, App, ACmd>> = [];
        const out: Array<Effect<Both, AApp>> = [];
        for (const f of effects) {
          switch (f._tag) {
            case "Put":
              view.put(f.key, f.entry);
              break;
            case "Forget":
              view.forget(f.key);
              break;
            case "Deliver":
              more.push({ _tag: "Application", input: { _tag: "Delivered", now: item.event.now, event: f.event } });
              break;
            case "Transmit":
            case "Resolve":
              out.push(f);
              break;
            default:
              absurd(f);
          }
        }
        return [more, out];
      }
      const [next, outputs] = application.step(applicationView, app, item.input);
      app = next;
      const more: Array<Item<Cmd, App, ACmd>> = [];
      const out: Array<Effect<Both, AApp>> = [];
      for (const o of outputs) {
        switch (o._tag) {
          case "Command":
            more.push({ _tag: "Element", event: { _tag: "Command", now: item.input.now, command: o.command } });
            break;
          case "Put":
            view.put(APPLICATION_KEY + o.key, { _tag: "ApplicationEntry", entry: o.entry });
            break;
          case "Forget":
            view.forget(APPLICATION_KEY + o.key);
            break;
          case "Deliver":
            out.push({ _tag: "Deliver", event: o.event });
            break;
          default:
            absurd(o);
        }
      }
      return [more, out];
    };
    const first: Item<Cmd, App, ACmd> = firstItem(event);
    const ran = runQueue([first], handle, APPLICATION_QUEUE_LIMIT);
    if (E.isLeft(ran)) return [state, []];
    const changed = inner !== state.element || app !== state.application;
    return [changed ? { element: inner, application: app } : state, [...view.changes(), ...ran.right]];
  };

  return { step, nextDeadline, codec: { state: stateCodec, entry: entryCodec } };
};

/** Where an engine event goes first: the owner's commands and the application's ticks to the application, the rest to the element. */
const firstItem = <Cmd, App, ACmd>(event: Event<ACmd>): Item<Cmd, App, ACmd> => {
  switch (event._tag) {
    case "Command":
      return { _tag: "Application", input: { _tag: "Command", now: event.now, command: event.command } };
    case "Tick":
      return event.key.startsWith(APPLICATION_KEY)
        ? { _tag: "Application", input: { _tag: "Tick", now: event.now, key: event.key.slice(APPLICATION_KEY.length) } }
        : { _tag: "Element", event };
    case "Received":
    case "Resolved":
    case "TransportError":
      return { _tag: "Element", event };
    default:
      return absurd(event);
  }
};
