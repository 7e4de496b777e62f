#!/usr/bin/env node
// Argument dispatch for `puresip`. `run` takes the arguments and an Io so tests can drive it
// without a process; the last lines start it only when this file is the program itself.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCommand } from "./commands/parse.js";
import type { Io } from "./io.js";
import { nodeIo } from "./io.js";

export const usage = `Usage: puresip <command> [options]

Commands:
  parse [file]   Parse one SIP message from file (or stdin when file is absent or "-")
                 and print it as JSON with the result of validation. Exit status 0 when
                 it parses and validates, 1 when it does not, 2 for a usage error.
                 Input with no CR at all has each bare LF read as CRLF, so messages
                 typed in an editor parse; input with any CR is used as is.

Options:
  -h, --help     Show this help.
`;

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const parse = async (args: ReadonlyArray<string>, io: Io): Promise<number> => {
  if (args.length > 1) {
    io.stderr(`puresip parse: expected at most one file, got ${args.length}\n\n${usage}`);
    return 2;
  }
  const path = args[0] ?? "-";
  let input: Uint8Array;
  try {
    input = await io.read(path);
  } catch (e) {
    io.stderr(`puresip parse: cannot read ${path === "-" ? "stdin" : path}: ${describe(e)}\n`);
    return 2;
  }
  const outcome = parseCommand(input);
  io.stdout(`${JSON.stringify(outcome.report, null, 2)}\n`);
  return outcome.exitCode;
};

/** Run one `puresip` invocation; resolves to the exit status. */
export const run = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(usage);
    return 0;
  }
  if (command === "parse") {
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(usage);
      return 0;
    }
    return parse(rest, io);
  }
  io.stderr(command === undefined ? usage : `puresip: unknown command "${command}"\n\n${usage}`);
  return 2;
};

const isMain = (): boolean => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npm links the bin, so compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isMain()) {
  process.exitCode = await run(process.argv.slice(2), nodeIo);
}
