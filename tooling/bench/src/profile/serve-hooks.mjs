// Runs `puresip serve` (argv[2]: the CLI's main.js, then its arguments) with V8's sampling heap
// profiler under the caller's control: SIGUSR2 starts sampling every allocation, collected
// objects included; SIGINT writes the profile to $HEAP_PROFILE before serve stops. Used by
// profile-percall.mjs only.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const session = new Session();
session.connect();
const main = process.argv[2];
process.argv.splice(2, 1);
process.argv[1] = main;
let sampling = false;
process.on("SIGUSR2", () => {
  session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }, () => { sampling = true; });
});
process.prependListener("SIGINT", () => {
  if (sampling) session.post("HeapProfiler.stopSampling", (error, result) => { if (error === null) writeFileSync(process.env.HEAP_PROFILE, JSON.stringify(result.profile)); });
});
await import(main);
