// @puresip/sdp public API.
export type * from "./model.js";
export type * from "./attributes/model.js";
export { parseSdp } from "./parse.js";
export { serializeSdp } from "./serialize.js";
export { parseAttribute, printAttribute } from "./attributes/index.js";
export { fmtpParameters } from "./attributes/rtp.js";
export { intersect as intersectDirections, isCompatibleAnswer, mirror, receives, sends } from "./attributes/direction.js";
export { addressKind, isIPv4Multicast, parseConnection, printConnection } from "./connection.js";
export type { AddressKind } from "./connection.js";
export * from "./offer-answer/index.js";
export {
  AttributeCodec,
  ConnectionCodec,
  DirectionCodec,
  MediaDescriptionCodec,
  OriginCodec,
  SdpErrorCodec,
  SessionDescriptionCodec,
  UnknownLineCodec,
} from "./codec.js";
