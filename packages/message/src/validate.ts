// validateMessage: the checks a UAS or proxy makes before processing a message that parsed
// (§8.2, §16.3), and the status to answer with when they fail: 505 for a SIP-Version other than
// SIP/2.0, 400 for everything else found here. Unknown methods, URI schemes, content types
// and option tags are not problems here: the layers above answer 405, 416, 415 or 420.
import * as E from "fp-ts/lib/Either.js";
import type { ReadonlyNonEmptyArray } from "fp-ts/lib/ReadonlyNonEmptyArray.js";
import { contentTypeHeader, headerKey, readHeader } from "./headers/index.js";
import { equalsIgnoringAsciiCase } from "./headers/params.js";
import * as O from "fp-ts/lib/Option.js";
import type { NameAddr, Param, SipMessage, Uri } from "./model.js";

/** The kinds of rule a parsed message can break (§8.2, §16.3): a SIP-Version other than 2.0 (answered 505), a missing or contradictory mandatory header (answered 400) ... */
export type ProblemKind =
  /** SIP-Version is not SIP/2.0 (§8.2.x, RFC 4475 §3.1.2.16). */
  | "Version"
  /** A header every request or response must carry is absent (§8.1.1, §8.2.6.2). */
  | "Missing"
  /** A single-value header appears more than once with different values (§7.3.1, RFC 4475 §3.3.8). */
  | "Multiple"
  /** The CSeq method differs from the request method (§8.2.x via §20.16, RFC 4475 §3.1.2.17). */
  | "CSeqMethod"
  /** A number outside its range: Max-Forwards above 255 (§20.22), a status outside 100–699 (§7.2). */
  | "OutOfRange"
  /** A URI where its context forbids parts of it (§19.1.1 Table 1, §20.10). */
  | "UriContext"
  /** Content-Type does not parse, or a body comes without one, so it cannot be interpreted (§20.15). */
  | "ContentType"
  /** A parameter named twice in one URI (§19.1.1) or one header value (§7.3.1): "any given parameter-name MUST NOT appear more than once". */
  | "DuplicateParam";

/** One rule a message breaks: its kind, the header concerned and a sentence that says why. */
export interface Problem {
  readonly kind: ProblemKind;
  /** The header concerned, in its canonical spelling, when there is one. */
  readonly header?: string;
  readonly detail: string;
}

/** A message that parsed but breaks RFC 3261's rules: every problem found. */
export interface Invalid {
  readonly _tag: "Invalid";
  /** The status an element answers a request with (responses that fail are dropped). */
  readonly status: 400 | 505;
  readonly problems: ReadonlyNonEmptyArray<Problem>;
}

/** Headers that carry one value (§20): a second field is a second value. */
const SINGLE_VALUE: ReadonlyArray<readonly [key: string, name: string]> = [
  ["call-id", "Call-ID"],
  ["content-length", "Content-Length"],
  ["content-type", "Content-Type"],
  ["cseq", "CSeq"],
  ["from", "From"],
  ["max-forwards", "Max-Forwards"],
  ["to", "To"],
];

const problem = (kind: ProblemKind, detail: string, header?: string): Problem =>
  header === undefined ? { kind, detail } : { kind, header, detail };

/** Each single-value key's bit, for noticing a second field without collecting any. */
const SINGLE_BIT: ReadonlyMap<string, number> = new Map(SINGLE_VALUE.map(([key], i) => [key, 1 << i]));

/**
 * A single-value header written twice with the same value is one value written twice (deployed
 * equipment sends a 200 with two identical Content-Type lines): accepted, and the message is
 * kept as written. Two different values leave the element nothing to choose from: 400.
 * "The same" is the unfolded value, octet for octet (message README, "Parser policy").
 */
const multiples = (m: SipMessage, out: Array<Problem>): void => {
  // Most messages write each of these once: one pass marks the keys seen, and the values are
  // collected and counted only when a key shows up a second time.
  let seen = 0;
  let repeated = false;
  for (const h of m.headers) {
    const bit = SINGLE_BIT.get(headerKey(h.name));
    if (bit === undefined) continue;
    if ((seen & bit) !== 0) repeated = true;
    seen |= bit;
  }
  if (!repeated) return;
  for (const [key, name] of SINGLE_VALUE) {
    const values = m.headers.filter((h) => headerKey(h.name) === key).map((h) => h.value);
    const distinct = new Set(values).size;
    if (distinct > 1) out.push(problem("Multiple", `${name} appears ${values.length} times with ${distinct} different values but takes a single value`, name));
  }
};

const missing = (m: SipMessage, out: Array<Problem>): void => {
  // §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via. Max-Forwards is not required of
  // what arrives: RFC 2543 elements do not send it (RFC 4475 §3.4.1) and §16.6 adds it.
  const { core } = m;
  if (core.via.length === 0) out.push(problem("Missing", "no Via header field", "Via"));
  if (core.from === undefined) out.push(problem("Missing", "no From header field", "From"));
  if (core.to === undefined) out.push(problem("Missing", "no To header field", "To"));
  if (core.callId === undefined) out.push(problem("Missing", "no Call-ID header field", "Call-ID"));
  if (core.cseq === undefined) out.push(problem("Missing", "no CSeq header field", "CSeq"));
};

/** §20.10: a URI with a comma, question mark or semicolon must be in angle brackets. */
const unbracketedHeaders = (header: string, na: NameAddr | undefined, out: Array<Problem>): void => {
  if (na?.angle === false && na.uri._tag === "SipUri" && na.uri.headers.length > 0) {
    out.push(problem("UriContext", `${header} has a URI with headers ("?") outside <> (§20.10)`, header));
  }
};

/**
 * The first parameter name written twice in one list (names compare without case, §7.3.1,
 * §19.1.4), if any. Every message passes here: a short list (the usual two or three) is
 * compared pairwise without allocating; a long one, which a peer can make as long as the
 * message allows, goes through a set, so the check stays linear.
 */
const repeatedName = (params: ReadonlyArray<Param>): string | undefined => {
  if (params.length <= 8) {
    for (let i = 1; i < params.length; i++) {
      const name = params[i]?.name ?? "";
      for (let j = 0; j < i; j++) {
        const other = params[j]?.name ?? "";
        if (other.length === name.length && equalsIgnoringAsciiCase(other, name)) return name;
      }
    }
    return undefined;
  }
  const seen = new Set<string>();
  for (const p of params) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) return p.name;
    seen.add(key);
  }
  return undefined;
};

/** §19.1.1: the first URI parameter name written twice in a SIP or SIPS URI, if any. */
const repeatedParam = (uri: Uri): string | undefined => (uri._tag !== "SipUri" || uri.params.length < 2 ? undefined : repeatedName(uri.params));

/** §7.3.1: "any given parameter-name MUST NOT appear more than once" in a header field value. */
const duplicateHeaderParams = (m: SipMessage, out: Array<Problem>): void => {
  const { core } = m;
  const check = (header: string, params: ReadonlyArray<Param> | undefined): void => {
    const name = params === undefined || params.length < 2 ? undefined : repeatedName(params);
    if (name !== undefined) out.push(problem("DuplicateParam", `a ${header} value names the parameter '${name}' more than once (§7.3.1)`, header));
  };
  for (const v of core.via) check("Via", v.params);
  check("From", core.from?.params);
  check("To", core.to?.params);
  for (const c of core.contact) if (c._tag === "NameAddr") check("Contact", c.params);
};

const duplicateParams = (where: string, uri: Uri | undefined, out: Array<Problem>, header?: string): void => {
  const name = uri === undefined ? undefined : repeatedParam(uri);
  if (name !== undefined) out.push(problem("DuplicateParam", `${where} names the URI parameter '${name}' more than once (§19.1.1)`, header));
};

/** Checks a parsed (or built) message; Right gives the message back unchanged. */
export const validateMessage = <M extends SipMessage>(m: M): E.Either<Invalid, M> => {
  const problems: Array<Problem> = [];
  let versionOk = true;
  if (m.version.toUpperCase() !== "SIP/2.0") {
    versionOk = false;
    problems.push(problem("Version", `SIP-Version ${m.version} is not supported, only SIP/2.0`));
  }
  missing(m, problems);
  multiples(m, problems);
  // §20.15: one media-type; a list or a malformed type leaves the body uninterpretable.
  // (A well-formed but unknown type is the 415 of the layer above, not a problem here.)
  const contentType = readHeader(contentTypeHeader)(m);
  if (E.isLeft(contentType)) problems.push(problem("ContentType", `Content-Type: ${contentType.left.reason}`, "Content-Type"));
  // §20.15: "The Content-Type header field MUST be present if the body is not empty."
  else if (m.body.length > 0 && O.isNone(contentType.right)) problems.push(problem("ContentType", "a body of " + String(m.body.length) + " bytes has no Content-Type (§20.15)", "Content-Type"));
  const { core } = m;
  if (core.maxForwards !== undefined && core.maxForwards > 255) {
    problems.push(problem("OutOfRange", `Max-Forwards ${core.maxForwards} is above 255 (§20.22)`, "Max-Forwards"));
  }
  unbracketedHeaders("From", core.from, problems);
  unbracketedHeaders("To", core.to, problems);
  for (const c of core.contact) if (c._tag === "NameAddr") unbracketedHeaders("Contact", c, problems);
  duplicateHeaderParams(m, problems);
  duplicateParams("From", core.from?.uri, problems, "From");
  duplicateParams("To", core.to?.uri, problems, "To");
  for (const c of core.contact) if (c._tag === "NameAddr") duplicateParams("Contact", c.uri, problems, "Contact");
  if (m._tag === "Request") {
    if (core.cseq !== undefined && core.cseq.method !== m.method) {
      problems.push(problem("CSeqMethod", `CSeq method ${core.cseq.method} does not match request method ${m.method}`, "CSeq"));
    }
    // §19.1.1 Table 1 allows no headers component in a Request-URI, but "Elements processing
    // URIs SHOULD ignore any disallowed components if they are present": it is no reason for a
    // 400 (RFC 4475 §3.1.2.11 lets an element ignore it). The UA reads the request as if it had
    // none, and a proxy's forwarded copy never carries it (§16.6 step 2).
    duplicateParams("the Request-URI", m.uri, problems);
  } else if (m.status < 100 || m.status > 699) {
    problems.push(problem("OutOfRange", `status ${m.status} is outside 100-699 (§7.2)`));
  }
  const [first, ...rest] = problems;
  return first === undefined ? E.right(m) : E.left({ _tag: "Invalid", status: versionOk ? 400 : 505, problems: [first, ...rest] });
};
