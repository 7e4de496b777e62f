#!/usr/bin/env node
// Fails on an edge the design forbids or on a cycle between packages.
// ESLint checks each import as it is written; this checks what ESLint cannot see:
// package.json edges (including dev dependencies), imports it was told to ignore, and cycles.
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { layers, toolingPackages } from "../eslint-config/layers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const problems = [];

const packageDirs = readdirSync(join(root, "packages"))
  .map((d) => join(root, "packages", d))
  .filter((d) => existsSync(join(d, "package.json")));

const walk = (dir) =>
  !existsSync(dir) ? [] : readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|mts|js|mjs)$/.test(entry) ? [full] : [];
  });

const importRe = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
const specifiers = (file) => {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(importRe)].map((m) => m[1] ?? m[2] ?? m[3]);
};
const packageOf = (spec) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

const graph = new Map();
for (const dir of packageDirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = pkg.name;
  const layer = layers[name];
  if (layer === undefined) {
    problems.push(`${name}: not in tooling/eslint-config/layers.js`);
    continue;
  }
  const runtime = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies })
    .filter((d) => d.startsWith("@puresip/"));
  const dev = Object.keys(pkg.devDependencies ?? {}).filter((d) => d.startsWith("@puresip/") && !toolingPackages.includes(d));
  for (const d of runtime) if (!layer.may.includes(d)) problems.push(`${name}: depends on ${d}, which the design forbids`);
  for (const d of dev) if (!layer.may.includes(d) && !(layer.devMay ?? []).includes(d)) problems.push(`${name}: dev-depends on ${d}, which the design forbids`);
  graph.set(name, [...runtime, ...dev]);

  for (const file of walk(join(dir, "src"))) {
    for (const spec of specifiers(file)) {
      const target = packageOf(spec);
      const where = relative(root, file);
      if (target.startsWith("@puresip/") && target !== name && !layer.may.includes(target)) problems.push(`${where}: imports ${spec}, which ${name} may not import`);
      if (target.startsWith("@puresip/") && target !== name && !runtime.includes(target)) problems.push(`${where}: imports ${spec} but ${name} does not declare it in dependencies`);
      if (layer.pure && spec.startsWith("node:")) problems.push(`${where}: imports ${spec}; core packages are pure`);
      if (layer.browser === true && spec.startsWith("node:")) problems.push(`${where}: imports ${spec}; the browser shell has no Node built-ins`);
    }
  }
  for (const file of [...walk(join(dir, "test")), ...walk(join(dir, "bench"))]) {
    for (const spec of specifiers(file)) {
      const target = packageOf(spec);
      if (target.startsWith("@puresip/") && target !== name && !toolingPackages.includes(target) && !layer.may.includes(target) && !(layer.devMay ?? []).includes(target)) {
        problems.push(`${relative(root, file)}: imports ${spec}, which ${name}'s tests may not import`);
      }
    }
  }
}

// Cycle detection over runtime and dev edges: turbo's ^build needs a DAG, and so does a reader.
const state = new Map();
const visit = (node, path) => {
  if (state.get(node) === "done") return;
  if (state.get(node) === "active") {
    problems.push(`import cycle: ${[...path.slice(path.indexOf(node)), node].join(" -> ")}`);
    return;
  }
  state.set(node, "active");
  for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
  state.set(node, "done");
};
for (const node of graph.keys()) visit(node, []);

if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s)\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check-deps: ${graph.size} packages, edges follow DESIGN.md, no cycles`);
