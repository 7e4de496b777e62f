import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect } from "vitest";
import { arbMessage, arbRequest, arbVia } from "../src/arbitraries/index.js";
import type { HeaderError, Tag } from "../src/index.js";
import { addHeader, createRequest, createResponse, createResponseFromRaw, headerKey, parseCoreHeaders, parseMessage, printVia, removeHeader, serializeMessage, setHeader, validateMessage } from "../src/index.js";

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

describe("RFC 3261 §8.2.6.2 createResponse reads only what it did not copy", () => {
  const EXTRAS = [
    { name: "Contact", value: "<sip:uas@192.0.2.7:5060>" },
    { name: "Record-Route", value: "<sip:p.example.com;lr>" },
    { name: "Max-Forwards", value: "70" },
    { name: "Route", value: "<sip:r.example.com;lr>" },
    { name: "Via", value: "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKx" },
    { name: "Allow", value: "INVITE, ACK, BYE" },
    { name: "Supported", value: "replaces" },
  ] as const;
  const RECORD_ROUTES = ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>, <sip:192.0.2.1;lr>"] as const;
  test.prop([arbRequest, fc.subarray([...RECORD_ROUTES]), fc.integer({ min: 100, max: 699 }), tagArb, fc.subarray([...EXTRAS]), fc.option(fc.boolean(), { nil: undefined })])(
    "the core of a response equals parseCoreHeaders of its fields, extra fields and Record-Route included",
    (generated, recordRoutes, status, toTag, headers, copyRecordRoute) => {
      const routed = recordRoutes.reduce<E.Either<HeaderError, typeof generated>>((m, rr) => E.chain(addHeader("Record-Route", rr))(m), E.right(generated));
      if (E.isLeft(routed)) throw new Error("a Record-Route that does not parse");
      const request = routed.right;
      const r = pipe(request, createResponse(status, { toTag, headers, ...(copyRecordRoute === undefined ? {} : { copyRecordRoute }) }));
      const reread = pipe(r, E.chain((response) => parseCoreHeaders(response.headers)));
      expect(E.map((response: { readonly core: unknown }) => response.core)(r)).toStrictEqual(reread);
    },
  );
});

describe("header edits keep core what the fields say (§7.3.1)", () => {
  const NAMES = ["Via", "v", "From", "To", "Call-ID", "CSeq", "Max-Forwards", "Contact", "Route", "Record-Route", "Subject"] as const;
  test.prop([arbMessage, fc.constantFrom(...NAMES), arbVia])("after set, add or remove of a core header, core is parseCoreHeaders of the new fields", (message, name, via) => {
    // A Via value fits every edit of Via; the other names get a value of their own grammar.
    const values: Readonly<Record<string, string>> = {
      From: "<sip:a@example.com>;tag=1",
      To: "<sip:b@example.com>",
      "Call-ID": "x1@example.com",
      CSeq: "7 OPTIONS",
      "Max-Forwards": "69",
      Contact: "<sip:c@192.0.2.1>",
      Route: "<sip:p.example.com;lr>",
      "Record-Route": "<sip:q.example.com;lr>",
      Subject: "hi",
    };
    const value = name === "Via" || name === "v" ? printVia(via) : (values[name] ?? "");
    for (const edit of [setHeader(name, value), addHeader(name, value), removeHeader(name)]) {
      const edited = edit(message);
      if (E.isLeft(edited)) continue;
      expect(E.right(edited.right.core)).toStrictEqual(parseCoreHeaders(edited.right.headers));
    }
  });
});

describe("RFC 3261 §8.2.6.2 the 400 to a request that did not parse is itself well formed", () => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constantFrom(0x7f, 0x22, 0x3c, 0x3e, 0x3a, 0x3b, 0x2c, 0x40, 0x5c, 0x20, 0xff, 0xc3), fc.integer({ min: 0x21, max: 0x7e }));
  test.prop([arbRequest, fc.array(fc.tuple(fc.nat(), octet), { minLength: 1, maxLength: 4 })])(
    "mangled requests: whatever createResponseFromRaw builds parses back to itself, with no control character",
    (request, edits) => {
      const bytes = Array.from(serializeMessage(request));
      for (const [at, c] of edits) bytes.splice(at % (bytes.length + 1), 0, c);
      const parsed = parseMessage(new Uint8Array(bytes));
      if (E.isRight(parsed) || parsed.left.framed === undefined) return;
      const built = createResponseFromRaw(400, { toTag: "z" as Tag, reason: parsed.left.detail })(parsed.left.framed);
      if (E.isLeft(built)) return;
      const printed = serializeMessage(built.right);
      expect(parseMessage(printed)).toStrictEqual(E.right(built.right));
      expect(printed.some((b, i) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f || (b === 0x0d && printed[i + 1] !== 0x0a))).toBe(false);
    },
  );
});

describe("RFC 3261 §7.3.1 proxy fields first, whatever the order given", () => {
  const PROXY = ["Route", "Record-Route", "Proxy-Require", "Proxy-Authorization"];
  const FIELDS = [
    ...PROXY.map((name) => ({ name, value: name === "Proxy-Require" ? "foo" : name === "Proxy-Authorization" ? 'Digest username="a"' : "<sip:p.example.com;lr>" })),
    { name: "Subject", value: "s" },
    { name: "Supported", value: "timer" },
    { name: "Organization", value: "o" },
  ];
  test.prop([arbRequest, fc.array(fc.constantFrom(...FIELDS), { maxLength: 8 }), fc.constantFrom(...FIELDS)])(
    "createRequest and setHeader keep every field, each group in its given order, and no proxy field after a field proxies do not read",
    (request, extras, added) => {
      const { via, from, to, callId } = request.core;
      if (via[0] === undefined || from === undefined || to === undefined || callId === undefined) return;
      const built = createRequest({ method: request.method, uri: request.uri, via: via[0], from, to, callId, seq: 1, headers: extras });
      if (E.isLeft(built)) throw new Error(JSON.stringify(built.left));
      const withAdded = pipe(removeHeader(added.name)(built.right), E.chain(setHeader(added.name, added.value)));
      for (const m of [built.right, ...(E.isRight(withAdded) ? [withAdded.right] : [])]) {
        const names = m.headers.map((h) => h.name);
        const proxyRead = (n: string): boolean => ["Via", "Max-Forwards", ...PROXY].includes(n);
        const firstOther = names.findIndex((n) => !proxyRead(n));
        expect(names.slice(firstOther).some(proxyRead)).toBe(false);
      }
      const extraNames = built.right.headers.map((h) => h.name).filter((n) => FIELDS.some((f) => f.name === n));
      expect(extraNames.filter((n) => PROXY.includes(n))).toStrictEqual(extras.map((h) => h.name).filter((n) => PROXY.includes(n)));
      expect(extraNames.filter((n) => !PROXY.includes(n))).toStrictEqual(extras.map((h) => h.name).filter((n) => !PROXY.includes(n)));
    },
  );
});
