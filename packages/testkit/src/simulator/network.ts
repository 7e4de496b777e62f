// A deterministic simulated network with virtual time. Nodes are reducers (any state machine
// that takes deliveries, wake-ups and commands and answers with sends); links delay, lose,
// duplicate and reorder packets with draws from a seeded generator held in the state. `run`
// advances virtual time straight to the next delivery, command or deadline, so a 32-second
// timeout takes as long to simulate as one step.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Rng } from "./prng.js";
import { chance, nextFloat, seeded } from "./prng.js";

/** What a node receives: a packet from another node, its own deadline, or a test's command. */
export type NodeInput<M, C> =
  | { readonly _tag: "Deliver"; readonly now: number; readonly from: string; readonly message: M }
  | { readonly _tag: "Wake"; readonly now: number }
  | { readonly _tag: "Command"; readonly now: number; readonly command: C };

/** What a node asks for: a packet to another node, or a line for the trace (a timer, a result). */
export type NodeOutput<M> =
  | { readonly _tag: "Send"; readonly to: string; readonly message: M }
  | { readonly _tag: "Note"; readonly text: string };

/** A node's behaviour: a reducer and when it next wants a `Wake`. */
export interface Endpoint<S, M, C> {
  /** The node's reaction to one input: its next state and what it sends. */
  readonly step: (state: S, input: NodeInput<M, C>) => readonly [S, ReadonlyArray<NodeOutput<M>>];
  /** When the node next wants to wake, if ever. */
  readonly deadline: (state: S) => O.Option<number>;
}

/**
 * One direction of a link. Each packet takes `latency + jitter * u` ms (u uniform in [0, 1)), so
 * jitter larger than the gap between two sends reorders them. `loss` and `duplicate` are
 * probabilities; a duplicate gets its own delay.
 */
export interface LinkConfig {
  readonly latency: number;
  readonly jitter: number;
  readonly loss: number;
  readonly duplicate: number;
}

/** A link with 10 ms latency that never loses, delays or duplicates a packet. */
export const perfectLink: LinkConfig = { latency: 10, jitter: 0, loss: 0, duplicate: 0 };

/** A packet on the wire. `seq` orders packets that arrive at the same instant. */
export interface Packet<M> {
  readonly deliverAt: number;
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly message: M;
}

/** A command a test schedules for a node at a virtual time. */
export interface Scheduled<C> {
  readonly at: number;
  readonly node: string;
  readonly command: C;
}

/** Every message and timer of a run, in virtual-time order. */
export type TraceEntry<M, C> =
  | {
      readonly _tag: "Sent";
      readonly at: number;
      readonly from: string;
      readonly to: string;
      readonly message: M;
      /** When each copy arrives: none when lost, two when duplicated. */
      readonly arrivals: ReadonlyArray<number>;
    }
  | { readonly _tag: "Delivered"; readonly at: number; readonly from: string; readonly to: string; readonly message: M }
  | { readonly _tag: "Wake"; readonly at: number; readonly node: string }
  | { readonly _tag: "Command"; readonly at: number; readonly node: string; readonly command: C }
  | { readonly _tag: "Note"; readonly at: number; readonly node: string; readonly text: string };

/** A persistent list, newest first: appending to the trace never copies it. */
type Trail<T> = { readonly head: T; readonly tail: Trail<T> } | null;

/** The simulated network's whole state as data: the virtual clock, each node's state, the links, the packets in flight, the agenda and the trace. */
export interface Network<S, M, C> {
  readonly now: number;
  readonly rng: Rng;
  /** Node names in a fixed order (wake-ups at one instant run in this order). */
  readonly names: ReadonlyArray<string>;
  readonly nodes: Readonly<Record<string, S>>;
  readonly links: Readonly<Record<string, LinkConfig>>;
  readonly defaultLink: LinkConfig;
  readonly inFlight: ReadonlyArray<Packet<M>>;
  readonly agenda: ReadonlyArray<Scheduled<C>>;
  readonly seq: number;
  readonly steps: number;
  readonly trail: Trail<TraceEntry<M, C>>;
}

/** What a network starts from: a seed, the nodes, the links and the agenda of commands. */
export interface NetworkConfig<S, C> {
  readonly seed: number;
  readonly nodes: Readonly<Record<string, S>>;
  /** Per-direction links keyed `"from->to"`; any other pair uses `defaultLink`. */
  readonly links?: Readonly<Record<string, LinkConfig>>;
  readonly defaultLink?: LinkConfig;
  readonly agenda?: ReadonlyArray<Scheduled<C>>;
}

/** The key of the link from one node to another in `links`. */
export const linkKey = (from: string, to: string): string => `${from}->${to}`;

/** A network at time 0 from its configuration. */
export const createNetwork = <S, M, C>(config: NetworkConfig<S, C>): Network<S, M, C> => ({
  now: 0,
  rng: seeded(config.seed),
  names: Object.keys(config.nodes),
  nodes: config.nodes,
  links: config.links ?? {},
  defaultLink: config.defaultLink ?? perfectLink,
  inFlight: [],
  agenda: [...(config.agenda ?? [])].sort((a, b) => a.at - b.at),
  seq: 0,
  steps: 0,
  trail: null,
});

/** The trace so far, oldest first. */
export const trace = <S, M, C>(net: Network<S, M, C>): ReadonlyArray<TraceEntry<M, C>> => {
  const out: Array<TraceEntry<M, C>> = [];
  for (let t = net.trail; t !== null; t = t.tail) out.push(t.head);
  return out.reverse();
};

/** Schedules a command for `node` at virtual time `at` (not before now). */
export const schedule =
  <C>(at: number, node: string, command: C) =>
  <S, M>(net: Network<S, M, C>): Network<S, M, C> => {
    const entry: Scheduled<C> = { at: Math.max(at, net.now), node, command };
    const agenda = [...net.agenda];
    let i = agenda.length;
    while (i > 0 && (agenda[i - 1]?.at ?? 0) > entry.at) i--;
    agenda.splice(i, 0, entry);
    return { ...net, agenda };
  };

/** Why a run stopped without settling. */
export interface SimulationError {
  readonly _tag: "SimulationError";
  readonly reason: string;
  readonly now: number;
}

type Next =
  | { readonly _tag: "Command"; readonly at: number }
  | { readonly _tag: "Deliver"; readonly at: number }
  | { readonly _tag: "Wake"; readonly at: number; readonly node: string };

/** The earliest pending happening. At one instant: commands, then packets, then wake-ups. */
const nextHappening = <S, M, C>(endpoint: Endpoint<S, M, C>, net: Network<S, M, C>): Next | null => {
  let best: Next | null = null;
  const command = net.agenda[0];
  if (command !== undefined) best = { _tag: "Command", at: command.at };
  const packet = net.inFlight[0];
  if (packet !== undefined && (best === null || packet.deliverAt < best.at)) best = { _tag: "Deliver", at: packet.deliverAt };
  for (const name of net.names) {
    const state = net.nodes[name];
    if (state === undefined) continue;
    const d = endpoint.deadline(state);
    if (O.isSome(d)) {
      const at = Math.max(d.value, net.now);
      if (best === null || at < best.at) best = { _tag: "Wake", at, node: name };
    }
  }
  return best;
};

const insertPacket = <M>(inFlight: Array<Packet<M>>, p: Packet<M>): void => {
  let i = inFlight.length;
  while (i > 0) {
    const q = inFlight[i - 1];
    if (q === undefined || q.deliverAt < p.deliverAt || (q.deliverAt === p.deliverAt && q.seq < p.seq)) break;
    i--;
  }
  inFlight.splice(i, 0, p);
};

/** Feeds one input to one node and puts what it sends on the wire. */
const feed = <S, M, C>(
  endpoint: Endpoint<S, M, C>,
  net: Network<S, M, C>,
  node: string,
  input: NodeInput<M, C>,
  inFlight: Array<Packet<M>>,
  trail: Trail<TraceEntry<M, C>>,
): Network<S, M, C> => {
  const state = net.nodes[node];
  if (state === undefined) {
    return { ...net, inFlight, trail: { head: { _tag: "Note", at: net.now, node, text: "no such node: input dropped" }, tail: trail } };
  }
  const [nextState, outputs] = endpoint.step(state, input);
  let rng = net.rng;
  let seq = net.seq;
  for (const out of outputs) {
    if (out._tag === "Note") {
      trail = { head: { _tag: "Note", at: net.now, node, text: out.text }, tail: trail };
      continue;
    }
    const link = net.links[linkKey(node, out.to)] ?? net.defaultLink;
    let lost: boolean;
    let dup: boolean;
    [lost, rng] = chance(rng, link.loss);
    [dup, rng] = chance(rng, link.duplicate);
    const arrivals: Array<number> = [];
    if (!lost) {
      for (let copy = 0; copy < (dup ? 2 : 1); copy++) {
        let u: number;
        [u, rng] = nextFloat(rng);
        const deliverAt = net.now + link.latency + link.jitter * u;
        arrivals.push(deliverAt);
        insertPacket(inFlight, { deliverAt, seq: seq++, from: node, to: out.to, message: out.message });
      }
    }
    trail = { head: { _tag: "Sent", at: net.now, from: node, to: out.to, message: out.message, arrivals }, tail: trail };
  }
  return { ...net, rng, seq, inFlight, trail, nodes: { ...net.nodes, [node]: nextState } };
};

/** Advances to the next happening and runs it; none when nothing is pending. */
export const stepNetwork =
  <S, M, C>(endpoint: Endpoint<S, M, C>) =>
  (net: Network<S, M, C>): O.Option<Network<S, M, C>> => {
    const next = nextHappening(endpoint, net);
    if (next === null) return O.none;
    const now = next.at;
    const at: Network<S, M, C> = { ...net, now, steps: net.steps + 1 };
    switch (next._tag) {
      case "Command": {
        const [first, ...rest] = net.agenda;
        if (first === undefined) return O.none;
        const trail = { head: { _tag: "Command" as const, at: now, node: first.node, command: first.command }, tail: net.trail };
        return O.some(feed(endpoint, { ...at, agenda: rest }, first.node, { _tag: "Command", now, command: first.command }, [...net.inFlight], trail));
      }
      case "Deliver": {
        const [packet, ...rest] = net.inFlight;
        if (packet === undefined) return O.none;
        const trail = { head: { _tag: "Delivered" as const, at: now, from: packet.from, to: packet.to, message: packet.message }, tail: net.trail };
        return O.some(feed(endpoint, at, packet.to, { _tag: "Deliver", now, from: packet.from, message: packet.message }, rest, trail));
      }
      case "Wake": {
        const trail = { head: { _tag: "Wake" as const, at: now, node: next.node }, tail: net.trail };
        return O.some(feed(endpoint, at, next.node, { _tag: "Wake", now }, [...net.inFlight], trail));
      }
    }
  };

/** Bounds of a run: a virtual time to stop at and a number of steps to give up after. */
export interface RunOptions {
  /** Stop before anything later than this virtual time (the rest stays pending). */
  readonly until?: number;
  /** Give up after this many steps: a node that never settles is an error, not a hang. */
  readonly maxSteps?: number;
}

/**
 * Runs until nothing is pending (Right), or until `until` (Right, with work left pending), or
 * fails after `maxSteps` (Left: some node keeps waking or sending forever).
 */
export const run =
  <S, M, C>(endpoint: Endpoint<S, M, C>, options: RunOptions = {}) =>
  (start: Network<S, M, C>): E.Either<SimulationError, Network<S, M, C>> => {
    const until = options.until ?? Infinity;
    const maxSteps = options.maxSteps ?? 100_000;
    const advance = stepNetwork(endpoint);
    let net = start;
    for (let i = 0; i < maxSteps; i++) {
      const next = nextHappening(endpoint, net);
      if (next === null || next.at > until) return E.right(next === null ? net : { ...net, now: Math.max(net.now, Math.min(until, next.at)) });
      const stepped = advance(net);
      if (O.isNone(stepped)) return E.right(net);
      net = stepped.value;
    }
    return E.left({ _tag: "SimulationError", reason: `did not settle within ${maxSteps} steps`, now: net.now });
  };

/** True when no packet is in flight, no command is scheduled and no node has a deadline. */
export const isQuiet =
  <S, M, C>(endpoint: Endpoint<S, M, C>) =>
  (net: Network<S, M, C>): boolean =>
    nextHappening(endpoint, net) === null;
