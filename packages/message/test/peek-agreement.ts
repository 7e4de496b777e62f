// The contract of peekMessage: it agrees with parseMessage on every transaction key field.
//   - parseMessage Right with all five matching headers: peekMessage Right, same fields.
//   - parseMessage Right but one of them missing: peekMessage Left "CoreHeader" (nothing to
//     match on; parseMessage leaves that to validateMessage).
//   - parseMessage Left naming Call-ID or CSeq, or on the start line: peekMessage Left.
//   - peekMessage Left: parseMessage Left too, with the same kind unless parseMessage stopped
//     first on a part peekMessage never reads.
//   - peekMessage Right while parseMessage is Left: only for reasons outside what it reads
//     (Content-Length and body, the URIs inside From and To, header lines that cannot be one of
//     the five or come after them, via-parms after the first, other core headers, maxVia); its
//     fields are then what the header scanners give on the framed fields.
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import type { HeaderField, NameAddr, Param, ParseOptions, Via } from "../src/index.js";
import type { MessagePeek } from "../src/peek/index.js";
import { encodeUtf8, findParam, parseCSeq, parseCallId, parseMessage } from "../src/index.js";
import { peekMessage } from "../src/peek/index.js";
import { locateNameAddr } from "../src/headers/name-addr.js";
import { scanParams } from "../src/headers/params.js";
import { scanFirstVia } from "../src/headers/via.js";
import { isFail } from "../src/uri/error.js";

interface Expected {
  readonly topVia: Via;
  readonly fromTag: string | undefined;
  readonly toTag: string | undefined;
  readonly callId: string;
  readonly cseq: { readonly seq: number; readonly method: string };
}

/** Names of each matching header, lower case, long and compact (§7.3.3). */
const NAMES: Readonly<Record<string, ReadonlyArray<string>>> = { via: ["via", "v"], from: ["from", "f"], to: ["to", "t"], callId: ["call-id", "i"], cseq: ["cseq"] };
const firstValue = (headers: ReadonlyArray<HeaderField>, key: string): string | undefined =>
  headers.find((h) => NAMES[key]?.includes(h.name.toLowerCase()) === true)?.value;

/** A tag parameter's value, "" for a bare flag, undefined when absent. */
const tagIn = (params: ReadonlyArray<Param>): string | undefined => {
  const p = findParam(params, "tag");
  return p === undefined ? undefined : (p.value ?? "");
};

/** The tag of a From/To value, reading its parameters and skipping its URI as peekMessage does; null when they do not scan. */
const tagOfValue = (value: string): string | undefined | null => {
  const parts = locateNameAddr(value, 0, value.length, false);
  if (isFail(parts)) return null;
  const params = scanParams(value, parts.paramsStart, parts.end);
  return isFail(params) ? null : tagIn(params);
};

/** The matching fields computed from framed header fields with the header scanners. */
const expectedFromFields = (headers: ReadonlyArray<HeaderField>): Expected | undefined => {
  const via = firstValue(headers, "via");
  const from = firstValue(headers, "from");
  const to = firstValue(headers, "to");
  const callId = firstValue(headers, "callId");
  const cseq = firstValue(headers, "cseq");
  if (via === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined) return undefined;
  const v = scanFirstVia(via, 0, via.length);
  const fromTag = tagOfValue(from);
  const toTag = tagOfValue(to);
  const i = parseCallId(callId);
  const c = parseCSeq(cseq);
  if (isFail(v) || fromTag === null || toTag === null || E.isLeft(i) || E.isLeft(c)) return undefined;
  return { topVia: v, fromTag, toTag, callId: i.right, cseq: c.right };
};

const tagOf = (na: NameAddr): string | undefined => tagIn(na.params);

const expectSameFields = (peek: MessagePeek, e: Expected): void => {
  expect(peek.topVia).toEqual(e.topVia);
  const branch = findParam(e.topVia.params, "branch");
  expect(peek.branch).toBe(branch === undefined ? undefined : (branch.value ?? ""));
  expect(peek.rfc3261Branch).toBe(branch?.value?.startsWith("z9hG4bK") === true);
  expect(peek.callId).toBe(e.callId);
  expect(peek.cseq).toEqual(e.cseq);
  expect(peek.fromTag).toBe(e.fromTag);
  expect(peek.toTag).toBe(e.toTag);
};

/** parseMessage refused the message for something peekMessage does not read. */
const outsidePeek = new Set(["ContentLength", "Truncated", "Limit", "Encoding", "HeaderLine"]);
const namesMatchingHeader = (detail: string): boolean => /^(Call-ID|CSeq):/.test(detail);

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
    expectSameFields(p, { topVia: via[0], fromTag: tagOf(from), toTag: tagOf(to), callId, cseq });
    if (m._tag === "Request") {
      expect(p._tag).toBe("RequestPeek");
      if (p._tag === "RequestPeek") expect([p.method, p.requestUri.length > 0]).toEqual([m.method, true]);
    } else {
      expect(p._tag === "ResponsePeek" && p.status).toBe(m.status);
    }
    expect(p.bodyStart).toBeGreaterThanOrEqual(p.headerStart);
    // The body starts where parseMessage framed it, in octets or in UTF-16 units like the input.
    const rest = typeof input === "string" ? encodeUtf8(input.slice(p.bodyStart)) : input.subarray(p.bodyStart);
    expect(rest.subarray(0, m.body.length)).toEqual(m.body);
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
    // The framed fields are all the fields: what peekMessage reads of the matching ones scans.
    expect(e).toBeDefined();
  }
  if (e !== undefined) expectSameFields(peek.right, e);
  return "peek-only";
};
