// Character classes of the URI grammars (RFC 3261 §25.1, RFC 3966 §3) as lookup tables, so
// the scanners classify a character with one array read. `escaped` ("%" HEXDIG HEXDIG) is
// handled by scanClass, never by a table.

const table = (chars: string, ...ranges: ReadonlyArray<readonly [number, number]>): Uint8Array => {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) t[c] = 1;
  return t;
};

const ALNUM: ReadonlyArray<readonly [number, number]> = [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]];
const MARK = "-_.!~*'()";

/** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER = table(`${MARK}&=+$,;?/`, ...ALNUM);
/**
 * The lenient user part (message README, "Parser policy"): USER plus the characters deployed
 * equipment writes unescaped where §25.1 asks for "%" HEX HEX, feature codes above all
 * (`sip:*21#@pbx`). None of them can end a user part or a URI inside `<>` or an addr-spec.
 */
export const LENIENT_USER_EXTRA = "#^{}|`";
export const USER_LENIENT = table(`${MARK}&=+$,;?/${LENIENT_USER_EXTRA}`, ...ALNUM);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD = table(`${MARK}&=+$,`, ...ALNUM);
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" (also RFC 3966 paramchar) */
export const PARAM = table(`${MARK}[]/:&+$`, ...ALNUM);
/** hname / hvalue = *( hnv-unreserved / unreserved / escaped ); hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HNV = table(`${MARK}[]/?:+$`, ...ALNUM);
/** uric = reserved / unreserved / escaped (the body of any other absoluteURI, §25.1) */
export const URIC = table(`${MARK};/?:@&=+$,`, ...ALNUM);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (after the first character) */
export const SCHEME = table("+-.", ...ALNUM);
/** RFC 3966 pname = 1*( alphanum / "-" ) */
export const TEL_PNAME = table("-", ...ALNUM);

export const inClass = (t: Uint8Array, code: number): boolean => code < 128 && t[code] === 1;

export const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);

/**
 * Index of the first character from `i` (before `end`) outside class `t`, accepting
 * "%" HEXDIG HEXDIG escapes along the way. A "%" without two hex digits stops the scan on the
 * "%", so the caller reports it.
 */
export const scanClass = (s: string, i: number, end: number, t: Uint8Array): number => {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (i + 2 < end && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) i += 3;
      else return i;
    } else if (inClass(t, c)) i++;
    else return i;
  }
  return i;
};

/** True when `s[start, end)` equals the lower-case ASCII `lower`, ignoring case. */
export const equalsIgnoreCase = (s: string, start: number, end: number, lower: string): boolean => {
  if (end - start !== lower.length) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = s.charCodeAt(start + k);
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
};

/** The first index of `code` in `s[from, end)`, or -1: a search that never looks past `end`. */
export const indexOfIn = (s: string, code: number, from: number, end: number): number => {
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
};
