// RFC 3264 offer/answer as pure functions.
export type * from "./capabilities.js";
export { offerAnswerError } from "./capabilities.js";
export type { MediaCodec } from "./codecs.js";
export { STATIC_PAYLOAD_TYPES, addressOf, codecsOf, directionOf, isRtp, midOf, sameCodec, sameFormatConfiguration } from "./codecs.js";
export { assignPayloadTypes, createOffer } from "./offer.js";
export type { AnswerOptions } from "./answer.js";
export { createAnswer } from "./answer.js";
export type { ActiveStream, Endpoint, NegotiatedCodec, NegotiatedStream, Negotiation, RejectedStream } from "./negotiate.js";
export { negotiate, validateAnswer } from "./negotiate.js";
export type { Change } from "./reoffer.js";
export { addStream, hold, incrementDecimal, nextVersion, removeStream, reoffer, resume } from "./reoffer.js";
