// The UA's entropy is the kernel's one generator (`@puresip/kernel` entropy.ts): the shell
// seeds it once from a CSPRNG, and every branch, tag, Call-ID, cnonce and session seed the UA
// mints advances it.
import { seedFromWords } from "@puresip/kernel";
import type { UaState } from "./types.js";

export { drawHex, drawSeed } from "@puresip/kernel";

/**
 * The UA's starting state from the shell's entropy: up to four 32-bit words (draw them from a
 * CSPRNG; tests use constants). Different words give different identifiers.
 */
export const initialState = (words: ReadonlyArray<number>): UaState => ({ seed: seedFromWords(words) });
