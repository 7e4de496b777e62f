// @puresip/focus: a conference focus (RFC 4579, RFC 4353) as a pure application on the UA core.
export type { FocusConfig, FocusConfigError } from "./config.js";
export { checkFocusConfig, describeFocusConfigError, dialOutLimit, focusConfig, maxDialOutSeconds } from "./config.js";
export type { FocusCommand, FocusEvent } from "./events.js";
export type { FocusApplication } from "./focus.js";
export { focusApplication } from "./focus.js";
export type { FocusElement } from "./element.js";
export { focusElement, focusUaConfig } from "./element.js";
export type { ConferenceEntry, ConferenceSubscriber, Departed, Disconnection, FocusState, JoiningMethod, MediaAddress, Participant, ParticipantStatus, SentSdp } from "./model.js";
export {
  ConferenceEntryCodec,
  ConferenceSubscriberCodec,
  DisconnectionCodec,
  FocusStateCodec,
  JoiningMethodCodec,
  MediaAddressCodec,
  ParticipantCodec,
  ParticipantStatusCodec,
  SentSdpCodec,
  initialFocusState,
} from "./model.js";
export type { Answered, MessageBody } from "./participant-media.js";
export { answerFor, offerFor, versioned } from "./participant-media.js";
