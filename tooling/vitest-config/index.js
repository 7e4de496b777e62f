import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const setupFile = fileURLToPath(new URL("./setup.js", import.meta.url));

/**
 * One package's vitest config. Tests live in test/ (*.test.ts, *.prop.test.ts); the JSON report
 * goes to reports/vitest.json, which tooling/scripts/test-all.mjs sums into CI's last line.
 * @param {import("vitest/config").ViteUserConfig["test"]} [test]
 */
export function packageConfig(test = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: [setupFile],
      reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
      testTimeout: 60_000,
      // Hooks that build or spawn (the CLI test compiles its own copy) share a loaded 2-core CI machine.
      hookTimeout: 120_000,
      ...test,
    },
  });
}
