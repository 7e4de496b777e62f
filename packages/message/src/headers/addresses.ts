// Address headers as HeaderDefs: From (§20.20), To (§20.39), Reply-To (§20.31), Contact
// (§20.10), Route (§20.34), Record-Route (§20.30), Refer-To (RFC 3515 §2.1), Referred-By
// (RFC 3892 §3, name-addr grammar), P-Asserted-Identity (RFC 3325 §9.1); and the Alert-Info,
// Call-Info and Error-Info lists of `<absoluteURI> *(SEMI param)` (§20.4, §20.9, §20.18).
import type { CallId } from "../brand.js";
import type { ContactValue, NameAddr, Param, Uri, Via } from "../model.js";
import { fail, isFail } from "../uri/error.js";
import { scanUri } from "../uri/parse.js";
import { printUri } from "../uri/print.js";
import { CONTACT_WILDCARD, printContactValue } from "./contact.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { printNameAddr, scanNameAddr } from "./name-addr.js";
import { printParams } from "./params.js";
import { scanCallId } from "./scalars.js";
import { printVia, scanVia } from "./via.js";

const scanAddress: Scan<NameAddr> = (s, start, end) => scanNameAddr(s, start, end, false);
const scanRouteParam: Scan<NameAddr> = (s, start, end) => scanNameAddr(s, start, end, true);

const addressHeader = (name: string, compact?: string): HeaderDef<NameAddr> =>
  defineHeader({ name, list: false, scan: scanAddress, print: printNameAddr, ...(compact === undefined ? {} : { compact }) });

/** The From header (RFC 3261 §20.20, compact `f`). */
export const fromHeader: HeaderDef<NameAddr> = addressHeader("From", "f");
/** The To header (RFC 3261 §20.39, compact `t`). */
export const toHeader: HeaderDef<NameAddr> = addressHeader("To", "t");
/** The Reply-To header (RFC 3261 §20.31). */
export const replyToHeader: HeaderDef<NameAddr> = addressHeader("Reply-To");
/** The Refer-To header (RFC 3515 §2.1, compact `r`). */
export const referToHeader: HeaderDef<NameAddr> = addressHeader("Refer-To", "r");
/** The Referred-By header (RFC 3892 §3, compact `b`). */
export const referredByHeader: HeaderDef<NameAddr> = addressHeader("Referred-By", "b");

/** The Via header (RFC 3261 §20.42, compact `v`). */
export const viaHeader: HeaderDef<Via> = defineHeader({ name: "Via", compact: "v", list: true, scan: scanVia, print: printVia });
/** The Call-ID header (RFC 3261 §20.8, compact `i`). */
export const callIdHeader: HeaderDef<CallId> = defineHeader({ name: "Call-ID", compact: "i", list: false, scan: scanCallId, print: (c) => c });

/** Contact: `*` or contact-params; one element per HeaderDef value. */
export const contactHeader: HeaderDef<ContactValue> = defineHeader({
  name: "Contact",
  compact: "m",
  list: true,
  scan: (s, start, end) => (end - start === 1 && s.charCodeAt(start) === 0x2a ? CONTACT_WILDCARD : scanNameAddr(s, start, end, false)),
  print: printContactValue,
});
/** The Route header (RFC 3261 §20.34). */
export const routeHeader: HeaderDef<NameAddr> = defineHeader({ name: "Route", list: true, scan: scanRouteParam, print: printNameAddr });
/** The Record-Route header (RFC 3261 §20.30). */
export const recordRouteHeader: HeaderDef<NameAddr> = defineHeader({ name: "Record-Route", list: true, scan: scanRouteParam, print: printNameAddr });

/** Path = "Path" HCOLON path-value *( COMMA path-value ); path-value = name-addr *( SEMI rr-param ) (RFC 3327 §4). */
export const pathHeader: HeaderDef<NameAddr> = defineHeader({ name: "Path", list: true, scan: scanRouteParam, print: printNameAddr });
/** Service-Route = "Service-Route" HCOLON sr-value *( COMMA sr-value ); sr-value = name-addr *( SEMI rr-param ) (RFC 3608 §5). */
export const serviceRouteHeader: HeaderDef<NameAddr> = defineHeader({ name: "Service-Route", list: true, scan: scanRouteParam, print: printNameAddr });

/**
 * PAssertedID-value = name-addr / addr-spec (RFC 3325 §9.1): no header parameters, so an
 * addr-spec's ";" parameters belong to its URI.
 */
const scanIdentity: Scan<NameAddr> = (s, start, end) => {
  const c = s.charCodeAt(start);
  const na = scanNameAddr(s, start, end, false);
  if (!isFail(na) && na.angle) return na.params.length === 0 ? na : fail("an asserted or preferred identity takes no parameters (RFC 3325 §9)", start);
  if (c === 0x22 || c === 0x3c) return na;
    const uri = scanUri(s, start, end);
    return isFail(uri) ? uri : { _tag: "NameAddr", uri, angle: false, params: [] };
};

const printIdentity = (na: NameAddr): string => {
  // An addr-spec with URI parameters reads back the same way; a comma or "?" needs <>.
  const uri = printUri(na.uri);
  return na.displayName === undefined && !na.angle && !uri.includes(",") && !uri.includes("?") ? uri : printNameAddr({ ...na, angle: true });
};

/** The P-Asserted-Identity header (RFC 3325 §9.1). */
export const pAssertedIdentityHeader: HeaderDef<NameAddr> = defineHeader({ name: "P-Asserted-Identity", list: true, scan: scanIdentity, print: printIdentity });
/** PPreferredID-value = name-addr / addr-spec (RFC 3325 §9.2). */
export const pPreferredIdentityHeader: HeaderDef<NameAddr> = defineHeader({ name: "P-Preferred-Identity", list: true, scan: scanIdentity, print: printIdentity });

/** info = LAQUOT absoluteURI RAQUOT *( SEMI info-param ) (Alert-Info, Call-Info, Error-Info). */
export interface InfoValue {
  readonly uri: Uri;
  readonly params: ReadonlyArray<Param>;
}

const scanInfo: Scan<InfoValue> = (s, start, end) => {
  if (s.charCodeAt(start) !== 0x3c) return fail("expected '<' absoluteURI '>'", start);
  const na = scanNameAddr(s, start, end, true);
  return isFail(na) ? na : { uri: na.uri, params: na.params };
};
const printInfo = (v: InfoValue): string => `<${printUri(v.uri)}>${printParams(v.params)}`;

/** The Alert-Info header (RFC 3261 §20.4). */
export const alertInfoHeader: HeaderDef<InfoValue> = defineHeader({ name: "Alert-Info", list: true, scan: scanInfo, print: printInfo });
/** The Call-Info header (RFC 3261 §20.9). */
export const callInfoHeader: HeaderDef<InfoValue> = defineHeader({ name: "Call-Info", list: true, scan: scanInfo, print: printInfo });
/** The Error-Info header (RFC 3261 §20.18). */
export const errorInfoHeader: HeaderDef<InfoValue> = defineHeader({ name: "Error-Info", list: true, scan: scanInfo, print: printInfo });
