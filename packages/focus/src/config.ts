// What a focus is configured with: the conferences it serves and the media it speaks, and the
// rule that ties its dial-out limit to the REFER subscription that reports it.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import type { LocalCapabilities } from "@puresip/sdp";
import { REFER_SUBSCRIPTION_SECONDS } from "@puresip/ua";

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
  /**
   * How long, in seconds, a dial-out may ring: the INVITE's Expires (RFC 3261 §13.2.1), after
   * which the UA cancels it. With `mediaTimeout` it must end before the REFER's implicit
   * subscription does (`checkFocusConfig`); the focus never rings longer (`dialOutLimit`).
   */
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

/** Why a focus configuration is refused. */
export type FocusConfigError =
  /** A count or duration that must be a positive whole number (a non-negative one for `mediaTimeout`) is not. */
  | { readonly _tag: "NotAPositiveNumber"; readonly field: "maxParticipants" | "mediaTimeout" | "dialOutSeconds"; readonly value: number }
  /**
   * RFC 3515 §2.4.5, §2.4.7: a dial-out on a REFER reports its final outcome in the REFER's
   * implicit subscription, which lasts `REFER_SUBSCRIPTION_SECONDS`; waiting for media and
   * ringing must end before it does. `limit`: the most `dialOutSeconds` this `mediaTimeout` allows.
   */
  | { readonly _tag: "DialOutOutlastsRefer"; readonly dialOutSeconds: number; readonly mediaTimeout: number; readonly limit: number };

/** The longest ring, in seconds, that reports its outcome inside the REFER's subscription after at most `mediaTimeout` ms of waiting for media. */
export const maxDialOutSeconds = (mediaTimeout: number): number => REFER_SUBSCRIPTION_SECONDS - Math.ceil(mediaTimeout / 1000) - 1;

/** The ring the focus asks for: `dialOutSeconds`, never beyond `maxDialOutSeconds` (a configuration that was not checked cannot outlast the REFER). */
export const dialOutLimit = (config: FocusConfig): number => Math.max(1, Math.min(config.dialOutSeconds, maxDialOutSeconds(config.mediaTimeout)));

const positive = (field: "maxParticipants" | "mediaTimeout" | "dialOutSeconds", value: number, zero: boolean): E.Either<FocusConfigError, number> =>
  Number.isSafeInteger(value) && (value > 0 || (zero && value === 0)) ? E.right(value) : E.left({ _tag: "NotAPositiveNumber", field, value });

/**
 * The configuration, or why it is refused: positive counts and durations, and a dial-out that
 * (after waiting at most `mediaTimeout` for media) rings out before the REFER subscription that
 * reports it ends (RFC 3515 §2.4.4: 60 s, `REFER_SUBSCRIPTION_SECONDS`), so the referrer hears
 * the failure (sipfrag 487, or 408 when nothing answers at all) rather than a timeout.
 */
export const checkFocusConfig = (config: FocusConfig): E.Either<FocusConfigError, FocusConfig> => {
  const counts = E.flatMap(() => positive("mediaTimeout", config.mediaTimeout, true))(positive("maxParticipants", config.maxParticipants, false));
  const all = E.flatMap(() => positive("dialOutSeconds", config.dialOutSeconds, false))(counts);
  if (E.isLeft(all)) return all;
  const limit = maxDialOutSeconds(config.mediaTimeout);
  return config.dialOutSeconds > limit ? E.left({ _tag: "DialOutOutlastsRefer", dialOutSeconds: config.dialOutSeconds, mediaTimeout: config.mediaTimeout, limit }) : E.right(config);
};

/** A focus configuration error as one line. */
export const describeFocusConfigError = (e: FocusConfigError): string => {
  switch (e._tag) {
    case "NotAPositiveNumber":
      return `${e.field} must be a positive whole number, not ${String(e.value)}`;
    case "DialOutOutlastsRefer":
      return `dialOutSeconds ${String(e.dialOutSeconds)} with mediaTimeout ${String(e.mediaTimeout)} ms outlasts the REFER subscription (${String(REFER_SUBSCRIPTION_SECONDS)} s, RFC 3515 §2.4.4): at most ${String(e.limit)}`;
    default:
      return absurd(e);
  }
};
