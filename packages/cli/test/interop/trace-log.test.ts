// --trace-log writes what `puresip ladder` reads: a serve and a client both tracing to files,
// then both logs drawn. Loopback only; the built CLI from test/build-once.ts.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK, runToEnd, stopAll } from "./harness.js";
import { buildCli, serve } from "./serve.js";

let main = "";
beforeAll(() => {
  main = buildCli();
});
afterAll(stopAll);

describe("puresip --trace-log and puresip ladder", () => {
  it("RFC 3261 §11: an OPTIONS to serve, traced on both ends, draws as OPTIONS then 200 OK in both ladders", { timeout: 58_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-trace-"));
    const server = await serve(main, ["--quiet", "--trace-log", join(dir, "serve.log")]);
    const ping = await runToEnd(process.execPath, [main, "options", `${LOOPBACK}:${server.udpPort}`, "--trace-log", join(dir, "client.log")], { limitMs: 30_000 });
    await server.process.stop();
    expect(ping.code, ping.stderr).toBe(0);
    for (const log of ["serve.log", "client.log"]) {
      expect(readFileSync(join(dir, log), "utf8")).toMatch(/^--- \d+\.\d{3} \S+ -> \S+$/m);
      const drawn = await runToEnd(process.execPath, [main, "ladder", join(dir, log)], { limitMs: 30_000 });
      expect(drawn.code, drawn.stderr).toBe(0);
      const rows = drawn.stdout.trimEnd().split("\n").slice(1);
      expect(rows.map((r) => /(OPTIONS|200 OK)/.exec(r)?.[1])).toEqual(["OPTIONS", "200 OK"]);
      // The request goes one way and its response the other (§8.2.6, §18.2.2).
      expect(rows[0]?.includes(">") !== rows[1]?.includes(">")).toBe(true);
    }
  });
});
