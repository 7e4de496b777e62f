// Splits a header section into the start line and header fields, unfolding continuation
// lines on the way (§7.3.1). One pass, native indexOf per line, no regexes. The section is
// read in place inside the text it was decoded or received as: nothing is sliced but the
// values the model keeps, and each value's place in that text is recorded, so the core
// headers and the start line are scanned on the one flat string instead of on slices of it.
import { isTokenChar, isWsp } from "../charset.js";
import type { HeaderField } from "../model.js";
import { sliceKnown } from "../headers/known.js";
import type { ParseError } from "./errors.js";
import { parseError } from "./errors.js";
import type { ParseLimits } from "./limits.js";

export interface SplitHead {
  readonly _tag: "SplitHead";
  /** The text holding the header section; the start line is `text[lineStart, lineEnd)`. */
  readonly text: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly headers: ReadonlyArray<HeaderField>;
  /**
   * Where each field's value sits in `text`, flattened as [start0, end0, start1, end1, ...].
   * A folded value is not one range of `text` (§7.3.1 joins its lines with SP): -1, -1.
   */
  readonly valueRanges: ReadonlyArray<number>;
}

/** The start line as text, for an error that reports what was framed. */
export const startLineOf = (split: SplitHead): string => split.text.slice(split.lineStart, split.lineEnd);

const isWspAt = (s: string, i: number): boolean => isWsp(s.charCodeAt(i));

const FOLDED = -1;

const framedSoFar = (startLine: string, headers: ReadonlyArray<HeaderField>, open: boolean, name: string, value: string) => ({
  startLine,
  headers: open ? [...headers, { name, value }] : [...headers],
});

/**
 * Splits `text[from, to)`: everything before the empty line that ends the header section
 * (leading CRLFs already skipped, §7.5). `delta` is added to an index into `text` to give the
 * offset an error reports. Lines end in CRLF; a bare LF is accepted too (robustness: several
 * archives, RFC 5118's among them, were stored with LF line ends).
 */
export const splitHead = (text: string, from: number, to: number, limits: ParseLimits, delta: number): SplitHead | ParseError => {
  const headers: Array<HeaderField> = [];
  const valueRanges: Array<number> = [];
  let lineStart = from;
  let lineEnd = from;
  let name = "";
  let value = "";
  let valueStart = 0;
  let valueEnd = 0;
  let open = false;
  let pos = from;
  let first = true;
  while (pos < to) {
    const lf = text.indexOf("\n", pos);
    const next = lf < 0 || lf >= to ? to : lf + 1;
    let end = lf < 0 || lf >= to ? to : lf;
    if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    if (end - pos > limits.maxLineBytes) {
      return parseError("Limit", `a line of ${end - pos} characters exceeds maxLineBytes (${limits.maxLineBytes})`, delta + pos, 513, first ? undefined : framedSoFar(text.slice(lineStart, lineEnd), headers, open, name, value));
    }
    if (first) {
      lineStart = pos;
      lineEnd = end;
      first = false;
    } else if (isWspAt(text, pos)) {
      // §7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
      // with at least one SP or horizontal tab." The fold is equivalent to a single SP.
      if (!open) return parseError("HeaderLine", "a continuation line comes before any header field", delta + pos, 400, framedSoFar(text.slice(lineStart, lineEnd), headers, open, name, value));
      let a = pos;
      let b = end;
      while (a < b && isWspAt(text, a)) a++;
      while (b > a && isWspAt(text, b - 1)) b--;
      if (b > a) {
        const more = text.slice(a, b);
        if (value.length === 0) {
          // Nothing before the fold: the value is still one range of the text.
          value = more;
          valueStart = a;
          valueEnd = b;
        } else {
          value = `${value} ${more}`;
          valueStart = FOLDED;
          valueEnd = FOLDED;
        }
      }
    } else {
      if (open) {
        headers.push({ name, value });
        valueRanges.push(valueStart, valueEnd);
        open = false;
      }
      let i = pos;
      while (i < end && isTokenChar(text.charCodeAt(i))) i++;
      const nameEnd = i;
      while (i < end && isWspAt(text, i)) i++;
      if (nameEnd === pos || i === end || text.charCodeAt(i) !== 0x3a) {
        return parseError("HeaderLine", `header line ${JSON.stringify(text.slice(pos, Math.min(end, pos + 40)))} is not "name: value" (§7.3.1)`, delta + pos, 400, framedSoFar(text.slice(lineStart, lineEnd), headers, open, name, value));
      }
      if (headers.length >= limits.maxHeaderCount) {
        return parseError("Limit", `more than maxHeaderCount (${limits.maxHeaderCount}) header fields`, delta + pos, 513, framedSoFar(text.slice(lineStart, lineEnd), headers, open, name, value));
      }
      name = sliceKnown(text, pos, nameEnd);
      let a = i + 1;
      let b = end;
      while (a < b && isWspAt(text, a)) a++;
      while (b > a && isWspAt(text, b - 1)) b--;
      value = text.slice(a, b);
      valueStart = a;
      valueEnd = b;
      open = true;
    }
    pos = next;
  }
  if (open) {
    headers.push({ name, value });
    valueRanges.push(valueStart, valueEnd);
  }
  return { _tag: "SplitHead", text, lineStart, lineEnd, headers, valueRanges };
};
