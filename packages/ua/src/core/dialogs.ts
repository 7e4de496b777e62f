// The dialogs of the UA (RFC 3261 §12) as entries of their own, with their usages attached
// (RFC 5057 §5). The entry holds the dialog state that is one per dialog whichever usage sends
// or receives: the local CSeq, which "MUST be incremented by one" for each new request in the
// dialog (§12.2.1.1); the remote CSeq, against which any usage's incoming request is checked
// (§12.2.2: a lower one gets 500); the remote target, which "When a target refresh request
// affects it, it affects it for ALL usages sharing that dialog" (RFC 5057 §5.4); and the route
// set. An INVITE session, a subscription and a REFER's implicit subscription in one dialog each
// run a machine whose state holds a dialog value (so each machine's state stays restorable on
// its own); before a usage runs, its dialog value is taken from the entry (`current`), and what
// it changes there goes back to the entry when the usage is filed. Every write of a usage to
// the working registry passes here (./scratch.ts), so the entry follows its usages without any
// usage knowing of the others: a usage is attached when it is filed with a dialog, detached
// when it is forgotten or its dialog ends, and the entry goes with its last usage (RFC 5057 §4:
// "Dialogs terminate when their last usage is destroyed"). The entry is filed under
// @puresip/dialog's `dialogKey` of the dialog ID (§12: Call-ID, local tag, remote tag, joined
// by NULs, which no other kind of key contains).
import * as O from "fp-ts/lib/Option.js";
import type { Dialog } from "@puresip/dialog";
import { dialogIdOf, dialogKey } from "@puresip/dialog";
import { Methods, printNameAddr, printUri } from "@puresip/message";
import type { NameAddr, SipRequest, Uri } from "@puresip/message";
import type { Overlay } from "@puresip/kernel";
import type { DialogEntry, StoreEntry, Usage, UsageKey } from "./types.js";
import { isUsageKey } from "./keys.js";
import { kindOf } from "./usages.js";

/** The dialog a usage holds, if it is in one (a registration never is): its row of usages.ts says where. */
export const dialogOfUsage = (usage: Usage): O.Option<Dialog> => kindOf(usage).dialog(usage);

const seqOf = (dialog: Dialog): number => (O.isSome(dialog.localSeq) ? dialog.localSeq.value : 0);

/** The remote CSeq as a number that any received one passes (-1 while it is empty, §12.1.2). */
const remoteSeqOf = (dialog: Dialog): number => (O.isSome(dialog.remoteSeq) ? dialog.remoteSeq.value : -1);

const dialogAt = (registry: { readonly get: (key: string) => StoreEntry | undefined }, key: string): DialogEntry | undefined => {
  const entry = registry.get(key);
  return entry?._tag === "Dialog" ? entry : undefined;
};

/**
 * `dialog` as its entry has it: its local CSeq raised to the highest any usage of it used, its
 * remote CSeq to the highest any usage of it received, its remote target and route set the
 * dialog's, whichever usage refreshed them last.
 */
export const current = (registry: { readonly get: (key: string) => StoreEntry | undefined }, dialog: Dialog): Dialog => {
  const entry = dialogAt(registry, dialogKey(dialog.id));
  if (entry === undefined) return dialog;
  const localSeq = entry.localSeq > seqOf(dialog) ? O.some(entry.localSeq) : dialog.localSeq;
  const remoteSeq = entry.remoteSeq !== undefined && entry.remoteSeq > remoteSeqOf(dialog) ? O.some(entry.remoteSeq) : dialog.remoteSeq;
  if (localSeq === dialog.localSeq && remoteSeq === dialog.remoteSeq && entry.remoteTarget === dialog.remoteTarget && entry.routeSet === dialog.routeSet) return dialog;
  return { ...dialog, localSeq, remoteSeq, remoteTarget: entry.remoteTarget, routeSet: entry.routeSet };
};

const sameTarget = (a: Uri, b: Uri): boolean => a === b || printUri(a) === printUri(b);

const sameRoutes = (a: ReadonlyArray<NameAddr>, b: ReadonlyArray<NameAddr>): boolean =>
  a === b || (a.length === b.length && a.every((r, i) => { const o = b[i]; return o !== undefined && (r === o || printNameAddr(r) === printNameAddr(o)); }));

const detach = (view: Overlay<StoreEntry>, usage: UsageKey, key: string): void => {
  const entry = dialogAt(view, key);
  if (entry === undefined) return;
  const usages = entry.usages.filter((u) => u !== usage);
  if (usages.length === 0) view.forget(key);
  else view.put(key, { ...entry, usages });
};

/**
 * Files `usage`, whose dialog is now `dialog` (`before`: the dialog it held, if it was already
 * in this one), under the dialog's entry. What the usage changed goes to the entry: the CSeqs
 * only ever rise; a remote target or route set that differs from what the usage held before
 * (or, for a usage joining the dialog, from the entry's) is a refresh (§12.2.1.2, §12.2.2,
 * RFC 5057 §5.4) and becomes every usage's.
 */
const attach = (view: Overlay<StoreEntry>, usage: UsageKey, dialog: Dialog, before: Dialog | undefined): void => {
  const key = dialogKey(dialog.id);
  const entry = dialogAt(view, key);
  const localSeq = Math.max(seqOf(dialog), entry?.localSeq ?? 0);
  const remote = Math.max(remoteSeqOf(dialog), entry?.remoteSeq ?? -1);
  // What the usage's dialog is compared with: what it held itself, or the entry's when it joins.
  const base = entry !== undefined && entry.usages.includes(usage) && before !== undefined ? before : entry;
  const remoteTarget = entry !== undefined && base !== undefined && sameTarget(base.remoteTarget, dialog.remoteTarget) ? entry.remoteTarget : dialog.remoteTarget;
  const routeSet = entry !== undefined && base !== undefined && sameRoutes(base.routeSet, dialog.routeSet) ? entry.routeSet : dialog.routeSet;
  const usages = entry === undefined ? [usage] : entry.usages.includes(usage) ? entry.usages : [...entry.usages, usage];
  const unchanged = entry !== undefined && entry.localSeq === localSeq && (entry.remoteSeq ?? -1) === remote && entry.remoteTarget === remoteTarget && entry.routeSet === routeSet && entry.usages === usages;
  if (!unchanged) view.put(key, { _tag: "Dialog", localSeq, ...(remote < 0 ? {} : { remoteSeq: remote }), remoteTarget, routeSet, usages });
};

const dialogKeyOf = (entry: StoreEntry | undefined): O.Option<Dialog> => (entry?._tag === "Usage" ? dialogOfUsage(entry.usage) : O.none);

/**
 * The working registry with the dialog table kept beside the usages: every `put` or `forget`
 * of a usage re-files it under its dialog (none, the same, or another one after a fork).
 */
export const withDialogs = (view: Overlay<StoreEntry>): Overlay<StoreEntry> => {
  const refile = (key: string, before: StoreEntry | undefined, after: StoreEntry | undefined): void => {
    if (!isUsageKey(key)) return;
    const was = dialogKeyOf(before);
    const now = dialogKeyOf(after);
    const wasKey = O.isSome(was) ? dialogKey(was.value.id) : undefined;
    const nowKey = O.isSome(now) ? dialogKey(now.value.id) : undefined;
    if (wasKey !== undefined && wasKey !== nowKey) detach(view, key, wasKey);
    if (O.isSome(now)) attach(view, key, now.value, wasKey === nowKey && O.isSome(was) ? was.value : undefined);
  };
  return {
    ...view,
    put: (key, entry) => {
      const before = view.get(key);
      view.put(key, entry);
      refile(key, before, entry);
    },
    forget: (key) => {
      const before = view.get(key);
      view.forget(key);
      refile(key, before, undefined);
    },
  };
};

/**
 * A request leaving in a dialog (a To tag: §12.2.1.1) raises its dialog's count to its CSeq,
 * whichever usage built it, even one that holds no dialog of its own yet (a REFER's
 * subscription before its 2xx). A dialog with no usage filed keeps no entry.
 */
export const noteSent = (view: Overlay<StoreEntry>, request: SipRequest): void => {
  const id = dialogIdOf("UAC")(request);
  const seq = request.core.cseq?.seq;
  if (O.isNone(id) || O.isNone(id.value.remoteTag) || seq === undefined || request.method === Methods.ACK || request.method === Methods.CANCEL) return;
  const key = dialogKey(id.value);
  const entry = dialogAt(view, key);
  if (entry !== undefined && entry.localSeq < seq) view.put(key, { ...entry, localSeq: seq });
};
