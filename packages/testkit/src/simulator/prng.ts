// A seeded pseudo-random generator as pure data: the state is one 32-bit integer threaded
// explicitly, so equal seeds give equal runs and a failing run replays from its seed.
// splitmix32: one add and a few multiply-xorshift rounds per draw, good enough for tests.

/** The generator's whole state. */
export interface Rng {
  readonly state: number;
}

/** A deterministic random number generator from a seed. */
export const seeded = (seed: number): Rng => ({ state: seed | 0 });

/** A float in [0, 1) and the next generator. */
export const nextFloat = (rng: Rng): readonly [value: number, next: Rng] => {
  const state = (rng.state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [(z >>> 0) / 4294967296, { state }];
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
