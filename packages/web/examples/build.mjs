// Bundles the example softphone with esbuild: one ES module for the browser, no Node shims
// (platform "browser" would fail the build on any node:* import).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Builds examples/dist/softphone.js; `minify` for the size figure. */
export const bundle = async ({ minify = false, outfile = `${here}dist/softphone.js` } = {}) =>
  build({
    entryPoints: [`${here}softphone.ts`],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    sourcemap: !minify,
    outfile,
    logLevel: "warning",
    metafile: true,
    // The package's own sources, not its dist/: CI runs the tests before (without) building it.
    alias: { "@puresip/web": `${here}../src/index.ts` },
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle({ minify: process.argv.includes("--minify") });
  console.log(`built ${here}dist/softphone.js`);
}
