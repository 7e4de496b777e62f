// Randomness enters as data (DESIGN.md): a session holds a 32-bit seed, which the adapter draws
// from a CSPRNG and tests fix, and threads it through every draw. mulberry32 is enough here:
// branches need uniqueness within the seed's session, and §14.1 delays only need spreading.

/** One uniform draw in [0, 1) and the next seed. */
export const draw = (seed: number): readonly [u: number, seed: number] => {
  const next = (seed + 0x6d2b79f5) >>> 0;
  let x = next;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return [((x ^ (x >>> 14)) >>> 0) / 4294967296, next];
};

const hex8 = (u: number): string => Math.floor(u * 4294967296).toString(16).padStart(8, "0");

/** §8.1.1.7: a branch "unique across space and time for all requests sent by the UA", with the magic cookie. */
export const drawBranch = (seed: number): readonly [branch: string, seed: number] => {
  const [a, s1] = draw(seed);
  const [b, s2] = draw(s1);
  return [`z9hG4bK${hex8(a)}${hex8(b)}`, s2];
};

/**
 * §14.1: after a 491, "If the UAC is the owner of the Call-ID of the dialog ID (meaning it
 * generated the value), T has a randomly chosen value between 2.1 and 4 seconds in units of
 * 10 ms. If the UAC is not the owner of the Call-ID of the dialog ID, T has a randomly chosen
 * value of between 0 and 2 seconds in units of 10 ms."
 */
export const glareDelay = (callIdOwner: boolean, seed: number): readonly [ms: number, seed: number] => {
  const [u, next] = draw(seed);
  return callIdOwner ? [2100 + 10 * Math.floor(u * 191), next] : [10 * Math.floor(u * 201), next];
};

/** §14.2 / RFC 3311 §5.2: a Retry-After "randomly chosen value of between 0 and 10 seconds". */
export const retryAfterSeconds = (seed: number): readonly [seconds: number, seed: number] => {
  const [u, next] = draw(seed);
  return [Math.floor(u * 11), next];
};
