export type { CallOf, ControllerCommand, ControllerEntry, ControllerEvent, ControllerSession, ControllerState, Flow, Party, Phase, Role } from "./types.js";
export { ControllerEntryCodec, ControllerStateCodec } from "./types.js";
export type { ControllerOptions } from "./controller.js";
export { DEFAULT_MAX_SESSIONS, initialControllerState, thirdPartyController } from "./controller.js";
export { continueOrigin, noMediaOffer } from "./sdp.js";
