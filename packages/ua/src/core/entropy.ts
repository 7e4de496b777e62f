// Randomness enters as data (DESIGN.md): the UA holds a 128-bit xoshiro128** state that the
// shell seeds once from a CSPRNG, and every identifier it mints advances it. §8.1.1.7 asks for
// branches "unique across space and time", §19.3 for tags with at least 32 random bits and
// §8.1.1.4 for Call-IDs that are "globally unique": 64, 64 and 128 bits here.
import type { Seed, UaState } from "./types.js";

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** One xoshiro128** output (an unsigned 32-bit word) and the next state. */
export const nextWord = (s: Seed): readonly [number, Seed] => {
  const [s0, s1, s2, s3] = s;
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  let a2 = (s2 ^ s0) >>> 0;
  let a3 = (s3 ^ s1) >>> 0;
  const a1 = (s1 ^ a2) >>> 0;
  const a0 = (s0 ^ a3) >>> 0;
  a2 = (a2 ^ t) >>> 0;
  a3 = rotl(a3, 11);
  return [result, [a0, a1, a2, a3]];
};

/** splitmix32: spreads any 32-bit seed words into a well-mixed, non-zero xoshiro state. */
const splitmix = (x: number): number => {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
};

/**
 * The UA's starting state from the shell's entropy: up to four 32-bit words (draw them from a
 * CSPRNG; tests use constants). Different words give different identifiers.
 */
export const initialState = (words: ReadonlyArray<number>): UaState => {
  const w = (i: number): number => splitmix(((words[i] ?? 0) + Math.imul(i + 1, 0x632be5ab)) >>> 0);
  const seed: Seed = [w(0), w(1), w(2), w(3)];
  return { seed: seed.every((x) => x === 0) ? [1, 0, 0, 0] : seed };
};

/** `words` random 32-bit words as lower-case hex (8 characters each) and the next state. */
export const drawHex = (s: Seed, words: number): readonly [string, Seed] => {
  let out = "";
  let seed = s;
  for (let i = 0; i < words; i++) {
    const [w, next] = nextWord(seed);
    out += w.toString(16).padStart(8, "0");
    seed = next;
  }
  return [out, seed];
};

/** A 32-bit seed for a usage reducer (an INVITE session draws its own branches from it). */
export const drawSeed = (s: Seed): readonly [number, Seed] => nextWord(s);
