// The contract of peekMessage: it agrees with parseMessage on every transaction key field.
//   - parseMessage Right with all five matching headers: peekMessage Right, same fields.
//   - parseMessage Right but one of them missing: peekMessage Left "CoreHeader" (nothing to
//     match on; parseMessage leaves that to validateMessage).
//   - parseMessage Left naming From, To, Call-ID or CSeq, or on the start line: peekMessage Left.
//   - peekMessage Left: parseMessage Left too, with the same kind unless parseMessage stopped
//     first on a part peekMessage never reads.
//   - peekMessage Right while parseMessage is Left: only for reasons outside the matching
//     headers (Content-Length and body, header lines after the five, Vias after the first
//     field, other core headers, UTF-8 of undecoded octets, maxVia); its fields are then
//     what the public header parsers give on the framed fields.
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import type { HeaderField, MessagePeek, NameAddr, ParseOptions, Via } from "../src/index.js";
import { findParam, parseCSeq, parseCallId, parseMessage, parseNameAddr, parseVia, peekMessage } from "../src/index.js";

interface Expected {
  readonly topVia: Via;
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: { readonly seq: number; readonly method: string };
}

/** Names of each matching header, lower case, long and compact (§7.3.3). */
const NAMES: Readonly<Record<string, ReadonlyArray<string>>> = { via: ["via", "v"], from: ["from", "f"], to: ["to", "t"], callId: ["call-id", "i"], cseq: ["cseq"] };
const firstValue = (headers: ReadonlyArray<HeaderField>, key: string): string | undefined =>
  headers.find((h) => NAMES[key]?.includes(h.name.toLowerCase()) === true)?.value;

/** The matching fields computed from framed header fields with the public parsers. */
const expectedFromFields = (headers: ReadonlyArray<HeaderField>): Expected | undefined => {
  const via = firstValue(headers, "via");
  const from = firstValue(headers, "from");
  const to = firstValue(headers, "to");
  const callId = firstValue(headers, "callId");
  const cseq = firstValue(headers, "cseq");
  if (via === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined) return undefined;
  const v = parseVia(via);
  const f = parseNameAddr(from);
  const t = parseNameAddr(to, "To");
  const i = parseCallId(callId);
  const c = parseCSeq(cseq);
  if (E.isLeft(v) || E.isLeft(f) || E.isLeft(t) || E.isLeft(i) || E.isLeft(c) || v.right[0] === undefined) return undefined;
  return { topVia: v.right[0], from: f.right, to: t.right, callId: i.right, cseq: c.right };
};

const tagOf = (na: NameAddr): string | undefined => {
  const p = findParam(na.params, "tag");
  return p === undefined ? undefined : (p.value ?? "");
};

const expectSameFields = (peek: MessagePeek, e: Expected): void => {
  expect(peek.topVia).toEqual(e.topVia);
  const branch = findParam(e.topVia.params, "branch");
  expect(peek.branch).toBe(branch === undefined ? undefined : (branch.value ?? ""));
  expect(peek.rfc3261Branch).toBe(branch?.value?.startsWith("z9hG4bK") === true);
  expect(peek.callId).toBe(e.callId);
  expect(peek.cseq).toEqual(e.cseq);
  expect(peek.fromTag).toBe(tagOf(e.from));
  expect(peek.toTag).toBe(tagOf(e.to));
};

/** parseMessage refused the message for something peekMessage does not read. */
const outsidePeek = new Set(["ContentLength", "Truncated", "Limit", "Encoding", "HeaderLine"]);
const namesMatchingHeader = (detail: string): boolean => /^(From|To|Call-ID|CSeq):/.test(detail);

/** Checks the contract on one input; returns which case it was, for coverage assertions. */
export const checkAgreement = (input: Uint8Array | string, options?: ParseOptions): "agree" | "both-left" | "peek-only" | "missing" => {
  const peek = peekMessage(input, options);
  const full = parseMessage(input, options);
  if (E.isRight(full)) {
    const m = full.right;
    const { via, from, to, callId, cseq } = m.core;
    if (via[0] === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined) {
      expect(E.isLeft(peek) && peek.left.kind).toBe("CoreHeader");
      return "missing";
    }
    if (E.isLeft(peek)) expect.fail(`peekMessage refused what parseMessage accepts: ${peek.left.detail}`);
    const p = peek.right;
    expectSameFields(p, { topVia: via[0], from, to, callId, cseq });
    if (m._tag === "Request") {
      expect(p._tag).toBe("RequestPeek");
      if (p._tag === "RequestPeek") expect([p.method, p.requestUri.length > 0]).toEqual([m.method, true]);
    } else {
      expect(p._tag === "ResponsePeek" && p.status).toBe(m.status);
    }
    expect(p.bodyStart).toBeGreaterThanOrEqual(p.headerStart);
    return "agree";
  }
  const err = full.left;
  if (E.isLeft(peek)) {
    if (!outsidePeek.has(err.kind) && peek.left.detail.indexOf("header field (§8.1.1)") < 0) expect(peek.left.kind).toBe(err.kind);
    return "both-left";
  }
  // peekMessage accepted a message parseMessage refused: only for a reason outside the five.
  expect(["Empty", "StartLine", "RequestUri"]).not.toContain(err.kind);
  if (err.kind === "CoreHeader") expect(namesMatchingHeader(err.detail)).toBe(false);
  const e = err.framed === undefined ? undefined : expectedFromFields(err.framed.headers);
  if (err.kind === "CoreHeader") {
    // The framed fields are all the fields: the matching ones among them parse.
    expect(e).toBeDefined();
  }
  if (e !== undefined) expectSameFields(peek.right, e);
  return "peek-only";
};
