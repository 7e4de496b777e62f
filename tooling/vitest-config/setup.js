// Pins fast-check's seed from the environment so a failing property replays exactly:
//   FC_SEED=1234 pnpm --filter @puresip/message test
// FC_NUM_RUNS raises or lowers the run count of every property (default fast-check's 100).
import fc from "fast-check";

const seed = process.env.FC_SEED;
const numRuns = process.env.FC_NUM_RUNS;
const settings = {};
if (seed !== undefined && seed !== "") settings.seed = Number(seed);
if (numRuns !== undefined && numRuns !== "") settings.numRuns = Number(numRuns);
if (Object.keys(settings).length > 0) fc.configureGlobal({ ...fc.readConfigureGlobal(), ...settings });
