// The tel URI of RFC 3966 §3: telephone-uri = "tel:" telephone-subscriber.
import type { Param, TelUri } from "../model.js";
import { PARAM, TEL_PNAME, inClass, isDigit, isHex, scanClass } from "./chars.js";
import { fail, type Fail } from "./error.js";

/** visual-separator = "-" / "." / "(" / ")" */
const isVisualSeparator = (c: number): boolean => c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29;

/**
 * global-number-digits = "+" *phonedigit DIGIT *phonedigit
 * local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
 */
const checkNumber = (s: string, start: number, end: number): Fail | "global" | "local" => {
  if (start >= end) return fail("empty telephone number", start);
  const global = s.charCodeAt(start) === 0x2b;
  let significant = 0;
  for (let i = global ? start + 1 : start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (global ? isDigit(c) : isHex(c) || c === 0x2a || c === 0x23) significant++;
    else if (!isVisualSeparator(c)) return fail(global ? "expected a digit or visual separator" : "expected a hex digit, '*', '#' or visual separator", i);
  }
  if (significant === 0) return fail("telephone number without digits", start);
  return global ? "global" : "local";
};

/** Scans `telephone-subscriber` in `s[start, end)` (after "tel:"). */
export const scanTel = (s: string, start: number, end: number): TelUri | Fail => {
  let i = start;
  while (i < end && s.charCodeAt(i) !== 0x3b) i++;
  const numberEnd = i;
  const kind = checkNumber(s, start, numberEnd);
  if (typeof kind !== "string") return kind;
  const params: Array<Param> = [];
  let context = false;
  // par = parameter / extension / isdn-subaddress; parameter = ";" pname ["=" pvalue ]
  while (i < end) {
    if (s.charCodeAt(i) !== 0x3b) return fail("expected ';' before a tel parameter", i);
    const nameStart = i + 1;
    let j = nameStart;
    while (j < end && inClass(TEL_PNAME, s.charCodeAt(j))) j++;
    if (j === nameStart) return fail("empty tel parameter name", nameStart);
    const name = s.slice(nameStart, j);
    if (name.toLowerCase() === "phone-context") context = true;
    if (j < end && s.charCodeAt(j) === 0x3d) {
      const valueEnd = scanClass(s, j + 1, end, PARAM);
      if (valueEnd === j + 1) return fail("empty tel parameter value", j + 1);
      params.push({ name, value: s.slice(j + 1, valueEnd) });
      i = valueEnd;
    } else {
      params.push({ name });
      i = j;
    }
  }
  // RFC 3966 §5.1.5: "local numbers MUST have a 'phone-context' parameter".
  if (kind === "local" && !context) return fail("local tel number without phone-context (RFC 3966 §5.1.5)", start);
  return { _tag: "TelUri", number: s.slice(start, numberEnd), params };
};
