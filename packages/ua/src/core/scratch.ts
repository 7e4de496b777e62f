// One step's working copy of the registry: the kernel's overlay (reads see the step's own
// writes; the net changes become Put/Forget effects with each entry's deadline), keeping each
// dialog's entry beside its usages (./dialogs.ts).
import type { Overlay } from "@puresip/kernel";
import { overlay } from "@puresip/kernel";
import { nextDeadline } from "./deadline.js";
import { withDialogs } from "./dialogs.js";
import type { StoreEntry, UaStore } from "./types.js";

export type Scratch = Overlay<StoreEntry>;

export const scratch = (store: UaStore): Scratch => withDialogs(overlay(store, nextDeadline));
