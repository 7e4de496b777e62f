// @puresip/transaction: the four RFC 3261 §17 transaction machines with RFC 6026, transaction
// matching (§17.1.3, §17.2.3) and the transaction layer, as pure reducers.
export type { TimerConfig, TimerName, Retransmit } from "./timers.js";
export { defaultTimers } from "./timers.js";
export type { ClientEvent, Peer, ServerEvent, Step, Terminated, TransactionEffect } from "./machine.js";
export { isReliableTransport } from "./machine.js";
/** The INVITE client transaction (RFC 3261 §17.1.1, with RFC 6026's Accepted state). */
export * as InviteClient from "./client-invite.js";
/** The non-INVITE client transaction (RFC 3261 §17.1.2). */
export * as NonInviteClient from "./client-non-invite.js";
/** The INVITE server transaction (RFC 3261 §17.2.1, with RFC 6026's Accepted state). */
export * as InviteServer from "./server-invite.js";
/** The non-INVITE server transaction (RFC 3261 §17.2.2). */
export * as NonInviteServer from "./server-non-invite.js";
export type { ClientStart, InviteAccepted, InviteCalling, InviteClientState, InviteCompleted, InviteProceeding } from "./client-invite.js";
export type { NonInviteClientCompleted, NonInviteClientState, NonInviteProceeding, NonInviteTrying } from "./client-non-invite.js";
export type {
  InviteServerAccepted,
  InviteServerCompleted,
  InviteServerConfirmed,
  InviteServerProceeding,
  InviteServerState,
  PendingTrying,
  ServerStart,
} from "./server-invite.js";
export type {
  NonInviteServerCompleted,
  NonInviteServerProceeding,
  NonInviteServerState,
  NonInviteServerTrying,
} from "./server-non-invite.js";
export { ackFor } from "./ack.js";
export { tryingFor } from "./trying.js";
export type { KeyError, TransactionKey } from "./key.js";
export {
  ackMatchesResponse,
  cancelledKey,
  clientKeyOfRequest,
  clientKeyOfResponse,
  hasMagicCookie,
  serverKeyOfRequest,
  serverKeyOfResponse,
} from "./key.js";
export type { LayerConfig, LayerEffect, LayerEvent, Transaction, TransactionStore } from "./layer.js";
export { defaultLayerConfig, isTerminated, nextDeadline, step } from "./layer.js";
export type { LayerReport, LayerTransmit, TransactionFiling } from "./layer-effects.js";
export { sortLayerEffects } from "./layer-effects.js";
export {
  InviteClientStateCodec,
  InviteServerStateCodec,
  LayerEffectCodec,
  LayerEventCodec,
  NonInviteClientStateCodec,
  NonInviteServerStateCodec,
  PeerCodec,
  SipRequestCodec,
  SipResponseCodec,
  TimerConfigCodec,
  TransactionCodec,
  TransactionKeyCodec,
} from "./codec.js";
export { inviteClientMachine, inviteServerMachine, nonInviteClientMachine, nonInviteServerMachine } from "./machines.js";
export type { LayerEntry, TransactionUser, TuInput, TuOutput, TuTimer } from "./layer-element.js";
export { TU_TIMER, layerElement } from "./layer-element.js";
