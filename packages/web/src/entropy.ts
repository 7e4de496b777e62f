// Entropy for the pure core (DESIGN.md "Randomness enters as data"): the browser's CSPRNG,
// crypto.getRandomValues, drawn in pools (it fills at most 65,536 bytes a call).

/**
 * The randomness a browser UA draws on: bytes for the `.invalid` host label, the RFC 5626
 * instance URN and the seed of the UA core's random state, and draws for the RFC 5626 jitter.
 */
export interface EntropySource {
  /** `n` fresh random bytes, never shared with another caller. */
  readonly bytes: (n: number) => Uint8Array;
  /** A uniform draw in [0, 1) (RFC 5626 §4.4 and §4.5 jitter). */
  readonly uniform: () => number;
}

/** Fills its argument with random bytes: `crypto.getRandomValues` in a browser. */
export type FillRandom = (target: Uint8Array<ArrayBuffer>) => void;

const MAX_FILL = 65_536;

const fillAll = (fill: FillRandom, target: Uint8Array<ArrayBuffer>): void => {
  for (let at = 0; at < target.length; at += MAX_FILL) fill(target.subarray(at, Math.min(target.length, at + MAX_FILL)));
};

/** A pooled source over `fill` (default: the global `crypto.getRandomValues`). */
export const webEntropy = (fill: FillRandom = (t) => crypto.getRandomValues(t), poolSize = 4096): EntropySource => {
  const size = Math.max(1, Math.min(poolSize, MAX_FILL));
  let pool = new Uint8Array(size);
  let used = size;
  const bytes = (n: number): Uint8Array => {
    if (n > size) {
      const out = new Uint8Array(n);
      fillAll(fill, out);
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

/** Lower-case hex of `bytes`. */
export const hex = (bytes: Uint8Array): string => {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
};

/** RFC 4122 §4.4: a version-4 UUID URN from 16 random bytes (RFC 5626 §4.1's instance id). */
export const uuidUrn = (random: Uint8Array): string => {
  const b = Uint8Array.from({ length: 16 }, (_, i) => random[i] ?? 0);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(b);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
