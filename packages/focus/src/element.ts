// The focus and the UA core as one kernel element, ready for an engine (@puresip/node's
// `serveElement`, the simulator's `simNode`).
import type { Element } from "@puresip/kernel";
import { withApplication } from "@puresip/kernel";
import type { ApplicationEntry, Composed } from "@puresip/kernel";
import type { StoreEntry, UaConfig, UaState } from "@puresip/ua";
import { uaElement } from "@puresip/ua";
import type { FocusConfig } from "./config.js";
import type { FocusCommand, FocusEvent } from "./events.js";
import { focusApplication } from "./focus.js";
import type { ConferenceEntry, FocusState } from "./model.js";

/** The composed element's state, entries, commands and events. */
export type FocusElement = Element<Composed<UaState, FocusState>, StoreEntry | ApplicationEntry<ConferenceEntry>, FocusCommand, FocusEvent>;

/**
 * The UA configuration of a focus: its Contact carries `isfocus` (RFC 4579 §4.2) and, in each
 * dialog a participant starts, the conference's own URI (the INVITE's Request-URI user part).
 */
export const focusUaConfig = (ua: UaConfig): UaConfig => ({
  ...ua,
  contactParams: [...(ua.contactParams ?? []).filter((p) => p.name.toLowerCase() !== "isfocus"), { name: "isfocus" }],
  contactFromRequestUri: true,
});

/** A focus on a UA core configured by `ua` (made a focus's by `focusUaConfig`). */
export const focusElement = (ua: UaConfig, focus: FocusConfig): FocusElement => withApplication(uaElement(focusUaConfig(ua)), focusApplication(focus));
