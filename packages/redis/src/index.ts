// @puresip/redis: the proxy's location service (RFC 3261 §10.3, §16.5) on Redis, for several
// proxies sharing one registrar's bindings. See README.md for why updates are a JS
// compare-and-set loop rather than WATCH/MULTI or the §10.3 rules in Lua.
export type { RedisStoreOptions } from "./store.js";
export { redisLocationStore } from "./store.js";
export { decodeBindings, encodeBindings } from "./codec.js";
