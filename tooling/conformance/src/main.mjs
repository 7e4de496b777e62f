#!/usr/bin/env node
// The conformance matrix's commands (tooling/conformance/README.md):
//   extract  re-reads ../shared/rfc and writes data/statements.json
//   suggest  adds test-map entries (reviewed: false) for tests that name a section but no statement
//   write    writes docs/CONFORMANCE.md and the README block
//   check    fails (exit 1) on a cited ID that is not a statement, a stale map entry, a stale
//            statements.json or a stale docs/CONFORMANCE.md / README block; prints its counts as
//            `conformance: N passed, N failed` for tooling/scripts/test-all.mjs
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { citedIds, suggest } from "./citations.mjs";
import { buildMatrix } from "./matrix.mjs";
import { renderConformance, renderReadmeBlock, withReadmeBlock } from "./report.mjs";
import { buildStatements } from "./statements.mjs";
import { listTests } from "./tests.mjs";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const here = join(root, "tooling", "conformance");
const rfcDir = join(root, "..", "shared", "rfc");
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

const paths = {
  statements: join(here, "data", "statements.json"),
  roles: join(here, "data", "roles.json"),
  overrides: join(here, "data", "role-overrides.json"),
  na: join(here, "data", "not-applicable.json"),
  testMap: join(here, "data", "test-map.json"),
  conformance: join(root, "docs", "CONFORMANCE.md"),
  readme: join(root, "README.md"),
};

const extract = () => buildStatements(rfcDir, readJson(paths.roles), readJson(paths.overrides));

const mapStats = (testMap) => ({ entries: (testMap.tests ?? []).length, reviewed: (testMap.tests ?? []).filter((e) => e.reviewed === true).length });

const render = (statements, tests, testMap) => {
  const { rows, problems } = buildMatrix(statements, tests, testMap, readJson(paths.na));
  return { rows, problems, conformance: renderConformance(rows, mapStats(testMap)), readme: withReadmeBlock(readFileSync(paths.readme, "utf8"), renderReadmeBlock(rows)) };
};

const command = process.argv[2] ?? "check";
switch (command) {
  case "extract": {
    const { statements, problems } = extract();
    for (const p of problems) console.error(`✗ ${p}`);
    writeJson(paths.statements, statements);
    console.log(`${statements.length} statements written to ${paths.statements}`);
    process.exit(problems.length === 0 ? 0 : 1);
    break;
  }
  case "suggest": {
    const statements = readJson(paths.statements);
    const testMap = readJson(paths.testMap);
    const mapped = new Set((testMap.tests ?? []).map((e) => `${e.package}\u0000${e.test}`));
    let added = 0;
    for (const t of listTests(root)) {
      if (citedIds(t.name).length > 0 || mapped.has(`${t.package}\u0000${t.name}`)) continue;
      const picks = suggest(t, statements);
      if (picks.length === 0) continue;
      testMap.tests.push({ package: t.package, test: t.name, statements: picks.map((p) => p.id), reviewed: false, basis: picks.map((p) => (p.shared.length === 0 ? `${p.id}: the only statement of its section` : `${p.id}: ${p.shared.join(" ")}`)).join("; ") });
      added += 1;
    }
    writeJson(paths.testMap, testMap);
    console.log(`${added} suggestions added to ${paths.testMap}`);
    break;
  }
  case "write": {
    const { conformance, readme, problems } = render(readJson(paths.statements), listTests(root), readJson(paths.testMap));
    writeFileSync(paths.conformance, conformance);
    writeFileSync(paths.readme, readme);
    for (const p of problems) console.error(`✗ ${p}`);
    console.log(`wrote ${paths.conformance} and the README block`);
    process.exit(problems.length === 0 ? 0 : 1);
    break;
  }
  case "check": {
    let passed = 0;
    let failed = 0;
    const verdict = (name, problems) => {
      for (const p of problems) console.log(`  ✗ ${p}`);
      if (problems.length === 0) passed += 1;
      else {
        failed += 1;
        console.log(`  ✗ conformance ${name}: ${problems.length} problem(s)`);
      }
    };
    const statements = readJson(paths.statements);
    // CI has ../shared beside the clone; a checkout without it skips only this comparison.
    if (existsSync(rfcDir)) {
      const fresh = extract();
      const same = JSON.stringify(fresh.statements) === JSON.stringify(statements);
      verdict("statements", [...fresh.problems, ...(same ? [] : ["data/statements.json differs from a fresh extraction: run `pnpm conformance:extract` and review the diff"])]);
    } else console.log(`  (no ${rfcDir}: statements.json not re-extracted)`);
    const { problems, conformance, readme } = render(statements, listTests(root), readJson(paths.testMap));
    verdict("citations", problems);
    const stale = [];
    if (!existsSync(paths.conformance) || readFileSync(paths.conformance, "utf8") !== conformance) stale.push("docs/CONFORMANCE.md is stale: run `pnpm conformance:write`");
    if (readFileSync(paths.readme, "utf8") !== readme) stale.push("README.md's conformance block is stale: run `pnpm conformance:write`");
    verdict("docs", stale);
    console.log(`conformance: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
    break;
  }
  default:
    console.error(`unknown command ${command}: extract, suggest, write or check`);
    process.exit(2);
}
