// HeaderDef<A>: everything needed to read and write one typed header. The accessors in
// access.ts take a def, so a header is added by writing one def, never by touching them.
import * as E from "fp-ts/lib/Either.js";
import { isFail, type Fail } from "../uri/error.js";
import { headerError, type HeaderError } from "./error.js";
import { skipLws, trimEnd } from "./lex.js";

/** How one header is read and written: its name, compact form, whether it is a list (RFC 3261 §7.3.1), and its scanner and printer. */
export interface HeaderDef<A> {
  /** Canonical name, as printed. */
  readonly name: string;
  /** The §7.3.3 (or extension) compact form, if any. */
  readonly compact: string | undefined;
  /**
   * True for a comma-list header (§7.3.1): `parse` reads one element and a line may hold
   * several; false when the whole value is one A (commas inside it are data, e.g. Date).
   */
  readonly list: boolean;
  /** For a list: true when the grammar allows an empty value (`Allow:`, `Supported:`, `Accept:`). */
  readonly emptyAllowed: boolean;
  /** Parses one element (list) or the whole value (single), surrounding LWS ignored. */
  readonly parse: (value: string) => E.Either<HeaderError, A>;
  /** Prints one value of the header. */
  readonly print: (a: A) => string;
}

/** A scanner over `s[start, end)`, trimmed of LWS, giving a value or a Fail. */
export type Scan<A> = (s: string, start: number, end: number) => A | Fail;

export interface DefSpec<A> {
  readonly name: string;
  readonly compact?: string;
  readonly list: boolean;
  readonly emptyAllowed?: boolean;
  readonly scan: Scan<A>;
  readonly print: (a: A) => string;
}

/** Runs a scanner over the trimmed value and wraps the result, naming the header on failure. */
export const runScan =
  <A>(name: string, scan: Scan<A>) =>
  (value: string): E.Either<HeaderError, A> => {
    const a = skipLws(value, 0, value.length);
    const r = scan(value, a, trimEnd(value, a, value.length));
    return isFail(r) ? E.left(headerError(name, value, r)) : E.right(r);
  };

export const defineHeader = <A>(spec: DefSpec<A>): HeaderDef<A> => ({
  name: spec.name,
  compact: spec.compact,
  list: spec.list,
  emptyAllowed: spec.emptyAllowed ?? false,
  parse: runScan(spec.name, spec.scan),
  print: spec.print,
});
