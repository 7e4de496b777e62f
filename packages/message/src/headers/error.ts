import type { Fail, UriError } from "../uri/error.js";

/** A header value that does not match its grammar: which header, the value, where and why. */
export interface HeaderError {
  readonly _tag: "HeaderError";
  /** The header's canonical name (§7.3.3 compact forms expanded). */
  readonly header: string;
  readonly value: string;
  /** Index into `value` of the first character that could not be accepted. */
  readonly position: number;
  readonly reason: string;
}

export const headerError = (header: string, value: string, f: Fail): HeaderError => ({
  _tag: "HeaderError",
  header,
  value,
  position: f.at,
  reason: f.reason,
});

/** Re-homes a URI error inside a header value. */
export const headerErrorFromUri = (header: string, value: string, e: UriError, offset: number): HeaderError => ({
  _tag: "HeaderError",
  header,
  value,
  position: e.position + offset,
  reason: `bad URI: ${e.reason}`,
});
