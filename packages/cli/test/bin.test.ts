// The built program, end to end: shebang, ESM imports that Node resolves (fp-ts has no exports
// map, see TOOLCHAIN.md), the is-this-the-program check and the exit status. It runs the copy
// test/build-once.ts compiled for this run (not dist/, which a concurrent build may rewrite).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_BUILD } from "./build-once.js";

const pkg = fileURLToPath(new URL("../", import.meta.url));
const main = `${CLI_BUILD}/main.js`;
const corpus = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));

const puresip = (args: ReadonlyArray<string>, input?: string) =>
  spawnSync(process.execPath, [main, ...args], { cwd: pkg, encoding: "utf8", timeout: 30_000, ...(input === undefined ? {} : { input }) });

beforeAll(() => {
  expect(readFileSync(`${pkg}${main}`, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
});

describe("puresip parse, the built program", () => {
  it("RFC 4475 §3.1.1.1 wsinv.dat: exit 0 and JSON on stdout", () => {
    const r = puresip(["parse", `${corpus}wsinv.dat`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ message: { _tag: "Request", method: "INVITE" }, validation: { ok: true } });
  });

  it("RFC 4475 §3.3.1 insuf.dat: exit 1 and JSON with validation status 400", () => {
    const r = puresip(["parse", `${corpus}insuf.dat`]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ validation: { ok: false, status: 400 } });
  });

  it("reads stdin when the file is -", () => {
    const r = puresip(["parse", "-"], readFileSync(`${corpus}badvers.dat`, "latin1"));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ validation: { ok: false, status: 505 } });
  });

  it("puresip ladder reads a SIPp log and draws it; an unreadable log exits 1 naming the line", () => {
    const fixtures = fileURLToPath(new URL("./fixtures/ladder/", import.meta.url));
    const r = puresip(["ladder", `${fixtures}sipp-uac.log`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${fixtures}sipp-uac.golden.txt`, "utf8"));
    const bad = puresip(["ladder", "--from", "puresip", "-"], "nothing here\n");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/stdin: line 1: /);
  });

  it("an unknown command: usage on stderr, nothing on stdout, exit 2", () => {
    const r = puresip(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: puresip");
    expect(r.stdout).toBe("");
  });
});
