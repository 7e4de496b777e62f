// A roster as lines a person reads in a terminal or a log: the conference, then each user
// (§5.6) and under it each endpoint (§5.7) with its status, how it joined or left, and media.
import type { ConferenceInfo, Endpoint, Media, User } from "./model.js";
import { stateOf } from "./model.js";

const quoted = (s: string | undefined): string => (s === undefined || s === "" ? "" : ` "${s}"`);

const mediaLine = (m: Media): string => [m.type ?? "media", m.status, m.label === undefined ? undefined : `label ${m.label}`].filter((x) => x !== undefined).join(" ");

const endpointLine = (e: Endpoint): string => {
  const how = e.disconnectionMethod ?? e.joiningMethod;
  const media = e.media.map(mediaLine);
  return `    endpoint ${e.entity}${quoted(e.displayText)}: ${e.status ?? "status unknown"}${how === undefined ? "" : ` (${how})`}${media.length === 0 ? "" : `, ${media.join(", ")}`}`;
};

const userLines = (u: User): ReadonlyArray<string> => [
  `  user ${u.entity}${quoted(u.displayText)}${u.roles === undefined || u.roles.length === 0 ? "" : ` [${u.roles.join(", ")}]`}`,
  ...u.endpoints.map(endpointLine),
];

/** RFC 4575 §5: the roster as readable lines (users, their endpoints and statuses). */
export const rosterLines = (roster: ConferenceInfo): ReadonlyArray<string> => {
  if (stateOf(roster) === "deleted") return [`conference ${roster.entity} version ${roster.version}: ended`];
  const s = roster.conferenceState;
  const facts = [
    s?.userCount === undefined ? undefined : `${s.userCount} users`,
    s?.active === undefined ? undefined : s.active ? "active" : "inactive",
    s?.locked === true ? "locked" : undefined,
    roster.description?.subject === undefined ? undefined : `subject "${roster.description.subject}"`,
  ].filter((x) => x !== undefined);
  const users = roster.users?.users ?? [];
  return [
    `conference ${roster.entity} version ${roster.version}${facts.length === 0 ? "" : `: ${facts.join(", ")}`}`,
    ...(users.length === 0 ? ["  no users"] : users.flatMap(userLines)),
  ];
};
