// @puresip/proxy: the RFC 3261 §16 proxy core as pure machines on the kernel.
// - request-validation/: §16.3 (with RFC 5393's loop detection);
// - route-information/: §16.4; target-determination/: §16.5;
// - forwarding/: §16.6 steps 1–10; response-processing/: §16.7 steps 3, 6, 7 and the stateless path;
// - location/: the location service behind an interface (§10.3, §16.5), its in-memory store;
// - authentication/: §22.1 and §22.3 digest (with @puresip/auth);
// - cancel.ts: §9.1 for §16.10; context/: the response context and the registry entries;
// - element/: the element that runs them over the §17 transaction layer (§16.8 Timer C, §16.10, §16.11).
export type { Forking, LocationService, ProxyConfig } from "./config.js";
export { DEFAULT_OWNER_DEADLINE, DEFAULT_TIMER_C, baseConfig, cancelGrace } from "./config.js";
export type { LoopVerdict, Validation } from "./request-validation/index.js";
export { loopCheck, loopPart, secondPartOf, validateRequest } from "./request-validation/index.js";
export { preprocessRoute } from "./route-information/preprocessing.js";
export type { RedirectStatus, RouteDecision, Target } from "./target-determination/route.js";
export { redirectContacts } from "./target-determination/redirect.js";
export { defaultRoute } from "./target-determination/route.js";
export { groupTargets, targetsOf } from "./target-determination/targets.js";
export { forwardCopy, secondRecordRoute, toStrictRouter } from "./forwarding/copy.js";
export type { NextHop } from "./forwarding/next-hop.js";
export { nextHop } from "./forwarding/next-hop.js";
export { addVia, parseStatefulBranch, statefulBranch, statelessBranch } from "./forwarding/via.js";
export { aggregateChallenges, chooseBest, finalResponse } from "./response-processing/best.js";
export { statelessResponse, viaDestination, withoutTopVia } from "./response-processing/upstream.js";
export { cancelFor } from "./cancel.js";
export type { Authentication, Exchange, Judgement, ProxyAccount } from "./authentication/digest.js";
export { algorithmsFor, challengeHeaders, judge } from "./authentication/digest.js";
export type { AuthMemory, BudgetScope, Failure, FailureBudgets } from "./authentication/memory.js";
export { DEFAULT_FAILURE_BUDGETS, NO_MEMORY } from "./authentication/memory.js";
export type {
  Bindings,
  BoundedTable,
  Branch,
  BranchState,
  CancelState,
  Cursors,
  FailureBudget,
  NonceUse,
  Pending,
  ProxyContext,
  ProxyEntry,
  ProxyState,
  Registering,
  ServerIndex,
  Slot,
  TargetEntry,
} from "./context/types.js";
export { ProxyContextCodec, ProxyEntryCodec, ProxyStateCodec, contextDeadline, entryDeadline } from "./context/types.js";
export type { ProxyApp, ProxyCommand } from "./element/work.js";
export type { ProxyElement, ProxyOptions } from "./element/proxy-element.js";
export { proxyElement } from "./element/proxy-element.js";
export { isOwnDomain, isOwnUri, isOwnVia } from "./self.js";
export type { BindingsChange, BindingsUpdate, LocationStore, StoreView } from "./location/store.js";
export { registerUpdate } from "./location/register-update.js";
export type { MemoryStoreOptions } from "./location/memory.js";
export { memoryLocationStore } from "./location/memory.js";
export { answerFromStore } from "./location/owner.js";
