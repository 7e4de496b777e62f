// The statement list: the extraction of every RFC in RFCS, each statement given the role of the
// reviewed table (data/roles.json, longest section prefix) or of its per-statement override
// (data/role-overrides.json). A statement whose section has no role in the table is an error:
// a new RFC or section must be placed in the table by a reviewer, never guessed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { extractStatements } from "./extract.mjs";

/** RFC 3261 and the RFCs puresip implements. Add one here, then place its sections in data/roles.json. */
export const RFCS = [3261, 3262, 3263, 3264, 3311, 3515, 3581, 4028, 6026, 6665, 7118, 7616];

export const ROLES = ["UAC", "UAS", "UA", "proxy", "registrar", "redirect", "transaction", "transport", "parser", "auth", "offer-answer", "subscriber", "notifier", "security", "general"];

/** The role of a section by the longest prefix in the RFC's table, or undefined. */
export const roleOfSection = (table, section) => {
  const parts = section.split(".");
  for (let n = parts.length; n > 0; n -= 1) {
    const role = table[parts.slice(0, n).join(".")];
    if (role !== undefined) return role;
  }
  return undefined;
};

/** `{ statements, problems }`: statements in RFCS order; problems name every unplaced section or bad role. */
export const buildStatements = (rfcDir, roles, overrides) => {
  const statements = [];
  const problems = [];
  for (const rfc of RFCS) {
    const table = roles[String(rfc)];
    if (table === undefined) {
      problems.push(`RFC ${rfc}: no role table in data/roles.json`);
      continue;
    }
    for (const role of Object.values(table)) if (!ROLES.includes(role)) problems.push(`RFC ${rfc}: unknown role ${role} in data/roles.json`);
    for (const s of extractStatements(rfc, readFileSync(join(rfcDir, `rfc${rfc}.txt`), "utf8"))) {
      const role = overrides[s.id] ?? roleOfSection(table, s.section);
      if (role === undefined) problems.push(`${s.id}: section ${s.section} has no role in data/roles.json`);
      statements.push({ id: s.id, rfc: s.rfc, section: s.section, sectionTitle: s.sectionTitle, ordinal: s.ordinal, keyword: s.keyword, level: s.level, role: role ?? "general", text: s.text });
    }
  }
  const ids = new Set(statements.map((s) => s.id));
  for (const [id, role] of Object.entries(overrides)) {
    if (id.startsWith("_")) continue;
    if (!ids.has(id)) problems.push(`data/role-overrides.json: ${id} is not a statement`);
    if (!ROLES.includes(role)) problems.push(`data/role-overrides.json: ${id}: unknown role ${role}`);
  }
  return { statements, problems };
};
