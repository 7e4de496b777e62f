// The shapes of the B2BUA building block: the user's routing decision, the link between the
// two calls of one relayed session, and what the application tells its owner.
import type * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { SipRequestCodec } from "@puresip/dialog";
import type { HeaderField, SipRequest, Uri } from "@puresip/message";
import type { SessionDescription } from "@puresip/sdp";
import type { UsageKey } from "@puresip/ua";

/**
 * What the user's logic decides for an incoming call: `Route` makes the B-leg (an INVITE to
 * `target` with the A-leg's body, and `headers` added), `Reject` answers the A-leg with `status`.
 */
export type Decision =
  | { readonly _tag: "Route"; readonly target: Uri; readonly toName?: string; readonly headers?: ReadonlyArray<HeaderField> }
  | { readonly _tag: "Reject"; readonly status: number };

/** The user's B2BUA logic: a pure function of the incoming INVITE and its offer (none: an offerless INVITE). */
export type B2buaLogic = (invite: SipRequest, offer: O.Option<SessionDescription>) => Decision;

/** How the B2BUA is set up: its logic and the most links it keeps at once (503 beyond them, RFC 3261 §21.5.4). */
export interface B2buaOptions {
  readonly logic: B2buaLogic;
  /** Default 1000. */
  readonly maxLinks?: number;
}

/** Where the A-leg of a link is, as the B2BUA has seen it: ringing, answered (our 2xx sent), or ended. */
export type AState = "Ringing" | "Answered" | "Ended";
/** Where the B-leg of a link is: our INVITE out, its 2xx come, or ended. */
export type BState = "Calling" | "Established" | "Ended";

/** Which call of a link: the incoming one (A) or the one the B2BUA made (B). */
export type Side = "A" | "B";

/**
 * A re-INVITE or UPDATE from `from`, held until the other side answered the re-offer made from
 * it. `offerless`: the re-INVITE had no offer (RFC 3261 §14.1), so the other side was
 * re-INVITEd without one: `Asking` until its 2xx brings an offer, then `Answered` (that offer
 * went to `from` in our 2xx) until `from`'s ACK brings the answer for the other side's ACK.
 */
export interface Relay {
  readonly from: Side;
  readonly request: SipRequest;
  readonly offerless?: "Asking" | "Answered";
}

/**
 * One relayed session, filed under its A-leg's key. `b` is the B-leg's key once the INVITE is
 * made; `ackOwed`: B's 2xx carried an offer (A's INVITE had none), so B's ACK waits for the
 * answer A's ACK brings (RFC 3261 §13.2.1).
 */
export interface Link {
  readonly _tag: "Link";
  readonly a: UsageKey;
  readonly b: UsageKey | null;
  readonly aState: AState;
  readonly bState: BState;
  readonly ackOwed: boolean;
  readonly relay: Relay | null;
  /** An INFO (or another request of the application's, RFC 6086) from one side, held until the other side's final response. */
  readonly info: Relay | null;
}

/** The B-leg's way back to its link: the other half of the mapping. */
export interface LegOf {
  readonly _tag: "LegOf";
  readonly a: UsageKey;
}

/** The B2BUA's registry entries. */
export type B2buaEntry = Link | LegOf;

/**
 * The B2BUA's own state: how many links it holds (for the cap) and the A-legs whose B-leg
 * INVITE was asked for in this step, in order (the UA core answers every `MakeCall` with
 * `CallCreated` or `CallNotMade`, in order, in the same step).
 */
export interface B2buaState {
  readonly links: number;
  readonly making: ReadonlyArray<UsageKey>;
}

/** What the B2BUA tells its owner. */
export type B2buaEvent =
  | { readonly _tag: "Linked"; readonly a: UsageKey; readonly b: UsageKey }
  | { readonly _tag: "Refused"; readonly a: UsageKey; readonly status: number }
  | { readonly _tag: "Unlinked"; readonly a: UsageKey }
  | { readonly _tag: "Problem"; readonly reason: string };

const usageKey = t.string as unknown as t.Type<UsageKey, string>;

const RelayCodec = t.readonly(
  t.intersection([t.type({ from: t.keyof({ A: null, B: null }), request: SipRequestCodec }), t.partial({ offerless: t.keyof({ Asking: null, Answered: null }) })]),
);

/** io-ts codec for a `Link` (snapshots). */
export const LinkCodec: t.Type<Link, unknown> = t.readonly(
  t.type({
    _tag: t.literal("Link"),
    a: usageKey,
    b: t.union([usageKey, t.null]),
    aState: t.keyof({ Ringing: null, Answered: null, Ended: null }),
    bState: t.keyof({ Calling: null, Established: null, Ended: null }),
    ackOwed: t.boolean,
    relay: t.union([RelayCodec, t.null]),
    info: t.union([RelayCodec, t.null]),
  }),
);

/** io-ts codec for the B2BUA's registry entries. */
export const B2buaEntryCodec: t.Type<B2buaEntry, unknown> = t.union([LinkCodec, t.readonly(t.type({ _tag: t.literal("LegOf"), a: usageKey }))]);

/** io-ts codec for the B2BUA's own state. */
export const B2buaStateCodec: t.Type<B2buaState, unknown> = t.readonly(t.type({ links: t.number, making: t.readonlyArray(usageKey) }));
