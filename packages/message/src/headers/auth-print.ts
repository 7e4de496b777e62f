// Printing the authentication headers (RFC 3261 §20.6, §20.7, §20.27, §20.28, §20.44; RFC 7616
// §3.3–3.5): canonical output, quoting the parameters RFC 7616 says a sender quotes and no others.
import { isToken } from "../charset.js";
import { BACKSLASH, CR, DQUOTE, LF, isQdtext } from "./auth-model.js";
import type { AuthParam, AuthenticationInfo, Challenge, Credentials } from "./auth-model.js";


/**
 * A quoted-string with `"` and `\` escaped, and other escapable control characters written as
 * quoted-pairs. CR and LF cannot be written in a quoted-string at all (§25.1); callers that build
 * values from outside data check them with `isAuthParamValue` first.
 */
const quote = (value: string): string => {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === DQUOTE || c === BACKSLASH || (!isQdtext(c) && c !== CR && c !== LF)) {
      out += value.slice(runStart, i) + "\\" + value.charAt(i);
      runStart = i + 1;
    }
  }
  return out + value.slice(runStart) + '"';
};

/** True when `value` can be carried in an auth-param quoted-string: it has no CR or LF (§25.1 quoted-pair). */
export const isAuthParamValue = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === CR || c === LF) return false;
  }
  return true;
};

const printParam = (p: AuthParam): string => `${p.name}=${p.quoted || !isToken(p.value) ? quote(p.value) : p.value}`;

const joinParams = (scheme: string, parts: ReadonlyArray<string>): string => `${scheme} ${parts.join(", ")}`;

/**
 * Prints a challenge canonically. RFC 7616 §3.3: realm, domain, nonce, opaque and qop are
 * quoted-strings; stale and algorithm are never quoted.
 */
export const printChallenge = (c: Challenge): string => {
  if (c._tag === "OtherChallenge") return joinParams(c.scheme, c.params.map(printParam));
  const parts = [`realm=${quote(c.realm)}`];
  if (c.domain !== undefined) parts.push(`domain=${quote(c.domain.join(" "))}`);
  parts.push(`nonce=${quote(c.nonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.stale !== undefined) parts.push(`stale=${c.stale ? "true" : "false"}`);
  if (c.algorithm !== undefined) parts.push(`algorithm=${c.algorithm}`);
  if (c.qop !== undefined) parts.push(`qop=${quote(c.qop.join(","))}`);
  if (c.charset !== undefined) parts.push(`charset=${isToken(c.charset) ? c.charset : quote(c.charset)}`);
  if (c.userhash !== undefined) parts.push(`userhash=${c.userhash ? "true" : "false"}`);
  for (const p of c.params) parts.push(printParam(p));
  return joinParams("Digest", parts);
};

/**
 * Prints credentials canonically. RFC 7616 §3.4: username, realm, nonce, uri, response, cnonce
 * and opaque are quoted-strings (§22.4 item 2: "the 'uri' MUST be enclosed in quotation
 * marks"); algorithm, qop and nc are never quoted.
 */
export const printCredentials = (c: Credentials): string => {
  if (c._tag === "OtherCredentials") return joinParams(c.scheme, c.params.map(printParam));
  const parts = [`username=${quote(c.username)}`, `realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.uri !== undefined) parts.push(`uri=${quote(c.uri)}`);
  parts.push(`response=${quote(c.response)}`);
  if (c.algorithm !== undefined) parts.push(`algorithm=${c.algorithm}`);
  if (c.cnonce !== undefined) parts.push(`cnonce=${quote(c.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.qop !== undefined) parts.push(`qop=${c.qop}`);
  if (c.nc !== undefined) parts.push(`nc=${c.nc}`);
  if (c.userhash !== undefined) parts.push(`userhash=${c.userhash ? "true" : "false"}`);
  for (const p of c.params) parts.push(printParam(p));
  return joinParams("Digest", parts);
};

/**
 * Prints Authentication-Info canonically. RFC 7616 §3.5: nextnonce, rspauth and cnonce are
 * quoted-strings; qop and nc are never quoted. An empty value (no parameters) prints as "".
 */
export const printAuthenticationInfo = (info: AuthenticationInfo): string => {
  const parts: string[] = [];
  if (info.nextnonce !== undefined) parts.push(`nextnonce=${quote(info.nextnonce)}`);
  if (info.qop !== undefined) parts.push(`qop=${info.qop}`);
  if (info.rspauth !== undefined) parts.push(`rspauth=${quote(info.rspauth)}`);
  if (info.cnonce !== undefined) parts.push(`cnonce=${quote(info.cnonce)}`);
  if (info.nc !== undefined) parts.push(`nc=${info.nc}`);
  for (const p of info.params) parts.push(printParam(p));
  return parts.join(", ");
};
