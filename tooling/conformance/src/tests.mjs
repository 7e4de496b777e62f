// Lists every test of the workspace without running it: each test file is parsed with the
// TypeScript compiler API and the titles of `describe`, `it` and `test` calls (and their
// `.each`, `.skipIf(..)`, `.prop([..])` forms) are read from the syntax tree. A title made with
// a template keeps its `${...}` placeholders; one built at run time by a variable is `<dynamic>`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const isTestFile = (name) => /\.test\.(ts|mts|tsx|js|mjs)$/.test(name);

const walk = (dir) =>
  !existsSync(dir)
    ? []
    : readdirSync(dir).flatMap((entry) => {
        if (entry === "node_modules" || entry === "dist") return [];
        const full = join(dir, entry);
        return statSync(full).isDirectory() ? walk(full) : isTestFile(entry) ? [full] : [];
      });

/** `describe`, `it` or `test` when the call is one of theirs (through `.each`, `.prop(..)`...). */
const baseName = (expr) => {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return baseName(expr.expression);
  if (ts.isCallExpression(expr)) return baseName(expr.expression);
  return undefined;
};

const titleOf = (arg, source) => {
  if (arg === undefined) return "<dynamic>";
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.getText(source).slice(1, -1);
  return "<dynamic>";
};

/** The tests of one file: `{ title, name, line }` where name is the describe chain joined by " > ". */
export const testsInSource = (fileName, text) => {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const tests = [];
  const visit = (node, chain) => {
    if (ts.isCallExpression(node)) {
      const base = baseName(node.expression);
      if (base === "describe" || base === "it" || base === "test") {
        const title = titleOf(node.arguments[0], source);
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        if (base === "describe") {
          for (const arg of node.arguments.slice(1)) visit(arg, [...chain, title]);
          return;
        }
        tests.push({ title, name: [...chain, title].join(" > "), line });
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, chain));
  };
  visit(source, []);
  return tests;
};

/**
 * Every test under packages/<p>/test (and tooling/<t>/test): `{ package, file, name, line }`,
 * file relative to the root with forward slashes.
 */
export const listTests = (root) => {
  const out = [];
  for (const group of ["packages", "tooling"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const pkg of readdirSync(groupDir).sort()) {
      for (const file of walk(join(groupDir, pkg, "test")).sort()) {
        const rel = relative(root, file).split("\\").join("/");
        for (const t of testsInSource(file, readFileSync(file, "utf8"))) out.push({ package: pkg, file: rel, name: t.name, line: t.line });
      }
    }
  }
  return out;
};
