// node:dns/promises' Resolver as the `Dns` RFC 3263 needs (resolve.ts takes it injected, so
// tests and the simulator bring their own tables).
import { Resolver } from "node:dns/promises";
import type { Dns } from "./resolve.js";

/** The Dns of node:dns. */
export const nodeDns = (): Dns => {
  const r = new Resolver();
  return {
    resolveNaptr: (n) => r.resolveNaptr(n),
    resolveSrv: (n) => r.resolveSrv(n),
    resolve4: (n) => r.resolve4(n),
    resolve6: (n) => r.resolve6(n),
  };
};
