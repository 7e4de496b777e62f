// The conference information document of RFC 4575 §5 as plain readonly data, with io-ts codecs
// so a roster can be stored and restored like any other state (DESIGN.md). Element and
// attribute names follow the schema of §6 in camelCase; an optional XML element is an optional
// property, a repeated one an array (empty when absent). Text values are kept trimmed.
import * as t from "io-ts";

/** §4.4: whether an element holds all of its information, only what changed, or is gone. */
export type ElementState = "full" | "partial" | "deleted";

/** §5.7.3: the endpoint's status in the conference. */
export type EndpointStatus =
  | "pending"
  | "dialing-out"
  | "dialing-in"
  | "alerting"
  | "on-hold"
  | "connected"
  | "muted-via-focus"
  | "disconnecting"
  | "disconnected";

/** §5.7.4: how the endpoint joined. */
export type JoiningMethod = "dialed-in" | "dialed-out" | "focus-owner";

/** §5.7.6: how the endpoint left. */
export type DisconnectionMethod = "departed" | "booted" | "failed" | "busy";

/** §5.3.4, §5.8.5: the direction of a media stream, from the participant's side (SDP). */
export type MediaStatus = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** §6 execution-type: when, why and by whom (referred, joining-info, disconnection-info). */
export interface Execution {
  readonly when?: string;
  readonly reason?: string;
  readonly by?: string;
}

/** §6 uri-type: one entry of conf-uris, service-uris, host uris, associated-aors, sidebars-by-ref. */
export interface UriEntry {
  readonly uri: string;
  readonly displayText?: string;
  readonly purpose?: string;
  readonly modified?: Execution;
}

/** §6 uris-type: a list of URI entries; `sidebars-by-ref` may be sent partially (§4.4). */
export interface Uris {
  readonly state?: ElementState;
  readonly entries: ReadonlyArray<UriEntry>;
}

/** §5.3.4: one stream the conference offers, keyed by `label`. */
export interface AvailableMedium {
  readonly label: string;
  readonly displayText?: string;
  readonly type: string;
  readonly status?: MediaStatus;
}

/** §5.3: the conference as a whole. */
export interface ConferenceDescription {
  readonly displayText?: string;
  readonly subject?: string;
  readonly freeText?: string;
  readonly keywords?: ReadonlyArray<string>;
  readonly confUris?: Uris;
  readonly serviceUris?: Uris;
  readonly maximumUserCount?: number;
  readonly availableMedia?: ReadonlyArray<AvailableMedium>;
}

/** §5.4: who hosts the conference. */
export interface HostInfo {
  readonly displayText?: string;
  readonly webPage?: string;
  readonly uris?: Uris;
}

/** §5.5: user count, active, locked. */
export interface ConferenceState {
  readonly userCount?: number;
  readonly active?: boolean;
  readonly locked?: boolean;
}

/** §5.8: one media stream between the focus and an endpoint, keyed by `id` (§4.5). */
export interface Media {
  readonly id: string;
  readonly displayText?: string;
  readonly type?: string;
  readonly label?: string;
  readonly srcId?: string;
  readonly status?: MediaStatus;
}

/** §5.7.9: the SIP dialog between the endpoint and the focus. */
export interface SipDialogId {
  readonly displayText?: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag: string;
}

/** §5.7: one device or signaling session of a user, keyed by `entity` (§4.5). */
export interface Endpoint {
  readonly entity: string;
  readonly state?: ElementState;
  readonly displayText?: string;
  readonly referred?: Execution;
  readonly status?: EndpointStatus;
  readonly joiningMethod?: JoiningMethod;
  readonly joiningInfo?: Execution;
  readonly disconnectionMethod?: DisconnectionMethod;
  readonly disconnectionInfo?: Execution;
  readonly media: ReadonlyArray<Media>;
  readonly callInfo?: SipDialogId;
}

/** §5.6: one participant, keyed by `entity` (§4.5). */
export interface User {
  readonly entity: string;
  readonly state?: ElementState;
  readonly displayText?: string;
  readonly associatedAors?: Uris;
  readonly roles?: ReadonlyArray<string>;
  readonly languages?: ReadonlyArray<string>;
  readonly cascadedFocus?: string;
  readonly endpoints: ReadonlyArray<Endpoint>;
}

/** §5.6: the roster. */
export interface Users {
  readonly state?: ElementState;
  readonly users: ReadonlyArray<User>;
}

/** §5.9.2: sidebars described in place, each a conference keyed by `entity`. */
export interface SidebarsByVal {
  readonly state?: ElementState;
  readonly entries: ReadonlyArray<Conference>;
}

/**
 * §6 conference-type: the root element and each sidebar by value. `version` is optional here
 * because sidebars carry none; a `ConferenceInfo` (the root) always has one (§4.3).
 */
export interface Conference {
  readonly entity: string;
  readonly state?: ElementState;
  readonly version?: number;
  readonly description?: ConferenceDescription;
  readonly hostInfo?: HostInfo;
  readonly conferenceState?: ConferenceState;
  readonly users?: Users;
  readonly sidebarsByRef?: Uris;
  readonly sidebarsByVal?: SidebarsByVal;
}

/** §5.2: the root `<conference-info>`: "The 'version' attribute MUST be included" (§4.3). */
export interface ConferenceInfo extends Conference {
  readonly version: number;
}

/** The XML namespace of every element (§4.2). */
export const CONFERENCE_INFO_NAMESPACE = "urn:ietf:params:xml:ns:conference-info";

/** The MIME type of NOTIFY bodies (§3.4). */
export const CONFERENCE_INFO_TYPE = "application/conference-info+xml";

/** §5.2: a 32-bit unsigned version number. */
export const MAX_VERSION = 0xffff_ffff;

const literals = <A extends string>(values: readonly [A, A, ...A[]], name: string): t.Type<A> =>
  t.union(values.map((v) => t.literal(v)) as unknown as [t.Type<A>, t.Type<A>, ...t.Type<A>[]], name);

/** The values of `EndpointStatus`, in the schema's order. */
export const ENDPOINT_STATUSES: readonly [EndpointStatus, EndpointStatus, ...EndpointStatus[]] = [
  "pending", "dialing-out", "dialing-in", "alerting", "on-hold", "connected", "muted-via-focus", "disconnecting", "disconnected",
];
/** The values of `ElementState`. */
export const ELEMENT_STATES: readonly [ElementState, ElementState, ...ElementState[]] = ["full", "partial", "deleted"];
/** The values of `JoiningMethod`. */
export const JOINING_METHODS: readonly [JoiningMethod, JoiningMethod, ...JoiningMethod[]] = ["dialed-in", "dialed-out", "focus-owner"];
/** The values of `DisconnectionMethod`. */
export const DISCONNECTION_METHODS: readonly [DisconnectionMethod, DisconnectionMethod, ...DisconnectionMethod[]] = ["departed", "booted", "failed", "busy"];
/** The values of `MediaStatus`. */
export const MEDIA_STATUSES: readonly [MediaStatus, MediaStatus, ...MediaStatus[]] = ["sendrecv", "sendonly", "recvonly", "inactive"];

const StateCodec = literals(ELEMENT_STATES, "ElementState");
const MediaStatusCodec = literals(MEDIA_STATUSES, "MediaStatus");
const Version = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= MAX_VERSION, "Version");
const Count = Version;

const ExecutionCodec: t.Type<Execution> = t.readonly(t.partial({ when: t.string, reason: t.string, by: t.string }), "Execution");
const UriEntryCodec: t.Type<UriEntry> = t.readonly(
  t.intersection([t.type({ uri: t.string }), t.partial({ displayText: t.string, purpose: t.string, modified: ExecutionCodec })]),
  "UriEntry",
);
const UrisCodec: t.Type<Uris> = t.readonly(t.intersection([t.type({ entries: t.readonlyArray(UriEntryCodec) }), t.partial({ state: StateCodec })]), "Uris");
const AvailableMediumCodec: t.Type<AvailableMedium> = t.readonly(
  t.intersection([t.type({ label: t.string, type: t.string }), t.partial({ displayText: t.string, status: MediaStatusCodec })]),
  "AvailableMedium",
);
const DescriptionCodec: t.Type<ConferenceDescription> = t.readonly(
  t.partial({
    displayText: t.string,
    subject: t.string,
    freeText: t.string,
    keywords: t.readonlyArray(t.string),
    confUris: UrisCodec,
    serviceUris: UrisCodec,
    maximumUserCount: Count,
    availableMedia: t.readonlyArray(AvailableMediumCodec),
  }),
  "ConferenceDescription",
);
const HostInfoCodec: t.Type<HostInfo> = t.readonly(t.partial({ displayText: t.string, webPage: t.string, uris: UrisCodec }), "HostInfo");
const ConferenceStateCodec: t.Type<ConferenceState> = t.readonly(t.partial({ userCount: Count, active: t.boolean, locked: t.boolean }), "ConferenceState");
const MediaCodec: t.Type<Media> = t.readonly(
  t.intersection([t.type({ id: t.string }), t.partial({ displayText: t.string, type: t.string, label: t.string, srcId: t.string, status: MediaStatusCodec })]),
  "Media",
);
const SipDialogIdCodec: t.Type<SipDialogId> = t.readonly(
  t.intersection([t.type({ callId: t.string, fromTag: t.string, toTag: t.string }), t.partial({ displayText: t.string })]),
  "SipDialogId",
);
const EndpointCodec: t.Type<Endpoint> = t.readonly(
  t.intersection([
    t.type({ entity: t.string, media: t.readonlyArray(MediaCodec) }),
    t.partial({
      state: StateCodec,
      displayText: t.string,
      referred: ExecutionCodec,
      status: literals(ENDPOINT_STATUSES, "EndpointStatus"),
      joiningMethod: literals(JOINING_METHODS, "JoiningMethod"),
      joiningInfo: ExecutionCodec,
      disconnectionMethod: literals(DISCONNECTION_METHODS, "DisconnectionMethod"),
      disconnectionInfo: ExecutionCodec,
      callInfo: SipDialogIdCodec,
    }),
  ]),
  "Endpoint",
);
const UserCodec: t.Type<User> = t.readonly(
  t.intersection([
    t.type({ entity: t.string, endpoints: t.readonlyArray(EndpointCodec) }),
    t.partial({
      state: StateCodec,
      displayText: t.string,
      associatedAors: UrisCodec,
      roles: t.readonlyArray(t.string),
      languages: t.readonlyArray(t.string),
      cascadedFocus: t.string,
    }),
  ]),
  "User",
);
const UsersCodec: t.Type<Users> = t.readonly(t.intersection([t.type({ users: t.readonlyArray(UserCodec) }), t.partial({ state: StateCodec })]), "Users");

/** io-ts codec of `Conference` (recursive through sidebars by value). */
export const ConferenceCodec: t.Type<Conference> = t.recursion("Conference", () =>
  t.readonly(
    t.intersection([
      t.type({ entity: t.string }),
      t.partial({
        state: StateCodec,
        version: Version,
        description: DescriptionCodec,
        hostInfo: HostInfoCodec,
        conferenceState: ConferenceStateCodec,
        users: UsersCodec,
        sidebarsByRef: UrisCodec,
        sidebarsByVal: t.readonly(t.intersection([t.type({ entries: t.readonlyArray(ConferenceCodec) }), t.partial({ state: StateCodec })])),
      }),
    ]),
  ),
);

/** io-ts codec of `ConferenceInfo`: a conference with its version (§4.3). */
export const ConferenceInfoCodec: t.Type<ConferenceInfo, Conference> = t.refinement(ConferenceCodec, (c): c is ConferenceInfo => c.version !== undefined, "ConferenceInfo");

/** §4.4: "The default value of any 'state' attribute is "full"." */
export const stateOf = (element: { readonly state?: ElementState }): ElementState => element.state ?? "full";
