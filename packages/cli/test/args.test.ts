import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { OptionSpec } from "../src/args.js";
import { flag, option, parseArgs } from "../src/args.js";

const specs: ReadonlyArray<OptionSpec> = [
  { name: "port", short: "p", value: true },
  { name: "trace", value: false },
  { name: "header", value: true, repeat: true },
];

describe("command-line options", () => {
  it("reads --name value, --name=value, short aliases and flags, keeping positionals in order", () => {
    const r = parseArgs(["a", "--port", "5060", "b", "--trace", "-p=x"], specs);
    expect(E.isLeft(r)).toBe(true);
    const ok = parseArgs(["a", "-p", "5062", "b", "--trace", "--header=X: 1", "--header", "Y: 2"], specs);
    if (E.isLeft(ok)) throw new Error(ok.left);
    expect(ok.right.positionals).toEqual(["a", "b"]);
    expect(option(ok.right, "port")).toBe("5062");
    expect(flag(ok.right, "trace")).toBe(true);
    expect(ok.right.options.get("header")).toEqual(["X: 1", "Y: 2"]);
  });

  it("-- ends options and - is a positional (stdin)", () => {
    const r = parseArgs(["-", "--", "--port"], specs);
    expect(E.isRight(r) && r.right.positionals).toEqual(["-", "--port"]);
  });

  it("names the option in every error", () => {
    expect(parseArgs(["--bogus"], specs)).toEqual(E.left("unknown option --bogus"));
    expect(parseArgs(["--port"], specs)).toEqual(E.left("--port needs a value"));
    expect(parseArgs(["--trace=yes"], specs)).toEqual(E.left("--trace takes no value"));
    expect(parseArgs(["--port", "1", "-p", "2"], specs)).toEqual(E.left("--port given more than once"));
  });
});
