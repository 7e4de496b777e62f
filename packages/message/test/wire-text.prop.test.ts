import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import { parseMessage, parseWireText, serializeMessage, wireText } from "../src/index.js";

describe("wire text: a message kept for retransmission (RFC 3261 §17.2.2) as its octets", () => {
  test.prop([arbMessage])("parseWireText(wireText(m)) is the parse of m's octets", (m) => {
    expect(parseWireText(wireText(m))).toStrictEqual(parseMessage(serializeMessage(m)));
  });
  test.prop([arbMessage, fc.uint8Array({ maxLength: 20_000 })])("one char code per octet, bodies with any octet and longer than a chunk included", (m, body) => {
    const text = wireText({ ...m, body });
    const octets = serializeMessage({ ...m, body });
    expect([text.length, Array.from(text, (c) => c.charCodeAt(0))]).toStrictEqual([octets.length, Array.from(octets)]);
  });
  it("text holding a code point above 255 did not come from wireText: a ParseError naming where, not a throw", () => {
    const r = parseWireText("SIP/2.0 200 OK\r\nVia: \u20ac\r\n\r\n");
    expect(E.isLeft(r) && [r.left.kind, r.left.offset]).toStrictEqual(["Encoding", 21]);
  });
});
