// fast-check arbitraries for whole messages: well-formed requests and responses with the
// core headers (long or compact names), extension headers with UTF-8 values, and binary bodies.
// Built from wire text and read back with the package's own parsers, so `core` is derived from
// `headers` exactly as for a parsed message.
import * as E from "fp-ts/lib/Either.js";
import * as fc from "fast-check";
import type { Method } from "../brand.js";
import { parseCoreHeaders } from "../headers/index.js";
import type { HeaderField, SipMessage, SipRequest, SipResponse } from "../model.js";
import { parseUri } from "../uri/index.js";
import { arbMethod } from "./headers.js";

const lower = "abcdefghijklmnopqrstuvwxyz";
const alnum = `${lower}0123456789`;
const tokenChars = `${alnum}ABCDEFGHIJKLMNOPQRSTUVWXYZ-.!%*_+\`'~`;

const word = (chars: string, min = 1, max = 8) => fc.string({ unit: fc.constantFrom(...Array.from(chars)), minLength: min, maxLength: max });

const domain = fc.array(word(lower, 1, 6), { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join(".")}.example`);
const host = fc.oneof(domain, fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `192.0.${a}.${b}`), fc.constant("[2001:db8::10]"));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }).map((p) => (p === undefined ? "" : `:${p}`));
const sipUri = fc.tuple(fc.constantFrom("sip", "sips"), fc.option(word(alnum), { nil: undefined }), host, port).map(
  ([scheme, user, h, p]) => `${scheme}:${user === undefined ? "" : `${user}@`}${h}${p}`,
);
const tokenArb = word(tokenChars, 1, 10);

const nameAddr = fc.tuple(fc.option(fc.constantFrom('"Alice"', "Bob", '"A \\"quoted\\" name"'), { nil: undefined }), sipUri).map(([dn, uri]) =>
  dn === undefined ? `<${uri}>` : `${dn} <${uri}>`,
);
const tagParam = fc.option(tokenArb, { nil: undefined }).map((t) => (t === undefined ? "" : `;tag=${t}`));
const via = fc.tuple(fc.constantFrom("UDP", "TCP", "TLS", "WS", "SCTP"), host, port, tokenArb).map(([tr, h, p, b]) => `SIP/2.0/${tr} ${h}${p};branch=z9hG4bK${b}`);

/** A TEXT-UTF8 value (§25.1): printable ASCII and some non-ASCII, no CR/LF, no surrounding whitespace. */
const text = fc
  .string({ unit: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) }, { weight: 1, arbitrary: fc.constantFrom(" ", "\t", "é", "€", "日", "😀") }), maxLength: 30 })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/gu, ""));

const CORE_LONG_OR_SHORT = {
  via: ["Via", "v", "VIA"],
  from: ["From", "f"],
  to: ["To", "t"],
  callId: ["Call-ID", "i", "call-id"],
  contentLength: ["Content-Length", "l"],
} as const;

const extensionName = tokenArb
  .map((n) => `X-${n}`)
  .filter((n) => n.length > 2);

const coreFields = (method: fc.Arbitrary<Method>) =>
  fc
    .record({
      vias: fc.array(fc.tuple(fc.constantFrom(...CORE_LONG_OR_SHORT.via), via), { minLength: 1, maxLength: 3 }),
      from: fc.tuple(fc.constantFrom(...CORE_LONG_OR_SHORT.from), nameAddr, tagParam),
      to: fc.tuple(fc.constantFrom(...CORE_LONG_OR_SHORT.to), nameAddr, tagParam),
      callId: fc.tuple(fc.constantFrom(...CORE_LONG_OR_SHORT.callId), tokenArb, domain),
      seq: fc.nat(2 ** 31 - 1),
      method,
      maxForwards: fc.nat(255),
      extensions: fc.array(fc.tuple(extensionName, text), { maxLength: 5 }),
      lengthName: fc.constantFrom(...CORE_LONG_OR_SHORT.contentLength),
      body: fc.uint8Array({ maxLength: 64 }),
    })
    .chain((r) => fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }).map((order) => ({ ...r, order })));

type CoreParts = ReturnType<typeof coreFields> extends fc.Arbitrary<infer T> ? T : never;

const fieldsOf = (p: CoreParts): ReadonlyArray<HeaderField> => {
  const groups: ReadonlyArray<ReadonlyArray<HeaderField>> = [
    p.vias.map(([name, value]) => ({ name, value })),
    [{ name: p.from[0], value: `${p.from[1]}${p.from[2]}` }],
    [{ name: p.to[0], value: `${p.to[1]}${p.to[2]}` }],
    [{ name: p.callId[0], value: `${p.callId[1]}@${p.callId[2]}` }],
    [{ name: "CSeq", value: `${p.seq} ${p.method}` }, { name: "Max-Forwards", value: String(p.maxForwards) }],
    p.extensions.map(([name, value]) => ({ name, value })),
  ];
  // §20.15: a body comes with its Content-Type.
  const typed: ReadonlyArray<HeaderField> = p.body.length > 0 ? [{ name: p.lengthName === "l" ? "c" : "Content-Type", value: "application/octet-stream" }] : [];
  return [...p.order.flatMap((i) => groups[i] ?? []), ...typed, { name: p.lengthName, value: String(p.body.length) }];
};

/** Well-formed SIP requests (§7.1) with a correct Content-Length. */
export const arbRequest: fc.Arbitrary<SipRequest> = fc
  .tuple(coreFields(arbMethod), sipUri)
  .map(([p, uriText]): SipRequest | undefined => {
    const headers = fieldsOf(p);
    const core = parseCoreHeaders(headers);
    const uri = parseUri(uriText);
    if (E.isLeft(core) || E.isLeft(uri)) return undefined;
    return { _tag: "Request", method: p.method, uri: uri.right, version: "SIP/2.0", headers, core: core.right, body: p.body };
  })
  .filter((m): m is SipRequest => m !== undefined);

/** Well-formed SIP responses (§7.2) with any reason phrase, empty included. */
export const arbResponse: fc.Arbitrary<SipResponse> = fc
  .tuple(coreFields(arbMethod), fc.integer({ min: 100, max: 699 }), text)
  .map(([p, status, reason]): SipResponse | undefined => {
    const headers = fieldsOf(p);
    const core = parseCoreHeaders(headers);
    if (E.isLeft(core)) return undefined;
    return { _tag: "Response", version: "SIP/2.0", status, reason, headers, core: core.right, body: p.body };
  })
  .filter((m): m is SipResponse => m !== undefined);

/** Requests and responses. */
export const arbMessage: fc.Arbitrary<SipMessage> = fc.oneof(arbRequest, arbResponse);
