import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { normalizeLineEnds, parseCommand } from "../src/commands/parse.js";

const CR = 0x0d;
const LF = 0x0a;
// Bytes rich in line ends, so both branches of the normalisation are exercised.
const lineBytes = fc.uint8Array({ maxLength: 200 }).chain((bytes) =>
  fc.constantFrom(bytes, bytes.map((b) => (b % 7 === 0 ? LF : b)), bytes.map((b) => (b % 7 === 0 ? LF : b === CR ? 0x20 : b))),
);

test.prop([lineBytes])("RFC 3261 §7 normalizeLineEnds: no CR → every LF becomes CRLF and nothing else changes", (input) => {
  const out = normalizeLineEnds(input);
  if (input.includes(CR)) {
    expect(out).toBe(input);
    return;
  }
  const lfs = input.filter((b) => b === LF).length;
  expect(out.length).toBe(input.length + lfs);
  expect(Array.from(out.filter((b) => b !== CR))).toEqual(Array.from(input));
  out.forEach((b, i) => {
    if (b === LF) expect(out[i - 1]).toBe(CR);
  });
});

test.prop([lineBytes])("parseCommand never throws and its report is JSON with an exit code that matches it", (input) => {
  const { exitCode, report } = parseCommand(input);
  const json: unknown = JSON.parse(JSON.stringify(report));
  expect(json).toEqual(report);
  const ok = "message" in report && report.validation.ok;
  expect(exitCode).toBe(ok ? 0 : 1);
});
