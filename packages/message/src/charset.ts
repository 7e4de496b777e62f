// Character classes of RFC 3261 §25.1 as lookup tables over char codes, so the hand-written
// parsers classify a byte with one array read instead of a regular expression.

const table = (chars: string, ...ranges: ReadonlyArray<readonly [number, number]>): Uint8Array => {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) t[c] = 1;
  return t;
};

const ALPHANUM: ReadonlyArray<readonly [number, number]> = [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]];

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (§25.1) */
const TOKEN = table("-.!%*_+`'~", ...ALPHANUM);

/** word: token characters plus most separators, used by Call-ID (§25.1). */
const WORD = table("-.!%*_+`'~()<>:\\\"/[]?{}", ...ALPHANUM);

/** unreserved = alphanum / mark (§25.1) */
const UNRESERVED = table("-_.!~*'()", ...ALPHANUM);

const HEX = table("", [0x30, 0x39], [0x41, 0x46], [0x61, 0x66]);

export const isTokenChar = (code: number): boolean => code < 128 && TOKEN[code] === 1;
export const isWordChar = (code: number): boolean => code < 128 && WORD[code] === 1;
export const isUnreservedChar = (code: number): boolean => code < 128 && UNRESERVED[code] === 1;
export const isHexDigit = (code: number): boolean => code < 128 && HEX[code] === 1;
export const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
export const isAlpha = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
/** WSP = SP / HTAB (RFC 2234) */
export const isWsp = (code: number): boolean => code === 0x20 || code === 0x09;

const every = (s: string, test: (code: number) => boolean): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!test(s.charCodeAt(i))) return false;
  return true;
};

/** True when `s` is a non-empty §25.1 token. */
export const isToken = (s: string): boolean => every(s, isTokenChar);
/** True when `s` is a non-empty §25.1 word (word *("@" word) is checked by the Call-ID parser). */
export const isWord = (s: string): boolean => every(s, isWordChar);
