import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseSdp, serializeSdp } from "../src/index.js";
import { arbAttribute, arbSessionDescription } from "../src/arbitraries/index.js";
import { parseAttribute, printAttribute } from "../src/attributes/index.js";

describe("RFC 8866 §5 codec properties", () => {
  test.prop([arbSessionDescription])("parse(serialize(sd)) equals sd", (sd) => {
    expect(parseSdp(serializeSdp(sd))).toStrictEqual(E.right(sd));
  });

  test.prop([arbSessionDescription])("serialize is stable: serialize(parse(serialize(sd))) is the same text", (sd) => {
    const text = serializeSdp(sd);
    const again = parseSdp(text);
    expect(E.isRight(again) && serializeSdp(again.right)).toBe(text);
  });

  test.prop([arbSessionDescription])("LF-only line ends parse to the same description", (sd) => {
    expect(parseSdp(serializeSdp(sd).replace(/\r\n/g, "\n"))).toStrictEqual(E.right(sd));
  });

  test.prop([arbAttribute])("§5.13: every typed attribute prints back to text that parses to it", (a) => {
    const text = printAttribute(a);
    const colon = text.indexOf(":");
    const parsed = colon < 0 ? parseAttribute(text, undefined) : parseAttribute(text.slice(0, colon), text.slice(colon + 1));
    expect(parsed).toStrictEqual(a);
  });

  test.prop([fc.constantFrom("rtpmap", "fmtp", "candidate", "extmap", "ssrc", "crypto", "rtcp", "ptime", "group", "x"), fc.option(fc.string({ maxLength: 60 }), { nil: undefined })])(
    "any attribute value gives a typed attribute or a message, never a throw",
    (name, value) => {
      const a = parseAttribute(name, value);
      expect(typeof a === "string" ? a.length > 0 : typeof a._tag === "string").toBe(true);
    },
  );

  test.prop([fc.string({ maxLength: 400 })])("arbitrary text never throws and gives a value or a located error", (text) => {
    const r = parseSdp(text);
    if (E.isLeft(r)) {
      expect(r.left._tag).toBe("SdpError");
      expect(r.left.line).toBeGreaterThanOrEqual(1);
      expect(r.left.message.length).toBeGreaterThan(0);
    } else expect(r.right.version).toBe(0);
  });

  test.prop([arbSessionDescription, fc.nat(), fc.string({ unit: fc.constantFrom(...Array.from("v=0 \r\n:/amoct")), maxLength: 20 })])(
    "a description with bytes spliced in never throws",
    (sd, at, junk) => {
      const text = serializeSdp(sd);
      const i = at % (text.length + 1);
      const r = parseSdp(text.slice(0, i) + junk + text.slice(i));
      expect(E.isLeft(r) || E.isRight(r)).toBe(true);
      if (E.isRight(r)) expect(serializeSdp(r.right).endsWith("\r\n")).toBe(true);
    },
  );
});
