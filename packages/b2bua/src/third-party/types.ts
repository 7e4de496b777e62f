// The shapes of the RFC 3725 third-party call controller: its commands, the session it runs
// between two parties, and what it tells its owner.
import * as t from "io-ts";
import { SipRequestCodec, UriCodec } from "@puresip/dialog";
import type { SipRequest, Uri } from "@puresip/message";
import type { Origin } from "@puresip/sdp";
import type { UsageKey } from "@puresip/ua";

/** RFC 3725 §4.1 Flow I (offerless INVITE to A; for a B that answers at once) or §4.4 Flow IV (recommended, §5). */
export type Flow = "I" | "IV";

/**
 * What the controller's owner asks.
 * - `Connect`: set up a session between `a` and `b` by `flow` (RFC 3725 §4).
 * - `Reconnect`: connect A of `session` to `to` instead of B (RFC 3725 §7 Figure 7's flow), and hang up B.
 * - `Disconnect`: hang up both (RFC 3725 §7 Figure 6).
 */
export type ControllerCommand =
  | { readonly _tag: "Connect"; readonly session: string; readonly a: Uri; readonly b: Uri; readonly flow: Flow }
  | { readonly _tag: "Reconnect"; readonly session: string; readonly to: Uri }
  | { readonly _tag: "Disconnect"; readonly session: string };

/** What the controller tells its owner. `leg`: "A" the first party, "B" the current second party. */
export type ControllerEvent =
  | { readonly _tag: "Connected"; readonly session: string }
  | { readonly _tag: "Reconnected"; readonly session: string }
  | { readonly _tag: "Failed"; readonly session: string; readonly leg: Role; readonly status: number }
  | { readonly _tag: "Ended"; readonly session: string }
  | { readonly _tag: "Refused"; readonly session: string; readonly reason: string };

/** A call's part in a session; `Old` is a B the controller is hanging up after a reconnect. */
export type Role = "A" | "B" | "Old";

/** Where a session is in its flow: what it waits for next. */
export type Phase =
  /** Flow I (1)–(2): A's 200 with offer1. */
  | "AOffer"
  /** Flow I (3)–(4): B's 200 with answer1. */
  | "BAnswer"
  /** Flow IV (1)–(3) and reconnect (3)–(5): the new party's 200 to the no-media offer. */
  | "NoMedia"
  /** Flow IV (4)–(5): B's 200 with offer2. */
  | "BOffer"
  /** Flow IV (6)–(7): A's 200 with answer2'. */
  | "AAnswer"
  /** Reconnect (6)–(7): A's 200 to the offerless re-INVITE, with offer3. */
  | "AReoffer"
  /** Reconnect (8)–(9): C's 200 with answer3'. */
  | "CAnswer"
  | "Connected"
  | "Ending";

/** One party: its call (null until the INVITE is made), whether it ended, and our last o= line sent to it (RFC 3264 §8). */
export interface Party {
  readonly call: UsageKey | null;
  readonly ended: boolean;
  readonly origin: Origin | null;
}

/**
 * A session the controller runs, under its owner's name. `reconnect`: the phase belongs to a
 * Reconnect; `target`: B's address, until the flow calls B; `held`: a connected party's
 * re-INVITE or UPDATE, waiting for the other party's answer to the re-offer made from it (§7).
 */
export interface ControllerSession {
  readonly _tag: "Session";
  readonly id: string;
  readonly flow: Flow;
  readonly phase: Phase;
  readonly reconnect: boolean;
  readonly target: Uri | null;
  readonly held: { readonly from: "A" | "B"; readonly request: SipRequest } | null;
  readonly a: Party;
  readonly b: Party;
}

/** A call's way back to its session. */
export interface CallOf {
  readonly _tag: "CallOf";
  readonly session: string;
  readonly role: Role;
}

/** The controller's registry entries. */
export type ControllerEntry = ControllerSession | CallOf;

/**
 * The controller's own state: the calls asked for in this step, in order (see
 * `B2buaState.making`), a counter for o= session ids, and how many sessions run (for the cap).
 */
export interface ControllerState {
  readonly making: ReadonlyArray<{ readonly session: string; readonly role: Role }>;
  readonly sessions: number;
  readonly live: number;
}

const usageKey = t.string as unknown as t.Type<UsageKey, string>;
const role = t.keyof({ A: null, B: null, Old: null });
const OriginCodec = t.readonly(t.type({ username: t.string, sessionId: t.string, sessionVersion: t.string, netType: t.string, addrType: t.string, unicastAddress: t.string }));
const PartyCodec = t.readonly(t.type({ call: t.union([usageKey, t.null]), ended: t.boolean, origin: t.union([OriginCodec, t.null]) }));
const phase = t.keyof({ AOffer: null, BAnswer: null, NoMedia: null, BOffer: null, AAnswer: null, AReoffer: null, CAnswer: null, Connected: null, Ending: null });

/** io-ts codec for the controller's registry entries (snapshots). */
export const ControllerEntryCodec: t.Type<ControllerEntry, unknown> = t.union([
  t.readonly(t.type({ _tag: t.literal("Session"), id: t.string, flow: t.keyof({ I: null, IV: null }), phase, reconnect: t.boolean, target: t.union([UriCodec, t.null]), held: t.union([t.readonly(t.type({ from: t.keyof({ A: null, B: null }), request: SipRequestCodec })), t.null]), a: PartyCodec, b: PartyCodec })),
  t.readonly(t.type({ _tag: t.literal("CallOf"), session: t.string, role })),
]);

/** io-ts codec for the controller's own state. */
export const ControllerStateCodec: t.Type<ControllerState, unknown> = t.readonly(
  t.type({ making: t.readonlyArray(t.readonly(t.type({ session: t.string, role }))), sessions: t.number, live: t.number }),
);
