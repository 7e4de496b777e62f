// A conference package subscriber's view (RFC 4575 §3.7, §4.6): NOTIFY bodies go in one at a
// time, the last good roster stays, and each body comes back with what it did. A body that does
// not parse, a stale version and a version gap leave the roster as it was; a gap tells the
// application to refresh the subscription (RFC 6665 §4.1.2.2) for a full document.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import type { NotificationProblem } from "./apply.js";
import { applyNotification } from "./apply.js";
import type { ConferenceInfo } from "./model.js";
import { CONFERENCE_INFO_TYPE, ConferenceInfoCodec } from "./model.js";
import type { ConferenceInfoError, ParseLimits } from "./parse.js";
import { DEFAULT_PARSE_LIMITS, parseConferenceInfo } from "./parse.js";

/** What the subscriber keeps: the roster built so far, none before the first full document. */
export interface RosterView {
  readonly roster: O.Option<ConferenceInfo>;
}

/** The view before any NOTIFY. */
export const emptyRosterView: RosterView = { roster: O.none };

/** A NOTIFY body as the UA core delivers it (@puresip/dialog's `Body`). */
export interface NotifyBody {
  readonly type: string;
  readonly content: Uint8Array;
}

/** What one NOTIFY did to the view. */
export type RosterUpdate =
  /** §4.6: applied; `roster` is the new local state, `document` what came. */
  | { readonly _tag: "Applied"; readonly roster: ConferenceInfo; readonly document: ConferenceInfo }
  /** §4.6: the conference-info was "deleted": the conference is over; unsubscribe (Expires 0). */
  | { readonly _tag: "ConferenceEnded"; readonly roster: ConferenceInfo }
  /** §4.6: a version gap: refresh the subscription to get a full document; the roster is unchanged. */
  | { readonly _tag: "RefreshNeeded"; readonly problem: Extract<NotificationProblem, { readonly _tag: "Gap" }> }
  /** §4.6: an old or duplicate version, or another conference's document: discarded. */
  | { readonly _tag: "Discarded"; readonly problem: Exclude<NotificationProblem, { readonly _tag: "Gap" }> }
  /** The body is not a conference-info document; the last good roster stays. */
  | { readonly _tag: "Unreadable"; readonly error: ConferenceInfoError | { readonly _tag: "WrongType"; readonly type: string } }
  /** A NOTIFY without a body (RFC 6665 §4.2.1.3 allows one, e.g. while pending): nothing to apply. */
  | { readonly _tag: "NoBody" };

const sameType = (type: string): boolean => type.split(";")[0]?.trim().toLowerCase() === CONFERENCE_INFO_TYPE;

/**
 * RFC 4575 §4.6: applies one NOTIFY body to the view. The view comes back unchanged with every
 * outcome but `Applied` and `ConferenceEnded`.
 */
export const receiveNotify = (view: RosterView, body: NotifyBody | null, limits: ParseLimits = DEFAULT_PARSE_LIMITS): readonly [RosterView, RosterUpdate] => {
  if (body === null || body.content.length === 0) return [view, { _tag: "NoBody" }];
  if (!sameType(body.type)) return [view, { _tag: "Unreadable", error: { _tag: "WrongType", type: body.type } }];
  const doc = parseConferenceInfo(body.content, limits);
  if (E.isLeft(doc)) return [view, { _tag: "Unreadable", error: doc.left }];
  const applied = applyNotification(view.roster, doc.right);
  if (E.isRight(applied)) {
    const roster = applied.right;
    return [{ roster: O.some(roster) }, roster.state === "deleted" ? { _tag: "ConferenceEnded", roster } : { _tag: "Applied", roster, document: doc.right }];
  }
  const problem = applied.left;
  switch (problem._tag) {
    case "Gap":
      return [view, { _tag: "RefreshNeeded", problem }];
    case "Stale":
    case "OtherConference":
      return [view, { _tag: "Discarded", problem }];
    default:
      return absurd(problem);
  }
};

/** io-ts codec of `RosterView` (the roster as JSON, null for none), so a view can be stored. */
export const RosterViewCodec: t.Type<RosterView, { readonly roster: unknown }> = new t.Type<RosterView, { readonly roster: unknown }>(
  "RosterView",
  (u): u is RosterView => typeof u === "object" && u !== null && "roster" in u && (O.isNone(u.roster as O.Option<unknown>) || ConferenceInfoCodec.is((u.roster as O.Some<unknown>).value)),
  (u, c) => {
    if (typeof u !== "object" || u === null || !("roster" in u)) return t.failure(u, c, "not a roster view");
    if (u.roster === null) return t.success(emptyRosterView);
    return E.map((roster: ConferenceInfo) => ({ roster: O.some(roster) }))(ConferenceInfoCodec.validate(u.roster, c));
  },
  (v) => ({ roster: O.isSome(v.roster) ? ConferenceInfoCodec.encode(v.roster.value) : null }),
);
