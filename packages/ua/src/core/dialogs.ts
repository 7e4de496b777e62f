// The dialogs of the UA (RFC 3261 §12) as entries of their own, with their usages attached
// (RFC 5057 §5). An INVITE session, a subscription and a REFER's implicit subscription in one
// dialog each run a machine that holds a copy of the dialog; the entry holds what must be one
// number per dialog whoever sends: the local CSeq, which "MUST be incremented by one" for each
// new request in the dialog (§12.2.1.1). Every write of a usage to the working registry passes
// here (./scratch.ts), so the entry follows its usages without any usage knowing of the others:
// a usage is attached when it is filed with a dialog, detached when it is forgotten or its
// dialog ends, and the entry goes with its last usage (RFC 5057 §5: "a dialog ... is destroyed
// when the last usage is destroyed"). Before a usage runs it counts on from the entry (`current`).
// The entry is filed under @puresip/dialog's `dialogKey` of the dialog ID (§12: Call-ID, local
// tag, remote tag, joined by NULs, which no other kind of key contains).
import * as O from "fp-ts/lib/Option.js";
import type { Dialog } from "@puresip/dialog";
import { dialogIdOf, dialogKey } from "@puresip/dialog";
import { Methods } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { Overlay } from "@puresip/kernel";
import type { DialogEntry, StoreEntry, Usage, UsageKey } from "./types.js";
import { isUsageKey } from "./keys.js";
import { kindOf } from "./usages.js";

/** The dialog a usage holds, if it is in one (a registration never is): its row of usages.ts says where. */
export const dialogOfUsage = (usage: Usage): O.Option<Dialog> => kindOf(usage).dialog(usage);

const seqOf = (dialog: Dialog): number => (O.isSome(dialog.localSeq) ? dialog.localSeq.value : 0);

const dialogAt = (registry: { readonly get: (key: string) => StoreEntry | undefined }, key: string): DialogEntry | undefined => {
  const entry = registry.get(key);
  return entry?._tag === "Dialog" ? entry : undefined;
};

/** `dialog` counting on from its entry: its local CSeq raised to the highest any usage of it used. */
export const current = (registry: { readonly get: (key: string) => StoreEntry | undefined }, dialog: Dialog): Dialog => {
  const entry = dialogAt(registry, dialogKey(dialog.id));
  return entry === undefined || entry.localSeq <= seqOf(dialog) ? dialog : { ...dialog, localSeq: O.some(entry.localSeq) };
};

const detach = (view: Overlay<StoreEntry>, usage: UsageKey, key: string): void => {
  const entry = dialogAt(view, key);
  if (entry === undefined) return;
  const usages = entry.usages.filter((u) => u !== usage);
  if (usages.length === 0) view.forget(key);
  else view.put(key, { ...entry, usages });
};

const attach = (view: Overlay<StoreEntry>, usage: UsageKey, dialog: Dialog): void => {
  const key = dialogKey(dialog.id);
  const entry = dialogAt(view, key);
  const localSeq = Math.max(seqOf(dialog), entry?.localSeq ?? 0);
  const usages = entry === undefined ? [usage] : entry.usages.includes(usage) ? entry.usages : [...entry.usages, usage];
  if (entry === undefined || entry.localSeq !== localSeq || entry.usages !== usages) view.put(key, { _tag: "Dialog", localSeq, usages });
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
    if (O.isSome(now)) attach(view, key, now.value);
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
