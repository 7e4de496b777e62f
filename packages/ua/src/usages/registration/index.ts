// §10.2 registration client: public API.
export type { RegistrationAnswer, RegistrationBinding, RegistrationCache, RegistrationConfig, RegistrationIntent, RegistrationNotification, RegistrationEffect, RegistrationEvent, RegistrationState } from "./state.js";
export { RegistrationStateCodec } from "./state.js";
export type { RegistrationConfigError, RegistrationStep } from "./client.js";
export { REFRESH_MARGIN_SECONDS, grantedInterval, nextRegistrationDeadline, startRegistration, stepRegistration } from "./client.js";
export { registerRequest } from "./register-request.js";
