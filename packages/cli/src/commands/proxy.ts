// `puresip proxy`: the arguments, read purely into what to start. proxy/run.ts does the I/O.
import * as E from "fp-ts/lib/Either.js";
import type { Args, OptionSpec } from "../args.js";
import { flag, option, parseArgs } from "../args.js";
import type { DigestAlgorithm } from "../config/serve-config.js";
import { digestAlgorithms } from "../config/serve-config.js";
import type { TlsFiles } from "../config/tls-files.js";

const digestList = (text: string | undefined): E.Either<string, ReadonlyArray<DigestAlgorithm> | undefined> => {
  if (text === undefined) return E.right(undefined);
  const names = text.split(",").map((a) => a.trim().toUpperCase()).filter((a) => a.length > 0);
  const bad = names.find((a) => !(digestAlgorithms as ReadonlyArray<string>).includes(a));
  if (bad !== undefined || names.length === 0) return E.left(`--digest takes ${digestAlgorithms.join(", ")}, got "${bad ?? text}"`);
  return E.right([...new Set(names)] as ReadonlyArray<DigestAlgorithm>);
};

export const proxyOptions: ReadonlyArray<OptionSpec> = [
  { name: "host", value: true },
  { name: "port", short: "p", value: true },
  { name: "transports", value: true },
  { name: "ws-port", value: true },
  { name: "tls-port", value: true },
  { name: "tls-cert", value: true },
  { name: "tls-key", value: true },
  { name: "tls-ca", value: true },
  { name: "request-cert", value: false },
  { name: "domain", value: true },
  { name: "record-route", value: false },
  { name: "stateless", value: false },
  { name: "timer-c", value: true },
  { name: "trace", value: false },
  { name: "trace-log", value: true },
  { name: "quiet", short: "q", value: false },
  { name: "redis", value: true },
  { name: "users", value: true },
  { name: "realm", value: true },
  { name: "digest", value: true },
  { name: "path", value: false },
  { name: "rate", value: true },
  { name: "over-budget", value: true },
];

export interface ProxyPlan {
  readonly host: string;
  /** 0: the OS picks (the proxy learns its port once bound). */
  readonly port: number;
  readonly transports: ReadonlyArray<ProxyTransport>;
  /** The WebSocket port (RFC 7118) when `transports` has WS; 0: the OS picks. */
  readonly wsPort: number;
  /**
   * With TLS in `transports` (RFC 3261 §26.2.1): its port (5061), the PEM files, and
   * `requestCert` for mutual authentication (§26.3.1: a client without a certificate the `ca`
   * roots, or the system's, vouch for is refused at the handshake).
   */
  readonly tls?: { readonly port: number; readonly files: TlsFiles; readonly requestCert: boolean };
  /** §16.5: the domains it registers and routes by location; empty: the host itself. */
  readonly domains: ReadonlyArray<string>;
  readonly recordRoute: boolean;
  readonly stateless: boolean;
  /** §16.6 step 11 (ms). */
  readonly timerC?: number;
  readonly trace: boolean;
  readonly traceLog?: string;
  readonly quiet: boolean;
  /** §10.3, §16.5: the location store on this Redis (`redis://host:port`), shared with other proxies; absent: in memory. */
  readonly redis?: string;
  /** §22.1, §22.3: the accounts file (as `puresip serve --users`); absent: no authentication. */
  readonly usersFile?: string;
  /** The realm of the challenges; by default the first domain. */
  readonly realm?: string;
  /** The challenges' algorithms, most preferred first (RFC 8760 §2.4). */
  readonly digest?: ReadonlyArray<DigestAlgorithm>;
  /** RFC 3327 §5.2: add a Path to the REGISTERs it forwards to other registrars. */
  readonly path?: true;
  /** Requests a second one source address may send (a token bucket each); absent: no limit. */
  readonly rate?: number;
  /** Over that budget: answer 503 with Retry-After (the default) or drop. */
  readonly overBudget?: "503" | "drop";
}

/** `100/s` or `100`: requests a second, a positive whole number. */
const rate = (text: string | undefined): E.Either<string, number | undefined> => {
  if (text === undefined) return E.right(undefined);
  const m = /^(\d+)(\/s)?$/.exec(text.trim());
  const n = m === null ? Number.NaN : Number(m[1]);
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? E.right(n) : E.left(`--rate takes requests a second such as 50/s, got "${text}"`);
};

const overBudget = (text: string | undefined): E.Either<string, "503" | "drop" | undefined> =>
  text === undefined || text === "503" || text === "drop" ? E.right(text) : E.left(`--over-budget takes 503 or drop, got "${text}"`);

const port = (text: string | undefined, fallback: number, name = "--port"): E.Either<string, number> => {
  if (text === undefined) return E.right(fallback);
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? E.right(n) : E.left(`${name} must be an integer in [0, 65535], got "${text}"`);
};

/** What the proxy listens on. */
export type ProxyTransport = "UDP" | "TCP" | "WS" | "TLS";
const TRANSPORTS: ReadonlyArray<string> = ["UDP", "TCP", "WS", "TLS"];

const transports = (text: string | undefined): E.Either<string, ReadonlyArray<ProxyTransport>> => {
  const names = (text ?? "udp,tcp").split(",").map((t) => t.trim().toUpperCase()).filter((t) => t.length > 0);
  const bad = names.find((t) => !TRANSPORTS.includes(t));
  if (bad !== undefined) return E.left(`--transports takes udp, tcp, ws and tls, got "${bad.toLowerCase()}"`);
  return names.length === 0 ? E.left("--transports names no transport") : E.right([...new Set(names)] as ReadonlyArray<ProxyTransport>);
};

/** TLS needs a certificate and its key; the TLS-only flags mean nothing without a TLS listener. */
const tlsOf = (a: Args, listed: ReadonlyArray<ProxyTransport>): E.Either<string, ProxyPlan["tls"]> => {
  const cert = option(a, "tls-cert");
  const key = option(a, "tls-key");
  const ca = option(a, "tls-ca");
  const requestCert = flag(a, "request-cert");
  if (!listed.includes("TLS")) {
    const stray = [requestCert ? "--request-cert" : "", ca === undefined ? "" : "--tls-ca", cert === undefined ? "" : "--tls-cert", key === undefined ? "" : "--tls-key"].filter((s) => s !== "");
    return stray.length === 0 ? E.right(undefined) : E.left(`${stray.join(", ")} ${stray.length === 1 ? "needs" : "need"} tls in --transports`);
  }
  if (cert === undefined || key === undefined) return E.left("tls in --transports needs --tls-cert and --tls-key (PEM files)");
  const p = port(option(a, "tls-port"), 5061, "--tls-port");
  if (E.isLeft(p)) return p;
  return E.right({ port: p.right, files: { cert, key, ...(ca === undefined ? {} : { ca }) }, requestCert });
};

/** Seconds (`181`) or with a unit (`181s`, `3m`, `500ms`). */
const duration = (text: string | undefined): E.Either<string, number | undefined> => {
  if (text === undefined) return E.right(undefined);
  const m = /^(\d+)(ms|s|m)?$/.exec(text.trim());
  if (m === null) return E.left(`--timer-c takes a duration such as 181s or 3m, got "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return E.right(unit === "ms" ? n : unit === "m" ? n * 60_000 : n * 1000);
};

/**
 * Why `--redis --stateless` is refused: Redis answers later, and a stateless proxy (§16.11) has
 * no transaction or context to hold a REGISTER or a request while it waits. Waiting would take
 * per-request state, which is what the stateful mode is.
 */
export const STATELESS_REDIS =
  "--redis cannot be used with --stateless: a stateless proxy (RFC 3261 §16.11) keeps nothing between a request and its answer, and Redis answers a lookup or a REGISTER later, so nothing would hold the request while it waits. Drop --stateless to share bindings on Redis, or drop --redis to keep them in this proxy's memory.";

/** A `redis://` or `rediss://` URL, and only with a stateful proxy (the stateless one keeps its bindings itself). */
const redisUrl = (text: string | undefined, stateless: boolean): E.Either<string, string | undefined> => {
  if (text === undefined) return E.right(undefined);
  if (!/^rediss?:\/\/[^\s]+$/.test(text)) return E.left(`--redis takes a URL such as redis://127.0.0.1:6379, got "${text}"`);
  return stateless ? E.left(STATELESS_REDIS) : E.right(text);
};

export const parseProxyArgs = (argv: ReadonlyArray<string>): E.Either<string, ProxyPlan> => {
  const parsed = parseArgs(argv, proxyOptions);
  if (E.isLeft(parsed)) return parsed;
  const a = parsed.right;
  if (a.positionals.length > 0) return E.left(`unexpected argument "${a.positionals[0] ?? ""}"`);
  const p = port(option(a, "port"), 5060);
  if (E.isLeft(p)) return p;
  const t = transports(option(a, "transports"));
  if (E.isLeft(t)) return t;
  const ws = port(option(a, "ws-port"), 5066, "--ws-port");
  if (E.isLeft(ws)) return ws;
  const tls = tlsOf(a, t.right);
  if (E.isLeft(tls)) return tls;
  const c = duration(option(a, "timer-c"));
  if (E.isLeft(c)) return c;
  const domains = (option(a, "domain") ?? "").split(",").map((d) => d.trim().toLowerCase()).filter((d) => d.length > 0);
  const traceLog = option(a, "trace-log");
  const redis = redisUrl(option(a, "redis"), flag(a, "stateless"));
  if (E.isLeft(redis)) return redis;
  const digest = digestList(option(a, "digest"));
  if (E.isLeft(digest)) return digest;
  const r = rate(option(a, "rate"));
  if (E.isLeft(r)) return r;
  const over = overBudget(option(a, "over-budget"));
  if (E.isLeft(over)) return over;
  if (over.right !== undefined && r.right === undefined) return E.left("--over-budget needs --rate");
  const usersFile = option(a, "users");
  const realm = option(a, "realm");
  return E.right({
    host: option(a, "host") ?? "127.0.0.1",
    port: p.right,
    transports: t.right,
    wsPort: ws.right,
    ...(tls.right === undefined ? {} : { tls: tls.right }),
    domains,
    recordRoute: flag(a, "record-route"),
    stateless: flag(a, "stateless"),
    ...(c.right === undefined ? {} : { timerC: c.right }),
    trace: flag(a, "trace"),
    ...(traceLog === undefined ? {} : { traceLog }),
    quiet: flag(a, "quiet"),
    ...(redis.right === undefined ? {} : { redis: redis.right }),
    ...(usersFile === undefined ? {} : { usersFile }),
    ...(realm === undefined ? {} : { realm }),
    ...(digest.right === undefined ? {} : { digest: digest.right }),
    ...(flag(a, "path") ? { path: true as const } : {}),
    ...(r.right === undefined ? {} : { rate: r.right }),
    ...(over.right === undefined ? {} : { overBudget: over.right }),
  });
};
