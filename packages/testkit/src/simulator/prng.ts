// The simulator's draws, from the kernel's one generator (xoshiro128**, @puresip/kernel's
// entropy module) held as pure data: the state is threaded explicitly, so equal seeds give
// equal runs and a failing run replays from its seed.
import { nextWord, seedFromWords } from "@puresip/kernel";
import type { Seed } from "@puresip/kernel";

/** The generator's whole state. */
export interface Rng {
  readonly state: Seed;
}

/** The run's seed in every word: xoshiro128**'s first output depends on one word only. */
export const seeded = (seed: number): Rng => {
  const w = seed >>> 0;
  return { state: seedFromWords([w, w, w, w]) };
};

/** A float in [0, 1) and the next generator. */
export const nextFloat = (rng: Rng): readonly [value: number, next: Rng] => {
  const [word, state] = nextWord(rng.state);
  return [word / 4294967296, { state }];
};

/** True with probability `p`, and the next generator. */
export const chance = (rng: Rng, p: number): readonly [boolean, Rng] => {
  const [x, next] = nextFloat(rng);
  return [x < p, next];
};

/** An integer in [0, bound), and the next generator. */
export const nextInt = (rng: Rng, bound: number): readonly [number, Rng] => {
  const [x, next] = nextFloat(rng);
  return [Math.floor(x * bound), next];
};
