// `puresip b2bua`: the arguments, read purely into what to start. b2bua/run.ts does the I/O.
import * as E from "fp-ts/lib/Either.js";
import { parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { OptionSpec } from "../args.js";
import { flag, option, parseArgs } from "../args.js";

export const b2buaOptions: ReadonlyArray<OptionSpec> = [
  { name: "host", value: true },
  { name: "port", short: "p", value: true },
  { name: "to", value: true },
  { name: "max-links", value: true },
  { name: "trace", value: false },
  { name: "trace-log", value: true },
  { name: "quiet", short: "q", value: false },
];

export interface B2buaPlan {
  readonly host: string;
  /** 0: the OS picks (the B2BUA learns its port once bound). */
  readonly port: number;
  /** Where every incoming call's B-leg goes. */
  readonly to: Uri;
  readonly maxLinks?: number;
  readonly trace: boolean;
  readonly traceLog?: string;
  readonly quiet: boolean;
}

const integer = (name: string, text: string | undefined, min: number, max: number): E.Either<string, number | undefined> => {
  if (text === undefined) return E.right(undefined);
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? E.right(n) : E.left(`--${name} must be an integer in [${String(min)}, ${String(max)}], got "${text}"`);
};

export const parseB2buaArgs = (argv: ReadonlyArray<string>): E.Either<string, B2buaPlan> => {
  const parsed = parseArgs(argv, b2buaOptions);
  if (E.isLeft(parsed)) return parsed;
  const a = parsed.right;
  if (a.positionals.length > 0) return E.left(`unexpected argument "${a.positionals[0] ?? ""}"`);
  const toText = option(a, "to");
  if (toText === undefined) return E.left("--to <uri> is required: where the calls go");
  const to = parseUri(toText);
  if (E.isLeft(to) || (to.right._tag !== "SipUri")) return E.left(`--to must be a sip: or sips: URI, got "${toText}"`);
  const p = integer("port", option(a, "port"), 0, 65535);
  if (E.isLeft(p)) return p;
  const m = integer("max-links", option(a, "max-links"), 1, 1_000_000);
  if (E.isLeft(m)) return m;
  const traceLog = option(a, "trace-log");
  return E.right({
    host: option(a, "host") ?? "127.0.0.1",
    port: p.right ?? 5060,
    to: to.right,
    ...(m.right === undefined ? {} : { maxLinks: m.right }),
    trace: flag(a, "trace"),
    ...(traceLog === undefined ? {} : { traceLog }),
    quiet: flag(a, "quiet"),
  });
};
