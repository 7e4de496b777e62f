#!/usr/bin/env node
// The fuzzing loop: for each target, mutate entries of its corpus, run the target on each
// mutant, and keep the mutants that reach blocks no earlier input reached (V8 block coverage,
// coverage.mjs). Inputs run in batches with one coverage read per batch; a batch that reached
// something new is run again input by input to find which inputs to keep.
//   node src/run.mjs [--ci] [--seconds=N] [--target=a,b] [--seed=N] [--grow]
//   --ci      each target for CI's budget (FUZZ_SECONDS, default 20 s), then a JSON report
//   --grow    write the inputs that found new coverage into corpus/<target>/ (for `pnpm fuzz`)
// A finding (a throw, or a rule a target states) is written to findings/<target>-<hash>.bin,
// printed, and makes the exit status 1. Replay one: node src/replay.mjs <target> <file>.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startCoverage } from "./coverage.mjs";
import { mutate, prng } from "./mutate.mjs";
import { targets } from "./targets.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const a = process.argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (a === undefined) return fallback;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : "true";
};
const ci = arg("ci", "false") === "true";
const seconds = Number(arg("seconds", ci ? (process.env.FUZZ_SECONDS ?? "20") : "120"));
const seed = Number(arg("seed", ci ? "1" : String(Date.now() % 2 ** 31)));
const grow = arg("grow", "false") === "true";
const chosen = arg("target", Object.keys(targets).join(",")).split(",");
const BATCH = 64;
const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? "2000");

const hash = (bytes) => createHash("sha1").update(bytes).digest("hex").slice(0, 16);
const readCorpus = (name) => {
  const dir = join(here, "corpus", name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((f) => new Uint8Array(readFileSync(join(dir, f))));
};

const coverage = startCoverage();
const results = [];
for (const name of chosen) {
  const entry = targets[name];
  if (entry === undefined) throw new Error(`no target ${name}; targets: ${Object.keys(targets).join(", ")}`);
  const [run, maxLen] = entry;
  const r = prng(seed ^ [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const corpus = readCorpus(name);
  if (corpus.length === 0) corpus.push(new Uint8Array(0));
  const findings = [];
  let execs = 0;
  let slowest = 0;
  const attempt = (input) => {
    execs++;
    const t = performance.now();
    try {
      run(input);
    } catch (e) {
      return e;
    }
    const took = performance.now() - t;
    if (took > slowest) slowest = took;
    // Nothing here should take a second on a message-sized input: a hang or blow-up is a finding.
    return took > SLOW_MS ? new Error(`slow input: ${Math.round(took)} ms for ${input.length} octets`) : undefined;
  };
  const found = (input, error) => {
    const id = hash(input);
    if (findings.some((f) => f.id === id || f.message === String(error?.message))) return;
    mkdirSync(join(here, "findings"), { recursive: true });
    const file = join(here, "findings", `${name}-${id}.bin`);
    writeFileSync(file, input);
    findings.push({ id, file, message: String(error?.message), kind: error?.constructor?.name ?? "throw" });
    console.log(`  ✗ ${name}: ${error?.constructor?.name}: ${String(error?.message).slice(0, 300)}\n    input: ${file}`);
  };
  // The seeds first, one by one: each one's coverage is the baseline.
  coverage.take();
  const before = coverage.covered();
  for (const input of corpus) {
    const e = attempt(input);
    if (e !== undefined) found(input, e);
    coverage.take();
  }
  const seeds = corpus.length;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && findings.length < 5) {
    const batch = [];
    for (let k = 0; k < BATCH; k++) {
      const base = corpus[r.below(corpus.length)];
      const other = corpus[r.below(corpus.length)];
      batch.push(mutate(r, base, other, maxLen));
    }
    for (const input of batch) {
      const e = attempt(input);
      if (e !== undefined) found(input, e);
    }
    if (coverage.take(false) === 0) continue;
    for (const input of batch) {
      attempt(input);
      if (coverage.take() > 0) {
        corpus.push(input);
        if (grow) {
          mkdirSync(join(here, "corpus", name), { recursive: true });
          writeFileSync(join(here, "corpus", name, `grown-${hash(input)}`), input);
        }
      }
    }
  }
  const result = { target: name, executions: execs, seconds, seeds, corpus: corpus.length, blocks: coverage.covered() - before, slowestMs: Math.round(slowest), findings };
  results.push(result);
  console.log(`${findings.length === 0 ? "✓" : "✗"} ${name}: ${execs.toLocaleString("en")} executions in ${seconds} s, ${seeds} seeds, corpus ${corpus.length}, ${coverage.covered() - before} blocks, slowest ${Math.round(slowest)} ms, ${findings.length} finding(s)`);
}
coverage.stop();
const total = results.reduce((n, x) => n + x.executions, 0);
const failed = results.filter((x) => x.findings.length > 0).length;
mkdirSync(join(here, "reports"), { recursive: true });
writeFileSync(join(here, "reports", "fuzz.json"), `${JSON.stringify({ seed, seconds, executions: total, targets: results }, null, 2)}\n`);
console.log(`fuzz: ${total.toLocaleString("en")} executions over ${results.length} targets (seed ${seed}), ${failed} target(s) with findings`);
process.exit(failed === 0 ? 0 : 1);
