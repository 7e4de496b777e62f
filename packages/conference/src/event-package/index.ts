// RFC 4575, the conference event package: public API.
export type {
  AvailableMedium,
  Conference,
  ConferenceDescription,
  ConferenceInfo,
  ConferenceState,
  DisconnectionMethod,
  ElementState,
  Endpoint,
  EndpointStatus,
  Execution,
  HostInfo,
  JoiningMethod,
  Media,
  MediaStatus,
  SidebarsByVal,
  SipDialogId,
  UriEntry,
  Uris,
  User,
  Users,
} from "./model.js";
export {
  CONFERENCE_INFO_NAMESPACE,
  CONFERENCE_INFO_TYPE,
  ConferenceCodec,
  ConferenceInfoCodec,
  DISCONNECTION_METHODS,
  ELEMENT_STATES,
  ENDPOINT_STATUSES,
  JOINING_METHODS,
  MAX_VERSION,
  MEDIA_STATUSES,
  stateOf,
} from "./model.js";
export type { ConferenceInfoError, ParseLimits } from "./parse.js";
export { DEFAULT_PARSE_LIMITS, describeConferenceInfoError, parseConferenceInfo } from "./parse.js";
export { printConferenceInfo } from "./print.js";
export type { NotificationProblem } from "./apply.js";
export { applyNotification, rosterOf } from "./apply.js";
export { diff } from "./diff.js";
export { sameData } from "./equal.js";
export type { NotifyBody, RosterUpdate, RosterView } from "./subscriber.js";
export { RosterViewCodec, emptyRosterView, receiveNotify } from "./subscriber.js";
export { rosterLines } from "./roster-lines.js";
