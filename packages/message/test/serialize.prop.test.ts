import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import { encodeUtf8, parseMessage, printHead, serializeMessage } from "../src/index.js";
import type { SipMessage } from "../src/index.js";

describe("RFC 3261 §7 printing is canonical and stable", () => {
  test.prop([arbMessage])("parse(serialize(m)) equals m", (m) => {
    expect(parseMessage(serializeMessage(m))).toStrictEqual(E.right(m));
  });
  test.prop([arbMessage])("serialize is idempotent: print, parse, print gives the same octets", (m) => {
    const once = serializeMessage(m);
    const again = parseMessage(once);
    expect(E.isRight(again) && serializeMessage(again.right)).toStrictEqual(once);
  });
  // The octets are the UTF-8 of printHead and then the body, whether the head is ASCII (written
  // straight into octets) or not (encoded as text): both ways must give the same bytes.
  const headThenBody = (m: SipMessage): Uint8Array => {
    const head = encodeUtf8(printHead(m));
    const out = new Uint8Array(head.length + m.body.length);
    out.set(head, 0);
    out.set(m.body, head.length);
    return out;
  };
  test.prop([arbMessage])("§7: the octets are printHead's text in UTF-8, then the body", (m) => {
    expect(serializeMessage(m)).toStrictEqual(headThenBody(m));
  });
  test.prop([arbMessage, fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.nat()])("§7, §25.1: a header value with UTF-8 text (TEXT-UTF8char) prints as its UTF-8 octets wherever it stands, Content-Length repeats and all", (m, text, at) => {
    const headers = [...m.headers];
    headers.splice(at % (headers.length + 1), 0, { name: "Subject", value: `é ${text}` }, { name: "l", value: "0" });
    const withText = { ...m, headers };
    expect(serializeMessage(withText)).toStrictEqual(headThenBody(withText));
  });
  test.prop([arbMessage, fc.uint8Array({ maxLength: 100 })])("Content-Length is recomputed from the body's octets", (m, body) => {
    const r = parseMessage(serializeMessage({ ...m, body }));
    expect(E.isRight(r) && [r.right.core.contentLength, r.right.body]).toStrictEqual([body.length, body]);
  });
});

const corpusDirs = ["rfc4475/", "rfc5118/crlf/"].map((d) => fileURLToPath(new URL(`../../../../shared/corpus/${d}`, import.meta.url)));

describe("RFC 4475 / RFC 5118 corpus: serialize is idempotent", () => {
  for (const dir of corpusDirs) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".dat"))) {
      const first = parseMessage(new Uint8Array(readFileSync(dir + f)));
      if (E.isLeft(first)) continue;
      it(`${f}: printing keeps every header in order and reprints identically`, () => {
        const printed = serializeMessage(first.right);
        const second = parseMessage(printed);
        expect(E.isRight(second)).toBe(true);
        if (E.isLeft(second)) return;
        // Content-Length is appended when the peer sent none (RFC 4475 §3.4.1 inv2543).
        const names = first.right.headers.map((h) => h.name);
        const appended = first.right.core.contentLength === undefined ? ["Content-Length"] : [];
        expect(second.right.headers.map((h) => h.name)).toStrictEqual([...names, ...appended]);
        expect(serializeMessage(second.right)).toStrictEqual(printed);
      });
    }
  }
});
