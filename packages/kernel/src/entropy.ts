// The one entropy module (DESIGN.md "Randomness enters as data"): a 128-bit xoshiro128** state
// that an adapter seeds once from a CSPRNG (tests from constants) and that every identifier
// advances. Each mint takes the seed and gives the value and the next seed, so equal inputs
// give equal outputs. §8.1.1.7 asks for branches "unique across space and time", §19.3 for
// tags with at least 32 random bits, §8.1.1.4 for "globally unique" Call-IDs: 64, 64 and 128
// bits here; RFC 7616 §3.4 a cnonce the server cannot predict: 128 bits.
import * as t from "io-ts";

/** xoshiro128** state: four unsigned 32-bit words, never all zero. */
export type Seed = readonly [number, number, number, number];

const word = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, "Word32");
/** io-ts codec for an entropy seed: four 32-bit words. */
export const SeedCodec: t.Type<Seed, ReadonlyArray<number>> = t.readonly(t.tuple([word, word, word, word]));

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** One xoshiro128** output (an unsigned 32-bit word) and the next state. */
export const nextWord = (s: Seed): readonly [number, Seed] => {
  const [s0, s1, s2, s3] = s;
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t9 = (s1 << 9) >>> 0;
  let a2 = (s2 ^ s0) >>> 0;
  let a3 = (s3 ^ s1) >>> 0;
  const a1 = (s1 ^ a2) >>> 0;
  const a0 = (s0 ^ a3) >>> 0;
  a2 = (a2 ^ t9) >>> 0;
  a3 = rotl(a3, 11);
  return [result, [a0, a1, a2, a3]];
};

/** splitmix32: spreads any 32-bit word into a well-mixed one, so weak seeds still start well. */
const splitmix = (x: number): number => {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
};

/**
 * A seed from up to four 32-bit words (draw them from a CSPRNG; tests use constants).
 * Different words give different streams.
 */
export const seedFromWords = (words: ReadonlyArray<number>): Seed => {
  // Every state word depends on every input word. xoshiro128**'s first output reads only the
  // second state word: spread one by one, every one-word seed [n] gave the same first draw.
  let all = 0x6a09e667;
  for (let i = 0; i < 4; i++) all = splitmix((all ^ (words[i] ?? 0)) >>> 0);
  const w = (i: number): number => splitmix((((words[i] ?? 0) ^ all) + Math.imul(i + 1, 0x632be5ab)) >>> 0);
  const seed: Seed = [w(0), w(1), w(2), w(3)];
  return seed.every((x) => x === 0) ? [1, 0, 0, 0] : seed;
};

/** A seed from an adapter's random octets (16 used; fewer are padded with zeros). */
export const seedFromBytes = (bytes: Uint8Array): Seed => {
  const words: Array<number> = [];
  for (let i = 0; i < 4; i++) {
    const b = (j: number): number => bytes[4 * i + j] ?? 0;
    words.push(((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0);
  }
  return seedFromWords(words);
};

/** `words` random 32-bit words as lower-case hex (8 characters each) and the next seed. */
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

/** One random unsigned 32-bit number (an RSeq, a part of an SDP sess-id) and the next seed. */
export const drawSeed = (s: Seed): readonly [number, Seed] => nextWord(s);

/** One uniform draw in [0, 1) (32 bits of resolution) and the next seed, for delays that only need spreading. */
export const drawUniform = (s: Seed): readonly [number, Seed] => {
  const [w, next] = nextWord(s);
  return [w / 4294967296, next];
};

/**
 * A seed of its own for a sub-machine (an INVITE session, a subscription) and the next seed of
 * the parent: four words of the parent's stream, mixed as `seedFromWords` does. The child runs
 * the same generator and mints with the same functions, so there is one convention, and its
 * 128-bit state is stored with it like any other.
 */
export const splitSeed = (s: Seed): readonly [child: Seed, next: Seed] => {
  const [a, s1] = nextWord(s);
  const [b, s2] = nextWord(s1);
  const [c, s3] = nextWord(s2);
  const [d, s4] = nextWord(s3);
  return [seedFromWords([a, b, c, d]), s4];
};

/** §8.1.1.7: the magic cookie and 64 random bits. */
export const mintBranch = (s: Seed): readonly [string, Seed] => {
  const [h, next] = drawHex(s, 2);
  return [`z9hG4bK${h}`, next];
};
/** §19.3: "at least 32 bits of randomness"; 64 here. */
export const mintTag = (s: Seed): readonly [string, Seed] => drawHex(s, 2);
/** §8.1.1.4: 128 random bits. */
export const mintCallId = (s: Seed): readonly [string, Seed] => drawHex(s, 4);
/** RFC 7616 §3.4: the client nonce, 128 random bits. */
export const mintCnonce = (s: Seed): readonly [string, Seed] => drawHex(s, 4);
