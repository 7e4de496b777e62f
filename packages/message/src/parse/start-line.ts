// The start line (§7.1, §7.2):
//   Request-Line = Method SP Request-URI SP SIP-Version CRLF
//   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
// Liberal where RFC 4475 allows it: runs of SP between the Request-Line elements (§3.1.2.9,
// lwsstart) and trailing SP after the version (§3.1.2.10, trws) are accepted, and printing
// writes single spaces, so the extra SP is never forwarded.
import type { Method } from "../brand.js";
import { isDigit, isTokenChar } from "../charset.js";
import { sliceKnown } from "../headers/known.js";
import type { Uri } from "../model.js";
import { isFail } from "../uri/error.js";
import { scanUri } from "../uri/parse.js";

export interface RequestLine {
  readonly _tag: "Request";
  readonly method: Method;
  readonly uri: Uri;
  readonly version: string;
}

export interface StatusLine {
  readonly _tag: "Response";
  readonly version: string;
  readonly status: number;
  readonly reason: string;
}

/** Why a start line failed, and where in the line. */
export interface StartLineFailure {
  readonly _tag: "StartLineFailure";
  readonly kind: "StartLine" | "RequestUri";
  readonly detail: string;
  readonly at: number;
}

const failure = (kind: StartLineFailure["kind"], detail: string, at: number): StartLineFailure => ({
  _tag: "StartLineFailure",
  kind,
  detail,
  at,
});

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; "SIP" matches in any case (RFC 5234 §2.3). */
const versionEnd = (s: string, i: number, end: number): number => {
  if (end - i < 7 || (s.charCodeAt(i) | 0x20) !== 0x73 || (s.charCodeAt(i + 1) | 0x20) !== 0x69) return -1;
  if ((s.charCodeAt(i + 2) | 0x20) !== 0x70 || s.charCodeAt(i + 3) !== 0x2f) return -1;
  let j = i + 4;
  const major = j;
  while (j < end && isDigit(s.charCodeAt(j))) j++;
  if (j === major || j >= end || s.charCodeAt(j) !== 0x2e) return -1;
  const minor = ++j;
  while (j < end && isDigit(s.charCodeAt(j))) j++;
  return j === minor ? -1 : j;
};

const isStatusLine = (s: string, start: number, end: number): boolean =>
  end - start >= 4 && (s.charCodeAt(start) | 0x20) === 0x73 && (s.charCodeAt(start + 1) | 0x20) === 0x69 && (s.charCodeAt(start + 2) | 0x20) === 0x70 && s.charCodeAt(start + 3) === 0x2f;

// The scanners below read the line in place, `s[start, end)`; a failure's `at` counts from `start`.

const parseStatusLine = (s: string, start: number, end: number): StatusLine | StartLineFailure => {
  const v = versionEnd(s, start, end);
  if (v < 0) return failure("StartLine", "the Status-Line does not start with SIP-Version (SIP/1*DIGIT.1*DIGIT)", 0);
  if (v >= end || s.charCodeAt(v) !== 0x20) return failure("StartLine", "expected SP after SIP-Version", v - start);
  // Status-Code = 3DIGIT (§25.1): a longer number (RFC 4475 §3.1.2.19) is not a status code.
  const c = v + 1;
  if (c + 3 > end || !isDigit(s.charCodeAt(c)) || !isDigit(s.charCodeAt(c + 1)) || !isDigit(s.charCodeAt(c + 2))) {
    return failure("StartLine", "Status-Code must be exactly three digits", c - start);
  }
  if (c + 3 < end && s.charCodeAt(c + 3) !== 0x20) return failure("StartLine", "Status-Code must be exactly three digits followed by SP", c + 3 - start);
  const status = (s.charCodeAt(c) - 48) * 100 + (s.charCodeAt(c + 1) - 48) * 10 + (s.charCodeAt(c + 2) - 48);
  // RFC 4475 §3.1.1.13: "SIP/2.0 100 " has an empty Reason-Phrase; a missing SP is read alike.
  return { _tag: "Response", version: sliceKnown(s, start, v), status, reason: c + 4 <= end ? sliceKnown(s, c + 4, end) : "" };
};

const parseRequestLine = (s: string, start: number, end: number): RequestLine | StartLineFailure => {
  let i = start;
  while (i < end && isTokenChar(s.charCodeAt(i))) i++;
  if (i === start) return failure("StartLine", "the Request-Line does not start with a Method token", 0);
  if (i >= end || s.charCodeAt(i) !== 0x20) return failure("StartLine", "expected SP after the Method", i - start);
  const method = sliceKnown(s, start, i) as Method;
  while (i < end && s.charCodeAt(i) === 0x20) i++;
  const uriStart = i;
  while (i < end && s.charCodeAt(i) !== 0x20) i++;
  const uriEnd = i;
  if (uriEnd === uriStart) return failure("StartLine", "the Request-Line has no Request-URI", uriStart - start);
  while (i < end && s.charCodeAt(i) === 0x20) i++;
  const versionStart = i;
  const v = versionEnd(s, i, end);
  if (v < 0) return failure("StartLine", "expected SIP-Version after the Request-URI (a Request-URI cannot contain SP)", versionStart - start);
  let j = v;
  while (j < end && s.charCodeAt(j) === 0x20) j++;
  if (j !== end) return failure("StartLine", "unexpected text after SIP-Version", v - start);
  const uri = scanUri(s, uriStart, uriEnd);
  if (isFail(uri)) return failure("RequestUri", `Request-URI: ${uri.reason}`, uri.at - start);
  return { _tag: "Request", method, uri, version: sliceKnown(s, versionStart, v) };
};

/** Parses the start line at `s[start, end)` (line end excluded) where it lies. */
export const parseStartLine = (s: string, start = 0, end = s.length): RequestLine | StatusLine | StartLineFailure =>
  isStatusLine(s, start, end) ? parseStatusLine(s, start, end) : parseRequestLine(s, start, end);
