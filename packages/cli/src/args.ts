// A small, strict argument reader shared by every command: `--name value`, `--name=value`,
// boolean `--flag`, short aliases, and `--` to end options. Unknown options and missing values
// are errors that name the option, never silently ignored.
import * as E from "fp-ts/lib/Either.js";

/** One option a command accepts: its name, whether it takes a value, and whether it may repeat. */
export interface OptionSpec {
  /** Long name without dashes: "port". */
  readonly name: string;
  /** One-letter alias without the dash: "p". */
  readonly short?: string;
  /** Takes a value (`--port 5060`); otherwise a boolean flag. */
  readonly value: boolean;
  /** May be given more than once (`--header A --header B`). */
  readonly repeat?: boolean;
}

/** Parsed command-line arguments: the positionals in order and the options by name. */
export interface Args {
  readonly positionals: ReadonlyArray<string>;
  /** A flag given maps to "true"; a repeated option keeps every value in order. */
  readonly options: ReadonlyMap<string, ReadonlyArray<string>>;
}

/** Parses argv against the options a command accepts; an unknown option or a missing value is an error message. */
export const parseArgs = (argv: ReadonlyArray<string>, specs: ReadonlyArray<OptionSpec>): E.Either<string, Args> => {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(`--${s.name}`, s);
    if (s.short !== undefined) byName.set(`-${s.short}`, s);
  }
  const positionals: Array<string> = [];
  const options = new Map<string, Array<string>>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const key = eq < 0 ? arg : arg.slice(0, eq);
    const spec = byName.get(key);
    if (spec === undefined) return E.left(`unknown option ${key}`);
    let value: string;
    if (!spec.value) {
      if (eq >= 0) return E.left(`--${spec.name} takes no value`);
      value = "true";
    } else if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) return E.left(`--${spec.name} needs a value`);
      value = next;
      i++;
    }
    const seen = options.get(spec.name);
    if (seen !== undefined && spec.repeat !== true) return E.left(`--${spec.name} given more than once`);
    options.set(spec.name, [...(seen ?? []), value]);
  }
  return E.right({ positionals, options });
};

/** The last value of an option, if given. */
export const option = (args: Args, name: string): string | undefined => args.options.get(name)?.at(-1);
/** Whether a boolean option was given. */
export const flag = (args: Args, name: string): boolean => args.options.has(name);
