// Replay detection over the nonce count (RFC 7616 §3.4 nc: "if the same nc value is seen twice,
// then the request is a replay"; §5.5). A strictly increasing nc would reject requests that
// merely overtook each other on UDP, so the server keeps a window, as IPsec does (RFC 4303
// §3.4.3): the highest count accepted and a bitmap of the WINDOW counts below it.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";

/** How many counts below the highest one are still accepted once each. */
export const WINDOW = 32;

/** The nonce counts a server has seen for one nonce (RFC 7616 §3.4, §5.5): the highest nc and a window of those just below it, so a replay is refused and a reordered request accepted once. */
export interface NonceCounts {
  /** The highest nc accepted so far; 0 before the first. */
  readonly highestNc: number;
  /** Bit i is set when nc = highestNc - 1 - i was accepted. */
  readonly window: number;
}

/** The counts of a nonce no request has used yet. */
export const NO_COUNTS: NonceCounts = { highestNc: 0, window: 0 };

/** Why a count is refused: seen before, or too far below the highest to tell. */
export type CountRefusal = "Seen" | "TooOld";

/** Records `nc` (1..0xffffffff) as used, or refuses it. */
export const acceptNonceCount = (counts: NonceCounts, nc: number): E.Either<CountRefusal, NonceCounts> => {
  const { highestNc, window } = counts;
  if (nc > highestNc) {
    const shift = nc - highestNc;
    // The old highest moves to bit shift-1 and everything below it moves up by shift.
    const moved = highestNc === 0 || shift > WINDOW ? 0 : shift === WINDOW ? 1 << (WINDOW - 1) : (window << shift) | (1 << (shift - 1));
    return E.right({ highestNc: nc, window: moved >>> 0 });
  }
  if (nc === highestNc) return E.left("Seen");
  const bit = highestNc - nc - 1;
  if (bit >= WINDOW) return E.left("TooOld");
  const mask = (1 << bit) >>> 0;
  if (((window >>> 0) & mask) !== 0) return E.left("Seen");
  return E.right({ highestNc, window: (window | mask) >>> 0 });
};

/**
 * The counts to check a use of a stateless nonce (nonce.ts) against, given a bounded table of
 * recently used nonces: `known` is the table's entry, if any. A table that evicts an entry
 * raises `forgottenBefore` to just past the evicted nonce's issue time, so a nonce missing from
 * it is new (NO_COUNTS) only when issued at or after that mark; an older one may have been used
 * and its counts dropped, so there are none to check against (`none`): the caller refuses it as
 * stale and the client takes a fresh nonce. This keeps RFC 7616 §3.4's replay rule ("if the
 * same nc value is seen twice, then the request is a replay") with a table of any size.
 */
export const countsForUse = (known: NonceCounts | undefined, issuedAt: number, forgottenBefore: number): O.Option<NonceCounts> =>
  known !== undefined ? O.some(known) : issuedAt < forgottenBefore ? O.none : O.some(NO_COUNTS);
