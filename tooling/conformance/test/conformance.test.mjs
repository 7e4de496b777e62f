// The checker's own rules, on small made-up inputs (node:test, run by tooling/scripts/test-all.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { citedIds, citedSections } from "../src/citations.mjs";
import { extractStatements, sentencesOf } from "../src/extract.mjs";
import { buildMatrix, notApplicableReason } from "../src/matrix.mjs";
import { roleOfSection } from "../src/statements.mjs";
import { testsInSource } from "../src/tests.mjs";

const page = (n) => `\n\n\nRosenberg, et. al.          Standards Track                    [Page ${n}]\n\f\nRFC 9999            Made Up                                     June 2002\n\n\n`;
const rfcText = [
  "Network Working Group",
  "",
  "   The key words \"MUST\" and \"MAY\" in this document are to be interpreted as described in BCP 14.",
  "",
  "1 Introduction",
  "",
  "   An overview.  Clients MUST send it.",
  "",
  "17.1.1.2 Formal Description",
  "",
  "   The client transaction MUST start timer A, e.g. with T1.  It SHOULD",
  `   NOT stop early.${page(2)}   A sentence cut by the page break MAY follow.  No keyword here.`,
  "",
  "Authors' Addresses",
  "",
  "   Anyone MUST NOT count this.",
].join("\n");

test("extraction: one statement per keyword sentence, numbered per section, page breaks joined, boilerplate and back matter skipped", () => {
  const s = extractStatements(9999, rfcText);
  assert.deepEqual(s.map((x) => [x.id, x.keyword, x.level]), [
    ["RFC9999-1-1", "MUST", "MUST"],
    ["RFC9999-17.1.1.2-1", "MUST", "MUST"],
    ["RFC9999-17.1.1.2-2", "SHOULD NOT", "SHOULD"],
    ["RFC9999-17.1.1.2-3", "MAY", "MAY"],
  ]);
  assert.equal(s[3]?.text, "A sentence cut by the page break MAY follow.");
  assert.deepEqual(sentencesOf("It uses e.g. UDP.  Then TCP."), ["It uses e.g. UDP.", "Then TCP."]);
});

test("a figure line at column 0 does not end its section; a words-only line (Authors' Addresses) does", () => {
  const text = ["17.1.1.2 Formal Description", "", "   The client MUST send it.", "", "resp. to TU |  1xx     V", "            |  ---+", "", "   Timer D MUST fire.", "", "Authors' Addresses", "", "   Nobody MUST count this."].join("\n");
  assert.deepEqual(extractStatements(9999, text).map((s) => s.id), ["RFC9999-17.1.1.2-1", "RFC9999-17.1.1.2-2"]);
});

test("roles: the longest section prefix of the reviewed table wins", () => {
  const table = { 8: "UA", "8.1": "UAC", "8.2": "UAS" };
  assert.equal(roleOfSection(table, "8.1.1.7"), "UAC");
  assert.equal(roleOfSection(table, "8.3"), "UA");
  assert.equal(roleOfSection(table, "9"), undefined);
});

test("test titles are read from the syntax tree, describe chains joined", () => {
  const src = 'describe("RFC 3261 §17", () => { it("RFC3261-17.1.1.2-1 enters calling", () => {}); test.prop([x])("a property", () => {}); });';
  assert.deepEqual(testsInSource("x.test.ts", src).map((t) => t.name), ["RFC 3261 §17 > RFC3261-17.1.1.2-1 enters calling", "RFC 3261 §17 > a property"]);
  assert.deepEqual(citedIds("RFC 3261 §17 > RFC3261-17.1.1.2-1 enters calling"), ["RFC3261-17.1.1.2-1"]);
  assert.deepEqual(citedSections("RFC 3262 §3 and §4, then RFC 3261 §8.2"), [{ rfc: 3262, section: "3" }, { rfc: 3262, section: "4" }, { rfc: 3261, section: "8.2" }]);
});

const statements = [
  { id: "RFC3261-17.1.1.2-1", rfc: 3261, section: "17.1.1.2", level: "MUST", role: "transaction", text: "t" },
  { id: "RFC3261-16.6-1", rfc: 3261, section: "16.6", level: "MUST", role: "proxy", text: "p" },
  { id: "RFC3261-8.1.1.7-1", rfc: 3261, section: "8.1.1.7", level: "MUST", role: "UAC", text: "u" },
];
const na = { roles: { proxy: "no proxy yet" } };

test("the matrix: covered by a cited ID or a map entry, n/a by role, not tested otherwise", () => {
  const tests = [
    { package: "transaction", file: "a.test.ts", line: 1, name: "RFC3261-17.1.1.2-1 enters calling" },
    { package: "ua", file: "b.test.ts", line: 1, name: "RFC 3261 §8.1.1.7 puts a branch" },
  ];
  const map = { tests: [{ package: "ua", test: "RFC 3261 §8.1.1.7 puts a branch", statements: ["RFC3261-8.1.1.7-1"], reviewed: true }] };
  const { rows, problems } = buildMatrix(statements, tests, map, na);
  assert.deepEqual(problems, []);
  assert.deepEqual(rows.map((r) => r.status), ["covered", "n/a", "covered"]);
  assert.equal(notApplicableReason(statements[1], na), "no proxy yet");
  const { rows: without } = buildMatrix(statements, [], { tests: [] }, {});
  assert.deepEqual(without.map((r) => r.status), ["not tested", "not tested", "not tested"]);
});

test("an unreviewed suggestion is shown as suggested, not counted as covered; a reviewed one covers", () => {
  const tests = [{ package: "ua", file: "b.test.ts", line: 1, name: "RFC 3261 §8.1.1.7 puts a branch" }];
  const entry = { package: "ua", test: "RFC 3261 §8.1.1.7 puts a branch", statements: ["RFC3261-8.1.1.7-1"] };
  assert.equal(buildMatrix(statements, tests, { tests: [{ ...entry, reviewed: false }] }, na).rows[2]?.status, "suggested");
  assert.equal(buildMatrix(statements, tests, { tests: [{ ...entry, reviewed: true }] }, na).rows[2]?.status, "covered");
});

test("the checker fails on a test citing a statement that does not exist, and on a map entry whose test is gone", () => {
  const tests = [{ package: "ua", file: "c.test.ts", line: 7, name: "RFC3261-17.1.1.2-99 no such statement" }];
  const map = { tests: [{ package: "ua", test: "a test that was renamed", statements: ["RFC3261-8.1.1.7-1"] }] };
  const { problems } = buildMatrix(statements, tests, map, na);
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? "", /cites RFC3261-17\.1\.1\.2-99, which is not a statement/);
  assert.match(problems[1] ?? "", /no test "a test that was renamed" in packages\/ua/);
});
