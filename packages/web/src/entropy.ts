// Entropy for the pure core (DESIGN.md "Randomness enters as data"): the browser's CSPRNG,
// crypto.getRandomValues, drawn in pools (it fills at most 65,536 bytes a call).
import { hex, pooledEntropy } from "@puresip/kernel";
import type { EntropySource, FillRandom } from "@puresip/kernel";

export type { EntropySource, FillRandom } from "@puresip/kernel";
export { hex } from "@puresip/kernel";

/** A pooled source over `fill` (default: the global `crypto.getRandomValues`, at most 65,536 bytes a call). */
export const webEntropy = (fill: FillRandom = (t) => crypto.getRandomValues(t), poolSize = 4096): EntropySource => pooledEntropy(fill, poolSize, 65_536);

/** RFC 4122 §4.4: a version-4 UUID URN from 16 random bytes (RFC 5626 §4.1's instance id). */
export const uuidUrn = (random: Uint8Array): string => {
  const b = Uint8Array.from({ length: 16 }, (_, i) => random[i] ?? 0);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(b);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
