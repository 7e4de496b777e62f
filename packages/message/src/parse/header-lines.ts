// Splits a decoded header section into the start line and header fields, unfolding
// continuation lines on the way (§7.3.1). One pass, native indexOf per line, no regexes.
import { isTokenChar, isWsp } from "../charset.js";
import type { HeaderField } from "../model.js";
import { sliceKnown } from "../headers/known.js";
import type { ParseError } from "./errors.js";
import { parseError } from "./errors.js";
import type { ParseLimits } from "./options.js";

export interface SplitHead {
  readonly _tag: "SplitHead";
  readonly startLine: string;
  readonly headers: ReadonlyArray<HeaderField>;
}

const isWspAt = (s: string, i: number): boolean => isWsp(s.charCodeAt(i));

/** `s[start, end)` without leading and trailing SP/HTAB. */
const trimWsp = (s: string, start: number, end: number): string => {
  let a = start;
  let b = end;
  while (a < b && isWspAt(s, a)) a++;
  while (b > a && isWspAt(s, b - 1)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
};

/**
 * `head` is everything before the empty line that ends the header section (leading CRLFs
 * already skipped, §7.5). Lines end in CRLF; a bare LF is accepted too (robustness: several
 * archives, RFC 5118's among them, were stored with LF line ends).
 */
const framedSoFar = (startLine: string, headers: ReadonlyArray<HeaderField>, open: boolean, name: string, value: string) => ({
  startLine,
  headers: open ? [...headers, { name, value }] : [...headers],
});

export const splitHead = (head: string, limits: ParseLimits, base: number): SplitHead | ParseError => {
  const headers: Array<HeaderField> = [];
  let startLine = "";
  let name = "";
  let value = "";
  let open = false;
  let pos = 0;
  let first = true;
  while (pos < head.length) {
    const lf = head.indexOf("\n", pos);
    const next = lf < 0 ? head.length : lf + 1;
    let end = lf < 0 ? head.length : lf;
    if (end > pos && head.charCodeAt(end - 1) === 0x0d) end--;
    if (end - pos > limits.maxLineBytes) {
      return parseError("Limit", `a line of ${end - pos} characters exceeds maxLineBytes (${limits.maxLineBytes})`, base + pos, 513, first ? undefined : framedSoFar(startLine, headers, open, name, value));
    }
    if (first) {
      startLine = head.slice(pos, end);
      first = false;
    } else if (isWspAt(head, pos)) {
      // §7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
      // with at least one SP or horizontal tab." The fold is equivalent to a single SP.
      if (!open) return parseError("HeaderLine", "a continuation line comes before any header field", base + pos, 400, framedSoFar(startLine, headers, open, name, value));
      const more = trimWsp(head, pos, end);
      if (more.length > 0) value = value.length === 0 ? more : `${value} ${more}`;
    } else {
      if (open) {
        headers.push({ name, value });
        open = false;
      }
      let i = pos;
      while (i < end && isTokenChar(head.charCodeAt(i))) i++;
      const nameEnd = i;
      while (i < end && isWspAt(head, i)) i++;
      if (nameEnd === pos || i === end || head.charCodeAt(i) !== 0x3a) {
        return parseError("HeaderLine", `header line ${JSON.stringify(head.slice(pos, Math.min(end, pos + 40)))} is not "name: value" (§7.3.1)`, base + pos, 400, framedSoFar(startLine, headers, open, name, value));
      }
      if (headers.length >= limits.maxHeaderCount) {
        return parseError("Limit", `more than maxHeaderCount (${limits.maxHeaderCount}) header fields`, base + pos, 513, framedSoFar(startLine, headers, open, name, value));
      }
      name = sliceKnown(head, pos, nameEnd);
      value = trimWsp(head, i + 1, end);
      open = true;
    }
    pos = next;
  }
  if (open) headers.push({ name, value });
  return { _tag: "SplitHead", startLine, headers };
};
