// What the focus's owner says to it and hears from it.
import type { AppEvent, UaCommand } from "@puresip/ua";
import type { Departed, Participant } from "./model.js";

/**
 * What the owner tells the focus.
 * - `MediaAllocated`: the answer to `AllocateMedia`: where this participant's media goes.
 * - `Ua`: a command for the UA core underneath, as it is (e.g. `Shutdown`).
 */
export type FocusCommand =
  | { readonly _tag: "MediaAllocated"; readonly conference: string; readonly participant: string; readonly address: string; readonly port: number }
  | { readonly _tag: "Ua"; readonly command: UaCommand };

/**
 * What the owner hears.
 * - `AllocateMedia`: a participant needs a media address (mixing is the owner's: a shell
 *   answers with `MediaAllocated`, e.g. the next free port, or a mixer's).
 * - `ReleaseMedia`: the participant has gone; its address may be reused.
 * - `RosterChanged`: the conference's participants after a change, who just left, and the
 *   version (RFC 4575 §4.6), so a conference event package can NOTIFY it.
 * - `Ua`: what the UA core said that the focus does not handle itself (for logs: `Problem`,
 *   `Rejected`, ...).
 */
export type FocusEvent =
  | { readonly _tag: "AllocateMedia"; readonly conference: string; readonly participant: string }
  | { readonly _tag: "ReleaseMedia"; readonly conference: string; readonly participant: string; readonly address: string; readonly port: number }
  | { readonly _tag: "RosterChanged"; readonly conference: string; readonly version: number; readonly participants: ReadonlyArray<Participant>; readonly departed: ReadonlyArray<Departed> }
  | { readonly _tag: "Ua"; readonly event: AppEvent };
