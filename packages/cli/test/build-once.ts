// vitest globalSetup: compile the CLI once per test run into reports/cli-build, for every test
// that runs the built program (bin.test.ts and the interop tests). The test task depends only on
// the dependencies' builds, so it compiles its own copy rather than reading dist/, which a
// concurrent build may be rewriting; once, because each compile takes a while on a loaded machine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI_BUILD = "reports/cli-build";

export default function setup(): void {
  const pkg = fileURLToPath(new URL("../", import.meta.url));
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", CLI_BUILD], { cwd: pkg, encoding: "utf8", timeout: 240_000 });
  if (built.status !== 0) throw new Error(`compiling the CLI for the tests failed (status ${String(built.status)}): ${built.stdout}${built.stderr}`);
}
