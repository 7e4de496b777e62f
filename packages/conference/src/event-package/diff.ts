// The notifier's side of RFC 4575 §4.4-§4.6: the partial document that takes a subscriber
// from one roster to the next. Only what changed is sent: deleted users and endpoints as
// state="deleted" rows, new ones whole, changed ones as partial rows with their changed
// sub-elements. What a partial document cannot say (an optional element removed, rows
// reordered) is sent as a full document instead; `diff` checks its own answer against
// `applyNotification`, so a subscriber always ends with `next`.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { ENDPOINT_ATOMS, USER_ATOMS, applyNotification, rosterOf } from "./apply.js";
import { sameData } from "./equal.js";
import type { Conference, ConferenceInfo, Endpoint, User, Users } from "./model.js";

/** A partial row, or undefined when the change needs the row sent whole. */
type RowDiff<A> = (previous: A, next: A) => A | undefined;

const rows = <A>(previous: ReadonlyArray<A>, next: ReadonlyArray<A>, key: (a: A) => string, deleted: (key: string) => A, changed: RowDiff<A>): ReadonlyArray<A> => {
  const nextKeys = new Set(next.map(key));
  const prevByKey = new Map(previous.map((a) => [key(a), a] as const));
  const gone = previous.filter((a) => !nextKeys.has(key(a))).map((a) => deleted(key(a)));
  const updates = next.flatMap((a) => {
    const before = prevByKey.get(key(a));
    if (before === undefined) return [a];
    if (sameData(before, a)) return [];
    return [changed(before, a) ?? a];
  });
  return [...gone, ...updates];
};

/** The atomic sub-elements that changed, or undefined when one was removed (a partial row cannot say so). */
const atoms = <A extends object, K extends keyof A>(keys: ReadonlyArray<K>, previous: A, next: A): Partial<Pick<A, K>> | undefined => {
  const out: Partial<Pick<A, K>> = {};
  for (const k of keys) {
    if (sameData(previous[k], next[k])) continue;
    if (next[k] === undefined) return undefined;
    out[k] = next[k];
  }
  return out;
};

const endpointDiff: RowDiff<Endpoint> = (previous, next) => {
  const changed = atoms(ENDPOINT_ATOMS, previous, next);
  const nextIds = new Set(next.media.map((m) => m.id));
  // <media> has no state attribute: one that went away needs the endpoint sent whole.
  if (changed === undefined || previous.media.some((m) => !nextIds.has(m.id))) return undefined;
  const media = next.media.filter((m) => !sameData(previous.media.find((p) => p.id === m.id), m));
  return { ...changed, entity: next.entity, state: "partial", media };
};

const userDiff: RowDiff<User> = (previous, next) => {
  const changed = atoms(USER_ATOMS, previous, next);
  if (changed === undefined) return undefined;
  const endpoints = rows(previous.endpoints, next.endpoints, (e) => e.entity, (entity): Endpoint => ({ entity, state: "deleted", media: [] }), endpointDiff);
  return { ...changed, entity: next.entity, state: "partial", endpoints };
};

const usersDiff = (previous: Users | undefined, next: Users | undefined): Users | undefined => {
  if (next === undefined) return { state: "deleted", users: [] };
  if (previous === undefined) return next;
  return { state: "partial", users: rows(previous.users, next.users, (u) => u.entity, (entity): User => ({ entity, state: "deleted", endpoints: [] }), userDiff) };
};

/** A sub-element that changed: sent whole, or deleted (containers with 'state'). */
const whole = <A>(next: A | undefined, deleted: A): A | undefined => next ?? deleted;

/** The partial document, or undefined when only a full one can say the change. */
const partialDocument = (previous: Conference, next: Conference, version: number): ConferenceInfo | undefined => {
  let doc: ConferenceInfo = { entity: next.entity, state: "partial", version };
  const atomic = ["description", "hostInfo", "conferenceState"] as const;
  for (const k of atomic) {
    if (sameData(previous[k], next[k])) continue;
    if (next[k] === undefined) return undefined;
    doc = { ...doc, [k]: next[k] };
  }
  if (!sameData(previous.users, next.users)) {
    const users = usersDiff(previous.users, next.users);
    if (users !== undefined) doc = { ...doc, users };
  }
  if (!sameData(previous.sidebarsByRef, next.sidebarsByRef)) {
    const byRef = whole(next.sidebarsByRef, { state: "deleted", entries: [] });
    if (byRef !== undefined) doc = { ...doc, sidebarsByRef: byRef };
  }
  if (!sameData(previous.sidebarsByVal, next.sidebarsByVal)) {
    const byVal = whole(next.sidebarsByVal, { state: "deleted", entries: [] });
    if (byVal !== undefined) doc = { ...doc, sidebarsByVal: byVal };
  }
  return doc;
};

/**
 * RFC 4575 §4.6 from the notifier's side: the document to send with `version` (which §5.2 says
 * "MUST be increased by one" for each partial notification) so that a subscriber holding
 * `previous` ends with `next`: partial when it can be, full otherwise ("deleted" when `next` is).
 */
export const diff = (previous: ConferenceInfo, next: ConferenceInfo, version: number): ConferenceInfo => {
  const target = rosterOf({ ...next, version });
  if (target.state === "deleted" || version < 1) return target;
  const before = rosterOf({ ...previous, version: version - 1 });
  const candidate = before.state === "deleted" || before.entity !== target.entity ? undefined : partialDocument(before, target, version);
  if (candidate === undefined) return target;
  const applied = applyNotification(O.some(before), candidate);
  return E.isRight(applied) && sameData(applied.right, target) ? candidate : target;
};
