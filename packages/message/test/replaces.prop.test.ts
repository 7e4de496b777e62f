import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { ReplacesFromString, referSubHeader, parseUri, printUri, referToHeader, referredByHeader, replacesHeader, replacesOfUri, withReplaces, withoutUriHeaders } from "../src/index.js";
import { arbNameAddr, arbReferSub, arbReplaces, arbSipUri } from "../src/arbitraries/index.js";

describe("RFC 3891 §6.1 Replaces: properties", () => {
  test.prop([arbReplaces])("parse(print(r)) is r, and the io-ts codec agrees", (r) => {
    expect(replacesHeader.parse(replacesHeader.print(r))).toStrictEqual(E.right(r));
    expect(ReplacesFromString.decode(ReplacesFromString.encode(r))).toStrictEqual(E.right(r));
  });

  test.prop([arbSipUri, arbReplaces])("a Refer-To carrying a Replaces survives printing, parsing and unescaping", (uri, r) => {
    const target = withReplaces({ ...uri, headers: [] }, r);
    const printed = referToHeader.print({ _tag: "NameAddr", uri: target, angle: true, params: [] });
    const back = referToHeader.parse(printed);
    expect(E.isRight(back)).toBe(true);
    if (E.isLeft(back)) return;
    expect(replacesOfUri(back.right.uri)).toStrictEqual(E.right(O.some(r)));
    expect(printUri(withoutUriHeaders(back.right.uri))).toBe(printUri({ ...uri, headers: [] }));
    expect(parseUri(printUri(target))).toStrictEqual(E.right(target));
  });

  test.prop([fc.string()])("never throws on any text", (s) => {
    expect(() => replacesHeader.parse(s)).not.toThrow();
    expect(() => E.map(replacesOfUri)(parseUri(`sip:a@b?Replaces=${s}`))).not.toThrow();
  });
});

describe("RFC 3892 §3 Referred-By: properties", () => {
  test.prop([arbNameAddr, fc.option(fc.stringMatching(/^[A-Za-z0-9.]{1,12}@[a-z]{1,8}\.example$/), { nil: undefined })])(
    "parse(print(x)) is x, a cid parameter included",
    (na, cid) => {
      const by = cid === undefined ? na : { ...na, angle: true, params: [...na.params.filter((p) => p.name.toLowerCase() !== "cid"), { name: "cid", value: `"${cid}"` }] };
      expect(referredByHeader.parse(referredByHeader.print(by))).toStrictEqual(E.right(by));
    },
  );
});

describe("RFC 4488 §4 Refer-Sub: properties", () => {
  test.prop([arbReferSub])("parse(print(x)) is x", (x) => {
    expect(referSubHeader.parse(referSubHeader.print(x))).toStrictEqual(E.right(x));
  });
  test.prop([fc.string()])("never throws, and only true or false is a value", (s) => {
    expect(() => referSubHeader.parse(s)).not.toThrow();
    const r = referSubHeader.parse(s);
    if (E.isRight(r)) expect(["true", "false"]).toContain(s.trim().split(";")[0]?.trim().toLowerCase());
  });
});
