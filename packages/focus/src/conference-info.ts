// The participant list as an RFC 4575 conference-info document (@puresip/conference's model and
// printer), the body of the NOTIFYs to `Event: conference` subscribers (RFC 4579 §5.1 F5-F7).
import { encodeUtf8 } from "@puresip/message";
import { CONFERENCE_INFO_TYPE, printConferenceInfo } from "@puresip/conference";
import type { ConferenceInfo, Endpoint, User } from "@puresip/conference";
import type { MessageBody } from "./participant-media.js";
import type { ConferenceEntry, Departed, Participant } from "./model.js";

/** §5.7: one endpoint per participant (its call), §5.8 its audio when negotiated. */
const userOf = (p: Participant, departed: Departed["disconnection"] | null): User => {
  const endpoint: Endpoint = {
    entity: p.uri,
    status: departed === null ? p.status : "disconnected",
    joiningMethod: p.joining,
    ...(departed === null ? {} : { disconnectionMethod: departed.method }),
    ...(p.display === null ? {} : { displayText: p.display }),
    media: p.media === null || departed !== null ? [] : [{ id: "1", type: "audio", status: p.status === "on-hold" ? "recvonly" : "sendrecv" }],
  };
  return { entity: p.uri, ...(p.display === null ? {} : { displayText: p.display }), endpoints: [endpoint] };
};

/**
 * RFC 4575 §4.6: a "full" document at `version`: the conference URI, its user count and the
 * participants, with who just left as `disconnected` with their disconnection method (§5.7.5).
 */
export const conferenceInfo = (entry: ConferenceEntry, departed: ReadonlyArray<Departed>, version: number): ConferenceInfo => ({
  entity: entry.uri,
  state: "full",
  version,
  conferenceState: { userCount: entry.participants.length, active: entry.participants.length > 0 },
  users: { users: [...entry.participants.map((p) => userOf(p, null)), ...departed.map((d) => userOf(d.participant, d.disconnection))] },
});

/** A NOTIFY body: the document as application/conference-info+xml (§4.2). */
export const documentBody = (document: ConferenceInfo): MessageBody => ({
  type: CONFERENCE_INFO_TYPE,
  content: encodeUtf8(printConferenceInfo(document)),
});
