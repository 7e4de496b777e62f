export type { Rng } from "./prng.js";
export { chance, nextFloat, nextInt, seeded } from "./prng.js";
export type {
  Endpoint,
  LinkConfig,
  Network,
  NetworkConfig,
  NodeInput,
  NodeOutput,
  Packet,
  RunOptions,
  Scheduled,
  SimulationError,
  TraceEntry,
} from "./network.js";
export { createNetwork, isQuiet, linkKey, perfectLink, run, schedule, stepNetwork, trace } from "./network.js";
export type { LadderOptions } from "./ladder.js";
export { ladder } from "./ladder.js";
export type { Policy, SimNode, SimNodeOptions, Wire } from "./engine-node.js";
export { engineEndpoint, peerOf, restoreNode, simNode } from "./engine-node.js";
