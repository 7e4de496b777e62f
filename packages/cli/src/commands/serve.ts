// `puresip serve`: the arguments, read purely into what to start. main.ts does the I/O.
import * as E from "fp-ts/lib/Either.js";
import type { OptionSpec } from "../args.js";
import { flag, option, parseArgs } from "../args.js";
import type { ServeFlags } from "../config/serve-config.js";

export const serveOptions: ReadonlyArray<OptionSpec> = [
  { name: "config", short: "c", value: true },
  { name: "host", value: true },
  { name: "port", short: "p", value: true },
  { name: "ws-port", value: true },
  { name: "tls-port", value: true },
  { name: "tls-cert", value: true },
  { name: "tls-key", value: true },
  { name: "tls-ca", value: true },
  { name: "request-cert", value: false },
  { name: "transports", value: true },
  { name: "realm", value: true },
  { name: "domain", value: true },
  { name: "users", value: true },
  { name: "digest", value: true },
  { name: "trace", value: false },
  { name: "trace-log", value: true },
  { name: "quiet", short: "q", value: false },
  { name: "conference", value: true, repeat: true },
];

/** What `puresip serve` will do, decided from its arguments before anything is opened. */
export interface ServePlan {
  /** A JSON config file to read before the flags. */
  readonly configFile?: string;
  readonly flags: ServeFlags;
  /** A live ladder line per message on stderr. */
  readonly trace: boolean;
  /** Append each message to this file in puresip's log format (`puresip ladder` reads it). */
  readonly traceLog?: string;
  /** No notes (registrations, calls) on stderr; the load benchmark runs quiet. */
  readonly quiet: boolean;
  /** `--conference NAME` (repeatable): serve these conference URIs `sip:NAME@host` as a focus (RFC 4579) instead of the registrar and UAS. */
  readonly conferences?: ReadonlyArray<string>;
}

const defined = <K extends string>(key: K, value: string | undefined): { readonly [k in K]?: string } => (value === undefined ? {} : ({ [key]: value } as { [k in K]: string }));

/** Reads `puresip serve`'s arguments into a plan, or the error to print. */
export const parseServeArgs = (argv: ReadonlyArray<string>): E.Either<string, ServePlan> => {
  const parsed = parseArgs(argv, serveOptions);
  if (E.isLeft(parsed)) return parsed;
  const a = parsed.right;
  if (a.positionals.length > 0) return E.left(`unexpected argument "${a.positionals[0] ?? ""}"`);
  const flags: ServeFlags = {
    ...defined("host", option(a, "host")),
    ...defined("port", option(a, "port")),
    ...defined("wsPort", option(a, "ws-port")),
    ...defined("tlsPort", option(a, "tls-port")),
    ...defined("tlsCert", option(a, "tls-cert")),
    ...defined("tlsKey", option(a, "tls-key")),
    ...defined("tlsCa", option(a, "tls-ca")),
    ...(flag(a, "request-cert") ? { requestCert: true } : {}),
    ...defined("transports", option(a, "transports")),
    ...defined("realm", option(a, "realm")),
    ...defined("domain", option(a, "domain")),
    ...defined("users", option(a, "users")),
    ...defined("digest", option(a, "digest")),
  };
  const conferences = a.options.get("conference") ?? [];
  const badName = conferences.find((n) => !/^[A-Za-z0-9._~!$&'()*+,;=-]+$/.test(n));
  if (badName !== undefined) return E.left(`--conference "${badName}" is not a SIP user part (RFC 3261 §25.1)`);
  const configFile = option(a, "config");
  const traceLog = option(a, "trace-log");
  return E.right({
    ...(configFile === undefined ? {} : { configFile }),
    flags,
    trace: flag(a, "trace"),
    ...(traceLog === undefined ? {} : { traceLog }),
    quiet: flag(a, "quiet"),
    ...(conferences.length === 0 ? {} : { conferences: [...new Set(conferences)] }),
  });
};
