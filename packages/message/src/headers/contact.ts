// Contact (§20.10): ( STAR / (contact-param *(COMMA contact-param)) ), contact-param =
// (name-addr / addr-spec) *(SEMI contact-params); and the name-addr lists Route and
// Record-Route (§20.30, §20.34: route-param = name-addr *( SEMI rr-param )).
import * as E from "fp-ts/lib/Either.js";
import type { ContactValue, NameAddr } from "../model.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { headerError, type HeaderError } from "./error.js";
import { printNameAddr, scanNameAddr } from "./name-addr.js";
import { splitRanges } from "./split.js";

/** The `*` Contact value of a REGISTER that removes every binding (RFC 3261 §10.2.2). */
export const CONTACT_WILDCARD: ContactValue = { _tag: "Wildcard" };

/** Scans the name-addr elements at the ranges `r` (from splitRanges) into `out`. */
const scanRanges = (s: string, r: ReadonlyArray<number>, requireAngle: boolean, out: Array<NameAddr> | Array<ContactValue>): Fail | undefined => {
  for (let k = 0; k < r.length; k += 2) {
    const a = r[k] ?? 0;
    const b = r[k + 1] ?? 0;
    if (a === b) return fail("empty value between commas", a);
    const na = scanNameAddr(s, a, b, requireAngle);
    if (isFail(na)) return na;
    out.push(na);
  }
  return undefined;
};

/** Scans the comma-separated name-addr list at `s[start, end)` into `out`; `requireAngle` for Route/Record-Route. */
export const scanNameAddrList = (s: string, start: number, end: number, requireAngle: boolean, out: Array<NameAddr>): Fail | undefined =>
  scanRanges(s, splitRanges(s, start, end), requireAngle, out);

/**
 * Scans the Contact value at `s[start, end)` into `out`: `*` alone, or a list of
 * contact-params. On a failure `out` may hold the values before it; the caller discards `out` then.
 */
export const scanContact = (s: string, start: number, end: number, out: Array<ContactValue>): Fail | undefined => {
  const r = splitRanges(s, start, end);
  if (r.length === 2 && (r[1] ?? 0) - (r[0] ?? 0) === 1 && s.charCodeAt(r[0] ?? 0) === 0x2a) {
    out.push(CONTACT_WILDCARD);
    return undefined;
  }
  return scanRanges(s, r, false, out);
};

/** Parses a Contact header value (RFC 3261 §20.10): `*` or a list of name-addrs with their parameters. */
export const parseContact = (value: string): E.Either<HeaderError, ReadonlyArray<ContactValue>> => {
  const out: Array<ContactValue> = [];
  const f = scanContact(value, 0, value.length, out);
  return f === undefined ? E.right(out) : E.left(headerError("Contact", value, f));
};

/** Parses a comma-separated list of name-addr values; `header` names it in errors. */
export const parseNameAddrList =
  (header: string, requireAngle = false) =>
  (value: string): E.Either<HeaderError, ReadonlyArray<NameAddr>> => {
    const out: Array<NameAddr> = [];
    const f = scanNameAddrList(value, 0, value.length, requireAngle, out);
    return f === undefined ? E.right(out) : E.left(headerError(header, value, f));
  };

/** Parses a Route header value (RFC 3261 §20.34): a list of name-addrs. */
export const parseRoute: (value: string) => E.Either<HeaderError, ReadonlyArray<NameAddr>> = parseNameAddrList("Route", true);
/** Parses a Record-Route header value (RFC 3261 §20.30): a list of name-addrs. */
export const parseRecordRoute: (value: string) => E.Either<HeaderError, ReadonlyArray<NameAddr>> = parseNameAddrList("Record-Route", true);

/** Prints one Contact value: `*` or the name-addr. */
export const printContactValue = (c: ContactValue): string => (c._tag === "Wildcard" ? "*" : printNameAddr(c));
/** Prints a Contact header value. */
export const printContact = (values: ReadonlyArray<ContactValue>): string => values.map(printContactValue).join(", ");
/** Prints a list of name-addrs, comma-separated (Route, Record-Route). */
export const printNameAddrList = (values: ReadonlyArray<NameAddr>): string => values.map(printNameAddr).join(", ");
