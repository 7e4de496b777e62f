// RFC 2782 "Usage rules": the order in which to try the targets of one SRV RRset. Lowest
// priority first; within a priority, a weighted random order where each pick is "the first
// SRV RR with running sum >= a uniform random number between 0 and the sum of weights", zero
// weights placed first so they keep "a very small chance of being selected".

/** An SRV record as DNS returns it (RFC 2782). */
export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: string;
}

/** `uniform` gives a draw in [0, 1); the shell passes its CSPRNG, tests a fixed sequence. */
export const orderSrv = (records: ReadonlyArray<SrvRecord>, uniform: () => number): ReadonlyArray<SrvRecord> => {
  // "A Target of "." means that the service is decidedly not available at this domain."
  const usable = records.filter((r) => r.name !== "." && r.name !== "");
  const priorities = [...new Set(usable.map((r) => r.priority))].sort((a, b) => a - b);
  const out: Array<SrvRecord> = [];
  for (const priority of priorities) {
    const group = usable.filter((r) => r.priority === priority);
    // "arrange all SRV RRs (that have not been ordered yet) in any order, except that all those with weight 0 are placed at the beginning"
    const left = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight !== 0)];
    while (left.length > 0) {
      const total = left.reduce((sum, r) => sum + r.weight, 0);
      // A number in [0, total]; with integer weights, every running sum >= it is reachable.
      const draw = Math.min(total, Math.floor(uniform() * (total + 1)));
      let running = 0;
      let chosen = left.length - 1;
      for (let i = 0; i < left.length; i++) {
        running += left[i]?.weight ?? 0;
        if (running >= draw) {
          chosen = i;
          break;
        }
      }
      const [picked] = left.splice(chosen, 1);
      if (picked !== undefined) out.push(picked);
    }
  }
  return out;
};
