// The four §17 machines as values of the kernel's machine contract (start, step,
// nextDeadline, codec): the model every other machine of puresip follows.
import type { Machine } from "@puresip/kernel";
import * as InviteClient from "./client-invite.js";
import * as NonInviteClient from "./client-non-invite.js";
import { InviteClientStateCodec, InviteServerStateCodec, NonInviteClientStateCodec, NonInviteServerStateCodec } from "./codec.js";
import type { ClientEvent, ServerEvent, TransactionEffect } from "./machine.js";
import * as InviteServer from "./server-invite.js";
import * as NonInviteServer from "./server-non-invite.js";

/** §17.1.1 with RFC 6026's Accepted state. */
export const inviteClientMachine: Machine<InviteClient.ClientStart, InviteClient.InviteClientState, ClientEvent, TransactionEffect> = {
  start: InviteClient.start,
  step: InviteClient.step,
  nextDeadline: InviteClient.nextDeadline,
  codec: InviteClientStateCodec,
};

/** §17.1.2. */
export const nonInviteClientMachine: Machine<InviteClient.ClientStart, NonInviteClient.NonInviteClientState, ClientEvent, TransactionEffect> = {
  start: NonInviteClient.start,
  step: NonInviteClient.step,
  nextDeadline: NonInviteClient.nextDeadline,
  codec: NonInviteClientStateCodec,
};

/** §17.2.1 with RFC 6026's Accepted state. */
export const inviteServerMachine: Machine<InviteServer.ServerStart, InviteServer.InviteServerState, ServerEvent, TransactionEffect> = {
  start: InviteServer.start,
  step: InviteServer.step,
  nextDeadline: InviteServer.nextDeadline,
  codec: InviteServerStateCodec,
};

/** §17.2.2. */
export const nonInviteServerMachine: Machine<InviteServer.ServerStart, NonInviteServer.NonInviteServerState, ServerEvent, TransactionEffect> = {
  start: NonInviteServer.start,
  step: NonInviteServer.step,
  nextDeadline: NonInviteServer.nextDeadline,
  codec: NonInviteServerStateCodec,
};
