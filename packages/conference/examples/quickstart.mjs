// RFC 4575 in one screen: a focus's roster changes (Carol joins, Bob leaves, Alice is put on
// hold); the notifier side sends one full document and then partial ones (`diff`), the
// subscriber side folds the bodies (`receiveNotify`) and prints its roster after each.
//   node examples/quickstart.mjs       (after pnpm build)
import { CONFERENCE_INFO_TYPE, diff, emptyRosterView, printConferenceInfo, receiveNotify, rosterLines } from "@puresip/conference";

const endpoint = (entity, status) => ({ entity, status, joiningMethod: "dialed-in", media: [{ id: "1", type: "audio", status: "sendrecv" }] });
const user = (name, status) => ({ entity: `sip:${name}@example.com`, displayText: name, endpoints: [endpoint(`sip:${name}@pc.example.com`, status)] });

const v1 = { entity: "sips:conf233@example.com", state: "full", version: 1, users: { users: [user("alice", "connected"), user("bob", "connected")] } };
const v2 = { ...v1, version: 2, users: { users: [...v1.users.users, user("carol", "connected")] } };
const v3 = { ...v2, version: 3, users: { users: v2.users.users.filter((u) => u.entity !== "sip:bob@example.com") } };
const v4 = { ...v3, version: 4, users: { users: v3.users.users.map((u) => (u.displayText === "alice" ? user("alice", "on-hold") : u)) } };

// What the notifier sends: the full state first (§3.2), then only what changed (§4.4).
const sent = [v1, diff(v1, v2, 2), diff(v2, v3, 3), diff(v3, v4, 4)];
console.log(printConferenceInfo(sent[3]));

let view = emptyRosterView;
for (const doc of sent) {
  const body = { type: CONFERENCE_INFO_TYPE, content: new TextEncoder().encode(printConferenceInfo(doc)) };
  const [next, update] = receiveNotify(view, body);
  view = next;
  console.log(`\nNOTIFY version ${doc.version} (${doc.state}): ${update._tag}`);
  if (update._tag === "Applied") for (const line of rosterLines(update.roster)) console.log(line);
}

// A duplicate is discarded (§4.6), and a body that is not XML leaves the roster as it was.
console.log(`\nversion 2 again: ${receiveNotify(view, { type: CONFERENCE_INFO_TYPE, content: new TextEncoder().encode(printConferenceInfo(sent[1])) })[1]._tag}`);
console.log(`a broken body: ${receiveNotify(view, { type: CONFERENCE_INFO_TYPE, content: new TextEncoder().encode("<conference-info") })[1]._tag}`);
