// Where an adapter's randomness comes from, before it enters the pure core as data (DESIGN.md
// "Randomness enters as data"): a CSPRNG read in pools, so a busy stack does not make one
// system call per branch or tag. Node brings `crypto.randomFillSync`, a browser
// `crypto.getRandomValues`; the pooling and the uniform draw are the same everywhere.

/** The randomness an adapter draws on: seeds for the kernel's generator, and jitter. */
export interface EntropySource {
  /** `n` fresh random bytes, never shared with another caller. */
  readonly bytes: (n: number) => Uint8Array;
  /** A uniform draw in [0, 1) (RFC 2782 weighted choice, RFC 3261 §14.1 delays, RFC 5626 §4.5 jitter). */
  readonly uniform: () => number;
}

/** Fills its argument with random bytes (`crypto.randomFillSync`, `crypto.getRandomValues`). */
export type FillRandom = (target: Uint8Array<ArrayBuffer>) => void;

/**
 * A pooled source over `fill`: `poolSize` bytes are drawn at a time, and a fill never asks for
 * more than `maxFill` bytes (`crypto.getRandomValues` fills at most 65,536 a call).
 */
export const pooledEntropy = (fill: FillRandom, poolSize = 4096, maxFill = 65_536): EntropySource => {
  const size = Math.max(1, Math.min(poolSize, maxFill));
  const fillAll = (target: Uint8Array<ArrayBuffer>): void => {
    for (let at = 0; at < target.length; at += maxFill) fill(target.subarray(at, Math.min(target.length, at + maxFill)));
  };
  let pool = new Uint8Array(size);
  let used = size;
  const bytes = (n: number): Uint8Array => {
    if (n > size) {
      const out = new Uint8Array(n);
      fillAll(out);
      return out;
    }
    if (used + n > size) {
      pool = new Uint8Array(size);
      fill(pool);
      used = 0;
    }
    // A copy, so a caller that keeps or edits its bytes never sees another caller's.
    const out = pool.slice(used, used + n);
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
