// A node of the simulated network that runs an element on the kernel's engine — the same
// engine @puresip/node runs in production — with the network in place of sockets, virtual
// time in place of the clock and a table in place of DNS. Messages cross the network as
// octets (printed and parsed again, as on a real wire), so every simulated ladder runs the
// production wiring. An application policy turns delivered events into later commands.
//
// The node is a mutable object held in the network's state (an engine owns its registry);
// `restoreNode` swaps its engine for one restored from a snapshot, as another process would.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createEngine } from "@puresip/kernel";
import type { Element, Engine, Environment, Peer, Snapshot } from "@puresip/kernel";
import { parseMessage, serializeMessage } from "@puresip/message";
import type { Endpoint, NodeInput, NodeOutput } from "./network.js";

/** A message on the simulated wire: its bytes. */
export type Wire = Uint8Array;

/** What the application does with an event delivered at virtual time `now`: commands after delays (ms). */
export type Policy<Cmd, App> = (event: App, now: number) => ReadonlyArray<{ readonly delay: number; readonly command: Cmd }>;

/** A kernel element run by the simulator: its engine, a virtual clock, and what it sent and logged. */
export interface SimNode<S, Entry, Cmd, App extends { readonly _tag: string }> {
  readonly name: string;
  readonly element: Element<S, Entry, Cmd, App>;
  engine: Engine<S, Entry, Cmd>;
  /** The virtual time of the current input, and the wake-up the engine asked for. */
  readonly clock: { now: number; armed: number | undefined };
  /** What the current input made the node send, or say for the trace. */
  readonly outbox: Array<NodeOutput<Wire>>;
  /** Commands the policy scheduled, earliest first. */
  readonly agenda: Array<{ readonly at: number; readonly command: Cmd }>;
  readonly policy: Policy<Cmd, App>;
  /** Host name → where RFC 3263 finds it: one peer, or several in the order to try them (§4.3 failover). */
  readonly resolver: ReadonlyMap<string, Peer | ReadonlyArray<Peer>>;
  /** A trace line for an event (none: not shown). */
  readonly describe: (event: App) => string | undefined;
  /** Every delivered event (null: only counted, for long runs). */
  readonly log: Array<{ readonly at: number; readonly event: App }> | null;
  readonly counts: Map<string, number>;
  /** The largest the registry has been, after any input. */
  readonly stats: { peak: number };
}

/** What a simulated node needs: a name, the element and its start, and optionally a policy (commands in reply to events) and a resolver. */
export interface SimNodeOptions<S, Entry, Cmd, App extends { readonly _tag: string }> {
  readonly name: string;
  readonly element: Element<S, Entry, Cmd, App>;
  readonly start: Snapshot<S, Entry>;
  readonly policy?: Policy<Cmd, App>;
  readonly resolver?: ReadonlyMap<string, Peer | ReadonlyArray<Peer>>;
  /** A line for the trace for an application event, or undefined to leave it out. */
  readonly describe?: (event: App) => string | undefined;
  /** Keep every delivered event (default true). */
  readonly log?: boolean;
}

const isPeerList = (found: Peer | ReadonlyArray<Peer>): found is ReadonlyArray<Peer> => Array.isArray(found);

/** Where a node's packets come from on the simulated wire: UDP port 5060 of the node's name. */
export const peerOf = (host: string): Peer => ({ transport: "UDP", host, port: 5060 });

const environment = <S, Entry, Cmd, App extends { readonly _tag: string }>(node: SimNode<S, Entry, Cmd, App>): Environment<Entry, App> => ({
  now: () => node.clock.now,
  wakeAt: (at) => {
    node.clock.armed = at;
  },
  transmit: (message, destination) => {
    node.outbox.push({ _tag: "Send", to: destination.host, message: serializeMessage(message) });
  },
  resolve: (id, target) => {
    const host = target._tag === "SipUri" ? target.host.value : "";
    const found = node.resolver.get(host);
    node.engine.resolved(id, found === undefined ? E.left(`${host}: no such host`) : E.right(isPeerList(found) ? found : [found]));
  },
  deliver: (event) => {
    node.counts.set(event._tag, (node.counts.get(event._tag) ?? 0) + 1);
    if (node.log !== null) {
      node.log.push({ at: node.clock.now, event });
      const line = node.describe(event);
      if (line !== undefined) node.outbox.push({ _tag: "Note", text: `app: ${line}` });
    }
    for (const c of node.policy(event, node.clock.now)) {
      const at = node.clock.now + c.delay;
      let i = node.agenda.length;
      while (i > 0 && (node.agenda[i - 1]?.at ?? 0) > at) i--;
      node.agenda.splice(i, 0, { at, command: c.command });
    }
  },
  // In a simulation an element that throws is a failing test, not something to log and survive.
  fault: (detail) => {
    throw new Error(`${node.name}: ${detail}`);
  },
});

/** A simulated node running an element on the kernel's engine. */
export const simNode = <S, Entry, Cmd, App extends { readonly _tag: string }>(options: SimNodeOptions<S, Entry, Cmd, App>): SimNode<S, Entry, Cmd, App> => {
  const node = {
    name: options.name,
    element: options.element,
    clock: { now: 0, armed: undefined },
    outbox: [],
    agenda: [],
    policy: options.policy ?? (() => []),
    resolver: options.resolver ?? new Map(),
    describe: options.describe ?? ((e: App) => e._tag),
    log: options.log === false ? null : [],
    counts: new Map(),
    stats: { peak: 0 },
  } as Omit<SimNode<S, Entry, Cmd, App>, "engine"> as SimNode<S, Entry, Cmd, App>;
  node.engine = createEngine(options.element, environment(node), options.start);
  return node;
};

/** Replaces the node's engine with one started from `snapshot` (e.g. decoded from JSON). */
export const restoreNode = <S, Entry, Cmd, App extends { readonly _tag: string }>(node: SimNode<S, Entry, Cmd, App>, snapshot: Snapshot<S, Entry>): void => {
  node.engine.stop();
  node.clock.armed = undefined;
  node.engine = createEngine(node.element, environment(node), snapshot);
};

const drainOutbox = <S, Entry, Cmd, App extends { readonly _tag: string }>(node: SimNode<S, Entry, Cmd, App>): ReadonlyArray<NodeOutput<Wire>> => {
  if (node.engine.registry.size > node.stats.peak) node.stats.peak = node.engine.registry.size;
  return node.outbox.splice(0);
};

/** The network's view of an engine node: deliveries, wake-ups and commands go into its engine. */
export const engineEndpoint = <S, Entry, Cmd, App extends { readonly _tag: string }>(): Endpoint<SimNode<S, Entry, Cmd, App>, Wire, Cmd> => ({
  deadline: (node) => {
    const armed = node.clock.armed ?? Infinity;
    const next = node.agenda[0]?.at ?? Infinity;
    const at = Math.min(armed, next);
    return at === Infinity ? O.none : O.some(at);
  },
  step: (node, input: NodeInput<Wire, Cmd>) => {
    node.clock.now = input.now;
    switch (input._tag) {
      case "Deliver": {
        const parsed = parseMessage(input.message);
        if (E.isLeft(parsed)) return [node, [{ _tag: "Note", text: "unparsable message dropped" }]];
        node.engine.receive(parsed.right, peerOf(input.from));
        return [node, drainOutbox(node)];
      }
      case "Wake": {
        if (node.clock.armed !== undefined && node.clock.armed <= input.now) {
          node.clock.armed = undefined;
          node.engine.wake();
        }
        while ((node.agenda[0]?.at ?? Infinity) <= input.now) {
          const next = node.agenda.shift();
          if (next !== undefined) node.engine.command(next.command);
        }
        return [node, drainOutbox(node)];
      }
      case "Command":
        node.engine.command(input.command);
        return [node, drainOutbox(node)];
    }
  },
});
