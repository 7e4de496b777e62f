// Which conference a request is for: the user part of its Request-URI (RFC 4579 §5.1), and the
// conference URI as the request wrote it.
import { printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { Turn } from "./turn.js";
import { serves } from "./turn.js";

/** The conference a request is addressed to: the user part of its Request-URI, when the focus serves it. */
export const conferenceOf = (turn: Turn, request: SipRequest): string | undefined => {
  const user = request.uri._tag === "SipUri" ? request.uri.user : undefined;
  return serves(turn, user) ? user : undefined;
};

/** The conference URI a request names, for the document's entity: without parameters or headers. */
export const requestUriText = (request: SipRequest): string =>
  printUri(request.uri._tag === "SipUri" ? { ...request.uri, params: [], headers: [] } : request.uri);
