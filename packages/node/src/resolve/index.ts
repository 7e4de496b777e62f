export type { NaptrChoice, NaptrRecord } from "./naptr.js";
export { applicableNaptr } from "./naptr.js";
export type { SrvRecord } from "./srv.js";
export { orderSrv } from "./srv.js";
export type { ResolvedTransport, Target } from "./target.js";
export { defaultPortOf, transportFromParam } from "./target.js";
export type { Dns, ResolveError, ResolveOptions } from "./resolve.js";
export { resolveTargets } from "./resolve.js";
export { nodeDns } from "./node-dns.js";
