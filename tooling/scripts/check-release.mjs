#!/usr/bin/env node
// Release readiness (issue #19): packs every public package the way `pnpm publish` would
// (workspace: ranges replaced by versions) and checks, for each tarball,
//   - it holds only package.json, README.md, LICENSE, CHANGELOG.md, dist/ and src/ (src is kept
//     on purpose: the source maps and declaration maps point into it), with README, LICENSE and
//     the entry points of the exports map present;
//   - no dependency is left as a `workspace:` range;
//   - `npm publish --dry-run` accepts it;
// that the changesets' release plan covers every package at one version (lockstep), and that an
// application installing the tarballs with its own fp-ts gets one copy of it (check-consumer.mjs).
// Prints `release: N passed, N failed` (one check per package, the plan, the consumer). Needs the
// packages built.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkConsumer } from "./check-consumer.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+|src\/.+)$/;
const out = mkdtempSync(join(tmpdir(), "puresip-pack-"));
/** Each package's tarball, by name, for the consumer check. */
const tarballs = new Map();
const sh = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

/** Every file an exports map entry names (conditions flattened), relative to the package. */
const exportTargets = (exportsMap) => {
  const targets = [];
  const walk = (v) => {
    if (typeof v === "string") targets.push(v.replace(/^\.\//, ""));
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  walk(exportsMap);
  return targets.filter((t) => !t.includes("*"));
};

const problemsOf = (dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const problems = [];
  const packed = sh("pnpm", ["pack", "--json", "--pack-destination", out], dir);
  if (packed.status !== 0) return [`pnpm pack failed: ${packed.stderr.trim().split("\n").at(-1)}`];
  const report = JSON.parse(packed.stdout);
  tarballs.set(pkg.name, report.filename);
  const files = report.files.map((f) => f.path);
  for (const f of files) if (!allowed.test(f)) problems.push(`unexpected file in the tarball: ${f}`);
  for (const f of ["package.json", "README.md", "LICENSE", ...exportTargets(pkg.exports ?? {})]) if (!files.includes(f)) problems.push(`missing from the tarball: ${f}`);
  const manifest = sh("tar", ["-xOzf", report.filename, "package/package.json"], out);
  if (manifest.status !== 0) problems.push("cannot read package.json back from the tarball");
  else {
    const packedPkg = JSON.parse(manifest.stdout);
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"])
      for (const [name, range] of Object.entries(packedPkg[field] ?? {})) if (String(range).startsWith("workspace:")) problems.push(`${field}.${name} is still ${range}`);
  }
  const publish = sh("npm", ["publish", "--dry-run", "--json", "--ignore-scripts", report.filename], out);
  if (publish.status !== 0) problems.push(`npm publish --dry-run failed: ${publish.stderr.trim().split("\n").filter((l) => !l.includes("requires you to be logged in")).at(-1) ?? ""}`);
  return problems;
};

let passed = 0;
let failed = 0;
for (const name of readdirSync(join(root, "packages")).sort()) {
  const dir = join(root, "packages", name);
  if (!existsSync(join(dir, "package.json"))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private === true) continue;
  const problems = problemsOf(dir);
  if (problems.length === 0) passed += 1;
  else {
    failed += 1;
    for (const p of problems) console.log(`  ✗ ${pkg.name}: ${p}`);
  }
}
// The release plan `changeset version` would carry out (`changeset status` computes it without
// writing): every public package released, all at one version (lockstep, .changeset/config.json).
const publicNames = readdirSync(join(root, "packages"))
  .map((d) => join(root, "packages", d, "package.json"))
  .filter((f) => existsSync(f))
  .map((f) => JSON.parse(readFileSync(f, "utf8")))
  .filter((p) => p.private !== true)
  .map((p) => p.name);
const planFile = join(out, "plan.json");
const status = sh(join(root, "node_modules", ".bin", "changeset"), ["status", `--output=${planFile}`], root);
const planProblems = [];
if (status.status !== 0 || !existsSync(planFile)) planProblems.push(`changeset status failed: ${(status.stderr || status.stdout).trim().split("\n").at(-1)}`);
else {
  const plan = JSON.parse(readFileSync(planFile, "utf8"));
  const released = new Map(plan.releases.filter((r) => r.type !== "none").map((r) => [r.name, r.newVersion]));
  const versions = new Set(released.values());
  if (released.size > 0) {
    for (const name of publicNames) if (!released.has(name)) planProblems.push(`${name} is left out of the release plan`);
    if (versions.size > 1) planProblems.push(`the release plan is not in lockstep: ${[...versions].join(", ")}`);
  }
  console.log(`release plan: ${released.size === 0 ? "nothing to release" : `${released.size} packages to ${[...versions].join(", ")}`} from ${plan.changesets.length} changesets`);
}
if (planProblems.length === 0) passed += 1;
else {
  failed += 1;
  for (const p of planProblems) console.log(`  ✗ ${p}`);
}
// One copy of fp-ts in an application that installs the tarballs beside its own (peer dependencies).
const consumerProblems = checkConsumer(tarballs);
if (consumerProblems.length === 0) {
  passed += 1;
  console.log("consumer: the browser UA's tarballs installed beside the application's fp-ts and io-ts: one fp-ts, npm ls clean, loaded");
} else {
  failed += 1;
  for (const p of consumerProblems) console.log(`  ✗ consumer: ${p}`);
}
rmSync(out, { recursive: true, force: true });
console.log(`release: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
