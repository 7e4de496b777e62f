#!/usr/bin/env node
// The one test command (README, CONTRIBUTING, .ci/run): build, typecheck, lint, check packages,
// check the dependency rules, run every package's tests, and end with `N passed, N failed`.
// A package whose tests did not run (its build failed, a file failed to load) counts as failed,
// and so does every other check that failed, so the last line never hides a red run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const started = Date.now() - 1000;
const extraArgs = process.argv.slice(2);

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } }).status ?? 1;

const turbo = join(root, "node_modules", ".bin", "turbo");
const turboStatus = run(turbo, ["run", "build", "typecheck", "lint", "lint:pack", "test", "--continue=dependencies-successful", "--summarize", "--output-logs=new-only", ...extraArgs]);
const depsStatus = run(process.execPath, [join(root, "tooling", "scripts", "check-deps.mjs")]);

let passed = 0;
let failed = 0;
const notes = [];

// Turbo's run summary names every task that failed (build, typecheck, lint, lint:pack).
const runsDir = join(root, ".turbo", "runs");
const newest = existsSync(runsDir)
  ? readdirSync(runsDir).map((f) => join(runsDir, f)).filter((f) => statSync(f).mtimeMs >= started).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : undefined;
if (newest === undefined) {
  failed += 1;
  notes.push("turbo wrote no run summary");
} else {
  const summary = JSON.parse(readFileSync(newest, "utf8"));
  for (const task of summary.tasks ?? []) {
    const code = task.execution?.exitCode;
    if (task.task !== "test" && code !== undefined && code !== null && code !== 0) {
      failed += 1;
      notes.push(`${task.taskId} failed (exit ${code})`);
    }
  }
}
if (depsStatus !== 0) {
  failed += 1;
  notes.push("check-deps failed");
}

// The RFC conformance matrix (tooling/conformance): its checks (statements.json fresh, every cited
// statement ID exists, every test-map entry names a test that exists, docs/CONFORMANCE.md and the
// README block up to date) and the checker's own tests. A few seconds: it reads test titles, it
// does not run the suites.
const conformanceDir = join(root, "tooling", "conformance");
const conformance = spawnSync(process.execPath, [join(conformanceDir, "src", "main.mjs"), "check"], { cwd: root, encoding: "utf8" });
process.stdout.write(conformance.stdout ?? "");
process.stderr.write(conformance.stderr ?? "");
const conformanceCounts = /^conformance: (\d+) passed, (\d+) failed$/m.exec(conformance.stdout ?? "");
if (conformanceCounts === null) {
  failed += 1;
  notes.push(`conformance check printed no counts (exit ${conformance.status})`);
} else {
  passed += Number(conformanceCounts[1]);
  failed += Number(conformanceCounts[2]);
  if (Number(conformanceCounts[2]) > 0) notes.push("conformance: see the ✗ lines above");
}
// The API reference (typedoc.json: every package, entry points from the exports maps, warnings
// as errors, so an exported symbol without a doc comment fails unless its package's typedoc.json
// lists it as not documented yet). The HTML goes to docs/api, which is not committed.
const docsStatus = run(join(root, "node_modules", ".bin", "typedoc"), ["--logLevel", "Warn"]);
if (docsStatus === 0) passed += 1;
else {
  failed += 1;
  notes.push(`API reference (typedoc) failed (exit ${docsStatus})`);
}
// Release readiness: every public package packed as `pnpm publish` would, its tarball holding
// only dist, src (for the source maps), README, LICENSE and CHANGELOG, no `workspace:` range
// left, and `npm publish --dry-run` accepting it (tooling/scripts/check-release.mjs).
const release = spawnSync(process.execPath, [join(root, "tooling", "scripts", "check-release.mjs")], { cwd: root, encoding: "utf8" });
process.stdout.write(release.stdout ?? "");
const releaseCounts = /^release: (\d+) passed, (\d+) failed$/m.exec(release.stdout ?? "");
if (releaseCounts === null) {
  failed += 1;
  notes.push(`release check printed no counts (exit ${release.status}): ${(release.stderr ?? "").trim().split("\n").at(-1)}`);
} else {
  passed += Number(releaseCounts[1]);
  failed += Number(releaseCounts[2]);
  if (Number(releaseCounts[2]) > 0) notes.push("release: see the ✗ lines above");
}
const checkerTests = spawnSync(process.execPath, ["--test", "--test-reporter=tap", join(conformanceDir, "test")], { cwd: root, encoding: "utf8" });
const tapCount = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, "m").exec(checkerTests.stdout ?? "")?.[1] ?? "0");
passed += tapCount("pass");
failed += tapCount("fail");
if (checkerTests.status !== 0 || tapCount("pass") === 0) {
  if (tapCount("fail") === 0) failed += 1;
  notes.push(`tooling/conformance tests failed (exit ${checkerTests.status})`);
  process.stdout.write(checkerTests.stdout ?? "");
}

// Every package with a test script must leave a fresh vitest JSON report.
for (const dir of readdirSync(join(root, "packages")).map((d) => join(root, "packages", d))) {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  if (pkg.scripts?.test === undefined) continue;
  const report = join(dir, "reports", "vitest.json");
  if (!existsSync(report) || statSync(report).mtimeMs < started) {
    failed += 1;
    notes.push(`${pkg.name}: tests did not run`);
    continue;
  }
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  for (const file of result.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) {
      failed += 1;
      notes.push(`${pkg.name}: ${file.name} failed to load`);
    }
  }
  if ((result.numTotalTests ?? 0) === 0) {
    failed += 1;
    notes.push(`${pkg.name}: ran no test`);
  }
}

// Coverage-guided fuzzing (tooling/fuzz): each target for a bounded time (FUZZ_SECONDS, 20 s by
// default), from the committed corpora and a fixed seed. A target counts as one passed test, or
// as one failure when it found a crash or a broken rule (its inputs are in tooling/fuzz/findings/).
if (process.env.FUZZ !== "0") {
  const fuzzReport = join(root, "tooling", "fuzz", "reports", "fuzz.json");
  const fuzzStatus = run(process.execPath, [join(root, "tooling", "fuzz", "src", "run.mjs"), "--ci"]);
  if (!existsSync(fuzzReport) || statSync(fuzzReport).mtimeMs < started) {
    failed += 1;
    notes.push(`fuzz: no report (exit ${fuzzStatus})`);
  } else {
    const report = JSON.parse(readFileSync(fuzzReport, "utf8"));
    for (const t of report.targets ?? []) {
      if ((t.findings ?? []).length === 0 && t.executions > 0) passed += 1;
      else {
        failed += 1;
        notes.push(`fuzz ${t.target}: ${(t.findings ?? []).length} finding(s) in ${t.executions} executions`);
      }
    }
    if ((report.targets ?? []).length === 0) {
      failed += 1;
      notes.push("fuzz: no target ran");
    }
    console.log(`fuzz: ${report.executions} executions`);
  }
}

for (const note of notes) console.log(`  ✗ ${note}`);
if (turboStatus !== 0 && failed === 0) {
  failed += 1;
  console.log("  ✗ turbo exited non-zero");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
