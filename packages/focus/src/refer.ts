// REFER to a conference URI (RFC 4579 §5.5 add a participant, §5.11 remove one), inside a
// participant's dialog or outside any: the UA core's referee (RFC 3515) answers 202 and sends
// the sipfrag NOTIFYs; the focus decides, dials or hangs up, and reports the outcome. A REFER
// without exactly one Refer-To never gets here: the referee answers it 400 itself (§2.4.2).
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import { parseUri, printUri, uriEquals } from "@puresip/message";
import type { NameAddr, SipRequest, Uri } from "@puresip/message";
import type { UsageKey } from "@puresip/ua";
import { conferenceOf, requestUriText } from "./conference-uri.js";
import { BOOTED } from "./sessions.js";
import type { Participant } from "./model.js";
import { reportDeadline } from "./referral-deadline.js";
import type { Turn } from "./turn.js";
import { command, deliver, mintId, noteUri, participantsOf, putParticipant, removeParticipant } from "./turn.js";

/** RFC 4579 §5.11: the Refer-To URI's `method` parameter (absent: INVITE, RFC 3515 §2.1). */
const methodOf = (uri: Uri): string => (uri._tag === "SipUri" ? (uri.params.find((p) => p.name.toLowerCase() === "method")?.value ?? "INVITE").toUpperCase() : "INVITE");

/** The participant's address in the Refer-To: without `method` and without URI headers. */
const bareTarget = (uri: Uri): Uri => (uri._tag === "SipUri" ? { ...uri, params: uri.params.filter((p) => p.name.toLowerCase() !== "method"), headers: [] } : uri);

/** A participant `target` names: the same URI (§19.1.4), or the same user and host when the participant's has more parameters. */
const names = (target: Uri, participant: Participant): boolean => {
  const parsed = parseUri(participant.uri);
  if (E.isLeft(parsed)) return false;
  const uri = parsed.right;
  if (uriEquals(uri, target)) return true;
  return uri._tag === "SipUri" && target._tag === "SipUri" && uri.user === target.user && uri.host.value.toLowerCase() === target.host.value.toLowerCase();
};

/**
 * A REFER the referee passed up. To a URI the focus does not serve: 404. With method=BYE
 * (§5.11): the named participant is hung up and the referrer hears 200 once its BYE is done
 * (Figure 11, F9); nobody by that URI: 404. Otherwise (§5.5): the focus accepts, allocates
 * media and dials out; the referrer hears the INVITE's progress.
 */
export const incomingRefer = (turn: Turn, subscription: UsageKey, request: SipRequest, referTo: NameAddr): void => {
  const name = conferenceOf(turn, request);
  if (name === undefined) {
    command(turn, { _tag: "RejectSubscription", subscription, status: 404 });
    return;
  }
  const target = bareTarget(referTo.uri);
  const method = methodOf(referTo.uri);
  if (method === "BYE") {
    remove(turn, name, subscription, target);
    return;
  }
  if (method !== "INVITE") {
    // RFC 4579 names INVITE and BYE; another method is not something a focus does to a participant.
    command(turn, { _tag: "RejectSubscription", subscription, status: 501 });
    return;
  }
  if (participantsOf(turn, name).length >= turn.config.maxParticipants) {
    command(turn, { _tag: "RejectSubscription", subscription, status: 486 });
    return;
  }
  command(turn, { _tag: "AcceptSubscription", subscription });
  noteUri(turn, name, requestUriText(request));
  const participant: Participant = {
    id: mintId(turn),
    call: null,
    uri: printUri(target),
    display: referTo.displayName ?? null,
    status: "pending",
    joining: "dialed-out",
    media: null,
    mediaBy: turn.now + turn.config.mediaTimeout,
    offer: null,
    referral: subscription,
    reportBy: reportDeadline(turn.now),
    sdp: null,
  };
  putParticipant(turn, name, participant);
  deliver(turn, { _tag: "AllocateMedia", conference: name, participant: participant.id });
};

const remove = (turn: Turn, name: string, subscription: UsageKey, target: Uri): void => {
  const participant = participantsOf(turn, name).find((p) => p.status !== "disconnecting" && names(target, p));
  if (participant === undefined) {
    command(turn, { _tag: "RejectSubscription", subscription, status: 404 });
    return;
  }
  command(turn, { _tag: "AcceptSubscription", subscription });
  if (participant.call === null) {
    // Still waiting for its media: there is no call to end.
    removeParticipant(turn, name, participant, BOOTED, 487);
    command(turn, { _tag: "TransferProgress", subscription, status: 200 });
    return;
  }
  // An earlier referrer of this participant's dial-out hears that it ended (RFC 3515 §2.4.7).
  if (participant.referral !== null) command(turn, { _tag: "TransferProgress", subscription: participant.referral as UsageKey, status: 487 });
  putParticipant(turn, name, { ...participant, status: "disconnecting", referral: subscription, reportBy: reportDeadline(turn.now) });
  const call = participant.call as UsageKey;
  switch (participant.status) {
    case "dialing-out":
    case "alerting":
      command(turn, { _tag: "Cancel", call });
      return;
    case "pending":
      command(turn, participant.joining === "dialed-in" ? { _tag: "Reject", call, status: 480 } : { _tag: "Cancel", call });
      return;
    case "connected":
    case "on-hold":
    case "disconnecting":
    case "disconnected":
      command(turn, { _tag: "Hangup", call });
      return;
    default:
      absurd(participant.status);
  }
};
