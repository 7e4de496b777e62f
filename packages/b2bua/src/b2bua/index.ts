export type { AState, B2buaEntry, B2buaEvent, B2buaLogic, B2buaOptions, B2buaState, BState, Decision, LegOf, Link, Relay, Side } from "./types.js";
export { B2buaEntryCodec, B2buaStateCodec, LinkCodec } from "./types.js";
export { DEFAULT_MAX_LINKS, b2buaApplication, initialB2buaState } from "./application.js";
export { legKey, linkKey } from "./keys.js";
