// `puresip serve`'s configuration: built-in defaults, then a JSON config file, then flags, each
// later one overriding fields of the earlier. The file and the flags go through one io-ts codec,
// so `--port x` and `"port": "x"` get the same clear error, naming the field.
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { knownCodecs } from "../serve/media.js";
import { describeErrors } from "./errors.js";

/** A codec whose failures say `expected <description>` in words. */
const described = <A>(description: string, is: (u: unknown) => u is A): t.Type<A, A> =>
  new t.Type<A, A, unknown>(description, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, `expected ${description}`)), (a) => a);

const isPort = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= 1 && u <= 65535;
const isPortOrZero = (u: unknown): u is number => u === 0 || isPort(u);
const isName = (u: unknown): u is string => typeof u === "string" && u.length > 0 && !/[\s"]/.test(u);
const isSeconds = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= 0x7fffffff;
const isCount = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= 1 && u <= 0x7fffffff;
/** RFC 3261 §18.1.1: UDP must carry up to the maximum datagram; an IPv4 one holds 65,507 octets of SIP. */
const isDatagramSize = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= 512 && u <= 65_507;

export const Port = described("an integer from 1 to 65535", isPort);
/** 0 asks the system for a free port (tests and the interop harness use it). */
export const PortOrZero = described("an integer from 0 (any free port) to 65535", isPortOrZero);
const Host = described("an IP address or host name without spaces", isName);
const Seconds = described("a whole number of seconds", isSeconds);
const Count = described("a whole number from 1", isCount);
const DatagramSize = described("a number of octets from 512 to 65507", isDatagramSize);
const Realm = described("a realm without spaces or quotes", isName);
const Path = described("a file path", (u: unknown): u is string => typeof u === "string" && u.length > 0);
const Codec = described(`one of ${[...knownCodecs.keys()].join(", ")}`, (u: unknown): u is string => typeof u === "string" && knownCodecs.has(u));
export const transports = ["udp", "tcp", "ws", "tls"] as const;
export type Transport = (typeof transports)[number];
const TransportC = described(`one of ${transports.join(", ")}`, (u: unknown): u is Transport => typeof u === "string" && (transports as ReadonlyArray<string>).includes(u));

export const digestAlgorithms = ["SHA-256", "MD5", "SHA-512-256"] as const;
export type DigestAlgorithm = (typeof digestAlgorithms)[number];
const DigestAlgorithmC = described(`one of ${digestAlgorithms.join(", ")}`, (u: unknown): u is DigestAlgorithm => typeof u === "string" && (digestAlgorithms as ReadonlyArray<string>).includes(u));

/** Everything `puresip serve` runs with: addresses, transports, users, limits and logging. */
export interface ServeConfig {
  /** The address every listener binds to. */
  readonly host: string;
  /** SIP over UDP and TCP (RFC 3261 §18). */
  readonly port: number;
  /** SIP over WebSocket (RFC 7118). */
  readonly wsPort: number;
  /** SIP over TLS (RFC 3261 §26.2.1, "tls" in `transports`): its port, 5061 by default (§19.1.2). */
  readonly tlsPort: number;
  /** The TLS listener's certificate and key, PEM files; both needed when `transports` has "tls". */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** PEM file of the roots a TLS peer's certificate is checked against (default: the system's). */
  readonly tlsCa?: string;
  /**
   * Mutual TLS (RFC 3261 §26.3.1): ask every TLS client for a certificate that `tlsCa` (or the
   * system's roots) vouches for, and refuse the connection without one. Default false: one-way,
   * the server alone shows a certificate.
   */
  readonly requestCert: boolean;
  readonly transports: ReadonlyArray<Transport>;
  /** The realm of digest challenges (RFC 3261 §22.1); by default the host. */
  readonly realm: string;
  /** `user:password` or `user:realm:HA1` lines; when given, REGISTER and INVITE are challenged. */
  readonly usersFile?: string;
  /**
   * The digest challenges of a 401, most preferred first (RFC 8760 §2.4). SIPp 3.6 answers only
   * the first challenge and only MD5: serve it with `["MD5"]`.
   */
  readonly digest: ReadonlyArray<DigestAlgorithm>;
  /**
   * §10.3 steps 1 and 5: the domains whose AORs this registrar keeps (a REGISTER for any other
   * gets 404). Empty: the realm and the host, or every domain when both are a wildcard address.
   */
  readonly domains: ReadonlyArray<string>;
  /**
   * §10.3 item 7: the registrar's bounds on Expires, and what it grants when none is asked;
   * its caps (bindings per AOR: 403, AORs: 503, a 200 over UDP above `maxUdpResponse` octets:
   * 513), and the failed digests a source address and a user may have in a burst, one coming
   * back every `failureRefillSeconds` (over budget: 503 with Retry-After, RFC 7616 §5.7).
   */
  readonly registrar: {
    readonly minExpires: number;
    readonly maxExpires: number;
    readonly defaultExpires: number;
    readonly maxBindingsPerAor: number;
    readonly maxAors: number;
    readonly maxUdpResponse: number;
    readonly failuresPerSource: number;
    readonly failuresPerUser: number;
    readonly failureRefillSeconds: number;
  };
  /** The SDP answer's media (RFC 3264 §6): where this UAS says it receives, and what it offers. */
  readonly media: { readonly address: string; readonly port: number; readonly codecs: ReadonlyArray<string> };
}

/** What a config file (or the flags) may say: every field optional, unknown fields rejected. */
const RegistrarPart = t.partial({
  minExpires: Seconds,
  maxExpires: Seconds,
  defaultExpires: Seconds,
  maxBindingsPerAor: Count,
  maxAors: Count,
  maxUdpResponse: DatagramSize,
  failuresPerSource: Count,
  failuresPerUser: Count,
  failureRefillSeconds: Count,
});
const MediaPart = t.partial({ address: Host, port: Port, codecs: t.array(Codec) });
const fields = {
  host: Host,
  port: PortOrZero,
  wsPort: PortOrZero,
  tlsPort: PortOrZero,
  tlsCert: Path,
  tlsKey: Path,
  tlsCa: Path,
  requestCert: t.boolean,
  transports: t.array(TransportC),
  realm: Realm,
  domains: t.array(Host),
  usersFile: Path,
  digest: t.array(DigestAlgorithmC),
  registrar: RegistrarPart,
  media: MediaPart,
};
/** Decodes a configuration file's JSON; every field is optional. */
export const ServeConfigPartCodec = t.partial(fields);
/** A part of the configuration, as read from a file or the flags, before defaults are applied. */
export type ServeConfigPart = t.TypeOf<typeof ServeConfigPartCodec>;

/** The configuration `puresip serve` uses when nothing is given (127.0.0.1:5060, UDP and TCP, WS on 5066). */
export const defaultServeConfig: ServeConfig = {
  host: "127.0.0.1",
  port: 5060,
  wsPort: 5066,
  tlsPort: 5061,
  requestCert: false,
  transports: ["udp", "tcp", "ws"],
  realm: "127.0.0.1",
  digest: ["SHA-256", "MD5"],
  domains: [],
  registrar: {
    minExpires: 60,
    maxExpires: 7200,
    defaultExpires: 3600,
    maxBindingsPerAor: 10,
    maxAors: 100_000,
    maxUdpResponse: 1300,
    failuresPerSource: 10,
    failuresPerUser: 5,
    failureRefillSeconds: 12,
  },
  media: { address: "127.0.0.1", port: 40000, codecs: ["PCMU", "PCMA"] },
};

const known: Readonly<Record<string, ReadonlyArray<string>>> = {
  "": Object.keys(fields),
  registrar: Object.keys(RegistrarPart.props),
  media: Object.keys(MediaPart.props),
};

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u);

/** A misspelt field would otherwise be ignored without a word: name it instead. */
const unknownFields = (u: unknown): ReadonlyArray<string> => {
  if (!isRecord(u)) return [];
  const out: Array<string> = [];
  for (const [section, names] of Object.entries(known)) {
    const obj = section === "" ? u : u[section];
    if (!isRecord(obj)) continue;
    for (const k of Object.keys(obj)) if (!names.includes(k)) out.push(`${section === "" ? "" : `${section}.`}${k}: unknown field (known: ${names.join(", ")})`);
  }
  return out;
};

/** Validates one layer of configuration (a parsed JSON file, or the flags as an object). */
export const decodeServeConfigPart = (u: unknown): E.Either<ReadonlyArray<string>, ServeConfigPart> => {
  if (!isRecord(u)) return E.left(["(top level): expected a JSON object"]);
  const decoded = ServeConfigPartCodec.decode(u);
  const problems = [...(E.isLeft(decoded) ? describeErrors(decoded.left) : []), ...unknownFields(u)];
  return problems.length > 0 || E.isLeft(decoded) ? E.left(problems) : E.right(decoded.right);
};

/** Later parts win, field by field (registrar and media merge their own fields). */
export const mergeServeConfig = (base: ServeConfig, ...parts: ReadonlyArray<ServeConfigPart>): E.Either<ReadonlyArray<string>, ServeConfig> => {
  let c = base;
  let realmGiven = false;
  let defaultExpiresGiven = false;
  for (const p of parts) {
    realmGiven ||= p.realm !== undefined;
    defaultExpiresGiven ||= p.registrar?.defaultExpires !== undefined;
    c = {
      ...c,
      ...(p.host === undefined ? {} : { host: p.host }),
      ...(p.port === undefined ? {} : { port: p.port }),
      ...(p.wsPort === undefined ? {} : { wsPort: p.wsPort }),
      ...(p.tlsPort === undefined ? {} : { tlsPort: p.tlsPort }),
      ...(p.tlsCert === undefined ? {} : { tlsCert: p.tlsCert }),
      ...(p.tlsKey === undefined ? {} : { tlsKey: p.tlsKey }),
      ...(p.tlsCa === undefined ? {} : { tlsCa: p.tlsCa }),
      ...(p.requestCert === undefined ? {} : { requestCert: p.requestCert }),
      ...(p.transports === undefined ? {} : { transports: p.transports }),
      ...(p.realm === undefined ? {} : { realm: p.realm }),
      ...(p.domains === undefined ? {} : { domains: p.domains }),
      ...(p.usersFile === undefined ? {} : { usersFile: p.usersFile }),
      ...(p.digest === undefined ? {} : { digest: p.digest }),
      registrar: { ...c.registrar, ...p.registrar },
      media: { ...c.media, ...p.media },
    };
  }
  // The realm defaults to the host actually served (§22.1: "a realm string ... identifying the protection space").
  if (!realmGiven) c = { ...c, realm: c.host };
  // A file that only lowers maxExpires gets a default inside its bounds rather than an error.
  if (!defaultExpiresGiven) {
    const { minExpires: lo, maxExpires: hi, defaultExpires: d } = c.registrar;
    c = { ...c, registrar: { ...c.registrar, defaultExpires: Math.max(lo, Math.min(hi, d)) } };
  }
  const problems: Array<string> = [];
  const { minExpires, maxExpires, defaultExpires } = c.registrar;
  if (minExpires > maxExpires) problems.push(`registrar.minExpires (${minExpires}) is above registrar.maxExpires (${maxExpires})`);
  if (defaultExpires < minExpires || defaultExpires > maxExpires)
    problems.push(`registrar.defaultExpires (${defaultExpires}) is outside ${minExpires}..${maxExpires}`);
  if (c.transports.length === 0) problems.push(`transports: name at least one of ${transports.join(", ")}`);
  problems.push(...tlsProblems(c));
  if (c.digest.length === 0) problems.push("digest: name at least one of SHA-256, MD5, SHA-512-256");
  if (c.media.codecs.length === 0) problems.push("media.codecs: name at least one codec");
  return problems.length > 0 ? E.left(problems) : E.right(c);
};

/** TLS needs a certificate and its key; the TLS-only settings mean nothing without a TLS listener. */
const tlsProblems = (c: ServeConfig): ReadonlyArray<string> => {
  if (c.transports.includes("tls")) {
    return [...(c.tlsCert === undefined ? ["tlsCert: the TLS listener needs a certificate (a PEM file)"] : []), ...(c.tlsKey === undefined ? ["tlsKey: the TLS listener needs the certificate's key (a PEM file)"] : [])];
  }
  return [...(c.requestCert ? ["requestCert: asks TLS clients for a certificate, but transports has no tls"] : []), ...(c.tlsCa === undefined ? [] : ["tlsCa: roots for TLS peers, but transports has no tls"])];
};

/** Reads the text of a JSON config file; a syntax error names where. */
export const parseConfigFile = (text: string): E.Either<ReadonlyArray<string>, ServeConfigPart> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return E.left([`not valid JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  return decodeServeConfigPart(json);
};

/** Flag values arrive as text; numbers are read as numbers only when they are whole numbers. */
const numberOrText = (s: string): number | string => (/^[0-9]{1,10}$/.test(s) ? Number(s) : s);

/** The serve options given on the command line. */
export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly wsPort?: string;
  readonly tlsPort?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCa?: string;
  /** `--request-cert` was given. */
  readonly requestCert?: boolean;
  readonly transports?: string;
  readonly realm?: string;
  readonly domain?: string;
  readonly users?: string;
  readonly digest?: string;
}

/** The flags as one more layer of configuration, checked by the same codec as the file. */
export const flagsPart = (f: ServeFlags): E.Either<ReadonlyArray<string>, ServeConfigPart> =>
  pipe(
    {
      ...(f.host === undefined ? {} : { host: f.host }),
      ...(f.port === undefined ? {} : { port: numberOrText(f.port) }),
      ...(f.wsPort === undefined ? {} : { wsPort: numberOrText(f.wsPort) }),
      ...(f.tlsPort === undefined ? {} : { tlsPort: numberOrText(f.tlsPort) }),
      ...(f.tlsCert === undefined ? {} : { tlsCert: f.tlsCert }),
      ...(f.tlsKey === undefined ? {} : { tlsKey: f.tlsKey }),
      ...(f.tlsCa === undefined ? {} : { tlsCa: f.tlsCa }),
      ...(f.requestCert === true ? { requestCert: true } : {}),
      ...(f.transports === undefined ? {} : { transports: f.transports.split(",").filter((s) => s !== "") }),
      ...(f.realm === undefined ? {} : { realm: f.realm }),
      ...(f.domain === undefined ? {} : { domains: f.domain.split(",").filter((s) => s !== "") }),
      ...(f.users === undefined ? {} : { usersFile: f.users }),
      ...(f.digest === undefined ? {} : { digest: f.digest.split(",").filter((s) => s !== "") }),
    },
    decodeServeConfigPart,
    E.mapLeft((ps) => ps.map((p) => `--${p.replace(/^wsPort/, "ws-port").replace(/^tlsPort/, "tls-port").replace(/^tlsCert/, "tls-cert").replace(/^tlsKey/, "tls-key").replace(/^tlsCa/, "tls-ca").replace(/^usersFile/, "users").replace(/^domains/, "domain")}`)),
  );

/** An address that means "every interface": not a domain anyone registers in. */
const isWildcard = (host: string): boolean => host === "0.0.0.0" || host === "::" || host === "[::]";

/**
 * §10.3: "A registrar has to know (for example, through configuration) the set of domain(s)
 * for which it maintains bindings." The configured ones, else the realm and the host (what a
 * UA that was told only where serve listens puts in its Request-URI and To); empty, meaning
 * every domain, only when nothing but wildcard addresses is known.
 */
export const servedDomains = (c: ServeConfig): ReadonlyArray<string> =>
  c.domains.length > 0 ? c.domains : [...new Set([c.realm, c.host].filter((d) => !isWildcard(d)))];
