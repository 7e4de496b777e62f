// RFC 4575 §4.6 "Constructing Coherent State Procedure": how a subscriber folds full and
// partial documents into one local roster, in version order, keyed as §4.5 says.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { Conference, ConferenceInfo, ElementState, Endpoint, Media, SidebarsByVal, UriEntry, Uris, User, Users } from "./model.js";
import { stateOf } from "./model.js";

/** Why a document was not applied; the roster stays as it was. */
export type NotificationProblem =
  /** §4.6: "equal to or less than the local version ... discarded without processing". */
  | { readonly _tag: "Stale"; readonly local: number; readonly received: number }
  /**
   * §4.6: a partial document more than one above the local version (or before any full one):
   * "the subscriber MUST generate a subscription refresh request to trigger a full state notification".
   */
  | { readonly _tag: "Gap"; readonly local: number | null; readonly received: number }
  /** The document describes another conference than the roster (§5.2 entity). */
  | { readonly _tag: "OtherConference"; readonly local: string; readonly received: string };

const without = <T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as Omit<T, K>;

/** Sets `key` to `value`, or removes it when `value` is undefined (exactOptionalPropertyTypes). */
const withField = <T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): T =>
  value === undefined ? (without(target, key) as T) : { ...target, [key]: value };

// ------------------------------------------------------------ full state: the local form

/** A "full" element as the roster keeps it: no state attributes, "deleted" children dropped (§4.4). */
const fullUris = (u: Uris): Uris => ({ entries: u.entries });
const fullEndpoint = (e: Endpoint): Endpoint => without(e, "state");
const fullUser = (u: User): User => ({ ...without(u, "state"), endpoints: u.endpoints.filter((e) => stateOf(e) !== "deleted").map(fullEndpoint) });
const fullUsers = (u: Users): Users => ({ users: u.users.filter((x) => stateOf(x) !== "deleted").map(fullUser) });

const fullConference = (c: Conference): Conference => {
  let out: Conference = without(c, "state");
  if (c.users !== undefined) out = stateOf(c.users) === "deleted" ? without(out, "users") : { ...out, users: fullUsers(c.users) };
  if (c.sidebarsByRef !== undefined) out = stateOf(c.sidebarsByRef) === "deleted" ? without(out, "sidebarsByRef") : { ...out, sidebarsByRef: fullUris(c.sidebarsByRef) };
  if (c.sidebarsByVal !== undefined)
    out =
      stateOf(c.sidebarsByVal) === "deleted"
        ? without(out, "sidebarsByVal")
        : { ...out, sidebarsByVal: { entries: c.sidebarsByVal.entries.filter((e) => stateOf(e) !== "deleted").map(fullConference) } };
  return out;
};

/**
 * The roster a full (or deleted) document stands for: root state "full" (or "deleted" with no
 * children: §4.4 "Any information provided for child elements of a "deleted" parent MUST be
 * ignored"), no state attributes below it.
 */
export const rosterOf = (doc: ConferenceInfo): ConferenceInfo =>
  stateOf(doc) === "deleted" ? { entity: doc.entity, state: "deleted", version: doc.version } : { ...fullConference(doc), state: "full", version: doc.version };

// ------------------------------------------------------------ partial state: §4.6 steps 1-3

/** §4.6 step 3.1 over the rows of one keyed table. */
const mergeRows = <A>(
  rows: ReadonlyArray<A>,
  updates: ReadonlyArray<A>,
  key: (a: A) => string,
  state: (a: A) => ElementState,
  full: (a: A) => A,
  patch: (local: A, update: A) => A,
): ReadonlyArray<A> =>
  updates.reduce<ReadonlyArray<A>>((acc, update) => {
    const at = acc.findIndex((row) => key(row) === key(update));
    const s = state(update);
    // Step 2 / 3.2: "deleted" removes the whole element.
    if (s === "deleted") return at < 0 ? acc : acc.filter((_, i) => i !== at);
    // Step 3.1.1: "If a key does not exist in the local table, a row is added".
    if (at < 0) return [...acc, full(update)];
    const local = acc[at] as A;
    // Step 1: "full" flushes and repopulates; step 3.1.2: "partial" goes on per sub-element.
    const next = s === "full" ? full(update) : patch(local, update);
    return acc.map((row, i) => (i === at ? next : row));
  }, rows);

/** A container with a 'state' attribute (users, sidebars): steps 1, 2 and 3 at its level. */
const container = <C extends { readonly state?: ElementState }>(local: C | undefined, update: C | undefined, full: (c: C) => C, partial: (local: C, update: C) => C): C | undefined => {
  if (update === undefined) return local;
  const s = stateOf(update);
  switch (s) {
    case "deleted":
      return undefined;
    case "full":
      return full(update);
    case "partial":
      return local === undefined ? full(update) : partial(local, update);
    default:
      return absurd(s);
  }
};

/** §4.5: <media> is keyed by 'id' and has no state: a row is added or replaced whole (step 3.2). */
const mergeMedia = (local: ReadonlyArray<Media>, updates: ReadonlyArray<Media>): ReadonlyArray<Media> =>
  mergeRows(local, updates, (m) => m.id, () => "full", (m) => m, (_, m) => m);

/** Step 3.2: each atomic sub-element in the update replaces the local one (diff.ts sends them so). */
export const ENDPOINT_ATOMS = ["displayText", "referred", "status", "joiningMethod", "joiningInfo", "disconnectionMethod", "disconnectionInfo", "callInfo"] as const;
export const USER_ATOMS = ["displayText", "associatedAors", "roles", "languages", "cascadedFocus"] as const;

const patchEndpoint = (local: Endpoint, update: Endpoint): Endpoint => {
  const atoms = ENDPOINT_ATOMS.reduce<Endpoint>((e, k) => (update[k] === undefined ? e : withField(e, k, update[k])), local);
  return { ...atoms, media: mergeMedia(local.media, update.media) };
};

const patchUser = (local: User, update: User): User => {
  const atoms = USER_ATOMS.reduce<User>((u, k) => (update[k] === undefined ? u : withField(u, k, update[k])), local);
  return { ...atoms, endpoints: mergeRows(local.endpoints, update.endpoints, (e) => e.entity, stateOf, fullEndpoint, patchEndpoint) };
};

const patchUsers = (local: Users, update: Users): Users => ({ users: mergeRows(local.users, update.users, (u) => u.entity, stateOf, fullUser, patchUser) });

/** §4.5: a <sidebars-by-ref> entry is keyed by its <uri>; entries have no state, so each is replaced whole. */
const patchUris = (local: Uris, update: Uris): Uris => ({
  entries: mergeRows<UriEntry>(local.entries, update.entries, (e) => e.uri, () => "full", (e) => e, (_, e) => e),
});

const patchSidebars = (local: SidebarsByVal, update: SidebarsByVal): SidebarsByVal => ({
  entries: mergeRows(local.entries, update.entries, (c) => c.entity, stateOf, fullConference, patchConference),
});

/** Steps 1-3 for every sub-element of a conference (the root or a sidebar by value). */
const patchConference = (local: Conference, update: Conference): Conference => {
  let out: Conference = local;
  // <conference-description>, <host-info>, <conference-state> have no 'state': atomic (step 3.2).
  if (update.description !== undefined) out = { ...out, description: update.description };
  if (update.hostInfo !== undefined) out = { ...out, hostInfo: update.hostInfo };
  if (update.conferenceState !== undefined) out = { ...out, conferenceState: update.conferenceState };
  out = withField(out, "users", container(local.users, update.users, fullUsers, patchUsers));
  out = withField(out, "sidebarsByRef", container(local.sidebarsByRef, update.sidebarsByRef, fullUris, patchUris));
  return withField(out, "sidebarsByVal", container(local.sidebarsByVal, update.sidebarsByVal, (s) => ({ entries: s.entries.filter((e) => stateOf(e) !== "deleted").map(fullConference) }), patchSidebars));
};

/**
 * RFC 4575 §4.6: the roster after `doc`, or why `doc` was not applied (the caller keeps its
 * roster then). `roster` is none before the first full document.
 */
export const applyNotification = (roster: O.Option<ConferenceInfo>, doc: ConferenceInfo): E.Either<NotificationProblem, ConferenceInfo> => {
  const partial = stateOf(doc) === "partial";
  if (O.isNone(roster)) return partial ? E.left({ _tag: "Gap", local: null, received: doc.version }) : E.right(rosterOf(doc));
  const local = roster.value;
  if (local.entity !== doc.entity) return E.left({ _tag: "OtherConference", local: local.entity, received: doc.entity });
  if (doc.version <= local.version) return E.left({ _tag: "Stale", local: local.version, received: doc.version });
  // "if the received NOTIFY contains a "full" or "deleted" state, ... replace the local information".
  if (!partial) return E.right(rosterOf(doc));
  if (doc.version !== local.version + 1) return E.left({ _tag: "Gap", local: local.version, received: doc.version });
  return E.right({ ...patchConference(local, doc), state: stateOf(local), version: doc.version });
};
