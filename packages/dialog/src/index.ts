export type { DialogId, Side } from "./dialog-id.js";
export { dialogIdEquals, dialogIdOf, dialogKey } from "./dialog-id.js";
export type { ConfirmedDialog, Dialog, DialogError, EarlyDialog, Transport } from "./dialog.js";
export { createUacDialog, createUasDialog } from "./dialog.js";
export { isTargetRefresh } from "./target-refresh.js";
export type { InDialogRejection } from "./uas-in-dialog.js";
export { receiveRequest } from "./uas-in-dialog.js";
export type { RequestTarget, ResponseOutcome } from "./uac-in-dialog.js";
export { confirmUac, nextLocalSeq, processResponse, requestTarget } from "./uac-in-dialog.js";
export { tagOf } from "./tags.js";
export type { DialogJson } from "./codec.js";
export { DialogCodec, DialogIdCodec, NameAddrCodec, UriCodec, optionCodec } from "./codec.js";
export type { AckSpec, InDialogRequestSpec, RequestBuildError } from "./request.js";
export { buildAck, buildCancel, buildRequest } from "./request.js";
export type { NoDialogOutcome } from "./no-dialog.js";
export { isInDialogRequest, rejectNoDialog } from "./no-dialog.js";
export type { BodyEvent, BodyRole, Carrier, Exchange, OfferAnswerError, OfferAnswerState, Party } from "./offer-answer.js";
export { OfferAnswerStateCodec, exchangeOf, initialOfferAnswer, offerAnswerOn, owes, stepOfferAnswer } from "./offer-answer.js";
export type {
  AwaitingAck,
  Body,
  Calling,
  EndReason,
  Established,
  Incoming,
  InviteSession,
  Pending,
  ResponseDetails,
  SessionConfig,
  SessionEffect,
  SessionEvent,
  SessionNotice,
  SessionStep,
  Terminating,
} from "./session/types.js";
export type { UacStart } from "./session/uac.js";
export type { UasStart } from "./session/uas.js";
export { defaultSessionConfig, nextVia } from "./session/common.js";
export { startUac } from "./session/uac.js";
export { startUas } from "./session/uas.js";
export { nextDeadline as sessionDeadline, sessionDialog, step as stepSession } from "./session/invite-session.js";
export { glareDelay, retryAfterSeconds } from "./session/delays.js";
export { InviteSessionCodec } from "./session/codec.js";
export { SipRequestCodec, SipResponseCodec } from "./codec.js";
export type { PrackOutcome, RAck, ReliableError, ReliableReceipt, ReliableTick, ReliableUas, Unacknowledged } from "./reliable-provisional.js";
export {
  ReliableUasCodec,
  buildPrack,
  hasOptionTag,
  mayAnswer,
  rackOf,
  receivePrack,
  receiveReliable,
  reliableDeadline,
  rseqOf,
  sendReliable,
  startReliableUas,
  tickReliable,
  uacSupports100rel,
} from "./reliable-provisional.js";
export type { Refresher, SessionExpires, SessionTimer, TimerDue, TimerPolicy, UasNegotiation } from "./session-timer.js";
export {
  MIN_SE_FLOOR,
  SessionTimerCodec,
  minSeOf,
  negotiateUas,
  printSessionExpires,
  refreshHeaders,
  retryAfter422,
  sessionExpiresOf,
  startTimer,
  timerDeadline,
  timerDue,
  uacTimerOf,
} from "./session-timer.js";
