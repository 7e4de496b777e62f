import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect } from "vitest";
import { arbRequest } from "../src/arbitraries/index.js";
import type { Tag } from "../src/index.js";
import { createResponse, headerKey, parseMessage, serializeMessage, validateMessage } from "../src/index.js";

const tagArb = fc.string({ unit: fc.constantFrom(...Array.from("abcdef0123456789")), minLength: 1, maxLength: 10 }).map((t) => t as Tag);

describe("RFC 3261 §8.2.6 createResponse on generated requests", () => {
  test.prop([arbRequest, fc.integer({ min: 100, max: 699 }), tagArb])("copies Via, From, Call-ID and CSeq; validates; round-trips", (request, status, toTag) => {
    const r = pipe(request, createResponse(status, { toTag }));
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    const response = r.right;
    expect(response.core.via).toStrictEqual(request.core.via);
    expect(response.core.from).toStrictEqual(request.core.from);
    expect(response.core.callId).toBe(request.core.callId);
    expect(response.core.cseq).toStrictEqual(request.core.cseq);
    expect(response.headers.filter((h) => headerKey(h.name) === "via")).toStrictEqual(request.headers.filter((h) => headerKey(h.name) === "via"));
    expect(validateMessage(response)).toStrictEqual(E.right(response));
    expect(parseMessage(serializeMessage(response))).toStrictEqual(E.right(response));
  });
  test.prop([arbRequest, fc.integer({ min: 101, max: 699 }), tagArb])("§8.2.6.2 the To tag: the request's if it had one, else the one given", (request, status, toTag) => {
    const r = pipe(request, createResponse(status, { toTag }));
    const tagOf = (params: ReadonlyArray<{ readonly name: string; readonly value?: string }> | undefined) => params?.find((p) => p.name.toLowerCase() === "tag")?.value;
    const before = tagOf(request.core.to?.params);
    expect(E.isRight(r) && tagOf(r.right.core.to?.params)).toBe(before ?? toTag);
  });
});
