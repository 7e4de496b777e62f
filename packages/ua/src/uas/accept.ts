// Media-range matching for Accept (§20.1): which of a UAS's types a request's Accept admits.
import { findParam } from "@puresip/message";
import type { MediaType } from "@puresip/message";

const same = (a: string, b: string): boolean => a.length === b.length && a.toLowerCase() === b.toLowerCase();

/** Media types compare case-insensitively on type and subtype (RFC 2045 §5.1). */
export const sameMediaType = (a: MediaType, b: MediaType): boolean => same(a.type, b.type) && same(a.subtype, b.subtype);

/** `q=0` marks a range as not acceptable (§20.1 via RFC 2616 §14.1). */
const refused = (range: MediaType): boolean => {
  const q = findParam(range.params, "q")?.value;
  return q !== undefined && Number(q) === 0;
};

/** `*` / `*`, `type/*` or an exact type/subtype. */
export const rangeAdmits =
  (range: MediaType) =>
  (type: MediaType): boolean =>
    !refused(range) &&
    ((range.type === "*" && range.subtype === "*") || (same(range.type, type.type) && (range.subtype === "*" || same(range.subtype, type.subtype))));

/** The first of `offered` that some range of `accept` admits. */
export const firstAdmitted = (accept: ReadonlyArray<MediaType>, offered: ReadonlyArray<MediaType>): MediaType | undefined =>
  offered.find((type) => accept.some((range) => rangeAdmits(range)(type)));
