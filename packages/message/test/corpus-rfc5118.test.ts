// Every RFC 5118 IPv6 torture message, with the verdict of ../shared/corpus/rfc5118/INDEX.md.
// The archive stores LF line ends and three wrong Content-Lengths (see INDEX.md): the verdicts
// run on the crlf/ copy with Content-Length recomputed where the INDEX says it disagrees, and a
// second test checks that the raw LF files read the same (bare LF is accepted for robustness).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "../src/index.js";
import { parseMessage, validateMessage } from "../src/index.js";

const dir = fileURLToPath(new URL("../../../../shared/corpus/rfc5118/", import.meta.url));
const readText = (f: string): string => readFileSync(dir + f, "latin1");

/** The crlf/ copy with Content-Length set to the body's real length, as INDEX.md advises. */
const fixed = (f: string): string => {
  const text = readText(`crlf/${f}`);
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) return text;
  const body = text.length - split - 4;
  return text.replace(/^Content-Length: *\d+/imu, `Content-Length: ${body}`);
};

const bytes = (latin1: string): Uint8Array => new Uint8Array(Buffer.from(latin1, "latin1"));

type Verdict = "valid" | "accept" | "tolerate" | { readonly reject: number };

const VERDICTS: Readonly<Record<string, readonly [section: string, verdict: Verdict]>> = {
  "ipv6-good.dat": ["4.1", "valid"],
  "ipv6-bad.dat": ["4.2", { reject: 400 }],
  "port-ambiguous.dat": ["4.3", "valid"],
  "port-unambiguous.dat": ["4.4", "valid"],
  // "implementations must parse it (liberal)": received=[...] is outside the strict grammar.
  "via-received-param-with-delim.dat": ["4.5", "accept"],
  "via-received-param-no-delim.dat": ["4.5", "valid"],
  "ipv6-in-sdp.dat": ["4.6", "valid"],
  "mult-ip-in-header.dat": ["4.7", "valid"],
  "mult-ip-in-sdp.dat": ["4.8", "valid"],
  "ipv4-mapped-ipv6.dat": ["4.9", "valid"],
  // "an implementation must tolerate both": the 3-colon reference allowed by RFC 3261's ABNF.
  "ipv6-bug-abnf-3-colons.dat": ["4.10", "tolerate"],
  "ipv6-correct-abnf-2-colons.dat": ["4.10", "valid"],
};

const parse = (f: string) => parseMessage(bytes(fixed(f)));

describe("RFC 5118 IPv6 torture messages", () => {
  it("covers every file of the corpus", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".dat")).sort();
    expect(files).toStrictEqual(Object.keys(VERDICTS).sort());
    expect(readdirSync(`${dir}crlf`).filter((f) => f.endsWith(".dat")).sort()).toStrictEqual(files);
  });

  for (const [file, [section, verdict]] of Object.entries(VERDICTS)) {
    const what = typeof verdict === "object" ? `rejected with ${verdict.reject}` : verdict === "valid" ? "parses and validates" : `${verdict}d: parses and validates`;
    it(`RFC 5118 §${section} ${file}: ${what}`, () => {
      const r = parse(file);
      if (typeof verdict === "object") {
        expect(E.isLeft(r) ? r.left.status : "parsed").toBe(verdict.reject);
        return;
      }
      expect(E.isRight(r), E.isLeft(r) ? r.left.detail : "").toBe(true);
      if (E.isRight(r)) expect(validateMessage(r.right)).toStrictEqual(E.right(r.right));
    });
  }

  it("RFC 5118 §4.3/§4.4: [2001:db8::10:5070] has no port, [2001:db8::10]:5070 has port 5070", () => {
    const uriOf = (f: string) => {
      const r = parse(f);
      return E.isRight(r) && r.right._tag === "Request" ? r.right.uri : undefined;
    };
    const ambiguous = uriOf("port-ambiguous.dat");
    const unambiguous = uriOf("port-unambiguous.dat");
    expect(ambiguous?._tag === "SipUri" && [ambiguous.host.value, ambiguous.port]).toStrictEqual(["2001:db8::10:5070", undefined]);
    expect(unambiguous?._tag === "SipUri" && [unambiguous.host.value, unambiguous.port]).toStrictEqual(["2001:db8::10", 5070]);
  });

  it("RFC 5118 §4.7: the Via list keeps IPv6 references, their port and the IPv4 in order", () => {
    const r = parse("mult-ip-in-header.dat");
    const vias = E.isRight(r) ? r.right.core.via : [];
    expect(vias.map((v) => [v.host._tag, v.port])).toStrictEqual([
      ["IPv6", 6050],
      ["IPv4", undefined],
      ["IPv6", undefined],
    ]);
  });

  it("bare-LF archive files read like their CRLF copies (robustness; Content-Length aside)", () => {
    const strip = (m: SipMessage) => ({ ...m, body: undefined });
    for (const f of ["ipv6-good.dat", "port-unambiguous.dat", "mult-ip-in-header.dat", "ipv6-correct-abnf-2-colons.dat"]) {
      const lf = parseMessage(bytes(readText(f)));
      const crlf = parseMessage(bytes(readText(`crlf/${f}`)));
      expect(E.isRight(lf) && E.isRight(crlf) && strip(lf.right)).toStrictEqual(E.isRight(crlf) && strip(crlf.right));
    }
  });
});
