// Token-list headers and token-with-parameters headers:
//   Allow (§20.5), Supported (§20.37), Require (§20.32), Proxy-Require (§20.29),
//   Unsupported (§20.40), Content-Encoding (§20.12), Content-Language (§20.13),
//   Allow-Events (RFC 6665 §8.2.2), In-Reply-To (§20.21), Priority (§20.26),
//   Accept-Encoding (§20.2), Accept-Language (§20.3), Content-Disposition (§20.11),
//   Event and Subscription-State (RFC 6665 §8.2), Reason (RFC 3326).
import type { CallId, Method } from "../brand.js";
import { callId as brandCallId } from "../brand.js";
import type { Param } from "../model.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { scanToken, skipLws } from "./lex.js";
import { printParams, scanParams } from "./params.js";

/** A token (or other short value) followed by parameters: `attachment;filename=x`, `presence;id=1`. */
export interface ParamValue {
  readonly value: string;
  readonly params: ReadonlyArray<Param>;
}

const scanWholeToken = (what: string): Scan<string> => (s, start, end) => {
  const e = scanToken(s, start, end);
  return e === start || e !== end ? fail(`expected ${what} (a token)`, e) : s.slice(start, end);
};

const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * language-tag = primary-tag *( "-" subtag ), 1*8ALPHA each (§20.13), or "*" when
 * `allowStar` (language-range of Accept-Language, §20.3). Returns the end index or a Fail.
 */
const scanLanguage = (s: string, start: number, end: number, allowStar: boolean): number | Fail => {
  if (allowStar && start < end && s.charCodeAt(start) === 0x2a) return start + 1;
  let i = start;
  for (;;) {
    const p = i;
    while (i < end && isAlpha(s.charCodeAt(i))) i++;
    if (i === p || i - p > 8) return fail("expected a language tag (1 to 8 letters per part)", p);
    if (i < end && s.charCodeAt(i) === 0x2d) i++;
    else return i;
  }
};

/** Scans `value *(SEMI param)` where value ends where `valueEnd` says. */
const scanParamValue =
  (valueEnd: (s: string, start: number, end: number) => number | Fail, what: string): Scan<ParamValue> =>
  (s, start, end) => {
    const e = valueEnd(s, start, end);
    if (isFail(e)) return e;
    if (e === start) return fail(`expected ${what}`, start);
    const params = scanParams(s, e, end);
    return isFail(params) ? params : { value: s.slice(start, e), params };
  };

const tokenEnd = (s: string, start: number, end: number): number => scanToken(s, start, end);

export const printParamValue = (v: ParamValue): string => `${v.value}${printParams(v.params)}`;

const tokenList = (name: string, what: string, emptyAllowed: boolean, compact?: string): HeaderDef<string> =>
  defineHeader({ name, list: true, emptyAllowed, scan: scanWholeToken(what), print: (t) => t, ...(compact === undefined ? {} : { compact }) });

/** Allow = "Allow" HCOLON [Method *(COMMA Method)] */
export const allowHeader: HeaderDef<Method> = defineHeader({
  name: "Allow",
  list: true,
  emptyAllowed: true,
  scan: scanWholeToken("a method") as Scan<Method>,
  print: (m) => m,
});
/** Supported = ( "Supported" / "k" ) HCOLON [option-tag *(COMMA option-tag)] */
export const supportedHeader: HeaderDef<string> = tokenList("Supported", "an option-tag", true, "k");
/** The Require header (RFC 3261 §20.32): option tags the UAS must support. */
export const requireHeader: HeaderDef<string> = tokenList("Require", "an option-tag", false);
/** The Proxy-Require header (RFC 3261 §20.29): option tags a proxy must support. */
export const proxyRequireHeader: HeaderDef<string> = tokenList("Proxy-Require", "an option-tag", false);
/** The Unsupported header (RFC 3261 §20.40): the option tags a 420 names. */
export const unsupportedHeader: HeaderDef<string> = tokenList("Unsupported", "an option-tag", false);
/** Content-Encoding = ( "Content-Encoding" / "e" ) HCOLON content-coding *(COMMA content-coding) */
export const contentEncodingHeader: HeaderDef<string> = tokenList("Content-Encoding", "a content-coding", false, "e");
/** Allow-Events = ( "Allow-Events" / "u" ) HCOLON event-type *(COMMA event-type) (RFC 6665 §8.4) */
export const allowEventsHeader: HeaderDef<string> = tokenList("Allow-Events", "an event type", false, "u");
/** Priority = "Priority" HCOLON priority-value; priority-value = "emergency" / "urgent" / "normal" / "non-urgent" / other-priority (token) */
export const priorityHeader: HeaderDef<string> = defineHeader({ name: "Priority", list: false, scan: scanWholeToken("a priority"), print: (p) => p });

/** Content-Language = "Content-Language" HCOLON language-tag *(COMMA language-tag) */
export const contentLanguageHeader: HeaderDef<string> = defineHeader({
  name: "Content-Language",
  list: true,
  scan: (s, start, end) => {
    const e = scanLanguage(s, start, end, false);
    if (isFail(e)) return e;
    return e === end ? s.slice(start, end) : fail("unexpected character in a language tag", e);
  },
  print: (t) => t,
});

/** In-Reply-To = "In-Reply-To" HCOLON callid *(COMMA callid) */
export const inReplyToHeader: HeaderDef<CallId> = defineHeader({
  name: "In-Reply-To",
  list: true,
  scan: (s, start, end) => {
    const r = brandCallId(s.slice(start, end));
    return r._tag === "Right" ? r.right : fail('expected a Call-ID (word [ "@" word ])', start);
  },
  print: (c) => c,
});

/** Accept-Encoding = "Accept-Encoding" HCOLON [ encoding *(COMMA encoding) ]; encoding = codings *(SEMI accept-param) */
export const acceptEncodingHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Accept-Encoding",
  list: true,
  emptyAllowed: true,
  scan: scanParamValue(tokenEnd, "a content-coding or *"),
  print: printParamValue,
});

/** Accept-Language = "Accept-Language" HCOLON [ language *(COMMA language) ]; language = language-range *(SEMI accept-param) */
export const acceptLanguageHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Accept-Language",
  list: true,
  emptyAllowed: true,
  scan: scanParamValue((s, a, b) => scanLanguage(s, a, b, true), "a language range"),
  print: printParamValue,
});

/** Content-Disposition = "Content-Disposition" HCOLON disp-type *( SEMI disp-param ) */
export const contentDispositionHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Content-Disposition",
  list: false,
  scan: scanParamValue(tokenEnd, "a disposition type"),
  print: printParamValue,
});

/** Event = ( "Event" / "o" ) HCOLON event-type *( SEMI event-param ) (RFC 6665 §8.4) */
export const eventHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Event",
  compact: "o",
  list: false,
  scan: scanParamValue(tokenEnd, "an event type"),
  print: printParamValue,
});

/** Subscription-State = "Subscription-State" HCOLON substate-value *( SEMI subexp-params ) (RFC 6665 §8.4) */
export const subscriptionStateHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Subscription-State",
  list: false,
  scan: scanParamValue(tokenEnd, "a subscription state"),
  print: printParamValue,
});

/** Reason = "Reason" HCOLON reason-value *(COMMA reason-value); reason-value = protocol *(SEMI reason-params) (RFC 3326 §2) */
export const reasonHeader: HeaderDef<ParamValue> = defineHeader({
  name: "Reason",
  list: true,
  scan: scanParamValue(tokenEnd, "a protocol (SIP, Q.850 or a token)"),
  print: printParamValue,
});

/** Privacy-hdr = "Privacy" HCOLON priv-value *(";" priv-value) (RFC 3323 §4.2): the values in order. */
export const privacyHeader: HeaderDef<ReadonlyArray<string>> = defineHeader<ReadonlyArray<string>>({
  name: "Privacy",
  list: false,
  scan: (s, start, end) => {
    const out: Array<string> = [];
    let i = start;
    for (;;) {
      i = skipLws(s, i, end);
      const e = scanToken(s, i, end);
      if (e === i) return fail("expected a priv-value (a token)", i);
      out.push(s.slice(i, e));
      i = skipLws(s, e, end);
      if (i >= end) return out;
      if (s.charCodeAt(i) !== 0x3b) return fail("expected ';' between priv-values", i);
      i++;
    }
  },
  print: (values) => values.join(";"),
});
