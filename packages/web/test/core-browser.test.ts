// The core packages' own unit tests, unchanged, in headless Chromium (issue #18): every test
// file of message, sdp, kernel, transaction, dialog, auth and ua that reads nothing from disk
// (no node:* in it or its helpers) is bundled by esbuild with `vitest` and `@fast-check/vitest`
// aliased to small browser shims (./core-in-browser), and run in the page. Proof that the
// pure core needs no Node: a node:* import anywhere in src/ would fail the bundle.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { findChromium, serveExamples } from "./browser-harness.js";

const chromium = findChromium();
const packagesDir = fileURLToPath(new URL("../../", import.meta.url));
const CORE = ["message", "sdp", "kernel", "transaction", "dialog", "auth", "ua"] as const;

const relativeImports = (file: string): ReadonlyArray<string> =>
  [...readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => resolve(dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")));

/** True when `file` or a test helper it imports (transitively, within test/) needs Node: node:* or Buffer. */
const readsTheDisk = (file: string, seen = new Set<string>()): boolean => {
  if (seen.has(file)) return false;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  // node:* imports, or Node's Buffer global used as an oracle.
  if (/from\s+"node:/.test(text) || /\bBuffer\b/.test(text)) return true;
  return relativeImports(file).some((f) => f.includes("/test/") && readsTheDisk(f, seen));
};

const testFiles = (): { readonly run: ReadonlyArray<string>; readonly left: ReadonlyArray<string> } => {
  const run: Array<string> = [];
  const left: Array<string> = [];
  for (const p of CORE) {
    const dir = join(packagesDir, p, "test");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".test.ts")).sort()) {
      const file = join(dir, f);
      (readsTheDisk(file) ? left : run).push(file);
    }
  }
  return { run, left };
};

describe.skipIf(chromium === undefined)("the core packages' unit tests in headless Chromium (issue #18)", { timeout: 300_000 }, () => {
  it("run unchanged in the browser and pass", async () => {
    const { run, left } = testFiles();
    const shims = fileURLToPath(new URL("./core-in-browser/", import.meta.url));
    const entry = [...run.map((f) => `import ${JSON.stringify(f)};`), `import { runAll } from ${JSON.stringify(`${shims}vitest-shim.ts`)};`, "globalThis.__runCore = runAll;"].join("\n");
    const bundled = await build({
      stdin: { contents: entry, resolveDir: shims, loader: "ts", sourcefile: "core-tests.ts" },
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      // The packages say sideEffects: false, which would drop the test files' registrations.
      ignoreAnnotations: true,
      alias: { vitest: `${shims}vitest-shim.ts`, "@fast-check/vitest": `${shims}fast-check-shim.ts` },
    });
    const http = await serveExamples();
    const browser = await puppeteer.launch({ executablePath: chromium ?? "chromium", headless: true, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${http.port}/softphone.html`);
      await page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? "" });
      type Result = { readonly passed: number; readonly failed: ReadonlyArray<{ readonly name: string; readonly error: string }> };
      const result = await page.evaluate(() => (globalThis as unknown as { __runCore: () => Promise<Result> }).__runCore());
      process.stderr.write(`core tests in Chromium: ${run.length} files, ${result.passed} passed, ${result.failed.length} failed; ${left.length} files read fixtures from disk and stay in Node\n`);
      expect(result.failed).toEqual([]);
      // Most of the core's files run there (the rest read RFC corpora from disk).
      expect(run.length).toBeGreaterThan(left.length);
      expect(result.passed).toBeGreaterThan(500);
    } finally {
      await browser.close();
      await http.close();
    }
  });
});
