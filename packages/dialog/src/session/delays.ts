// The two random delays of an INVITE session, drawn from the session's seed (the kernel's one
// generator, DESIGN.md "Randomness enters as data"): they only need spreading, so a uniform
// draw scaled to the RFC's range is enough.
import { drawUniform } from "@puresip/kernel";
import type { Seed } from "@puresip/kernel";

/**
 * §14.1: after a 491, "If the UAC is the owner of the Call-ID of the dialog ID (meaning it
 * generated the value), T has a randomly chosen value between 2.1 and 4 seconds in units of
 * 10 ms. If the UAC is not the owner of the Call-ID of the dialog ID, T has a randomly chosen
 * value of between 0 and 2 seconds in units of 10 ms."
 */
export const glareDelay = (callIdOwner: boolean, seed: Seed): readonly [ms: number, seed: Seed] => {
  const [u, next] = drawUniform(seed);
  return callIdOwner ? [2100 + 10 * Math.floor(u * 191), next] : [10 * Math.floor(u * 201), next];
};

/** §14.2 / RFC 3311 §5.2: a Retry-After "randomly chosen value of between 0 and 10 seconds". */
export const retryAfterSeconds = (seed: Seed): readonly [seconds: number, seed: Seed] => {
  const [u, next] = drawUniform(seed);
  return [Math.floor(u * 11), next];
};
