// The matrix: for each statement, the tests that check it (cited by ID in their name, or tied to
// it by a reviewed entry of data/test-map.json): "covered"; else "not applicable" with a reason
// (data/not-applicable.json); else "suggested" when only unreviewed map entries name it; else
// "not tested". Also every inconsistency the checker fails on.
import { citedIds } from "./citations.mjs";

const testKey = (pkg, name) => `${pkg}\u0000${name}`;

/**
 * The reason a statement does not apply: by ID first, then by section prefix (`3261-23`), then by
 * role. Flipping a role (e.g. proxy once a proxy exists) is deleting one line of the data file.
 */
export const notApplicableReason = (statement, na) => {
  const byId = na.statements?.[statement.id];
  if (byId !== undefined) return byId;
  const parts = statement.section.split(".");
  for (let n = parts.length; n > 0; n -= 1) {
    const bySection = na.sections?.[`${statement.rfc}-${parts.slice(0, n).join(".")}`];
    if (bySection !== undefined) return bySection;
  }
  return na.roles?.[statement.role];
};

/** `{ rows, problems }`: one row per statement `{ statement, tests, status, reason }`. */
export const buildMatrix = (statements, tests, testMap, na) => {
  const problems = [];
  const byId = new Map(statements.map((s) => [s.id, s]));
  const testsById = new Map(statements.map((s) => [s.id, []]));
  const testsByKey = new Map(tests.map((t) => [testKey(t.package, t.name), t]));

  for (const t of tests) {
    for (const id of citedIds(t.name)) {
      const list = testsById.get(id);
      if (list === undefined) problems.push(`${t.file}:${t.line}: the test "${t.name}" cites ${id}, which is not a statement`);
      else list.push({ ...t, via: "name" });
    }
  }
  for (const entry of testMap.tests ?? []) {
    const t = testsByKey.get(testKey(entry.package, entry.test));
    if (t === undefined) {
      problems.push(`data/test-map.json: no test "${entry.test}" in packages/${entry.package} (renamed or deleted? update the map)`);
      continue;
    }
    for (const id of entry.statements) {
      const list = testsById.get(id);
      if (list === undefined) problems.push(`data/test-map.json: "${entry.test}" maps to ${id}, which is not a statement`);
      else list.push({ ...t, via: entry.reviewed === true ? "map" : "suggested" });
    }
  }
  for (const id of Object.keys(na.statements ?? {})) if (!id.startsWith("_") && !byId.has(id)) problems.push(`data/not-applicable.json: ${id} is not a statement`);

  const rows = statements.map((statement) => {
    const found = testsById.get(statement.id) ?? [];
    const seen = new Set();
    const unique = found.filter((t) => (seen.has(testKey(t.package, t.name)) ? false : (seen.add(testKey(t.package, t.name)), true)));
    if (unique.some((t) => t.via !== "suggested")) return { statement, tests: unique, status: "covered", reason: "" };
    const reason = notApplicableReason(statement, na);
    if (reason !== undefined) return { statement, tests: [], status: "n/a", reason };
    // Only unreviewed suggestions: shown, but not counted as covered until a person confirms one.
    return unique.length > 0 ? { statement, tests: unique, status: "suggested", reason: "" } : { statement, tests: [], status: "not tested", reason: "" };
  });
  return { rows, problems };
};

/** Counts per (rfc, role, level): covered, suggested, not tested, n/a. */
export const summarize = (rows) => {
  const out = new Map();
  for (const r of rows) {
    const key = `${r.statement.rfc}|${r.statement.role}`;
    const entry = out.get(key) ?? { rfc: r.statement.rfc, role: r.statement.role, MUST: zero(), SHOULD: zero(), MAY: zero() };
    entry[r.statement.level][r.status] += 1;
    out.set(key, entry);
  }
  return [...out.values()];
};
const zero = () => ({ covered: 0, suggested: 0, "not tested": 0, "n/a": 0 });
