// Entropy for the pure core (DESIGN.md "Randomness enters as data"): bytes from the CSPRNG,
// drawn in pools so a busy stack does not make one system call per branch or tag.
import { randomBytes } from "node:crypto";

/** Where the shell's randomness comes from (DESIGN.md: randomness enters the core as data). */
export interface EntropySource {
  /** `n` fresh random bytes, never shared with another caller. */
  readonly bytes: (n: number) => Uint8Array;
  /** A uniform draw in [0, 1) (RFC 2782 weighted choice, RFC 3261 §14.1 delays). */
  readonly uniform: () => number;
}

/** A pooled CSPRNG source: `poolSize` bytes are drawn at a time. */
export const cryptoEntropy = (poolSize = 4096): EntropySource => {
  let pool = randomBytes(poolSize);
  let used = 0;
  const bytes = (n: number): Uint8Array => {
    if (n > poolSize) return new Uint8Array(randomBytes(n));
    if (used + n > pool.length) {
      pool = randomBytes(poolSize);
      used = 0;
    }
    // A copy, so a caller that keeps or edits its bytes never sees another caller's.
    const out = new Uint8Array(pool.subarray(used, used + n));
    used += n;
    return out;
  };
  // 53 random bits make every double in [0, 1) of the form k / 2^53 equally likely.
  const uniform = (): number => {
    const b = bytes(7);
    const hi = ((b[0] ?? 0) & 0x1f) * 2 ** 48;
    const lo = (b[1] ?? 0) * 2 ** 40 + (b[2] ?? 0) * 2 ** 32 + (b[3] ?? 0) * 2 ** 24 + (b[4] ?? 0) * 2 ** 16 + (b[5] ?? 0) * 2 ** 8 + (b[6] ?? 0);
    return (hi + lo) / 2 ** 53;
  };
  return { bytes, uniform };
};

/** Lower-case hex of `bytes`, for tokens (branch, tag) and Call-IDs. */
export const hex = (bytes: Uint8Array): string => {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
};
