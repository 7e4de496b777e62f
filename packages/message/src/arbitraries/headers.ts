// fast-check arbitraries for header values: name-addr, Via, CSeq and one per typed header of
// src/headers. Each generates a model value that the header's printer writes and its parser
// reads back unchanged (the round-trip property tests rely on that).
import * as fc from "fast-check";
import type { CallId, Method } from "../brand.js";
import type { ContactValue, CSeq, NameAddr, Param, Via } from "../model.js";
import type { InfoValue } from "../headers/addresses.js";
import type { MediaType } from "../headers/media-type.js";
import type { DeltaWithParams, RAck, RetryAfter, Timestamp } from "../headers/numeric.js";
import type { ServerVal, SipDate, Warning } from "../headers/text.js";
import type { ParamValue } from "../headers/tokens.js";
import type { Replaces } from "../headers/replaces.js";
import type { ReferSub } from "../headers/refer-sub.js";
import { printUri } from "../uri/print.js";
import { arbHost, arbHostname, arbIPv6, arbPort, arbUri } from "./uri.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALPHA = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const DIGIT = "0123456789";
const ALNUM = `${ALPHA}${DIGIT}`;
const TOKEN = `${ALNUM}-.!%*_+\`'~`;
const WORD = `${ALNUM}-.!%*_+\`'~()<>:\\"/[]?{}`;

const chars = (set: string): fc.Arbitrary<string> => fc.constantFrom(...Array.from(set));
const str = (set: string, minLength: number, maxLength = 10): fc.Arbitrary<string> =>
  fc.array(chars(set), { minLength, maxLength }).map((a) => a.join(""));
const digits = (minLength: number, maxLength: number): fc.Arbitrary<string> => str(DIGIT, minLength, maxLength);

/** token (§25.1) */
export const arbToken: fc.Arbitrary<string> = str(TOKEN, 1, 12);
/** fast-check arbitrary of a method: the RFC 3261 ones and extension tokens. */
export const arbMethod: fc.Arbitrary<Method> = fc
  .oneof(fc.constantFrom("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "REFER"), arbToken)
  .map((m) => m as Method);

/** quoted-string with qdtext (including UTF-8) and quoted-pairs, quotes included. */
export const arbQuotedString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: chars(`${ALNUM} !#$%&'()*+,-./:;<=>?@[]^_{|}~\t`) },
      { weight: 1, arbitrary: chars("éü中") },
      { weight: 1, arbitrary: chars('"\\a').map((c) => `\\${c}`) },
    ),
    { maxLength: 12 },
  )
  .map((a) => `"${a.join("")}"`);

/** generic-param: token [ EQUAL gen-value ], gen-value = token / host / quoted-string. */
export const arbGenericParam: fc.Arbitrary<Param> = fc
  .tuple(arbToken, fc.option(fc.oneof(arbToken, arbHostname, arbIPv6, arbIPv6.map((v) => `[${v}]`), arbQuotedString), { nil: undefined }))
  .map(([name, value]) => (value === undefined ? { name } : { name, value }));

const params = (max = 3): fc.Arbitrary<ReadonlyArray<Param>> => fc.array(arbGenericParam, { maxLength: max });

/** display-name = *(token LWS) / quoted-string (one space between tokens, as printed). */
export const arbDisplayName: fc.Arbitrary<string> = fc.oneof(arbQuotedString, fc.array(arbToken, { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")));

const needsAngle = (uriText: string): boolean => uriText.includes(";") || uriText.includes(",") || uriText.includes("?");

/** name-addr / addr-spec with parameters; `angle` is false only where §20.10 allows a bare URI. */
export const arbNameAddr: fc.Arbitrary<NameAddr> = fc
  .tuple(fc.option(arbDisplayName, { nil: undefined }), arbUri, fc.boolean(), params())
  .map(([displayName, uri, angle, ps]): NameAddr => {
    const bracket = displayName !== undefined || angle || needsAngle(printUri(uri));
    return displayName === undefined
      ? { _tag: "NameAddr", uri, angle: bracket, params: ps }
      : { _tag: "NameAddr", displayName, uri, angle: true, params: ps };
  });

/** route-param = name-addr *( SEMI rr-param ): always bracketed. */
export const arbRouteNameAddr: fc.Arbitrary<NameAddr> = arbNameAddr.map((na) => ({ ...na, angle: true }));

/** PAssertedID-value = name-addr / addr-spec (RFC 3325 §9.1): no header parameters. */
export const arbAssertedIdentity: fc.Arbitrary<NameAddr> = arbNameAddr.map((na) => {
  const uri = printUri(na.uri);
  return { ...na, params: [], angle: na.angle || uri.includes(",") || uri.includes("?") };
});

/** fast-check arbitrary of a Contact value (RFC 3261 §20.10). */
export const arbContactValue: fc.Arbitrary<ContactValue> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<ContactValue>({ _tag: "Wildcard" }) },
  { weight: 8, arbitrary: arbNameAddr },
);

/** via-parm (§20.42) */
export const arbVia: fc.Arbitrary<Via> = fc
  .record(
    {
      protocolName: fc.oneof(fc.constant("SIP"), arbToken),
      protocolVersion: fc.oneof(fc.constant("2.0"), arbToken),
      transport: fc.oneof(fc.constantFrom("UDP", "TCP", "TLS", "SCTP", "WS", "WSS"), arbToken),
      host: arbHost,
      port: arbPort,
      params: params(4),
    },
    { requiredKeys: ["protocolName", "protocolVersion", "transport", "host", "params"], noNullPrototype: true },
  );

/** fast-check arbitrary of a 32-bit unsigned value, small ones often. */
export const arbUint32: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 100 }));

/** fast-check arbitrary of a CSeq value (RFC 3261 §20.16). */
export const arbCSeq: fc.Arbitrary<CSeq> = fc.record({ seq: arbUint32, method: arbMethod }, { noNullPrototype: true });

/** callid = word [ "@" word ] */
export const arbCallId: fc.Arbitrary<CallId> = fc
  .tuple(str(WORD, 1, 16), fc.option(str(WORD, 1, 12), { nil: undefined }))
  .map(([a, b]) => (b === undefined ? a : `${a}@${b}`) as CallId);

const arbMParam: fc.Arbitrary<Param> = fc.tuple(arbToken, fc.oneof(arbToken, arbQuotedString)).map(([name, value]) => ({ name, value }));

/** fast-check arbitrary of a media type with parameters (RFC 3261 §20.15). */
export const arbMediaType: fc.Arbitrary<MediaType> = fc.record({ type: arbToken, subtype: arbToken, params: fc.array(arbMParam, { maxLength: 3 }) }, { noNullPrototype: true });

/** fast-check arbitrary of a token value with parameters. */
export const arbParamValue: fc.Arbitrary<ParamValue> = fc.record({ value: arbToken, params: params() }, { noNullPrototype: true });

/** language-tag = primary-tag *( "-" subtag ), 1*8ALPHA each */
export const arbLanguageTag: fc.Arbitrary<string> = fc.array(str(ALPHA, 1, 8), { minLength: 1, maxLength: 3 }).map((p) => p.join("-"));
/** fast-check arbitrary of an Accept-Language range (RFC 3261 §20.3). */
export const arbLanguageRange: fc.Arbitrary<ParamValue> = fc.record({ value: fc.oneof(arbLanguageTag, fc.constant("*")), params: params() }, { noNullPrototype: true });

/** fast-check arbitrary of delta-seconds with parameters (Expires-like values). */
export const arbDeltaWithParams: fc.Arbitrary<DeltaWithParams> = fc.record({ deltaSeconds: arbUint32, params: params() }, { noNullPrototype: true });

/** comment = "(" *(ctext / quoted-pair / comment) ")" with one level of nesting. */
export const arbComment: fc.Arbitrary<string> = fc
  .array(fc.oneof(str(`${ALNUM} ;,.:/`, 1, 8), str(ALNUM, 0, 6).map((s) => `(${s})`), chars("()\\").map((c) => `\\${c}`)), { maxLength: 4 })
  .map((parts) => `(${parts.join("")})`);

/** fast-check arbitrary of a Retry-After value (RFC 3261 §20.33). */
export const arbRetryAfter: fc.Arbitrary<RetryAfter> = fc
  .tuple(arbUint32, fc.option(arbComment, { nil: undefined }), params())
  .map(([deltaSeconds, comment, ps]) => (comment === undefined ? { deltaSeconds, params: ps } : { deltaSeconds, comment, params: ps }));

const decimal: fc.Arbitrary<string> = fc.tuple(digits(1, 10), fc.option(digits(0, 6), { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}.${b}`));
/** fast-check arbitrary of a Timestamp value (RFC 3261 §20.38). */
export const arbTimestamp: fc.Arbitrary<Timestamp> = fc
  .tuple(decimal, fc.option(decimal, { nil: undefined }))
  .map(([time, delay]) => (delay === undefined ? { time } : { time, delay }));

/** fast-check arbitrary of a RAck value (RFC 3262 §7.2). */
export const arbRAck: fc.Arbitrary<RAck> = fc.record({ rseq: fc.integer({ min: 1, max: 0xffffffff }), cseq: arbUint32, method: arbMethod }, { noNullPrototype: true });

/** TEXT-UTF8-TRIM: no controls, no surrounding whitespace. */
export const arbText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 10, arbitrary: chars(`${ALNUM} \t!"#$%&'()*+,-./:;<=>?@[\\]^_{|}~`) }, { weight: 1, arbitrary: chars("éü中😀") }), { maxLength: 20 })
  .map((a) => a.join(""))
  .filter((s) => s.length === 0 || (!" \t".includes(s[0] ?? "") && !" \t".includes(s[s.length - 1] ?? "")));

/** fast-check arbitrary of a Server or User-Agent value (RFC 3261 §20.35). */
export const arbServerVals: fc.Arbitrary<ReadonlyArray<ServerVal>> = fc.array(
  fc.oneof(
    fc.tuple(arbToken, fc.option(arbToken, { nil: undefined })).map(([name, version]): ServerVal => (version === undefined ? { _tag: "Product", name } : { _tag: "Product", name, version })),
    arbComment.map((text): ServerVal => ({ _tag: "Comment", text })),
  ),
  { minLength: 1, maxLength: 4 },
);

/** fast-check arbitrary of a Warning value (RFC 3261 §20.43). */
export const arbWarning: fc.Arbitrary<Warning> = fc.record({
  code: fc.integer({ min: 0, max: 999 }),
  agent: fc.oneof(arbToken, fc.tuple(arbHost, fc.option(arbPort, { nil: undefined })).map(([h, p]) => `${h._tag === "IPv6" ? `[${h.value}]` : h.value}${p === undefined ? "" : `:${p}`}`)),
  text: arbQuotedString,
}, { noNullPrototype: true });

/** fast-check arbitrary of a SIP-date (RFC 3261 §20.17). */
export const arbSipDate: fc.Arbitrary<SipDate> = fc.record({
  weekday: fc.constantFrom("Mon" as const, "Tue" as const, "Wed" as const, "Thu" as const, "Fri" as const, "Sat" as const, "Sun" as const),
  day: fc.integer({ min: 1, max: 31 }),
  month: fc.constantFrom("Jan" as const, "Feb" as const, "Mar" as const, "Apr" as const, "May" as const, "Jun" as const, "Jul" as const, "Aug" as const, "Sep" as const, "Oct" as const, "Nov" as const, "Dec" as const),
  year: fc.integer({ min: 0, max: 9999 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 60 }),
}, { noNullPrototype: true });

/** fast-check arbitrary of a MIME-Version value (RFC 3261 §20.24). */
export const arbMimeVersion: fc.Arbitrary<string> = fc.tuple(digits(1, 3), digits(1, 3)).map(([a, b]) => `${a}.${b}`);

/** fast-check arbitrary of an Alert-Info, Call-Info or Error-Info value (RFC 3261 §20.4). */
export const arbInfoValue: fc.Arbitrary<InfoValue> = fc.record({ uri: arbUri, params: params() }, { noNullPrototype: true });

/** fast-check arbitrary of a Replaces value (RFC 3891 §6.1); generic parameters never reuse the known names. */
export const arbReplaces: fc.Arbitrary<Replaces> = fc.record(
  {
    callId: arbCallId,
    toTag: arbToken,
    fromTag: arbToken,
    earlyOnly: fc.boolean(),
    params: fc.array(arbGenericParam, { maxLength: 2 }).map((ps) => ps.filter((p) => !["to-tag", "from-tag", "early-only"].includes(p.name.toLowerCase()))),
  },
  { noNullPrototype: true },
);

/** fast-check arbitrary of a Refer-Sub value (RFC 4488 §4). */
export const arbReferSub: fc.Arbitrary<ReferSub> = fc.record({ value: fc.boolean(), params: params(2) }, { noNullPrototype: true });
