import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseServeArgs } from "../src/commands/serve.js";
import { defaultServeConfig, flagsPart, mergeServeConfig } from "../src/config/serve-config.js";

describe("puresip serve arguments", () => {
  it("flags become a configuration layer; --trace and --trace-log are kept for the shell", () => {
    const plan = parseServeArgs(["--host", "127.0.0.2", "-p", "5070", "--ws-port=0", "--users", "u.txt", "--digest", "MD5", "--trace", "--trace-log", "t.log"]);
    if (E.isLeft(plan)) throw new Error(plan.left);
    expect(plan.right).toEqual({ flags: { host: "127.0.0.2", port: "5070", wsPort: "0", users: "u.txt", digest: "MD5" }, trace: true, traceLog: "t.log", quiet: false });
    const part = flagsPart(plan.right.flags);
    if (E.isLeft(part)) throw new Error(part.left.join());
    expect(mergeServeConfig(defaultServeConfig, part.right)).toMatchObject({ _tag: "Right", right: { host: "127.0.0.2", port: 5070, wsPort: 0, usersFile: "u.txt", digest: ["MD5"], realm: "127.0.0.2" } });
  });

  it("positional arguments and unknown options are errors", () => {
    expect(parseServeArgs(["now"])).toEqual(E.left('unexpected argument "now"'));
    expect(parseServeArgs(["--prot", "1"])).toEqual(E.left("unknown option --prot"));
    expect(E.isLeft(flagsPart({ digest: "SHA-1" }))).toBe(true);
  });
});
