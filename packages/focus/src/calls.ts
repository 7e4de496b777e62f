// The calls of a conference (RFC 4579 §5.1 dial-in, §5.2 dial-out): what the UA core says about
// each participant's INVITE session, turned into the participant list.
import * as E from "fp-ts/lib/Either.js";
import { headerValues, parseUri, printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { UsageKey } from "@puresip/ua";
import { answerFor, offerFor, offerText, sessionIdOf, versioned } from "./participant-media.js";
import type { MessageBody } from "./participant-media.js";
import type { MediaAddress, Participant } from "./model.js";
import type { Turn } from "./turn.js";
import { conferenceOf, requestUriText } from "./conference-uri.js";
import { dialOutLimit } from "./config.js";
import { command, deliver, findById, mintId, noteUri, participantsOf, putParticipant, removeParticipant } from "./turn.js";


const bodyOffer = (request: SipRequest): string | null => offerText(headerValues("Content-Type")(request)[0] ?? headerValues("c")(request)[0], request.body);

/**
 * RFC 4579 §5.1: an INVITE to the conference URI joins it. A URI the focus does not serve is
 * 404 (§21.4.5); a full conference is 486 (§21.4.24). Otherwise the participant is pending
 * until the owner allocates its media (`AllocateMedia`), and hears 180 meanwhile (Figure 1, F2).
 */
export const incomingCall = (turn: Turn, call: UsageKey, invite: SipRequest): void => {
  const name = conferenceOf(turn, invite);
  if (name === undefined) {
    command(turn, { _tag: "Reject", call, status: 404 });
    return;
  }
  if (participantsOf(turn, name).length >= turn.config.maxParticipants) {
    command(turn, { _tag: "Reject", call, status: 486 });
    return;
  }
  noteUri(turn, name, requestUriText(invite));
  const from = invite.core.from;
  const participant: Participant = {
    id: mintId(turn),
    call,
    uri: from === undefined ? "" : printUri(from.uri),
    display: from?.displayName ?? null,
    status: "pending",
    joining: "dialed-in",
    media: null,
    mediaBy: turn.now + turn.config.mediaTimeout,
    offer: bodyOffer(invite),
    referral: null,
    reportBy: null,
    sdp: null,
  };
  putParticipant(turn, name, participant);
  command(turn, { _tag: "Ring", call });
  deliver(turn, { _tag: "AllocateMedia", conference: name, participant: participant.id });
};

/**
 * The owner allocated a participant's media: a dial-in is answered with SDP (RFC 3264 §6, or an
 * offer in the 200 when its INVITE had none, §5); a dial-out is called (RFC 4579 §5.2), its
 * Contact naming the conference. An answer that cannot be made ends the call with 488.
 */
export const mediaAllocated = (turn: Turn, name: string, id: string, media: MediaAddress): void => {
  const found = findById(turn, name, id);
  if (found === undefined || found.media !== null) return;
  const participant: Participant = { ...found, media, mediaBy: null };
  const sessionId = sessionIdOf(turn.config, participant.id);
  if (participant.joining === "dialed-out") {
    dialOut(turn, name, participant, sessionId);
    return;
  }
  const call = participant.call as UsageKey;
  const offer = participant.offer;
  const answered = versioned(participant.sdp, (v) =>
    offer === null ? E.map((b: MessageBody) => ({ body: b, onHold: false }))(offerFor(turn.config, media, sessionId, v)) : answerFor(turn.config, media, sessionId, offer, v),
  );
  if (E.isLeft(answered)) {
    command(turn, { _tag: "Reject", call, status: 488 });
    return;
  }
  const [sent, sdp] = answered.right;
  putParticipant(turn, name, { ...participant, offer: null, sdp });
  command(turn, { _tag: "Answer", call, body: sent.body });
};

/** RFC 4579 §5.2: INVITE the participant, Contact the conference URI with `isfocus`; it may ring for `dialOutLimit` (§13.2.1 Expires). */
const dialOut = (turn: Turn, name: string, participant: Participant, sessionId: string): void => {
  const to = parseUri(participant.uri);
  const media = participant.media ?? { address: "", port: 0 };
  const offer = E.isLeft(to)
    ? E.left(`Refer-To: ${to.left.reason}`)
    : versioned(participant.sdp, (v) => E.map((body: MessageBody) => ({ body }))(offerFor(turn.config, media, sessionId, v)));
  if (E.isLeft(to) || E.isLeft(offer)) {
    removeParticipant(turn, name, participant, { method: "failed", status: null, reason: E.isLeft(offer) ? offer.left : "" }, 500);
    return;
  }
  const [sent, sdp] = offer.right;
  putParticipant(turn, name, { ...participant, status: "dialing-out", sdp });
  // The UA core answers MakeCall in this same step with CallCreated or CallNotMade: this says whose.
  turn.state = { ...turn.state, dialing: { conference: name, participant: participant.id } };
  command(turn, {
    _tag: "MakeCall",
    to: to.right,
    body: sent.body,
    contactUser: name,
    headers: [{ name: "Expires", value: String(dialOutLimit(turn.config)) }],
    ...(participant.display === null ? {} : { toName: participant.display }),
  });
};
