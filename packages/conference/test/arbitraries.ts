// fast-check arbitraries for the RFC 4575 model: any document, and rosters that change by
// joins, leaves and status changes the way a focus's roster does.
import fc from "fast-check";
import type { AvailableMedium, Conference, ConferenceInfo, ElementState, Endpoint, Execution, Media, UriEntry, Uris, User } from "../src/index.js";
import { DISCONNECTION_METHODS, ELEMENT_STATES, ENDPOINT_STATUSES, JOINING_METHODS, MEDIA_STATUSES } from "../src/index.js";

/** Text as the reader keeps it: trimmed, with XML's special characters and some non-ASCII. */
const text: fc.Arbitrary<string> = fc
  .array(fc.constantFrom("a", "b", "Z", "0", " ", "<", ">", "&", '"', "'", ";", ":", "@", "é", "漢", "😀", "-"), { maxLength: 10 })
  .map((cs) => cs.join("").trim());
const token: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const uri: fc.Arbitrary<string> = fc.tuple(token, token).map(([u, h]) => `sip:${u}@${h}.example.com`);

/** An object with only the keys whose value is defined (the model's optional elements). */
const opt = <T extends object>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> =>
  fc.record(fields, { requiredKeys: [] }) as unknown as fc.Arbitrary<T>;

const state: fc.Arbitrary<ElementState> = fc.constantFrom(...ELEMENT_STATES);
const execution: fc.Arbitrary<Execution> = opt<Execution>({ when: fc.constant("2005-03-04T20:00:00Z"), reason: text, by: uri });
const uriEntry: fc.Arbitrary<UriEntry> = fc.tuple(uri, opt<Omit<UriEntry, "uri">>({ displayText: text, purpose: token, modified: execution })).map(([u, rest]) => ({ uri: u, ...rest }));
const uris: fc.Arbitrary<Uris> = fc.tuple(fc.array(uriEntry, { maxLength: 2 }), opt<{ state: ElementState }>({ state })).map(([entries, s]) => ({ ...s, entries }));
const medium: fc.Arbitrary<AvailableMedium> = fc
  .tuple(token, token, opt<Pick<AvailableMedium, "displayText" | "status">>({ displayText: text, status: fc.constantFrom(...MEDIA_STATUSES) }))
  .map(([label, type, rest]) => ({ label, type, ...rest }));
const media: fc.Arbitrary<Media> = fc
  .tuple(fc.nat(9).map(String), opt<Omit<Media, "id">>({ displayText: text, type: fc.constantFrom("audio", "video"), label: token, srcId: fc.nat().map(String), status: fc.constantFrom(...MEDIA_STATUSES) }))
  .map(([id, rest]) => ({ id, ...rest }));
const uniqueBy = <A>(arb: fc.Arbitrary<A>, key: (a: A) => string, maxLength: number): fc.Arbitrary<ReadonlyArray<A>> => fc.uniqueArray(arb, { selector: key, maxLength });

const endpoint: fc.Arbitrary<Endpoint> = fc
  .tuple(
    uri,
    uniqueBy(media, (m) => m.id, 2),
    opt<Omit<Endpoint, "entity" | "media">>({
      state,
      displayText: text,
      referred: execution,
      status: fc.constantFrom(...ENDPOINT_STATUSES),
      joiningMethod: fc.constantFrom(...JOINING_METHODS),
      joiningInfo: execution,
      disconnectionMethod: fc.constantFrom(...DISCONNECTION_METHODS),
      disconnectionInfo: execution,
      callInfo: fc.tuple(token, token, token, opt<{ displayText: string }>({ displayText: text })).map(([callId, fromTag, toTag, d]) => ({ ...d, callId, fromTag, toTag })),
    }),
  )
  .map(([entity, m, rest]) => ({ entity, media: m, ...rest }));

const user: fc.Arbitrary<User> = fc
  .tuple(
    uri,
    uniqueBy(endpoint, (e) => e.entity, 2),
    opt<Omit<User, "entity" | "endpoints">>({ state, displayText: text, associatedAors: uris, roles: fc.array(text, { maxLength: 2 }), languages: fc.array(token, { maxLength: 2 }), cascadedFocus: uri }),
  )
  .map(([entity, endpoints, rest]) => ({ entity, endpoints, ...rest }));

const conferenceBody = (sidebars: fc.Arbitrary<ReadonlyArray<Conference>>): fc.Arbitrary<Omit<Conference, "entity" | "version">> =>
  opt<Omit<Conference, "entity" | "version">>({
    state,
    description: opt({
      displayText: text,
      subject: text,
      freeText: text,
      keywords: fc.array(token, { maxLength: 3 }),
      confUris: uris,
      serviceUris: uris,
      maximumUserCount: fc.nat(),
      availableMedia: fc.array(medium, { maxLength: 2 }),
    }),
    hostInfo: opt({ displayText: text, webPage: fc.constant("http://example.com/host"), uris }),
    conferenceState: opt({ userCount: fc.nat(), active: fc.boolean(), locked: fc.boolean() }),
    users: fc.tuple(uniqueBy(user, (u) => u.entity, 3), opt<{ state: ElementState }>({ state })).map(([users, s]) => ({ ...s, users })),
    sidebarsByRef: uris,
    sidebarsByVal: fc.tuple(sidebars, opt<{ state: ElementState }>({ state })).map(([entries, s]) => ({ ...s, entries })),
  });

const sidebar: fc.Arbitrary<Conference> = fc.tuple(uri, conferenceBody(fc.constant([]))).map(([entity, body]) => ({ entity, ...body }));

/** Any document the schema allows (keys unique where §4.5 says so), sidebars one level deep. */
export const conferenceInfo: fc.Arbitrary<ConferenceInfo> = fc
  .tuple(uri, fc.nat(), conferenceBody(uniqueBy(sidebar, (s) => s.entity, 2)))
  .map(([entity, version, body]) => ({ entity, version, ...body }));

/** What happens to a conference between two notifications. */
export type Change =
  | { readonly _tag: "Join"; readonly user: number; readonly device: number }
  | { readonly _tag: "Leave"; readonly user: number }
  | { readonly _tag: "Status"; readonly user: number; readonly status: (typeof ENDPOINT_STATUSES)[number] }
  | { readonly _tag: "Count"; readonly count: number };

export const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ _tag: fc.constant("Join" as const), user: fc.nat(5), device: fc.nat(2) }),
  fc.record({ _tag: fc.constant("Leave" as const), user: fc.nat(5) }),
  fc.record({ _tag: fc.constant("Status" as const), user: fc.nat(5), status: fc.constantFrom(...ENDPOINT_STATUSES) }),
  fc.record({ _tag: fc.constant("Count" as const), count: fc.nat(50) }),
);

const userUri = (i: number): string => `sip:user${i}@example.com`;

/** A focus's roster after one change: a join adds an endpoint (and the user), a leave removes the user. */
export const changeRoster = (roster: ConferenceInfo, c: Change): ConferenceInfo => {
  const users = roster.users?.users ?? [];
  switch (c._tag) {
    case "Join": {
      const device: Endpoint = { entity: `sip:user${c.user}@pc${c.device}.example.com`, status: "connected", joiningMethod: "dialed-in", media: [{ id: "1", type: "audio", status: "sendrecv" }] };
      const existing = users.find((u) => u.entity === userUri(c.user));
      if (existing === undefined) return { ...roster, users: { users: [...users, { entity: userUri(c.user), displayText: `User ${c.user}`, endpoints: [device] }] } };
      const endpoints = existing.endpoints.some((e) => e.entity === device.entity) ? existing.endpoints : [...existing.endpoints, device];
      return { ...roster, users: { users: users.map((u) => (u === existing ? { ...u, endpoints } : u)) } };
    }
    case "Leave":
      return { ...roster, users: { users: users.filter((u) => u.entity !== userUri(c.user)) } };
    case "Status":
      return { ...roster, users: { users: users.map((u) => (u.entity === userUri(c.user) ? { ...u, endpoints: u.endpoints.map((e) => ({ ...e, status: c.status })) } : u)) } };
    case "Count":
      return { ...roster, conferenceState: { userCount: c.count, active: true } };
  }
};

/** The roster a focus starts with. */
export const emptyConference: ConferenceInfo = { entity: "sips:conf233@example.com", state: "full", version: 1, description: { subject: "weekly" }, users: { users: [] } };
