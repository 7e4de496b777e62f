// peekMessage agrees with parseMessage (test/peek-agreement.ts) on generated messages, on both
// torture corpora, on mangled versions of them, and never throws on arbitrary input.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import type { SipMessage } from "../src/index.js";
import { printHead, serializeMessage } from "../src/index.js";
import { peekMessage } from "../src/peek/index.js";
import { checkAgreement } from "./peek-agreement.js";

const corpus = (name: string): ReadonlyArray<readonly [string, Uint8Array]> => {
  const dir = fileURLToPath(new URL(`../../../../shared/corpus/${name}/`, import.meta.url));
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".dat"))
    .map((d) => `${d.parentPath}/${d.name}`);
  return files.map((f) => [f.slice(dir.length), new Uint8Array(readFileSync(f))] as const);
};
const RFC4475 = corpus("rfc4475");
/** The message as text, without its body (a body need not be UTF-8). */
const textOf = (m: SipMessage): string => printHead({ ...m, body: new Uint8Array(0) });
const RFC5118 = corpus("rfc5118");

describe("peekMessage agrees with parseMessage on the torture corpora", () => {
  it("has read both corpora", () => {
    expect(RFC4475.length).toBeGreaterThan(40);
    expect(RFC5118.length).toBeGreaterThan(10);
  });
  for (const [name, bytes] of [...RFC4475, ...RFC5118]) {
    it(`${name} (bytes and string)`, () => {
      checkAgreement(bytes);
      checkAgreement(new TextDecoder().decode(bytes));
    });
  }

  // Each case of the contract occurs in the corpora, so none of its branches is vacuous:
  // e.g. RFC 4475 §3.1.2.2 clerr.dat (Content-Length past the datagram) is refused by
  // parseMessage and peeked, §3.1.2.x bad From/To/CSeq are refused by both.
  it("exercises every case of the contract", () => {
    const cases = new Set([...RFC4475, ...RFC5118].map(([, bytes]) => checkAgreement(bytes)));
    expect([...cases].sort()).toEqual(["agree", "both-left", "missing", "peek-only"]);
  });
});

describe("peekMessage agrees with parseMessage on generated messages", () => {
  test.prop([arbMessage])("serialized, as bytes and as a string", (m) => {
    expect(checkAgreement(textOf(m))).toBe("agree");
    expect(checkAgreement(serializeMessage(m))).toBe("agree");
  });

  // Folding (§7.3.1) and odd spacing: every header line's SP after the colon becomes a fold.
  test.prop([arbMessage, fc.constantFrom("\r\n ", "\r\n\t", "\r\n  \t ")])("with every value folded onto a continuation line", (m, fold) => {
    const folded = textOf(m).replace(/(\r\n[^:\r\n]+:) /g, `$1${fold}`);
    expect(checkAgreement(folded)).toBe("agree");
  });

  // A fold inside a value joins two non-empty pieces with SP: before every parameter.
  test.prop([arbMessage, fc.constantFrom("\r\n ", "\r\n\t")])("with a fold before every header parameter", (m, fold) => {
    const text = textOf(m);
    const line = text.indexOf("\r\n");
    expect(checkAgreement(text.slice(0, line) + text.slice(line).replace(/;/g, `${fold};`))).toBe("agree");
  });

  test.prop([arbMessage, fc.nat(), fc.integer({ min: 0, max: 255 })])("with one octet changed", (m, at, octet) => {
    const bytes = serializeMessage(m);
    const i = at % bytes.length;
    const mangled = new Uint8Array(bytes);
    mangled[i] = octet;
    checkAgreement(mangled);
  });

  test.prop([arbMessage, fc.nat(), fc.nat()])("with a range of octets removed", (m, a, b) => {
    const text = textOf(m);
    const i = a % text.length;
    checkAgreement(text.slice(0, i) + text.slice(i + (b % 40)));
  });

  test.prop([arbMessage, fc.integer({ min: 20, max: 200 }), fc.integer({ min: 1, max: 12 })])("under tight limits", (m, maxLineBytes, maxHeaderCount) => {
    checkAgreement(textOf(m), { maxLineBytes, maxHeaderCount });
  });
});

describe("peekMessage never throws", () => {
  test.prop([fc.uint8Array({ maxLength: 600 })])("on arbitrary octets", (bytes) => {
    const r = peekMessage(bytes);
    expect(E.isLeft(r) || E.isRight(r)).toBe(true);
  });
  test.prop([fc.string({ unit: "binary", maxLength: 300 })])("on arbitrary strings", (s) => {
    checkAgreement(s);
  });
});
