// What happens to a participant's call after it started: the UA core's call events, each
// reflected in the participant list and, for a dial-out a REFER asked for, reported to the
// referrer as sipfrag (RFC 3515 §2.4.5; RFC 4579 §5.5).
import * as E from "fp-ts/lib/Either.js";
import { Methods, headerValues } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { AppEvent, UsageKey } from "@puresip/ua";
import { answerFor, offerText, sessionIdOf, versioned } from "./participant-media.js";
import type { Disconnection } from "./model.js";
import type { Turn } from "./turn.js";
import { command, findByCall, findById, keepParticipant, putParticipant, removeParticipant } from "./turn.js";

/** The dial-out under way got its call key (the UA core's answer to `MakeCall`, in the same step). */
export const callCreated = (turn: Turn, call: UsageKey): void => {
  const dialing = turn.state.dialing;
  if (dialing === null) return;
  turn.state = { ...turn.state, dialing: null };
  const participant = findById(turn, dialing.conference, dialing.participant);
  if (participant !== undefined) putParticipant(turn, dialing.conference, { ...participant, call });
};

/** The dial-out under way could not even be sent: it fails at once. */
export const callNotMade = (turn: Turn, reason: string): void => {
  const dialing = turn.state.dialing;
  if (dialing === null) return;
  turn.state = { ...turn.state, dialing: null };
  const participant = findById(turn, dialing.conference, dialing.participant);
  if (participant !== undefined) removeParticipant(turn, dialing.conference, participant, { method: "failed", status: null, reason }, 500);
};

/** A 1xx to a dial-out: 180/183 is alerting (RFC 4575 §5.6.1), and the referrer hears it (RFC 3515 §2.4.5). */
export const callProgress = (turn: Turn, call: UsageKey, status: number): void => {
  const found = findByCall(turn, call);
  if (found === undefined || found.participant.joining !== "dialed-out") return;
  const { name, participant } = found;
  if (status === 180 || status === 183) putParticipant(turn, name, { ...participant, status: "alerting" });
  if (participant.referral !== null) command(turn, { _tag: "TransferProgress", subscription: participant.referral as UsageKey, status });
};

/** The participant is in: the ACK of a dial-in came, or a dial-out was answered (its referrer hears 200, §2.4.7). */
export const callEstablished = (turn: Turn, call: UsageKey): void => {
  const found = findByCall(turn, call);
  if (found === undefined) return;
  const { name, participant } = found;
  if (participant.referral !== null) command(turn, { _tag: "TransferProgress", subscription: participant.referral as UsageKey, status: 200 });
  putParticipant(turn, name, { ...participant, status: "connected", referral: null, reportBy: null });
};

/** RFC 4575 §5.6.3 `booted`: the focus ended the call on a REFER with method=BYE. */
export const BOOTED: Disconnection = { method: "booted", status: null, reason: "removed by REFER method=BYE (RFC 4579 §5.11)" };

/** RFC 4575 §5.6.3: a dial-out that got a busy answer is `busy`, any other failure `failed`. */
const failure = (status: number): Disconnection => ({ method: status === 486 || status === 600 ? "busy" : "failed", status, reason: `the INVITE got ${String(status)}` });

/** The call failed before it was established: the participant is gone, and its referrer hears why. */
export const callFailed = (turn: Turn, call: UsageKey, status: number): void => {
  const found = findByCall(turn, call);
  if (found === undefined) return;
  const booted = found.participant.status === "disconnecting";
  removeParticipant(turn, found.name, found.participant, booted ? BOOTED : failure(status), booted ? 200 : status);
};

/**
 * The call ended: RFC 4579 §5.1 a participant leaves by BYE (`departed`); one the focus hung up
 * on a REFER with method=BYE (§5.11) is `booted`, and that referrer hears 200 now.
 */
export const callEnded = (turn: Turn, call: UsageKey, reason: Extract<AppEvent, { readonly _tag: "CallEnded" }>["reason"]): void => {
  const found = findByCall(turn, call);
  if (found === undefined) return;
  const booted = found.participant.status === "disconnecting";
  const disconnection: Disconnection = booted
    ? BOOTED
    : reason === "RemoteBye"
      ? { method: "departed", status: null, reason: "BYE" }
      : { method: "failed", status: null, reason };
  removeParticipant(turn, found.name, found.participant, disconnection, booted ? 200 : 487);
};

/**
 * A request inside a participant's dialog for the focus: a re-INVITE or UPDATE with a new offer
 * is answered from the participant's media (RFC 3264 §8), and a sendonly offer puts the
 * participant on hold (§8.4); anything else the UA core passed up is answered 200 (INFO, ...).
 */
export const inDialogRequest = (turn: Turn, call: UsageKey, request: SipRequest): void => {
  const found = findByCall(turn, call);
  const media = found?.participant.media ?? null;
  if (found === undefined || media === null) {
    command(turn, { _tag: "RespondTo", call, request, status: 481 });
    return;
  }
  const { name, participant } = found;
  const offer = offerText(headerValues("Content-Type")(request)[0] ?? headerValues("c")(request)[0], request.body);
  if (request.method !== Methods.INVITE && request.method !== Methods.UPDATE) {
    command(turn, { _tag: "RespondTo", call, request, status: 200 });
    return;
  }
  if (offer === null) {
    command(turn, { _tag: "RespondTo", call, request, status: 488 });
    return;
  }
  const answered = versioned(participant.sdp, (v) => answerFor(turn.config, media, sessionIdOf(turn.config, participant.id), offer, v));
  if (E.isLeft(answered)) {
    command(turn, { _tag: "RespondTo", call, request, status: 488 });
    return;
  }
  const [sent, sdp] = answered.right;
  const status = sent.onHold ? "on-hold" : "connected";
  const changed = status !== participant.status && (participant.status === "connected" || participant.status === "on-hold");
  if (changed) putParticipant(turn, name, { ...participant, sdp, status });
  else if (sdp !== participant.sdp) keepParticipant(turn, name, { ...participant, sdp });
  command(turn, { _tag: "RespondTo", call, request, status: 200, body: sent.body });
};
