// The one effect vocabulary and the one event vocabulary of an element (DESIGN.md "One effect
// vocabulary for every machine"): what a step may ask of the engine, and what the engine feeds
// back. Every element — a UA core, a redirect server, a proxy — speaks these, so one engine
// runs them all and a simulator can stand in for the network.
import type * as E from "fp-ts/lib/Either.js";
import type * as O from "fp-ts/lib/Option.js";
import type { SipMessage, Uri } from "@puresip/message";
import type { Peer } from "./peer.js";

/**
 * What a step asks for, in order. `Put`/`Forget` come first in a step's list, so the registry
 * is up to date before anything is transmitted or delivered.
 * - `Put`: store `entry` under `key`; send `Tick { key }` at `deadline` (none: never).
 * - `Forget`: drop `key` and its deadline.
 * - `Transmit`: send `message` to `destination` (§18). A response goes back the way its
 *   request came (`destination` is the request's source; §18.2.2 picks the connection).
 * - `Resolve`: look `target` up per RFC 3263 and answer with `Resolved { id }`.
 * - `Deliver`: tell the owner (the application, or the element that embeds this one).
 */
export type Effect<Entry, App> =
  | { readonly _tag: "Put"; readonly key: string; readonly entry: Entry; readonly deadline: O.Option<number> }
  | { readonly _tag: "Forget"; readonly key: string }
  | { readonly _tag: "Transmit"; readonly message: SipMessage; readonly destination: Peer }
  | { readonly _tag: "Resolve"; readonly id: string; readonly target: Uri; readonly transport: string }
  | { readonly _tag: "Deliver"; readonly event: App };

/**
 * What enters a step. Every event carries `now` (monotonic milliseconds from the adapter).
 * - `Received`: a parsed message from a transport, and where it came from. `validated` says the
 *   adapter has already stamped its top Via (§18.2.1) and run `validateMessage` on it, and it
 *   passed: a machine then skips its own run of the same check (the UA core's first §8.2 check).
 *   Absent, a machine that needs the check runs it: whoever drives `step` directly still gets it.
 * - `Tick`: the deadline of registry entry `key` came (a late or spurious tick is harmless).
 * - `Resolved`: the answer to `Resolve { id }`: targets in failover order, or why none.
 * - `TransportError`: sending for entry `key` failed (§17.1.4, §17.2.4).
 * - `Command`: from the owner.
 */
export type Event<Cmd> =
  | { readonly _tag: "Received"; readonly now: number; readonly message: SipMessage; readonly source: Peer; readonly validated?: true }
  | { readonly _tag: "Tick"; readonly now: number; readonly key: string }
  | { readonly _tag: "Resolved"; readonly now: number; readonly id: string; readonly result: E.Either<string, ReadonlyArray<Peer>> }
  | { readonly _tag: "TransportError"; readonly now: number; readonly key: string }
  | { readonly _tag: "Command"; readonly now: number; readonly command: Cmd };
