// Every RFC 4475 torture message, with the verdict of ../shared/corpus/rfc4475/INDEX.md.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { ParseError, SipMessage } from "../src/index.js";
import { parseMessage, serializeMessage, validateMessage } from "../src/index.js";

const dir = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(dir + f));

type Verdict =
  /** Well formed: parses and validates. */
  | { readonly kind: "valid"; readonly section: string }
  /** Malformed: a Left from the parser or from validateMessage, with the status the RFC names. */
  | { readonly kind: "invalid"; readonly section: string; readonly stage: "parse" | "validate"; readonly status: number }
  /** Malformed, but the RFC lets an element accept it; we do, and say why. */
  | { readonly kind: "liberal"; readonly section: string; readonly why: string };

const valid = (section: string): Verdict => ({ kind: "valid", section });
const invalid = (section: string, stage: "parse" | "validate", status = 400): Verdict => ({ kind: "invalid", section, stage, status });
const liberal = (section: string, why: string): Verdict => ({ kind: "liberal", section, why });

const VERDICTS: Readonly<Record<string, Verdict>> = {
  "wsinv.dat": valid("3.1.1.1"),
  "intmeth.dat": valid("3.1.1.2"),
  "esc01.dat": valid("3.1.1.3"),
  "escnull.dat": valid("3.1.1.4"),
  "esc02.dat": valid("3.1.1.5"),
  "lwsdisp.dat": valid("3.1.1.6"),
  "longreq.dat": valid("3.1.1.7"),
  "dblreq.dat": valid("3.1.1.8"),
  "semiuri.dat": valid("3.1.1.9"),
  "transports.dat": valid("3.1.1.10"),
  "mpart01.dat": valid("3.1.1.11"),
  "unreason.dat": valid("3.1.1.12"),
  "noreason.dat": valid("3.1.1.13"),
  "badinv01.dat": invalid("3.1.2.1", "parse"),
  "clerr.dat": invalid("3.1.2.2", "parse"),
  "ncl.dat": invalid("3.1.2.3", "parse"),
  "scalar02.dat": invalid("3.1.2.4", "parse"),
  "scalarlg.dat": invalid("3.1.2.5", "parse"),
  "quotbal.dat": invalid("3.1.2.6", "parse"),
  "ltgtruri.dat": invalid("3.1.2.7", "parse"),
  "lwsruri.dat": invalid("3.1.2.8", "parse"),
  "lwsstart.dat": liberal("3.1.2.9", "\"an element MAY accept\" runs of SP in the Request-Line; printing writes single SPs, so they are never forwarded"),
  "trws.dat": liberal("3.1.2.10", "trailing SP after SIP-Version MAY be accepted; printing drops it"),
  "escruri.dat": liberal("3.1.2.11", "RFC3261-19.1.1-13: the Request-URI's headers component is ignored, not refused; the UA drops it on receipt and a proxy never forwards it (§16.6 step 2)"),
  "baddate.dat": liberal("3.1.2.12", "Date is not a core header: the element MAY ignore the bad time zone, and its raw value is kept"),
  "regbadct.dat": invalid("3.1.2.13", "parse"),
  "badaspec.dat": invalid("3.1.2.14", "parse"),
  "baddn.dat": invalid("3.1.2.15", "parse"),
  "badvers.dat": invalid("3.1.2.16", "validate", 505),
  "mismatch01.dat": invalid("3.1.2.17", "validate"),
  // "501 ... 400 also acceptable": validateMessage answers 400 for every CSeq mismatch.
  "mismatch02.dat": invalid("3.1.2.18", "validate"),
  "bigcode.dat": invalid("3.1.2.19", "parse"),
  "badbranch.dat": valid("3.2.1"),
  "insuf.dat": invalid("3.3.1", "validate"),
  "unkscm.dat": valid("3.3.2"),
  "novelsc.dat": valid("3.3.3"),
  "unksm2.dat": valid("3.3.4"),
  "bext01.dat": valid("3.3.5"),
  "invut.dat": valid("3.3.6"),
  "regaut01.dat": valid("3.3.7"),
  "multi01.dat": invalid("3.3.8", "validate"),
  "mcl01.dat": invalid("3.3.9", "parse"),
  "bcast.dat": valid("3.3.10"),
  "zeromf.dat": valid("3.3.11"),
  "cparam01.dat": valid("3.3.12"),
  "cparam02.dat": valid("3.3.13"),
  "regescrt.dat": valid("3.3.14"),
  "sdp01.dat": valid("3.3.15"),
  "inv2543.dat": valid("3.4.1"),
  // Not in the RFC text, only in its archive: no SIP-Version, a header line without a colon.
  "test.dat": invalid("archive only", "parse"),
};

const parsed = (f: string): SipMessage => {
  const r = parseMessage(read(f));
  if (E.isLeft(r)) throw new Error(`${f}: ${r.left.detail}`);
  return r.right;
};
const parseFailure = (f: string): ParseError => {
  const r = parseMessage(read(f));
  if (E.isRight(r)) throw new Error(`${f} parsed`);
  return r.left;
};

describe("RFC 4475 torture messages", () => {
  it("covers every file of the corpus", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".dat")).sort();
    expect(files).toStrictEqual(Object.keys(VERDICTS).sort());
    expect(files).toHaveLength(50);
  });

  for (const [file, verdict] of Object.entries(VERDICTS)) {
    const name = `RFC 4475 §${verdict.section} ${file}: ${verdict.kind === "invalid" ? `${verdict.stage} rejects with ${verdict.status}` : verdict.kind === "liberal" ? `accepted liberally (${verdict.why})` : "parses and validates"}`;
    it(name, () => {
      const r = parseMessage(read(file));
      if (verdict.kind === "invalid" && verdict.stage === "parse") {
        expect(E.isLeft(r)).toBe(true);
        if (E.isLeft(r)) expect(r.left.status).toBe(verdict.status);
        return;
      }
      expect(E.isRight(r), E.isLeft(r) ? r.left.detail : "").toBe(true);
      if (E.isLeft(r)) return;
      const v = validateMessage(r.right);
      if (verdict.kind === "invalid") {
        expect(E.isLeft(v)).toBe(true);
        if (E.isLeft(v)) expect(v.left.status).toBe(verdict.status);
      } else {
        expect(v).toStrictEqual(E.right(r.right));
      }
    });
  }
});

describe("RFC 4475 details the verdicts depend on", () => {
  it("§3.1.1.1 wsinv: folded, compact and oddly spaced headers are unfolded and kept in order", () => {
    const m = parsed("wsinv.dat");
    expect(m.headers.map((h) => h.name)).toContain("NewFangledHeader");
    expect(m.headers.find((h) => h.name === "NewFangledHeader")?.value).toBe("newfangled value continued newfangled value");
    expect(m.core.via).toHaveLength(3);
    expect(m.core.maxForwards).toBe(68);
  });
  it("§3.1.1.2 intmeth: the unusual method is kept verbatim and is not INVITE", () => {
    const m = parsed("intmeth.dat");
    expect(m._tag === "Request" && m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
  });
  it("§3.1.1.5 esc02: RE%47IST%45R is an unknown method, and there are two Contact values", () => {
    const m = parsed("esc02.dat");
    expect(m._tag === "Request" && m.method).toBe("RE%47IST%45R");
    expect(m.core.contact).toHaveLength(2);
  });
  it("§3.1.1.8 dblreq: Content-Length 0 frames the REGISTER; the trailing INVITE octets are ignored (§18.3)", () => {
    const m = parsed("dblreq.dat");
    expect(m._tag === "Request" && m.method).toBe("REGISTER");
    expect(m.body).toHaveLength(0);
    expect(new TextDecoder().decode(serializeMessage(m))).not.toContain("INVITE");
  });
  it("§3.1.1.11 mpart01: the binary body with NUL is framed by Content-Length, byte for byte", () => {
    const m = parsed("mpart01.dat");
    expect(m.body.length).toBe(m.core.contentLength);
    expect(m.body.includes(0)).toBe(true);
    const bytes = read("mpart01.dat");
    expect(Array.from(bytes.subarray(bytes.length - m.body.length))).toStrictEqual(Array.from(m.body));
  });
  it("§3.1.1.12 unreason: a UTF-8 reason phrase is decoded", () => {
    const m = parsed("unreason.dat");
    expect(m._tag === "Response" && m.reason).toBe("= 2**3 * 5**2 но сто девяносто девять - простое");
  });
  it("§3.1.1.13 noreason: an empty reason phrase", () => {
    const m = parsed("noreason.dat");
    expect(m._tag === "Response" && [m.status, m.reason]).toStrictEqual([100, ""]);
  });
  it("§3.4.1 inv2543: without Content-Length the body is the rest of the datagram (105 octets)", () => {
    const m = parsed("inv2543.dat");
    expect(m.core.contentLength).toBeUndefined();
    expect(m.body).toHaveLength(105);
  });
  it("§3.1.2.2 clerr / §3.1.2.3 ncl / §3.3.9 mcl01 are framing errors that keep the framed fields", () => {
    expect(parseFailure("clerr.dat").kind).toBe("Truncated");
    expect(parseFailure("ncl.dat").kind).toBe("ContentLength");
    expect(parseFailure("mcl01.dat").kind).toBe("ContentLength");
    expect(parseFailure("clerr.dat").framed?.headers.some((h) => h.name === "Call-ID")).toBe(true);
  });
  it("§3.1.2.19 bigcode: a ten-digit status code is not a Status-Line", () => {
    expect(parseFailure("bigcode.dat").kind).toBe("StartLine");
  });
  it("§3.1.2.9 lwsstart / §3.1.2.10 trws: the extra SP is never forwarded", () => {
    for (const f of ["lwsstart.dat", "trws.dat"]) {
      const line = new TextDecoder().decode(serializeMessage(parsed(f))).split("\r\n")[0] ?? "";
      expect(line).not.toMatch(/ {2}| $/u);
    }
  });
});
