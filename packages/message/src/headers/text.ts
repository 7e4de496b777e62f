// Free-text and product headers: Subject (§20.36), Organization (§20.25), Server (§20.35),
// User-Agent (§20.41), Warning (§20.43), Date (§20.17), MIME-Version (§20.24).
import { fail, isFail } from "../uri/error.js";
import { scanHostPort } from "../uri/host.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { isLws, scanQuoted, scanToken, skipLws } from "./lex.js";
import { scanComment } from "./numeric.js";

/** TEXT-UTF8-TRIM, possibly empty: anything but control characters other than HTAB. */
const scanText: Scan<string> = (s, start, end) => {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return fail("control character in text", i);
  }
  return s.slice(start, end);
};

/** Subject = ( "Subject" / "s" ) HCOLON [TEXT-UTF8-TRIM] */
export const subjectHeader: HeaderDef<string> = defineHeader({ name: "Subject", compact: "s", list: false, scan: scanText, print: (t) => t });
/** Organization = "Organization" HCOLON [TEXT-UTF8-TRIM] */
export const organizationHeader: HeaderDef<string> = defineHeader({ name: "Organization", list: false, scan: scanText, print: (t) => t });

/** server-val = product / comment; product = token [SLASH product-version] */
export type ServerVal =
  | { readonly _tag: "Product"; readonly name: string; readonly version?: string }
  /** As written, parentheses included. */
  | { readonly _tag: "Comment"; readonly text: string };

const scanServerVals: Scan<ReadonlyArray<ServerVal>> = (s, start, end) => {
  const out: Array<ServerVal> = [];
  let i = start;
  while (i < end) {
    if (s.charCodeAt(i) === 0x28) {
      const close = scanComment(s, i, end);
      if (close < 0) return fail("unbalanced comment", i);
      out.push({ _tag: "Comment", text: s.slice(i, close) });
      i = close;
    } else {
      const e = scanToken(s, i, end);
      if (e === i) return fail("expected a product token or a comment", i);
      const slash = skipLws(s, e, end);
      if (slash < end && s.charCodeAt(slash) === 0x2f) {
        const v = skipLws(s, slash + 1, end);
        const ve = scanToken(s, v, end);
        if (ve === v) return fail("expected a product version", v);
        out.push({ _tag: "Product", name: s.slice(i, e), version: s.slice(v, ve) });
        i = ve;
      } else {
        out.push({ _tag: "Product", name: s.slice(i, e) });
        i = e;
      }
    }
    if (i < end && !isLws(s.charCodeAt(i)) && s.charCodeAt(i) !== 0x28) return fail("expected LWS between server values", i);
    i = skipLws(s, i, end);
  }
  return out.length === 0 ? fail("expected a product or a comment", start) : out;
};

const printServerVals = (vals: ReadonlyArray<ServerVal>): string =>
  vals.map((v) => (v._tag === "Comment" ? v.text : v.version === undefined ? v.name : `${v.name}/${v.version}`)).join(" ");

/** Server = "Server" HCOLON server-val *(LWS server-val) */
export const serverHeader: HeaderDef<ReadonlyArray<ServerVal>> = defineHeader({ name: "Server", list: false, scan: scanServerVals, print: printServerVals });
/** User-Agent = "User-Agent" HCOLON server-val *(LWS server-val) */
export const userAgentHeader: HeaderDef<ReadonlyArray<ServerVal>> = defineHeader({ name: "User-Agent", list: false, scan: scanServerVals, print: printServerVals });

/** warning-value = warn-code SP warn-agent SP warn-text */
export interface Warning {
  /** warn-code = 3DIGIT */
  readonly code: number;
  /** warn-agent = hostport / pseudonym, as written. */
  readonly agent: string;
  /** warn-text = quoted-string, quotes included. */
  readonly text: string;
}

/** The Warning header (RFC 3261 §20.43). */
export const warningHeader: HeaderDef<Warning> = defineHeader({
  name: "Warning",
  list: true,
  scan: (s, start, end) => {
    let i = start;
    while (i < end && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i - start !== 3) return fail("expected a 3-digit warn-code", start);
    if (i >= end || !isLws(s.charCodeAt(i))) return fail("expected SP after the warn-code", i);
    const a = skipLws(s, i, end);
    let ae = a;
    while (ae < end && !isLws(s.charCodeAt(ae))) ae++;
    const hp = scanHostPort(s, a, ae);
    if ((isFail(hp) || hp.next !== ae) && scanToken(s, a, ae) !== ae) return fail("expected a warn-agent (hostport or token)", a);
    if (ae === a) return fail("expected a warn-agent", a);
    const t = skipLws(s, ae, end);
    if (t >= end || s.charCodeAt(t) !== 0x22) return fail("expected a quoted warn-text", t);
    const te = scanQuoted(s, t, end);
    if (te !== end) return fail(te < 0 ? "unterminated warn-text" : "unexpected text after the warn-text", te < 0 ? t : te);
    return { code: Number(s.slice(start, i)), agent: s.slice(a, ae), text: s.slice(t, end) };
  },
  print: (w) => `${String(w.code).padStart(3, "0")} ${w.agent} ${w.text}`,
});

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/** A weekday as SIP-date writes it (RFC 3261 §25.1, RFC 1123). */
export type Weekday = (typeof WEEKDAYS)[number];
/** A month as SIP-date writes it (RFC 3261 §25.1, RFC 1123). */
export type Month = (typeof MONTHS)[number];

/** SIP-date = rfc1123-date = wkday "," SP date1 SP time SP "GMT" (§20.17, §25.1). */
export interface SipDate {
  readonly weekday: Weekday;
  readonly day: number;
  readonly month: Month;
  readonly year: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

const scanDate: Scan<SipDate> = (s, start, end) => {
  // Fixed layout: "Sat, 13 Nov 2010 23:29:00 GMT" (29 characters).
  if (end - start !== 29) return fail("expected rfc1123-date: 'Sat, 13 Nov 2010 23:29:00 GMT'", start);
  const weekday = WEEKDAYS.find((w) => s.startsWith(w, start));
  if (weekday === undefined) return fail("expected a weekday (Mon..Sun)", start);
  if (s.slice(start + 3, start + 5) !== ", ") return fail("expected ', ' after the weekday", start + 3);
  const day = twoDigits(s, start + 5);
  if (day < 1 || day > 31 || s.charCodeAt(start + 7) !== 0x20) return fail("expected a 2-digit day", start + 5);
  const month = MONTHS.find((m) => s.startsWith(m, start + 8));
  if (month === undefined || s.charCodeAt(start + 11) !== 0x20) return fail("expected a month (Jan..Dec)", start + 8);
  const hi = twoDigits(s, start + 12);
  const lo = twoDigits(s, start + 14);
  if (hi < 0 || lo < 0 || s.charCodeAt(start + 16) !== 0x20) return fail("expected a 4-digit year", start + 12);
  const hour = twoDigits(s, start + 17);
  const minute = twoDigits(s, start + 20);
  const second = twoDigits(s, start + 23);
  if (hour < 0 || hour > 23 || s.charCodeAt(start + 19) !== 0x3a || minute < 0 || minute > 59 || s.charCodeAt(start + 22) !== 0x3a || second < 0 || second > 60)
    return fail("expected a time hh:mm:ss", start + 17);
  // §20.17: "the time zone MUST be GMT" (RFC 4475 §3.1.2.12).
  if (s.slice(start + 25, end) !== " GMT") return fail("expected the time zone GMT", start + 25);
  return { weekday, day, month, year: hi * 100 + lo, hour, minute, second };
};

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Prints a Date value (RFC 3261 §20.17), always GMT. */
export const printDate = (d: SipDate): string =>
  `${d.weekday}, ${pad2(d.day)} ${d.month} ${String(d.year).padStart(4, "0")} ${pad2(d.hour)}:${pad2(d.minute)}:${pad2(d.second)} GMT`;

/** Date = "Date" HCOLON SIP-date */
export const dateHeader: HeaderDef<SipDate> = defineHeader({ name: "Date", list: false, scan: scanDate, print: printDate });

/** MIME-Version = "MIME-Version" HCOLON 1*DIGIT "." 1*DIGIT, kept as written. */
export const mimeVersionHeader: HeaderDef<string> = defineHeader({
  name: "MIME-Version",
  list: false,
  scan: (s, start, end) => {
    let i = start;
    while (i < end && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    const dot = i;
    if (dot === start || dot >= end || s.charCodeAt(dot) !== 0x2e) return fail("expected 1*DIGIT '.' 1*DIGIT", i);
    i++;
    while (i < end && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    return i === dot + 1 || i !== end ? fail("expected 1*DIGIT '.' 1*DIGIT", i) : s.slice(start, end);
  },
  print: (v) => v,
});
