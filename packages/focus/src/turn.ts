// One step of the focus as a working copy: the conferences it changed (read back before the
// engine applies them), its outputs in order, and who left. It lives only inside one `step`;
// the step returns plain data. A change is written out at once (Put before the command that
// follows it), so the UA core's answer in the same step (`CallCreated`) sees it.
import type { Registry } from "@puresip/kernel";
import type { ApplicationOutput } from "@puresip/kernel";
import type { UaCommand, UsageKey } from "@puresip/ua";
import type { FocusConfig } from "./config.js";
import { conferenceInfo, documentBody } from "./conference-info.js";
import type { Notification } from "./notifications.js";
import { notifyChange } from "./notifications.js";
import type { FocusEvent } from "./events.js";
import type { ConferenceEntry, Departed, Disconnection, FocusState, Participant } from "./model.js";

/** What the focus asks for. */
export type FocusOutput = ApplicationOutput<UaCommand, ConferenceEntry, FocusEvent>;

/** The working copy of one step. */
export interface Turn {
  readonly config: FocusConfig;
  readonly now: number;
  readonly registry: Registry<ConferenceEntry>;
  state: FocusState;
  readonly out: Array<FocusOutput>;
  /** Conferences changed in this step: their entry now, who left, and whether the roster (not only the subscribers) changed. */
  readonly touched: Map<string, { entry: ConferenceEntry; readonly departed: Array<Departed>; roster: boolean }>;
}

/** A turn over `registry` and `state`. */
export const startTurn = (config: FocusConfig, now: number, registry: Registry<ConferenceEntry>, state: FocusState): Turn => ({
  config,
  now,
  registry,
  state,
  out: [],
  touched: new Map(),
});

/** A conference's entry as of now in this step (an empty one when nobody is in it or subscribed). */
export const entryOf = (turn: Turn, name: string): ConferenceEntry =>
  turn.touched.get(name)?.entry ?? turn.registry.get(name) ?? { _tag: "Conference", name, uri: `sip:${name}`, participants: [], subscribers: [], shown: null };

/** The participants of a conference as of now in this step (none when it is empty or not served). */
export const participantsOf = (turn: Turn, name: string): ReadonlyArray<Participant> => entryOf(turn, name).participants;

/** Whether `name` is a conference this focus serves. */
export const serves = (turn: Turn, name: string | undefined): name is string => name !== undefined && turn.config.conferences.includes(name);

/** Writes a conference's entry (forgotten when nobody is in it or subscribed); `roster`: its participants changed. */
export const writeEntry = (turn: Turn, entry: ConferenceEntry, roster: boolean, departed?: Departed): void => {
  const was = turn.touched.get(entry.name);
  const left = was?.departed ?? [];
  if (departed !== undefined) left.push(departed);
  turn.touched.set(entry.name, { entry, departed: left, roster: roster || (was?.roster ?? false) });
  turn.out.push(entry.participants.length === 0 && entry.subscribers.length === 0 ? { _tag: "Forget", key: entry.name } : { _tag: "Put", key: entry.name, entry });
};

/** Records the conference's URI as a request named it (RFC 4575 §5.1: the document's entity). */
export const noteUri = (turn: Turn, name: string, uri: string): void => {
  const entry = entryOf(turn, name);
  if (entry.uri !== uri) turn.touched.set(name, { entry: { ...entry, uri }, departed: turn.touched.get(name)?.departed ?? [], roster: turn.touched.get(name)?.roster ?? false });
};

const write = (turn: Turn, name: string, participants: ReadonlyArray<Participant>, departed?: Departed): void => {
  writeEntry(turn, { ...entryOf(turn, name), participants }, true, departed);
};

/** Adds a participant, or replaces the one with its id. */
export const putParticipant = (turn: Turn, name: string, participant: Participant): void => {
  const now = participantsOf(turn, name);
  const at = now.findIndex((p) => p.id === participant.id);
  write(turn, name, at < 0 ? [...now, participant] : now.map((p, i) => (i === at ? participant : p)));
};

/** Replaces a participant where the roster shows nothing new (the last SDP sent to it): no new roster version. */
export const keepParticipant = (turn: Turn, name: string, participant: Participant): void => {
  writeEntry(turn, { ...entryOf(turn, name), participants: participantsOf(turn, name).map((p) => (p.id === participant.id ? participant : p)) }, false);
};

/**
 * A participant leaves the list: its media is released and, if a REFER is waiting on it, the
 * referrer hears the final status (RFC 3515 §2.4.5, `referralStatus`). Nothing of it stays.
 */
export const removeParticipant = (turn: Turn, name: string, participant: Participant, disconnection: Disconnection, referralStatus: number): void => {
  write(
    turn,
    name,
    participantsOf(turn, name).filter((p) => p.id !== participant.id),
    { participant: { ...participant, status: "disconnected", offer: null, referral: null, reportBy: null, mediaBy: null }, disconnection },
  );
  if (participant.media !== null) deliver(turn, { _tag: "ReleaseMedia", conference: name, participant: participant.id, ...participant.media });
  if (participant.referral !== null) command(turn, { _tag: "TransferProgress", subscription: participant.referral as UsageKey, status: referralStatus });
};

/** The conference and participant of a UA call key. */
export const findByCall = (turn: Turn, call: string): { readonly name: string; readonly participant: Participant } | undefined => {
  for (const name of turn.config.conferences) {
    const participant = participantsOf(turn, name).find((p) => p.call === call);
    if (participant !== undefined) return { name, participant };
  }
  return undefined;
};

/** A participant by its id. */
export const findById = (turn: Turn, name: string, id: string): Participant | undefined => participantsOf(turn, name).find((p) => p.id === id);

/** A command for the UA core, in order. */
export const command = (turn: Turn, c: UaCommand): void => {
  turn.out.push({ _tag: "Command", command: c });
};

/** Something for the owner, in order. */
export const deliver = (turn: Turn, event: FocusEvent): void => {
  turn.out.push({ _tag: "Deliver", event });
};

/** A fresh participant id. */
export const mintId = (turn: Turn): string => {
  const id = `p${String(turn.state.next)}`;
  turn.state = { ...turn.state, next: turn.state.next + 1 };
  return id;
};

/** Hands each document to the UA core's notifier of its subscription. */
export const sendNotifications = (out: Array<FocusOutput>, notifications: ReadonlyArray<Notification>): void => {
  for (const n of notifications) out.push({ _tag: "Command", command: { _tag: "UpdateSubscription", subscription: n.subscription as UsageKey, body: documentBody(n.document) } });
};

/**
 * The step's result: the state and outputs, then per conference whose roster changed its next
 * version: `RosterChanged` to the owner and a NOTIFY to each subscriber (RFC 4575 §4.6: only
 * what changed, notifications.ts), the entry first, as it remembers what each one was sent.
 */
export const finishTurn = (turn: Turn): readonly [FocusState, ReadonlyArray<FocusOutput>] => {
  let state = turn.state;
  const rosters: Array<FocusOutput> = [];
  for (const [name, { entry, departed, roster }] of turn.touched) {
    if (!roster) continue;
    const version = (state.versions[name] ?? 0) + 1;
    state = { ...state, versions: { ...state.versions, [name]: version } };
    rosters.push({ _tag: "Deliver", event: { _tag: "RosterChanged", conference: name, version, participants: entry.participants, departed } });
    const [remembered, notifications] = notifyChange(entry, conferenceInfo(entry, departed, version));
    if (notifications.length === 0) continue;
    rosters.push({ _tag: "Put", key: name, entry: remembered });
    sendNotifications(rosters, notifications);
  }
  return [state, [...turn.out, ...rosters]];
};
