// `puresip phone`'s arguments, read purely: where its UA listens and what it offers.
import * as E from "fp-ts/lib/Either.js";
import type { OptionSpec } from "../args.js";
import { flag, option, parseArgs } from "../args.js";

export interface PhonePlan {
  readonly host: string;
  readonly port: number;
  readonly transport: "udp" | "tcp";
  /** The user part of our address of record and Contact. */
  readonly user: string;
  readonly password?: string;
  readonly codecs: ReadonlyArray<string>;
  readonly trace: boolean;
  readonly traceLog?: string;
}

const options: ReadonlyArray<OptionSpec> = [
  { name: "host", value: true },
  { name: "port", value: true },
  { name: "transport", value: true },
  { name: "user", short: "u", value: true },
  { name: "password", value: true },
  { name: "codecs", value: true },
  { name: "trace", value: false },
  { name: "trace-log", value: true },
];

/** Reads `puresip phone`'s arguments into a plan, or the error to print. */
export const parsePhoneArgs = (argv: ReadonlyArray<string>): E.Either<string, PhonePlan> => {
  const parsed = parseArgs(argv, options);
  if (E.isLeft(parsed)) return parsed;
  const a = parsed.right;
  if (a.positionals.length > 0) return E.left(`puresip phone takes no arguments, got "${a.positionals.join(" ")}"`);
  const transport = option(a, "transport") ?? "udp";
  if (transport !== "udp" && transport !== "tcp") return E.left(`--transport must be udp or tcp, got "${transport}"`);
  const port = option(a, "port") ?? "0";
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) return E.left(`--port must be a whole number up to 65535, got "${port}"`);
  const codecs = (option(a, "codecs") ?? "PCMU,PCMA").split(",").filter((c) => c !== "");
  if (codecs.length === 0) return E.left("--codecs needs at least one codec");
  const password = option(a, "password");
  const traceLog = option(a, "trace-log");
  return E.right({
    host: option(a, "host") ?? "127.0.0.1",
    port: Number(port),
    transport,
    user: option(a, "user") ?? "puresip",
    ...(password === undefined ? {} : { password }),
    codecs,
    trace: flag(a, "trace"),
    ...(traceLog === undefined ? {} : { traceLog }),
  });
};
