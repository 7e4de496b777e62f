// The options every command that runs a local UA shares (the client commands and `puresip
// phone`): where it listens, who it is, what it offers and where it traces. One table and one
// reader, so the commands cannot drift apart in names, defaults or error messages.
import * as E from "fp-ts/lib/Either.js";
import type { Args, OptionSpec } from "../args.js";
import { flag, option } from "../args.js";

/** The local UA a command runs: its address, identity, codecs and tracing. */
export interface LocalUaPlan {
  readonly host: string;
  readonly port: number;
  readonly transport: "udp" | "tcp";
  /** The user part of our address of record and Contact. */
  readonly user: string;
  readonly password?: string;
  /** The codecs offered or accepted, by encoding name, most preferred first. */
  readonly codecs: ReadonlyArray<string>;
  readonly trace: boolean;
  readonly traceLog?: string;
}

/** The option table for a local UA; a command appends its own options. */
export const LOCAL_UA_OPTIONS: ReadonlyArray<OptionSpec> = [
  { name: "host", value: true },
  { name: "port", value: true },
  { name: "transport", value: true },
  { name: "user", short: "u", value: true },
  { name: "password", value: true },
  { name: "codecs", value: true },
  { name: "trace", value: false },
  { name: "trace-log", value: true },
];

/** `--name N`: a whole number up to `max`, `fallback` when absent. */
export const wholeOption = (name: string, text: string | undefined, fallback: number, max: number): E.Either<string, number> => {
  if (text === undefined) return E.right(fallback);
  return /^[0-9]{1,10}$/.test(text) && Number(text) <= max ? E.right(Number(text)) : E.left(`--${name} must be a whole number up to ${max}, got "${text}"`);
};

/** Reads the local UA's options from parsed arguments, or the error to print. */
export const readLocalUa = (a: Args): E.Either<string, LocalUaPlan> => {
  const transport = option(a, "transport") ?? "udp";
  if (transport !== "udp" && transport !== "tcp") return E.left(`--transport must be udp or tcp, got "${transport}"`);
  const port = wholeOption("port", option(a, "port"), 0, 65535);
  if (E.isLeft(port)) return port;
  const codecs = (option(a, "codecs") ?? "PCMU,PCMA").split(",").filter((c) => c !== "");
  if (codecs.length === 0) return E.left("--codecs needs at least one codec");
  const password = option(a, "password");
  const traceLog = option(a, "trace-log");
  return E.right({
    host: option(a, "host") ?? "127.0.0.1",
    port: port.right,
    transport,
    user: option(a, "user") ?? "puresip",
    ...(password === undefined ? {} : { password }),
    codecs,
    trace: flag(a, "trace"),
    ...(traceLog === undefined ? {} : { traceLog }),
  });
};
