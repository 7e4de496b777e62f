// The participant list, the single source of truth of a conference (RFC 4353 §3: the focus
// "maintains a SIP signaling relationship with each participant"). One registry entry per
// conference holds its participants; the owner hears every change as a `RosterChanged`.
// Every field is plain data with an io-ts codec, so a snapshot stores and restores it.
import * as t from "io-ts";
import { ConferenceInfoCodec } from "@puresip/conference";

/**
 * Where a participant stands. RFC 4575 §5.6.1 names the endpoint states this follows
 * (pending, dialing-out, alerting, connected, on-hold, disconnecting, disconnected).
 */
export const ParticipantStatusCodec = t.keyof({
  pending: null,
  "dialing-out": null,
  alerting: null,
  connected: null,
  "on-hold": null,
  disconnecting: null,
  disconnected: null,
});
/** See `ParticipantStatusCodec`. */
export type ParticipantStatus = t.TypeOf<typeof ParticipantStatusCodec>;

/** RFC 4575 §5.6.2 joining-method: the participant called in, or the focus called out (RFC 4579 §5.1, §5.2). */
export const JoiningMethodCodec = t.keyof({ "dialed-in": null, "dialed-out": null });
/** See `JoiningMethodCodec`. */
export type JoiningMethod = t.TypeOf<typeof JoiningMethodCodec>;

/**
 * RFC 4575 §5.6.3 disconnection-method: `departed` (the participant sent BYE), `booted` (removed
 * by a REFER with method=BYE, RFC 4579 §5.11), `failed` or `busy` (a dial-out that did not
 * connect), with the SIP status that ended it when there was one.
 */
export const DisconnectionCodec = t.readonly(
  t.type({ method: t.keyof({ departed: null, booted: null, failed: null, busy: null }), status: t.union([t.number, t.null]), reason: t.string }),
);
/** See `DisconnectionCodec`. */
export type Disconnection = t.TypeOf<typeof DisconnectionCodec>;

/** The address and port the owner's shell allocated for a participant's media (`MediaAllocated`). */
export const MediaAddressCodec = t.readonly(t.type({ address: t.string, port: t.number }));
/** See `MediaAddressCodec`. */
export type MediaAddress = t.TypeOf<typeof MediaAddressCodec>;

/** A session description the focus sent: its o= sess-version and its text (RFC 3264 §8). */
export const SentSdpCodec = t.readonly(t.type({ version: t.number, text: t.string }));
/** See `SentSdpCodec`. */
export type SentSdp = t.TypeOf<typeof SentSdpCodec>;

/**
 * One participant.
 * - `id`: the focus's own name for it (`p1`, `p2`, ...), stable from the first moment.
 * - `call`: the UA core's call key, once there is a call (a dial-out gets it on `CallCreated`).
 * - `uri`, `display`: who it is (From of a dial-in, Refer-To of a dial-out), as printed.
 * - `media`: the allocated address (null while `AllocateMedia` is unanswered, until `mediaBy`).
 * - `offer`: a dial-in's SDP offer, kept only until it is answered.
 * - `referral`: the REFER subscription to report this participant's progress to (RFC 3515 §2.4.5).
 * - `reportBy`: when `referral` must have heard a final outcome, a little before that
 *   subscription ends (null with no referral; see referral-deadline.ts).
 * - `sdp`: the last session description sent to it, with its o= version (RFC 3264 §8).
 */
export const ParticipantCodec = t.readonly(
  t.type({
    id: t.string,
    call: t.union([t.string, t.null]),
    uri: t.string,
    display: t.union([t.string, t.null]),
    status: ParticipantStatusCodec,
    joining: JoiningMethodCodec,
    media: t.union([MediaAddressCodec, t.null]),
    mediaBy: t.union([t.number, t.null]),
    offer: t.union([t.string, t.null]),
    referral: t.union([t.string, t.null]),
    reportBy: t.union([t.number, t.null]),
    sdp: t.union([SentSdpCodec, t.null]),
  }),
);
/** See `ParticipantCodec`. */
export type Participant = t.TypeOf<typeof ParticipantCodec>;

/** A participant who has left, as the roster reports it once: who, and how it ended. */
export interface Departed {
  readonly participant: Participant;
  readonly disconnection: Disconnection;
}

/**
 * One RFC 4575 subscription to a conference (the UA core's notifier usage `key`) and what the
 * focus knows of its NOTIFYs, so that each one can be a partial document (§4.6):
 * - `version`: the version of the last document handed to the UA core (§5.2: scoped within
 *   the subscription, one up per NOTIFY);
 * - `inFlight`, `queued`: the UA core's notifier sends one NOTIFY at a time and keeps only the
 *   latest body waiting behind it (ua's notifier: a body given while one is waiting replaces
 *   it). `queued` says what waits: none, a document of ours (its version never went out), or
 *   the notifier's own repeat of the last body after a refresh;
 * - `needFull`: a NOTIFY was refused, so the subscriber may lack it: the next one is full.
 */
export const ConferenceSubscriberCodec = t.readonly(
  t.type({
    key: t.string,
    version: t.number,
    inFlight: t.boolean,
    queued: t.keyof({ none: null, ours: null, repeat: null }),
    needFull: t.boolean,
  }),
);
/** See `ConferenceSubscriberCodec`. */
export type ConferenceSubscriber = t.TypeOf<typeof ConferenceSubscriberCodec>;

/**
 * The registry entry of a live conference: its name (the conference URI's user part), its URI
 * as the requests named it, its participants, the RFC 4575 subscriptions to it, and `shown`:
 * the document every subscriber holds once its NOTIFYs arrive (the base of the next partial
 * one; null while nobody subscribes). It lives while either list has anyone.
 */
export const ConferenceEntryCodec = t.readonly(
  t.type({
    _tag: t.literal("Conference"),
    name: t.string,
    uri: t.string,
    participants: t.readonlyArray(ParticipantCodec),
    subscribers: t.readonlyArray(ConferenceSubscriberCodec),
    shown: t.union([ConferenceInfoCodec, t.null]),
  }),
);
/** See `ConferenceEntryCodec`. */
export type ConferenceEntry = t.TypeOf<typeof ConferenceEntryCodec>;

/**
 * The focus's own state: the next participant number, the roster version of each conference
 * (`RosterChanged`; it only grows, also across a time with nobody in; each RFC 4575
 * subscription numbers its own NOTIFYs, `ConferenceSubscriber`), and the participant whose
 * `MakeCall` is under way (its `CallCreated` or `CallNotMade` comes in the same step).
 */
export const FocusStateCodec = t.readonly(
  t.type({
    next: t.number,
    versions: t.readonly(t.record(t.string, t.number)),
    dialing: t.union([t.readonly(t.type({ conference: t.string, participant: t.string })), t.null]),
  }),
);
/** See `FocusStateCodec`. */
export type FocusState = t.TypeOf<typeof FocusStateCodec>;

/** The state a focus starts from. */
export const initialFocusState: FocusState = { next: 1, versions: {}, dialing: null };
