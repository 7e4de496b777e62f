// RFC 4575 §4.6 from the focus's side: each subscription's NOTIFYs after the first carry only
// what changed (a "partial" document from @puresip/conference's `diff`), one version up each
// (§5.2). A partial document only makes sense on top of the one before it, and the UA core's
// notifier keeps only the latest body while a NOTIFY is outstanding, so the focus follows what
// the notifier holds (model.ts `ConferenceSubscriber`) and sends a full document whenever a
// partial one could land on the wrong base.
import { MAX_VERSION, diff } from "@puresip/conference";
import type { ConferenceInfo } from "@puresip/conference";
import { conferenceInfo } from "./conference-info.js";
import type { ConferenceEntry, ConferenceSubscriber } from "./model.js";

/** A document handed to the UA core for one subscription. */
export interface Notification {
  readonly subscription: string;
  readonly document: ConferenceInfo;
}

const full = (shown: ConferenceInfo, version: number): ConferenceInfo => ({ ...shown, state: "full", version });

/**
 * The document for one subscriber when the conference becomes `next`; `partial` is the change
 * as a partial document (null when only a full one can say it).
 * - No NOTIFY outstanding: the notifier sends it at once, one version up.
 * - One outstanding and ours waiting behind it: ours is replaced and never goes out, so this
 *   one takes its version, and is full (the waiting one's base is not kept).
 * - One outstanding and nothing (or the notifier's repeat) waiting: it waits, one version up.
 */
const forSubscriber = (s: ConferenceSubscriber, next: ConferenceInfo, partial: ConferenceInfo | null): readonly [ConferenceSubscriber, ConferenceInfo] => {
  if (s.inFlight && s.queued === "ours") return [{ ...s, needFull: false }, full(next, s.version)];
  // §5.2 "a 32-bit monotonically increasing integer": past it, the version stays (a subscriber discards it and refreshes).
  const version = Math.min(s.version + 1, MAX_VERSION);
  const document = s.needFull || partial === null ? full(next, version) : { ...partial, version };
  return [{ ...s, version, needFull: false, inFlight: true, queued: s.inFlight ? "ours" : "none" }, document];
};

/** The conference changed to `next` (as the focus shows it): every subscriber's document, and the entry that remembers them. */
export const notifyChange = (entry: ConferenceEntry, next: ConferenceInfo): readonly [ConferenceEntry, ReadonlyArray<Notification>] => {
  if (entry.subscribers.length === 0) return [entry, []];
  const changed = diff(entry.shown ?? next, next, 1);
  const partial = changed.state === "partial" ? changed : null;
  const sent = entry.subscribers.map((s) => forSubscriber(s, next, partial));
  return [{ ...entry, subscribers: sent.map(([s]) => s), shown: next }, sent.map(([s, document]) => ({ subscription: s.key, document }))];
};

/** RFC 4575 §4.6: a new subscription's first NOTIFY is the full document every subscriber holds (version 0, §5.2). */
export const subscribe = (entry: ConferenceEntry, key: string): readonly [ConferenceEntry, ConferenceInfo] => {
  // While nobody subscribes, `shown` is not kept up to date: start from the conference as it is.
  const shown = entry.subscribers.length === 0 || entry.shown === null ? conferenceInfo(entry, [], 0) : entry.shown;
  const subscriber: ConferenceSubscriber = { key, version: 0, inFlight: true, queued: "none", needFull: false };
  return [{ ...entry, shown, subscribers: [...entry.subscribers, subscriber] }, full(shown, 0)];
};

const withSubscriber = (entry: ConferenceEntry, key: string, change: (s: ConferenceSubscriber) => ConferenceSubscriber): ConferenceEntry => ({
  ...entry,
  subscribers: entry.subscribers.map((s) => (s.key === key ? change(s) : s)),
});

/**
 * A NOTIFY of `key` got its final response: the notifier now sends what waited, if anything.
 * One the subscriber refused did not reach its roster, so the next document is full.
 */
export const delivered = (entry: ConferenceEntry, key: string, status: number): ConferenceEntry =>
  withSubscriber(entry, key, (s) => ({
    ...s,
    inFlight: s.queued !== "none",
    queued: "none",
    needFull: s.needFull || status < 200 || status >= 300,
  }));

/**
 * RFC 4575 §3.2: "a NOTIFY sent in response to a SUBSCRIBE ... contain[s] the full state", and
 * §4.6: a subscriber that sees a version gap refreshes to get one. The notifier has already
 * repeated its last body (RFC 6665 §4.2.1.2); the focus follows with a full document.
 */
export const refreshed = (entry: ConferenceEntry, key: string): readonly [ConferenceEntry, ReadonlyArray<Notification>] => {
  const s = entry.subscribers.find((x) => x.key === key);
  if (s === undefined || entry.shown === null) return [entry, []];
  const repeated: ConferenceSubscriber = s.inFlight ? { ...s, queued: s.queued === "none" ? "repeat" : s.queued } : { ...s, inFlight: true };
  const [after, document] = forSubscriber({ ...repeated, needFull: true }, entry.shown, null);
  return [withSubscriber(entry, key, () => after), [{ subscription: key, document }]];
};
