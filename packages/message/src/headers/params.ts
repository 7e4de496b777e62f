// *( SEMI generic-param ) after a header value (§25.1): generic-param = token [ EQUAL gen-value ],
// gen-value = token / host / quoted-string. SEMI and EQUAL allow LWS around them. Names keep
// their case and values keep their quotes (model.ts), so printing restores what was parsed.
import { NONE } from "../empty.js";
import type { Param } from "../model.js";
import { isTokenChar } from "../charset.js";
import { fail, type Fail } from "../uri/error.js";
import { sliceKnown } from "./known.js";
import { scanQuoted, scanToken, skipLws } from "./lex.js";

/** token characters plus ":", "[" and "]" for host values (IPv6 in received, maddr: RFC 5118), as one table. */
const VALUE_CHAR = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (isTokenChar(c) || c === 0x3a || c === 0x5b || c === 0x5d) t[c] = 1;
  return t;
})();

export const isValueChar = (c: number): boolean => c < 128 && VALUE_CHAR[c] === 1;

/** Scans parameters from `i` to `end`; the text there must be empty or start with ";". */
export const scanParams = (s: string, i: number, end: number): ReadonlyArray<Param> | Fail => {
  i = skipLws(s, i, end);
  if (i >= end) return NONE;
  const out: Array<Param> = [];
  while (i < end) {
    if (s.charCodeAt(i) !== 0x3b) return fail("expected ';' before a parameter", i);
    i = skipLws(s, i + 1, end);
    const nameEnd = scanToken(s, i, end);
    if (nameEnd === i) return fail("expected a parameter name (token)", i);
    const name = sliceKnown(s, i, nameEnd);
    i = skipLws(s, nameEnd, end);
    if (i < end && s.charCodeAt(i) === 0x3d) {
      i = skipLws(s, i + 1, end);
      let valueEnd: number;
      if (i < end && s.charCodeAt(i) === 0x22) {
        valueEnd = scanQuoted(s, i, end);
        if (valueEnd < 0) return fail("unterminated quoted string", i);
      } else {
        valueEnd = i;
        while (valueEnd < end && isValueChar(s.charCodeAt(valueEnd))) valueEnd++;
        if (valueEnd === i) return fail(`expected a value for parameter '${name}'`, i);
      }
      out.push({ name, value: s.slice(i, valueEnd) });
      i = skipLws(s, valueEnd, end);
    } else out.push({ name });
  }
  return out;
};

/** Prints `;name=value` parameters, each value as stored (a quoted-string keeps its quotes). */
export const printParams = (params: ReadonlyArray<Param>): string => {
  let out = "";
  for (const p of params) out += p.value === undefined ? `;${p.name}` : `;${p.name}=${genValue(p.value)}`;
  return out;
};

/**
 * A value as §25.1's gen-value (token / host / quoted-string). A parsed value is already one
 * (a quoted-string keeps its quotes) and prints as it is; a value built by hand with a space,
 * a ";" or a quote in it is written as a quoted-string, so the header still parses.
 */
const genValue = (value: string): string => {
  const n = value.length;
  if (n > 0 && value.charCodeAt(0) === 0x22 && scanQuoted(value, 0, n) === n) return value;
  let plain = n > 0;
  for (let k = 0; k < n && plain; k++) plain = isValueChar(value.charCodeAt(k));
  // quoted-pair cannot carry CR or LF (§25.1): they become spaces rather than end the header.
  return plain ? value : `"${value.replace(/["\\]/g, "\\$&").replace(/[\r\n]/g, " ")}"`;
};

/** The first parameter named `name` (parameter names are case-insensitive, §7.3.1). */
export const findParam = (params: ReadonlyArray<Param>, name: string): Param | undefined => {
  // An index loop: `for...of` runs the iterator protocol, and the shared empty list (a frozen
  // array, another map) makes that call site polymorphic in every stack that looks up a tag.
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    if (p !== undefined && p.name.length === name.length && equalsIgnoringAsciiCase(p.name, name)) return p;
  }
  return undefined;
};

/**
 * Same length strings equal up to ASCII case (token characters are ASCII, §25.1). Compared in
 * place: this runs for every parameter lookup, where two toLowerCase copies cost more than the search.
 */
export const equalsIgnoringAsciiCase = (a: string, b: string): boolean => {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && ((x | 0x20) !== (y | 0x20) || (x | 0x20) < 0x61 || (x | 0x20) > 0x7a)) return false;
  }
  return true;
};
