// RFC 3515 REFER: public API.
export type { SipfragStatus } from "./sipfrag.js";
export { SIPFRAG_TYPE, parseSipfrag, referProgressOf, sipfragBody } from "./sipfrag.js";
export type { RefererConfig, RefererEffect, RefererEvent, RefererNotice, RefererStart, RefererState, RefererStep } from "./referer.js";
export { referInDialog, referOutOfDialog, stepReferer } from "./referer.js";
export type { RefereeConfig, RefereeEffect, RefereeEvent, RefereeNotice, RefereeStart, RefereeState, RefereeStep } from "./referee.js";
export { REFER_SUBSCRIPTION_SECONDS, grantNoSubscription, startReferee, stepReferee } from "./referee.js";
export type { ReferredCall } from "./transfer.js";
export { referredCall } from "./transfer.js";
