// @puresip/kernel: what every puresip element is made of and run by.
// - machine.ts: the machine contract (start, step, nextDeadline, codec);
// - effect.ts: the one effect vocabulary and the one event vocabulary;
// - element.ts: an element (a machine whose live entries sit in the engine's registry);
// - wiring.ts: the explicit queue that turns one machine's effects into another's events;
// - application.ts: an application (B2BUA, controller, focus) on an element, as one element;
// - entropy.ts: the one seeded generator and the identifiers minted from it;
// - entropy-source.ts: the pooled CSPRNG source an adapter seeds it from;
// - peer.ts: transport addresses;
// - transport/: §18's rules (reliability, response destination, Via stamping, sent-by);
// - engine/: the engine that runs any element over an injected environment, and the one
//   re-armable wake-up (`alarm`) its adapters arm over their own timers.
export type { Machine, Step } from "./machine.js";
export type { Effect, Event } from "./effect.js";
export type { Element, Registry, Snapshot } from "./element.js";
export { snapshotCodec } from "./codec.js";
export type { Overlay } from "./overlay.js";
export { overlay } from "./overlay.js";
export type { Application, ApplicationEntry, ApplicationInput, ApplicationOutput, Composed } from "./application.js";
export { APPLICATION_KEY, APPLICATION_QUEUE_LIMIT, withApplication } from "./application.js";
export type { Handled } from "./wiring.js";
export { runQueue } from "./wiring.js";
export type { Seed } from "./entropy.js";
export { SeedCodec, drawHex, drawSeed, drawUniform, mintBranch, mintCallId, mintCnonce, mintTag, nextWord, seedFromBytes, seedFromWords, splitSeed } from "./entropy.js";
export type { EntropySource, FillRandom } from "./entropy-source.js";
export { hex, pooledEntropy } from "./entropy-source.js";
export type { Peer } from "./peer.js";
export { PeerCodec, samePeer } from "./peer.js";
export type { ClientTransports, DestinationContext, ResponseDestination, ResponseRouteError, SentByAddress, SourceAddress } from "./transport/index.js";
export {
  DEFAULT_TCP_THRESHOLD,
  defaultPort,
  isOwnSentBy,
  isReliableTransport,
  mustSwitchToTcp,
  outboundRequest,
  receivedParams,
  responseDestination,
  stampSentBy,
  stampTopVia,
  viaSays,
} from "./transport/index.js";
export type { Engine, Environment } from "./engine/engine.js";
export { createEngine } from "./engine/engine.js";
export { DeadlineHeap } from "./engine/heap.js";
export { EntryStore } from "./engine/entry-store.js";
export type { TimerHost } from "./engine/alarm.js";
export { alarm } from "./engine/alarm.js";
