// Replay detection over the nonce count (RFC 7616 §3.4 nc: "if the same nc value is seen twice,
// then the request is a replay"; §5.5). A strictly increasing nc would reject requests that
// merely overtook each other on UDP, so the server keeps a window, as IPsec does (RFC 4303
// §3.4.3): the highest count accepted and a bitmap of the WINDOW counts below it.
import * as E from "fp-ts/lib/Either.js";

/** How many counts below the highest one are still accepted once each. */
export const WINDOW = 32;

export interface NonceCounts {
  /** The highest nc accepted so far; 0 before the first. */
  readonly highestNc: number;
  /** Bit i is set when nc = highestNc - 1 - i was accepted. */
  readonly window: number;
}

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
 * Why a use of a stateless nonce is refused: its count was seen, is below the window, or the
 * nonce may have been used before and its counts dropped from the caller's bounded table.
 */
export type UseRefusal = CountRefusal | "Forgotten";

/**
 * Records one use of a stateless nonce (nonce.ts) against a bounded table of recently used
 * nonces. `known` is the table's entry for the nonce, if any. A table that evicts an entry
 * raises `forgottenBefore` to just past the evicted nonce's issue time, so a nonce missing from
 * it is new only when issued at or after that mark; an older one may have been used, and its
 * counts are gone, so it is refused (the caller answers stale=true and the client takes a fresh
 * nonce). This keeps RFC 7616 §3.4's replay rule with a table of any size.
 */
export const acceptNonceUse = (
  known: NonceCounts | undefined,
  issuedAt: number,
  forgottenBefore: number,
  nc: number,
): E.Either<UseRefusal, NonceCounts> => {
  if (known !== undefined) return acceptNonceCount(known, nc);
  if (issuedAt < forgottenBefore) return E.left("Forgotten");
  return acceptNonceCount(NO_COUNTS, nc);
};
