import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { SeedCodec, drawHex, drawUniform, mintBranch, mintCallId, mintCnonce, mintTag, nextWord, seedFromBytes, seedFromWords, splitSeed } from "../src/index.js";
import type { Seed } from "../src/index.js";

const word = fc.integer({ min: 0, max: 0xffffffff });

describe("the one entropy module", () => {
  test.prop([fc.array(word, { maxLength: 4 })])("equal words give equal streams; no seed is all zero; the codec round-trips it", (words) => {
    const a = seedFromWords(words);
    const b = seedFromWords(words);
    expect(a).toEqual(b);
    expect(a.some((w) => w !== 0)).toBe(true);
    expect(drawHex(a, 4)).toEqual(drawHex(b, 4));
    expect(SeedCodec.decode(JSON.parse(JSON.stringify(SeedCodec.encode(a))))).toEqual(E.right(a));
  });

  test.prop([fc.array(word, { minLength: 4, maxLength: 4 }), fc.array(word, { minLength: 4, maxLength: 4 })])("different seeds mint different identifiers", (x, y) => {
    fc.pre(x.join() !== y.join());
    expect(mintCallId(seedFromWords(x))[0]).not.toBe(mintCallId(seedFromWords(y))[0]);
  });

  it("RFC 3261 §8.1.1.7: a branch is the magic cookie z9hG4bK and 64 random bits", () => {
    const [branch] = mintBranch(seedFromWords([1, 2, 3, 4]));
    expect(branch).toMatch(/^z9hG4bK[0-9a-f]{16}$/);
  });

  it("RFC 3261 §19.3 tags (64 bits), §8.1.1.4 Call-IDs (128 bits), RFC 7616 §3.4 cnonces (128 bits) are hex tokens", () => {
    const s = seedFromWords([9]);
    expect(mintTag(s)[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(mintCallId(s)[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(mintCnonce(s)[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("one-word seeds differ from the first word drawn: a thousand seeds [n] give a thousand first words", () => {
    const first = new Set<number>();
    for (let n = 0; n < 1000; n++) first.add(nextWord(seedFromWords([n]))[0]);
    expect(first.size).toBe(1000);
  });

  it("each mint advances the seed: a thousand tags in a row are all different", () => {
    let s: Seed = seedFromWords([42]);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const [t, next] = mintTag(s);
      seen.add(t);
      s = next;
    }
    expect(seen.size).toBe(1000);
  });

  it("is xoshiro128** (the reference's first outputs from state 1, 2, 3, 4)", () => {
    // Reference implementation (Blackman and Vigna, xoshiro128starstar.c) from s = {1, 2, 3, 4}.
    const outputs: Array<number> = [];
    let s: Seed = [1, 2, 3, 4];
    for (let i = 0; i < 3; i++) {
      const [w, next] = nextWord(s);
      outputs.push(w);
      s = next;
    }
    expect(outputs).toEqual([11520, 0, 5927040]);
  });

  it("seeds from an adapter's octets as from the same words", () => {
    const bytes = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
    expect(seedFromBytes(bytes)).toEqual(seedFromWords([1, 2, 3, 4]));
  });

  test.prop([fc.array(word, { minLength: 1, maxLength: 4 })])(
    "a split seed is a stream of its own: the child's first 64 words differ from the parent's next 64, and the split is a pure function of the seed",
    (words) => {
      const parent = seedFromWords(words);
      const [child, next] = splitSeed(parent);
      expect(splitSeed(parent)).toEqual([child, next]);
      expect(child.some((w) => w !== 0)).toBe(true);
      expect(drawHex(child, 64)[0]).not.toBe(drawHex(next, 64)[0]);
      expect(SeedCodec.is(child)).toBe(true);
    },
  );

  test.prop([fc.array(word, { minLength: 1, maxLength: 4 })])("a uniform draw lies in [0, 1) and advances the seed", (words) => {
    const s = seedFromWords(words);
    const [u, next] = drawUniform(s);
    expect(u >= 0 && u < 1).toBe(true);
    expect(next).not.toEqual(s);
  });
});
