// Typed access to the raw header lines of anything that has them (a SipMessage, a builder's
// draft): data-last and curried, so `pipe(message, readHeader(expiresHeader))` reads well.
// Matching names is case-insensitive and knows compact forms (§7.3.1, §7.3.3).
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { HeaderField } from "../model.js";
import type { HeaderDef } from "./def.js";
import type { HeaderError } from "./error.js";
import { splitRanges } from "./split.js";

/** Anything that carries headers as received: a request, a response, or their parts. */
export interface HasHeaders {
  readonly headers: ReadonlyArray<HeaderField>;
}

const matcher = (def: { readonly name: string; readonly compact: string | undefined }): ((name: string) => boolean) => {
  const full = def.name.toLowerCase();
  const compact = def.compact?.toLowerCase();
  return (name) =>
    (name.length === full.length && name.toLowerCase() === full) ||
    (compact !== undefined && name.length === 1 && name.toLowerCase() === compact);
};

/** An element error re-expressed against the whole header line. */
const lineError = (e: HeaderError, line: string, offset: number): HeaderError => ({ ...e, value: line, position: e.position + offset });

/** Appends every element of one line of a list header to `out`; a Left on the first bad one. */
const readLine = <A>(def: HeaderDef<A>, line: string, out: Array<A>): HeaderError | undefined => {
  if (!def.list) {
    const r = def.parse(line);
    if (E.isLeft(r)) return r.left;
    out.push(r.right);
    return undefined;
  }
  const ranges = splitRanges(line, 0, line.length);
  if (def.emptyAllowed && ranges.length === 2 && ranges[0] === ranges[1]) return undefined;
  for (let k = 0; k < ranges.length; k += 2) {
    const a = ranges[k] ?? 0;
    const b = ranges[k + 1] ?? 0;
    if (a === b) return { _tag: "HeaderError", header: def.name, value: line, position: a, reason: "empty value between commas" };
    const r = def.parse(line.slice(a, b));
    if (E.isLeft(r)) return lineError(r.left, line, a);
    out.push(r.right);
  }
  return undefined;
};

/**
 * The first value of a header: for a single-value header the first line, for a list the
 * first element of the first line. None when the header is absent (or an allowed empty list).
 */
export const readHeader =
  <A>(def: HeaderDef<A>) =>
  (message: HasHeaders): E.Either<HeaderError, O.Option<A>> => {
    const is = matcher(def);
    for (const h of message.headers) {
      if (!is(h.name)) continue;
      const out: Array<A> = [];
      const e = readLine(def, h.value, out);
      if (e !== undefined) return E.left(e);
      return E.right(O.fromNullable(out[0]));
    }
    return E.right(O.none);
  };

/** Every value of a header across all its lines, in order (§7.3.1). */
export const readHeaderList =
  <A>(def: HeaderDef<A>) =>
  (message: HasHeaders): E.Either<HeaderError, ReadonlyArray<A>> => {
    const is = matcher(def);
    const out: Array<A> = [];
    for (const h of message.headers) {
      if (!is(h.name)) continue;
      const e = readLine(def, h.value, out);
      if (e !== undefined) return E.left(e);
    }
    return E.right(out);
  };

/** True when some line carries this header (compact or long name, any case). */
export const hasHeader =
  <A>(def: HeaderDef<A>) =>
  (message: HasHeaders): boolean => {
    const is = matcher(def);
    return message.headers.some((h) => is(h.name));
  };

/** One header line holding a value, under the canonical name. */
export const headerField =
  <A>(def: HeaderDef<A>) =>
  (value: A): HeaderField => ({ name: def.name, value: def.print(value) });

/** One header line holding several values of a list header, comma-separated (§7.3.1). */
export const headerFieldList =
  <A>(def: HeaderDef<A>) =>
  (values: ReadonlyArray<A>): HeaderField => ({ name: def.name, value: values.map(def.print).join(", ") });
