#!/usr/bin/env node
// The main job until the `puresip` command exists: run every package's quickstart example
// against the built packages, in dependency order, so a newcomer sees each layer work.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const order = ["message", "sdp", "kernel", "auth", "transaction", "dialog", "ua", "proxy", "conference", "testkit"];
let failed = 0;
for (const name of order) {
  const example = join(root, "packages", name, "examples", "quickstart.mjs");
  if (!existsSync(example)) continue;
  console.log(`\n── @puresip/${name} ─ packages/${name}/examples/quickstart.mjs ──`);
  const { status } = spawnSync(process.execPath, [example], { cwd: join(root, "packages", name), stdio: "inherit" });
  if (status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
