// @puresip/testkit: a deterministic simulated network with virtual time (simulator/), for the
// tests of every puresip package and for users' own.
export * from "./simulator/index.js";
