// Runs the benchmark suites in one process so every figure in a table shares one machine state.
//   pnpm bench                 all suites
//   pnpm bench message sdp     some suites
// Each suite is src/<name>.mjs exporting `run(): Promise<string>` that returns a Markdown section.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
// load.mjs and load-percall.mjs run real processes for minutes (see their headers): only when named.
const all = readdirSync(here).filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("load")).map((f) => f.replace(/\.mjs$/, ""));
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
console.log(`# node ${process.version}, ${process.platform} ${process.arch}\n`);
for (const name of wanted) {
  const suite = await import(new URL(`./${name}.mjs`, import.meta.url).href);
  console.log(await suite.run());
}
