// Failures inside the hand-written scanners are plain values, so a parser never throws and
// the public Either is built once, at the boundary.

/** Why and where a scan stopped; `at` is an index into the scanned string. */
export interface Fail {
  readonly _tag: "Fail";
  readonly reason: string;
  readonly at: number;
}

export const fail = (reason: string, at: number): Fail => ({ _tag: "Fail", reason, at });

export const isFail = (x: unknown): x is Fail =>
  typeof x === "object" && x !== null && (x as { readonly _tag?: unknown })._tag === "Fail";

/** A URI that does not match RFC 3261 §25.1 / RFC 3966 / RFC 5954: the input, where, and why. */
export interface UriError {
  readonly _tag: "UriError";
  readonly input: string;
  /** Index into `input` of the first character that could not be accepted. */
  readonly position: number;
  readonly reason: string;
}

export const uriError = (input: string, f: Fail, offset = 0): UriError => ({
  _tag: "UriError",
  input,
  position: f.at - offset,
  reason: f.reason,
});
