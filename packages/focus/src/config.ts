// What a focus is configured with: the conferences it serves and the media it speaks.
import type { LocalCapabilities } from "@puresip/sdp";

/** How a focus runs. */
export interface FocusConfig {
  /**
   * The conferences served, by the user part of their URI (`sip:NAME@host`): several at once,
   * each with its own participant list (RFC 4353 §6: one focus per conference).
   */
  readonly conferences: ReadonlyArray<string>;
  /**
   * The codecs and streams offered and answered. Its `address` and each stream's `port` are
   * replaced per participant by what the owner allocated (`MediaAllocated`).
   */
  readonly media: LocalCapabilities;
  /** The most participants one conference holds; a join beyond it gets 486 Busy Here (nothing grows without bound). */
  readonly maxParticipants: number;
  /** How long, in ms, an `AllocateMedia` may go unanswered before the participant is dropped (503). */
  readonly mediaTimeout: number;
  /** How long, in seconds, a dial-out may ring: the INVITE's Expires (RFC 3261 §13.2.1), after which the UA cancels it. */
  readonly dialOutSeconds: number;
}

/** A focus for `conferences` with `media`, and the defaults for the rest: 32 participants, 5 s for media, 30 s of ringing. */
export const focusConfig = (conferences: ReadonlyArray<string>, media: LocalCapabilities): FocusConfig => ({
  conferences,
  media,
  maxParticipants: 32,
  mediaTimeout: 5000,
  dialOutSeconds: 30,
});
