// Entropy for the pure core (DESIGN.md "Randomness enters as data"): Node's CSPRNG read through
// the kernel's pooled source, so a busy stack does not make one system call per branch or tag.
import { randomFillSync } from "node:crypto";
import { pooledEntropy } from "@puresip/kernel";
import type { EntropySource } from "@puresip/kernel";

export type { EntropySource } from "@puresip/kernel";
export { hex } from "@puresip/kernel";

/** A pooled CSPRNG source: `poolSize` bytes are drawn at a time. */
export const cryptoEntropy = (poolSize = 4096): EntropySource => pooledEntropy((target) => { randomFillSync(target); }, poolSize, 2 ** 31 - 1);
