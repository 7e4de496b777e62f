// @puresip/testkit: everything a test of a SIP stack needs from puresip in one import:
// - simulator/: a deterministic simulated network with virtual time, seeded loss, duplication
//   and reordering, and ladder diagrams of what crossed it;
// - the fast-check arbitraries of @puresip/message (URIs, every typed header, whole messages)
//   and @puresip/sdp (descriptions, attributes, offers, capabilities), re-exported. They live
//   beside the codecs they generate for, so those packages' own property tests can use them
//   without a dependency cycle (docs/ARCHITECTURE.md, "Departures from the design").
export * from "./simulator/index.js";
export * from "@puresip/message/arbitraries";
export * from "@puresip/sdp/arbitraries";
