// RFC 3263 §4 "Client Usage": from a SIP or SIPS URI to the ordered list of (transport,
// address, port) targets to try. DNS comes in through `Dns` (node:dns's Resolver fits), so
// tests use a fake one, and randomness (RFC 2782 weights) through `uniform`.
import { isIP } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import { findParam } from "@puresip/message";
import type { SipUri } from "@puresip/message";
import type { NaptrRecord } from "./naptr.js";
import { applicableNaptr } from "./naptr.js";
import type { SrvRecord } from "./srv.js";
import { orderSrv } from "./srv.js";
import type { ResolvedTransport, Target } from "./target.js";
import { defaultPortOf, srvNameOf, transportFromParam } from "./target.js";

/** The DNS queries resolution makes: a subset of node:dns/promises' `Resolver`. */
export interface Dns {
  /** The NAPTR records of a name. */
  resolveNaptr(name: string): Promise<ReadonlyArray<NaptrRecord>>;
  /** The SRV records of a name. */
  resolveSrv(name: string): Promise<ReadonlyArray<SrvRecord>>;
  /** The IPv4 addresses of a name. */
  resolve4(name: string): Promise<ReadonlyArray<string>>;
  /** The IPv6 addresses of a name. */
  resolve6(name: string): Promise<ReadonlyArray<string>>;
}

/** What resolution needs: a DNS, the transports this client has, a uniform draw for SRV weights, and the address families to look up. */
export interface ResolveOptions {
  readonly dns: Dns;
  /** The transports this client can use; others are skipped (§4.1). */
  readonly transports: ReadonlySet<ResolvedTransport>;
  /** A uniform draw in [0, 1) for RFC 2782's weighted choice. */
  readonly uniform: () => number;
  /** Which address families to look up (default both, IPv4 first). */
  readonly families?: ReadonlyArray<4 | 6>;
}

/** Why a URI resolved to no target (RFC 3263 §4). */
export interface ResolveError {
  readonly _tag: "ResolveError";
  readonly target: string;
  readonly detail: string;
}

const resolveError = (target: string, detail: string): E.Either<ResolveError, never> => E.left({ _tag: "ResolveError", target, detail });

/** A DNS answer, or nothing: NXDOMAIN, NODATA and server failures all mean "no records here". */
const quietly = async <A>(query: () => Promise<ReadonlyArray<A>>, failures: Array<string>, what: string): Promise<ReadonlyArray<A>> => {
  try {
    return await query();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "ENODATA" && code !== "ENOTFOUND") failures.push(`${what}: ${String(code ?? (error instanceof Error ? error.message : error))}`);
    return [];
  }
};

const stripDot = (name: string): string => (name.endsWith(".") ? name.slice(0, -1) : name);

/** A or AAAA for `name`, in the configured family order. */
const addresses = async (dns: Dns, name: string, families: ReadonlyArray<4 | 6>, failures: Array<string>): Promise<ReadonlyArray<string>> => {
  const out: Array<string> = [];
  for (const f of families) {
    const found = await quietly(() => (f === 4 ? dns.resolve4(name) : dns.resolve6(name)), failures, `${f === 4 ? "A" : "AAAA"} ${name}`);
    out.push(...found);
  }
  return out;
};

/** The targets of one SRV RRset, in RFC 2782 order, each name expanded to its addresses. */
const srvTargets = async (
  opts: ResolveOptions,
  transport: ResolvedTransport,
  records: ReadonlyArray<SrvRecord>,
  families: ReadonlyArray<4 | 6>,
  failures: Array<string>,
): Promise<ReadonlyArray<Target>> => {
  const out: Array<Target> = [];
  for (const r of orderSrv(records, opts.uniform)) {
    const name = stripDot(r.name);
    for (const host of await addresses(opts.dns, name, families, failures)) out.push({ transport, host, port: r.port, name });
  }
  return out;
};

/**
 * RFC 3263 §4.1 and §4.2. TARGET is the `maddr` parameter if present, else the host. A
 * numeric TARGET or an explicit port skips NAPTR and SRV; a `transport` parameter skips NAPTR.
 * The list is the §4.3 failover order: on a transport error or a 503, try the next one.
 */
export const resolveTargets = async (uri: SipUri, opts: ResolveOptions): Promise<E.Either<ResolveError, ReadonlyArray<Target>>> => {
  const secure = uri.scheme === "sips";
  const maddr = findParam(uri.params, "maddr")?.value;
  const target = maddr !== undefined && maddr.length > 0 ? maddr : uri.host.value;
  const families = opts.families ?? [4, 6];
  const failures: Array<string> = [];
  const transportParam = findParam(uri.params, "transport")?.value;
  let transport: ResolvedTransport | undefined;
  if (transportParam !== undefined) {
    transport = transportFromParam(transportParam, secure);
    if (transport === undefined) return resolveError(target, `transport=${transportParam} is not usable for a ${uri.scheme} URI`);
    if (!opts.transports.has(transport)) return resolveError(target, `transport ${transport} is not enabled on this stack`);
  }
  // "if no transport protocol is specified, but the TARGET is a numeric IP address, the client
  // SHOULD use UDP for a SIP URI, and TCP for a SIPS URI"; likewise with an explicit port.
  // "another transport, such as TCP, MAY be used": the first one this stack has.
  const fallback: ResolvedTransport = transport ?? (secure ? "TLS" : opts.transports.has("UDP") || !opts.transports.has("TCP") ? "UDP" : "TCP");
  const numeric = isIP(target);
  if (numeric !== 0) {
    if (!families.includes(numeric === 6 ? 6 : 4)) return resolveError(target, `IPv${numeric} is not enabled on this stack`);
    return E.right([{ transport: fallback, host: target, port: uri.port ?? defaultPortOf(fallback) }]);
  }
  if (uri.port !== undefined) {
    // §4.2: "If the TARGET was not a numeric IP address, but a port is present in the URI, the client performs an A or AAAA record lookup".
    const hosts = await addresses(opts.dns, target, families, failures);
    return done(target, failures, hosts.map((host) => ({ transport: fallback, host, port: uri.port ?? defaultPortOf(fallback), name: target })));
  }
  if (transport !== undefined) {
    // §4.2: "the client performs an SRV query for that specific transport".
    const name = srvNameOf(transport, target);
    const records = name === undefined ? [] : await quietly(() => opts.dns.resolveSrv(name), failures, `SRV ${name}`);
    if (records.length > 0) return done(target, failures, await srvTargets(opts, transport, records, families, failures));
    return aRecords(opts, target, transport, families, failures);
  }
  // §4.1: NAPTR first.
  const naptr = applicableNaptr(await quietly(() => opts.dns.resolveNaptr(target), failures, `NAPTR ${target}`), secure, opts.transports);
  if (naptr.length > 0) {
    const out: Array<Target> = [];
    for (const choice of naptr) {
      const records = await quietly(() => opts.dns.resolveSrv(choice.srv), failures, `SRV ${choice.srv}`);
      out.push(...(await srvTargets(opts, choice.transport, records, families, failures)));
    }
    if (out.length > 0) return done(target, failures, out);
  }
  // "If no NAPTR records are found, the client constructs SRV queries for those transport protocols it supports".
  const candidates: ReadonlyArray<ResolvedTransport> = secure ? ["TLS"] : ["TLS", "TCP", "UDP"];
  const out: Array<Target> = [];
  for (const t of candidates) {
    const name = srvNameOf(t, target);
    if (!opts.transports.has(t) || name === undefined) continue;
    const records = await quietly(() => opts.dns.resolveSrv(name), failures, `SRV ${name}`);
    out.push(...(await srvTargets(opts, t, records, families, failures)));
  }
  if (out.length > 0) return done(target, failures, out);
  // "If no SRV records are found, the client SHOULD use TCP for a SIPS URI, and UDP for a SIP URI."
  return aRecords(opts, target, fallback, families, failures);
};

const aRecords = async (
  opts: ResolveOptions,
  target: string,
  transport: ResolvedTransport,
  families: ReadonlyArray<4 | 6>,
  failures: Array<string>,
): Promise<E.Either<ResolveError, ReadonlyArray<Target>>> => {
  if (!opts.transports.has(transport)) return resolveError(target, `no SRV records, and ${transport} is not enabled on this stack`);
  const hosts = await addresses(opts.dns, target, families, failures);
  return done(target, failures, hosts.map((host) => ({ transport, host, port: defaultPortOf(transport), name: target })));
};

const done = (target: string, failures: ReadonlyArray<string>, targets: ReadonlyArray<Target>): E.Either<ResolveError, ReadonlyArray<Target>> =>
  targets.length > 0
    ? E.right(targets)
    : resolveError(target, failures.length > 0 ? `no address found (${failures.join("; ")})` : "no address found (no NAPTR, SRV, A or AAAA records)");
