// RFC 8866 §6.7 direction attributes, and the RFC 3264 §6.1 rules that relate an offer's
// direction to the answer's. Directions are seen from the side that wrote the description.
import type { Direction } from "./model.js";

export const isDirection = (name: string): name is Direction =>
  name === "sendrecv" || name === "sendonly" || name === "recvonly" || name === "inactive";

/** Does this side send media? */
export const sends = (d: Direction): boolean => d === "sendrecv" || d === "sendonly";

/** Does this side receive media? */
export const receives = (d: Direction): boolean => d === "sendrecv" || d === "recvonly";

/** The direction that sends and receives as asked. */
export const fromFlags = (send: boolean, receive: boolean): Direction =>
  send ? (receive ? "sendrecv" : "sendonly") : receive ? "recvonly" : "inactive";

/**
 * RFC 3264 §6.1: "If a stream is offered as sendonly, the corresponding stream MUST be marked
 * as recvonly or inactive in the answer. If a media stream is listed as recvonly in the offer,
 * the answer MUST be marked as sendonly or inactive [...] If an offered media stream is listed
 * as sendrecv (or if there is no direction attribute at the media or session level [...]), the
 * corresponding stream in the answer MAY be marked as sendonly, recvonly, sendrecv, or
 * inactive. If an offered media stream is listed as inactive, it MUST be marked as inactive."
 * This is the widest direction the answer may take: the answer may only narrow it.
 */
export const mirror = (offered: Direction): Direction => fromFlags(receives(offered), sends(offered));

/** True when `answered` sends or receives only what the mirror of `offered` allows (§6.1). */
export const isCompatibleAnswer = (offered: Direction, answered: Direction): boolean =>
  (!sends(answered) || receives(offered)) && (!receives(answered) || sends(offered));

/** The narrowest of two directions: sends only if both send, receives only if both receive. */
export const intersect = (a: Direction, b: Direction): Direction => fromFlags(sends(a) && sends(b), receives(a) && receives(b));
