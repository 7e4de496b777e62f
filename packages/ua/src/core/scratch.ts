// One step's working copy of the registry: the kernel's overlay (reads see the step's own
// writes; the net changes become Put/Forget effects with each entry's deadline).
import type { Overlay } from "@puresip/kernel";
import { overlay } from "@puresip/kernel";
import { nextDeadline } from "./deadline.js";
import type { StoreEntry, UaStore } from "./types.js";

export type Scratch = Overlay<StoreEntry>;

export const scratch = (store: UaStore): Scratch => overlay(store, nextDeadline);
