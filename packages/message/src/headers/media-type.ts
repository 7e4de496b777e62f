// Media types: Content-Type (§20.15) and the media-range elements of Accept (§20.1).
//   media-type  = m-type SLASH m-subtype *(SEMI m-parameter)
//   media-range = ( "*/*" / ( m-type SLASH "*" ) / ( m-type SLASH m-subtype ) ) *( SEMI accept-param )
import type { Param } from "../model.js";
import { fail, isFail } from "../uri/error.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { scanToken, skipLws } from "./lex.js";
import { printParams, scanParams } from "./params.js";

/** A media type with its parameters (RFC 3261 §20.15, Content-Type and Accept). */
export interface MediaType {
  /** As written; media types compare case-insensitively. */
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyArray<Param>;
}

const scanMediaType: Scan<MediaType> = (s, start, end) => {
  const typeEnd = scanToken(s, start, end);
  if (typeEnd === start) return fail("expected a media type", start);
  const slash = skipLws(s, typeEnd, end);
  if (slash >= end || s.charCodeAt(slash) !== 0x2f) return fail("expected '/' after the media type", slash);
  const sub = skipLws(s, slash + 1, end);
  const subEnd = scanToken(s, sub, end);
  if (subEnd === sub) return fail("expected a media subtype", sub);
  const params = scanParams(s, subEnd, end);
  return isFail(params) ? params : { type: s.slice(start, typeEnd), subtype: s.slice(sub, subEnd), params };
};

/** Prints a media type with its parameters. */
export const printMediaType = (m: MediaType): string => `${m.type}/${m.subtype}${printParams(m.params)}`;

/** Content-Type = ( "Content-Type" / "c" ) HCOLON media-type */
export const contentTypeHeader: HeaderDef<MediaType> = defineHeader({
  name: "Content-Type",
  compact: "c",
  list: false,
  scan: scanMediaType,
  print: printMediaType,
});

/** Accept = "Accept" HCOLON [ accept-range *(COMMA accept-range) ] */
export const acceptHeader: HeaderDef<MediaType> = defineHeader({
  name: "Accept",
  list: true,
  emptyAllowed: true,
  scan: scanMediaType,
  print: printMediaType,
});
