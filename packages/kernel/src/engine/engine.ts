// The engine (DESIGN.md "The engine is the only interpreter"): it runs any element. One
// run-to-completion queue of events, the registry of live entries, the deadline heap and the
// dispatch of effects, in that order, for every element puresip has. It uses no Node or DOM
// API: what differs between production, a browser and the simulator is the `Environment`
// plugged in (sockets or a simulated network, a real or a virtual clock).
//
// The registry and the heap are this object's own mutable state (DESIGN.md: "the registry of
// live transactions and dialogs belongs to the shell"); the element never sees them mutate:
// it reads the registry between events and says how it changes.
import type * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipMessage, Uri } from "@puresip/message";
import type { Effect, Event } from "../effect.js";
import type { Element, Snapshot } from "../element.js";
import type { Peer } from "../peer.js";
import { EntryStore } from "./entry-store.js";

/** What an engine needs from the world. Each function is called only from inside the queue. */
export interface Environment<Entry, App> {
  /** Monotonic milliseconds: the `now` of every event. */
  readonly now: () => number;
  /**
   * Arm the one wake-up for `at` (replacing the previous), or none. When it fires, call
   * `wake()`: a wake-up that has fired is spent, and the engine arms the next one itself.
   */
  readonly wakeAt: (at: number | undefined) => void;
  /** §18: put `message` on the wire. A failure comes back as `transportError(key)`. */
  readonly transmit: (message: SipMessage, destination: Peer) => void;
  /** RFC 3263: find targets for `target`; the answer comes back as `resolved(id, ...)`. */
  readonly resolve: (id: string, target: Uri, transport: string) => void;
  /** Tell the owner. It may call `command` at once: the command waits its turn. */
  readonly deliver: (event: App) => void;
  /** A step or a handler threw: that event is dropped, the engine goes on. */
  readonly fault: (detail: string) => void;
  /** An entry appeared (`before` undefined), changed, or went (`after` undefined): for gauges. */
  readonly changed?: (key: string, before: Entry | undefined, after: Entry | undefined) => void;
}

/** An event before the engine stamps it with the clock. */
type Pending<Cmd> =
  | { readonly _tag: "Received"; readonly message: SipMessage; readonly source: Peer; readonly validated?: true }
  | { readonly _tag: "Tick"; readonly key: string }
  | { readonly _tag: "Resolved"; readonly id: string; readonly result: E.Either<string, ReadonlyArray<Peer>> }
  | { readonly _tag: "TransportError"; readonly key: string }
  | { readonly _tag: "Command"; readonly command: Cmd };

/** Runs one element: queues events, applies each step's effects to the registry and the deadline heap, and dispatches the rest to the adapter. */
export interface Engine<S, Entry, Cmd> {
  /** The live entries, read-only: the element's half of the state. */
  readonly registry: ReadonlyMap<string, Entry>;
  /** The element's own state now. */
  readonly state: () => S;
  /**
   * Feeds a message received from a peer. `validated`: the adapter has stamped (§18.2.1) and
   * validated it (`validateMessage` passed), so the element need not check it again.
   */
  readonly receive: (message: SipMessage, source: Peer, validated?: boolean) => void;
  /** Feeds a command of the application. */
  readonly command: (command: Cmd) => void;
  /** Feeds the outcome of a target resolution the element asked for (RFC 3263), by its id. */
  readonly resolved: (id: string, result: E.Either<string, ReadonlyArray<Peer>>) => void;
  /** Tells the element that sending for this entry failed (RFC 3261 §17.1.4, §17.2.4). */
  readonly transportError: (key: string) => void;
  /** Ticks every entry whose deadline has come; the adapter's timer calls it. Harmless early. */
  readonly wake: () => void;
  /** The earliest deadline in the registry, if any. */
  readonly nextDeadline: () => number | undefined;
  /** The element's whole state as data: encode it with the element's codecs to store it. */
  readonly snapshot: () => Snapshot<S, Entry>;
  /** Drops what is queued and disarms the wake-up; later input is ignored. */
  readonly stop: () => void;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * An engine running `element` from `start` (a fresh state, or a restored snapshot) in `env`.
 * The wake-up for a restored registry is armed at once (`env.wakeAt` may be called before this
 * returns); nothing runs until the first input or wake-up.
 */
export const createEngine = <S, Entry, Cmd, App>(
  element: Element<S, Entry, Cmd, App>,
  env: Environment<Entry, App>,
  start: Snapshot<S, Entry>,
): Engine<S, Entry, Cmd> => {
  // The registry and the deadline heap in one table (./entry-store.ts).
  const registry = new EntryStore<string, Entry>();
  let state = start.state;
  const queue: Array<Pending<Cmd>> = [];
  let head = 0;
  let running = false;
  let stopped = false;
  let armed: number | undefined;

  const reader = { get: (key: string): Entry | undefined => registry.get(key), keys: (): Iterable<string> => registry.keys() };

  const deadlineOf = (deadline: O.Option<number>): number | undefined => (O.isSome(deadline) ? deadline.value : undefined);

  for (const [key, entry] of start.entries) registry.put(key, entry, deadlineOf(element.nextDeadline(entry)));

  const apply = (effect: Effect<Entry, App>): void => {
    switch (effect._tag) {
      case "Put": {
        const before = registry.put(effect.key, effect.entry, deadlineOf(effect.deadline));
        env.changed?.(effect.key, before, effect.entry);
        return;
      }
      case "Forget": {
        const before = registry.forget(effect.key);
        if (before !== undefined) env.changed?.(effect.key, before, undefined);
        return;
      }
      case "Transmit":
        env.transmit(effect.message, effect.destination);
        return;
      case "Resolve":
        env.resolve(effect.id, effect.target, effect.transport);
        return;
      case "Deliver":
        try {
          env.deliver(effect.event);
        } catch (error) {
          env.fault(`the owner's handler threw: ${describe(error)}`);
        }
        return;
      default:
        effect satisfies never;
    }
  };

  const stamp = (p: Pending<Cmd>, now: number): Event<Cmd> => {
    switch (p._tag) {
      case "Received":
        return p.validated === true ? { _tag: "Received", now, message: p.message, source: p.source, validated: true } : { _tag: "Received", now, message: p.message, source: p.source };
      case "Tick":
        return { _tag: "Tick", now, key: p.key };
      case "Resolved":
        return { _tag: "Resolved", now, id: p.id, result: p.result };
      case "TransportError":
        return { _tag: "TransportError", now, key: p.key };
      case "Command":
        return { _tag: "Command", now, command: p.command };
      default:
        return p satisfies never;
    }
  };

  const runOne = (event: Event<Cmd>): void => {
    let effects: ReadonlyArray<Effect<Entry, App>>;
    try {
      const [next, out] = element.step(reader, state, event);
      state = next;
      effects = out;
    } catch (error) {
      // A bug in an element must not take the process down: say so, drop the event, go on.
      env.fault(`the element threw on ${event._tag}: ${describe(error)}`);
      return;
    }
    for (const effect of effects) apply(effect);
  };

  const rearm = (): void => {
    const next = registry.peek();
    if (next === armed) return;
    armed = next;
    env.wakeAt(next);
  };

  const drain = (): void => {
    if (running) return;
    running = true;
    try {
      while (head < queue.length && !stopped) {
        const pending = queue[head] as Pending<Cmd>;
        head++;
        runOne(stamp(pending, env.now()));
      }
    } finally {
      queue.length = 0;
      head = 0;
      running = false;
    }
    if (!stopped) rearm();
  };

  const enqueue = (p: Pending<Cmd>): void => {
    if (stopped) return;
    queue.push(p);
    drain();
  };

  const wake = (): void => {
    if (stopped) return;
    // The armed wake-up has fired (or is moot): forget it, so the next rearm arms again.
    armed = undefined;
    for (const key of registry.popDue(env.now())) queue.push({ _tag: "Tick", key });
    if (queue.length > head) drain();
    else rearm();
  };

  // A restored registry has deadlines: arm the first wake-up now (nothing ticks before it fires).
  rearm();

  return {
    registry,
    state: () => state,
    receive: (message, source, validated) => {
      enqueue(validated === true ? { _tag: "Received", message, source, validated } : { _tag: "Received", message, source });
    },
    command: (command) => {
      enqueue({ _tag: "Command", command });
    },
    resolved: (id, result) => {
      enqueue({ _tag: "Resolved", id, result });
    },
    transportError: (key) => {
      enqueue({ _tag: "TransportError", key });
    },
    wake,
    nextDeadline: () => registry.peek(),
    snapshot: () => ({ state, entries: [...registry] }),
    stop: () => {
      stopped = true;
      queue.length = 0;
      head = 0;
      armed = undefined;
      env.wakeAt(undefined);
    },
  };
};
