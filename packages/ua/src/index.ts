export type { Capabilities } from "./capabilities.js";
export { CapabilitiesCodec, basicCapabilities, capabilityHeaders, knownMethods } from "./capabilities.js";
export { firstAdmitted, rangeAdmits, sameMediaType } from "./uas/accept.js";
export type { MergeKey, RecentRequests } from "./uas/merged.js";
export { isMergedRequest, mergeKey, rememberRequest } from "./uas/merged.js";
export type {
  BadExtension,
  LoopDetected,
  Malformed,
  MethodNotAllowed,
  NotAcceptable,
  NotFound,
  NotImplemented,
  Rejection,
  RuleOf,
  UnsupportedMediaType,
  UnsupportedUriScheme,
} from "./uas/rejection.js";
export type { RequestContext } from "./uas/checks.js";
export { checkRequest } from "./uas/checks.js";
export type { AckNotAnswered, RespondError, RespondOptions } from "./uas/respond.js";
export { rejectionResponse } from "./uas/respond.js";
export type { OptionsAnswer, OptionsBody } from "./uas/options.js";
export { optionsResponse } from "./uas/options.js";
export type {
  RegistrationAnswer,
  RegistrationBinding,
  RegistrationCache,
  RegistrationConfig,
  RegistrationConfigError,
  RegistrationEffect,
  RegistrationEvent,
  RegistrationIntent,
  RegistrationNotification,
  RegistrationState,
  RegistrationStep,
} from "./usages/registration/index.js";
export { REFRESH_MARGIN_SECONDS, RegistrationStateCodec, grantedInterval, nextRegistrationDeadline, registerRequest, startRegistration, stepRegistration } from "./usages/registration/index.js";
export type { Entropy, NewRequestError, NewRequestSpec, Party, RequestBody, RequestEntropy, SentBy } from "./uac/new-request.js";
export { MIN_ENTROPY_BYTES, newRequest } from "./uac/new-request.js";
export type { OutboundIdentity } from "./uac/outbound.js";
export { PONG_TIMEOUT_MS, flowTimerSeconds, keepAliveDelayMs, registrarSupportsOutbound, withOutbound } from "./uac/outbound.js";
export type { DestinationContext, ResponseDestination, ResponseRouteError, SourceAddress } from "./response-route.js";
export { defaultPort, receivedParams, responseDestination, stampTopVia } from "./response-route.js";
export type {
  AppEvent,
  Answered,
  DigestCache,
  Body,
  CallMedia,
  ClientRequest,
  Redirects,
  Credential,
  DialogEntry,
  Owner,
  Seed,
  StoreEntry,
  UaCommand,
  UaConfig,
  UaEffect,
  UaEvent,
  UaReducer,
  UaState,
  UaStep,
  UaStore,
  Usage,
  UsageKey,
} from "./core/types.js";
export { drawHex, initialState } from "./core/initial-state.js";
export { nextDeadline } from "./core/deadline.js";
export type { UaElement } from "./core/ua-element.js";
export { uaElement } from "./core/ua-element.js";
export { callKey, clientRequestKey, registrationKey } from "./core/keys.js";
export { step } from "./core/step.js";
export { StoreEntryCodec, UaStateCodec, UsageCodec } from "./core/codec.js";
export { isTransactionEntry } from "./core/store-entry.js";
// The §10.3 registrar is the subpath `@puresip/ua/registrar`: a UA that registers need not load it.
export * from "./usages/subscription/index.js";
export * from "./usages/refer/index.js";
export type { ReplacesVerdict } from "./usages/call/replaces.js";
export { replacesVerdict } from "./usages/call/replaces.js";
export { PROVISIONAL_INTERVAL } from "./usages/call/call.js";
export { INVITE_REFRESH_MS } from "./uac/invite-refresh.js";
