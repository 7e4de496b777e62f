// Builders (§8.1.1, §8.2.6): requests from their parts, responses to requests, and header
// edits, all returning new values. `core` is always derived from `headers` by the same parser
// that reads the wire, so a built message and the same message parsed back are equal.
import * as E from "fp-ts/lib/Either.js";
import { Methods } from "./brand.js";
import type { CallId, Method, Tag } from "./brand.js";
import type { HeaderError } from "./headers/index.js";
import { findParam, headerKey, parseCoreHeaders, printCSeq, printContact, printNameAddr, printNameAddrList, printVia } from "./headers/index.js";
import type { ContactValue, CoreHeaders, HeaderField, NameAddr, SipMessage, SipRequest, SipResponse, Uri, Via } from "./model.js";
import type { FramedMessage } from "./parse/errors.js";

const SIP_2_0 = "SIP/2.0";
const NO_BODY = new Uint8Array(0);

/** What a UAC puts in a new request (§8.1.1); identifiers and the branch come in as data. */
export interface RequestSpec {
  readonly method: Method;
  /** §8.1.1.1: the Request-URI. */
  readonly uri: Uri;
  /** §8.1.1.7: the top Via, its branch already minted (starting with z9hG4bK). */
  readonly via: Via;
  readonly to: NameAddr;
  /** §8.1.1.3: From with the UAC's tag. */
  readonly from: NameAddr;
  readonly callId: CallId;
  /** §8.1.1.5: the sequence number; the CSeq method is the request's. */
  readonly seq: number;
  /** §8.1.1.6: defaults to 70. */
  readonly maxForwards?: number;
  readonly contact?: ReadonlyArray<ContactValue>;
  /** §8.1.1.1 / §12.2.1.1: the route set, in order. */
  readonly route?: ReadonlyArray<NameAddr>;
  /** Any other header fields, appended in order after the mandatory ones. */
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly body?: Uint8Array;
}

const field = (name: string, value: string): HeaderField => ({ name, value });

/**
 * §7.3.1: "it is RECOMMENDED that header fields which are needed for proxy processing (Via,
 * Route, Record-Route, Proxy-Require, Max-Forwards, and Proxy-Authorization, for example)
 * appear towards the top of the message to facilitate rapid parsing."
 */
const PROXY_FIELDS: ReadonlySet<string> = new Set(["via", "max-forwards", "route", "record-route", "proxy-require", "proxy-authorization"].map(headerKey));
const isProxyField = (h: HeaderField): boolean => PROXY_FIELDS.has(headerKey(h.name));

const withContentLength = (headers: Array<HeaderField>, body: Uint8Array): Array<HeaderField> => {
  headers.push(field("Content-Length", String(body.length)));
  return headers;
};

/**
 * §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the following
 * header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via". Fails only when one of the
 * extra `headers` is a malformed core header.
 */
export const createRequest = (spec: RequestSpec): E.Either<HeaderError, SipRequest> => {
  const body = spec.body ?? NO_BODY;
  const headers: Array<HeaderField> = [field("Via", printVia(spec.via)), field("Max-Forwards", String(spec.maxForwards ?? 70))];
  if (spec.route !== undefined && spec.route.length > 0) headers.push(field("Route", printNameAddrList(spec.route)));
  const extras = spec.headers ?? [];
  for (const h of extras) if (isProxyField(h)) headers.push(h);
  headers.push(
    field("To", printNameAddr(spec.to)),
    field("From", printNameAddr(spec.from)),
    field("Call-ID", spec.callId),
    field("CSeq", printCSeq({ seq: spec.seq, method: spec.method })),
  );
  if (spec.contact !== undefined && spec.contact.length > 0) headers.push(field("Contact", printContact(spec.contact)));
  for (const h of extras) if (!isProxyField(h)) headers.push(h);
  withContentLength(headers, body);
  return E.map((core: CoreHeaders): SipRequest => ({ _tag: "Request", method: spec.method, uri: spec.uri, version: SIP_2_0, headers, core, body }))(
    parseCoreHeaders(headers),
  );
};

/** §21 reason phrases, for responses built without one. */
const REASONS: Readonly<Record<number, string>> = {
  100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 182: "Queued", 183: "Session Progress", 199: "Early Dialog Terminated",
  200: "OK", 202: "Accepted", 204: "No Notification",
  300: "Multiple Choices", 301: "Moved Permanently", 302: "Moved Temporarily", 305: "Use Proxy", 380: "Alternative Service",
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout", 410: "Gone", 412: "Conditional Request Failed",
  413: "Request Entity Too Large", 414: "Request-URI Too Long", 415: "Unsupported Media Type", 416: "Unsupported URI Scheme",
  417: "Unknown Resource-Priority", 420: "Bad Extension", 421: "Extension Required", 422: "Session Interval Too Small",
  423: "Interval Too Brief", 428: "Use Identity Header", 429: "Provide Referrer Identity", 430: "Flow Failed",
  433: "Anonymity Disallowed", 436: "Bad Identity-Info", 437: "Unsupported Certificate", 438: "Invalid Identity Header",
  439: "First Hop Lacks Outbound Support", 440: "Max-Breadth Exceeded", 469: "Bad Info Package", 470: "Consent Needed",
  480: "Temporarily Unavailable", 481: "Call/Transaction Does Not Exist", 482: "Loop Detected", 483: "Too Many Hops",
  484: "Address Incomplete", 485: "Ambiguous", 486: "Busy Here", 487: "Request Terminated", 488: "Not Acceptable Here",
  489: "Bad Event", 491: "Request Pending", 493: "Undecipherable", 494: "Security Agreement Required",
  500: "Server Internal Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Server Time-out",
  505: "Version Not Supported", 513: "Message Too Large", 555: "Push Notification Service Not Supported", 580: "Precondition Failure",
  600: "Busy Everywhere", 603: "Decline", 604: "Does Not Exist Anywhere", 606: "Not Acceptable", 607: "Unwanted", 608: "Rejected",
};

/** The §21 reason phrase for `status`, or a generic one for its class. */
export const reasonPhrase = (status: number): string => {
  const known = REASONS[status];
  if (known !== undefined) return known;
  const generic = REASONS[Math.floor(status / 100) * 100];
  return generic ?? "Unknown";
};

/** Optional parts of a response built from a request (RFC 3261 §8.2.6): reason phrase, To tag, extra headers and body. */
export interface ResponseOptions {
  /** Defaults to the §21 phrase. */
  readonly reason?: string;
  /**
   * §8.2.6.2: the UAS's To tag. Added unless the request's To already has a tag (which the
   * response then keeps) or the status is 100 ("except for 100 (Trying)").
   */
  readonly toTag?: Tag;
  /** Extra header fields (Contact, Allow, Unsupported, WWW-Authenticate, ...), appended in order. */
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly body?: Uint8Array;
  /**
   * §12.1.1: copy Record-Route into a response that creates a dialog. Defaults to true for
   * 101–299 responses to INVITE, SUBSCRIBE and REFER.
   */
  readonly copyRecordRoute?: boolean;
}

const DIALOG_CREATING: ReadonlySet<string> = new Set([Methods.INVITE, Methods.SUBSCRIBE, Methods.REFER]);

const COPIED: ReadonlySet<string> = new Set(["via", "from", "to", "call-id", "cseq"]);

/** §8.2.6.2 for raw fields: the To value with `;tag=` appended when it has none. */
const toWithTag = (value: string, to: NameAddr | undefined, tag: Tag | undefined, status: number): string => {
  if (tag === undefined || status === 100) return value;
  if (to !== undefined && findParam(to.params, "tag") !== undefined) return value;
  return `${value};tag=${tag}`;
};

/** Reason-Phrase holds no control but HTAB (§25.1): any other becomes a space, so a reason made of a peer's text cannot break the start line. */
const printableReason = (reason: string): string => {
  if (!hasControl(reason)) return reason;
  let out = "";
  for (let i = 0; i < reason.length; i++) {
    const c = reason.charCodeAt(i);
    out += c === 0x7f || (c < 0x20 && c !== 0x09) ? " " : reason.charAt(i);
  }
  return out;
};

/** The core headers a response copies from its request as they are (§8.2.6.2). */
const SAME_AS_REQUEST: ReadonlySet<string> = new Set(["via", "from", "to", "call-id", "cseq", "record-route", "content-length"]);

/**
 * The response's `core` when the request's is at hand: Via, From, Call-ID, CSeq and
 * Record-Route are the request's own values (the fields are copied unchanged and the request's
 * core was read from them), so only the To (which may have gained a tag) and the extra fields
 * are read. Undefined when an extra field is one of those: then everything is read again.
 */
const coreFromRequest = (
  request: CoreHeaders,
  copyRecordRoute: boolean,
  to: HeaderField | undefined,
  headers: ReadonlyArray<HeaderField>,
  extras: ReadonlyArray<HeaderField>,
): E.Either<HeaderError, CoreHeaders> | undefined => {
  for (const h of extras) if (SAME_AS_REQUEST.has(headerKey(h.name))) return undefined;
  const contentLength = headers[headers.length - 1];
  const own = parseCoreHeaders(to === undefined ? [...extras, ...(contentLength === undefined ? [] : [contentLength])] : [to, ...extras, ...(contentLength === undefined ? [] : [contentLength])]);
  if (E.isLeft(own)) return own;
  const core: { -readonly [K in keyof CoreHeaders]: CoreHeaders[K] } = {
    via: request.via,
    contact: own.right.contact,
    route: own.right.route,
    recordRoute: copyRecordRoute ? request.recordRoute : own.right.recordRoute,
  };
  if (request.from !== undefined) core.from = request.from;
  if (own.right.to !== undefined) core.to = own.right.to;
  if (request.callId !== undefined) core.callId = request.callId;
  if (request.cseq !== undefined) core.cseq = request.cseq;
  if (own.right.maxForwards !== undefined) core.maxForwards = own.right.maxForwards;
  if (own.right.contentLength !== undefined) core.contentLength = own.right.contentLength;
  return E.right(core);
};

const buildResponse = (
  copied: ReadonlyArray<HeaderField>,
  to: NameAddr | undefined,
  status: number,
  options: ResponseOptions,
  request?: { readonly core: CoreHeaders; readonly copyRecordRoute: boolean },
): E.Either<HeaderError, SipResponse> => {
  const body = options.body ?? NO_BODY;
  let toField: HeaderField | undefined;
  const headers: Array<HeaderField> = [];
  for (const h of copied) {
    if (toField === undefined && headerKey(h.name) === "to") {
      toField = field(h.name, toWithTag(h.value, to, options.toTag, status));
      headers.push(toField);
    } else headers.push(h);
  }
  const extras = options.headers ?? [];
  for (const h of extras) headers.push(h);
  withContentLength(headers, body);
  const reason = printableReason(options.reason ?? reasonPhrase(status));
  const known = request === undefined ? undefined : coreFromRequest(request.core, request.copyRecordRoute, toField, headers, extras);
  return E.map((core: CoreHeaders): SipResponse => ({ _tag: "Response", version: SIP_2_0, status, reason, headers, core, body }))(known ?? parseCoreHeaders(headers));
};

/**
 * §8.2.6: a response to `request`. "The From field of the response MUST equal the From header
 * field of the request. The Call-ID ... MUST equal ... The CSeq ... MUST equal ... The Via
 * header field values in the response MUST equal the Via header field values in the request
 * and MUST maintain the same ordering." Fields are copied as the peer wrote them.
 */
export const createResponse =
  (status: number, options: ResponseOptions = {}) =>
  (request: SipRequest): E.Either<HeaderError, SipResponse> => {
    const copyRecordRoute = options.copyRecordRoute ?? (status > 100 && status < 300 && DIALOG_CREATING.has(request.method));
    const copied: Array<HeaderField> = [];
    for (const h of request.headers) {
      const key = headerKey(h.name);
      // §8.2.6.1: "Any Timestamp header field present in the request MUST be copied into this 100 (Trying) response."
      if (COPIED.has(key) || (copyRecordRoute && key === "record-route") || (status === 100 && key === "timestamp")) copied.push(h);
    }
    return buildResponse(copied, request.core.to, status, options, { core: request.core, copyRecordRoute });
  };

/** A control character a header value must not carry (§25.1): a raw one, not inside a quoted-pair. */
const hasControl = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x7f || (c < 0x20 && c !== 0x09)) return true;
  }
  return false;
};

/**
 * The fields §8.2.6.2 copies, from what a failed parse framed: a field is copied when it parses
 * on its own and carries no control character (so the response never echoes a NUL or a bare
 * CR), and of From, To, Call-ID and CSeq only the first such field. Every Via is kept: one that
 * does not parse makes the whole response a Left below.
 */
const copiableFields = (headers: ReadonlyArray<HeaderField>): ReadonlyArray<HeaderField> => {
  const seen = new Set<string>();
  const out: Array<HeaderField> = [];
  for (const h of headers) {
    const key = headerKey(h.name);
    if (!COPIED.has(key)) continue;
    if (key === "via") {
      out.push(h);
      continue;
    }
    if (seen.has(key) || hasControl(h.value) || E.isLeft(parseCoreHeaders([h]))) continue;
    seen.add(key);
    out.push(h);
  }
  return out;
};

/**
 * A response built from what a failed parse could still frame (ParseError.framed), for the 400
 * a UAS sends to a malformed request. The response is itself well formed (it parses and
 * serializes back to itself): Via, From, To, Call-ID and CSeq are copied as the peer wrote them
 * (§8.2.6.2) only when they parse and hold no control character; one that does not (RFC 4475
 * §3.1.2.4 scalar02's CSeq over 2^32-1, §3.1.2.14 badaspec's spaces inside the To URI, a raw
 * NUL) is left out, as is a second From, To, Call-ID or CSeq. Left when a Via does not parse or
 * holds a control: without it there is nowhere to send a response (§18.2.2).
 */
export const createResponseFromRaw =
  (status: number, options: ResponseOptions = {}) =>
  (framed: FramedMessage): E.Either<HeaderError, SipResponse> => {
    const copied = copiableFields(framed.headers);
    const badVia = copied.find((h) => headerKey(h.name) === "via" && hasControl(h.value));
    if (badVia !== undefined) return E.left({ _tag: "HeaderError", header: "Via", value: badVia.value, position: 0, reason: "a control character in the Via: no response can be sent (§18.2.2)" });
    const to = parseCoreHeaders(copied.filter((h) => headerKey(h.name) === "to"));
    return buildResponse(copied, E.isRight(to) ? to.right.to : undefined, status, options);
  };

/** The `core` property each core header fills, by headerKey. */
const CORE_FIELDS: ReadonlyMap<string, keyof CoreHeaders> = new Map<string, keyof CoreHeaders>([
  ["via", "via"],
  ["from", "from"],
  ["to", "to"],
  ["call-id", "callId"],
  ["cseq", "cseq"],
  ["max-forwards", "maxForwards"],
  ["content-length", "contentLength"],
  ["contact", "contact"],
  ["route", "route"],
  ["record-route", "recordRoute"],
]);

/**
 * New headers for `m`. When a core header changed, only its property of `core` is read again
 * from the new fields: the others stay as they were, so a response that echoes a field that
 * does not parse (createResponseFromRaw) can still have its Via stamped (§18.2.1).
 */
const withHeaders = <M extends SipMessage>(m: M, headers: ReadonlyArray<HeaderField>, name: string): E.Either<HeaderError, M> => {
  const key = headerKey(name);
  const property = CORE_FIELDS.get(key);
  if (property === undefined) return E.right({ ...m, headers });
  const changed = parseCoreHeaders(headers.filter((h) => headerKey(h.name) === key));
  if (E.isLeft(changed)) return changed;
  // The one property replaced by what parseCoreHeaders gives for it (absent when it gives none,
  // as it leaves out every optional property it has no field for): still a CoreHeaders.
  const next: Readonly<Record<string, unknown>> = { ...m.core, [property]: changed.right[property] };
  const entries = Object.entries(next).filter(([, v]) => v !== undefined);
  return E.right({ ...m, headers, core: Object.fromEntries(entries) as unknown as CoreHeaders });
};

/**
 * Replaces every field named `name` (any case, compact or long form) with one field per value,
 * where the first of them was; if there was none, appends them, or for a field proxies read
 * (§7.3.1) puts them after the last such field. `replaceHeader(name, [])`
 * removes the header.
 */
export const replaceHeader =
  (name: string, values: ReadonlyArray<string>) =>
  <M extends SipMessage>(m: M): E.Either<HeaderError, M> => {
    const key = headerKey(name);
    const headers: Array<HeaderField> = [];
    let placed = false;
    for (const h of m.headers) {
      if (headerKey(h.name) !== key) headers.push(h);
      else if (!placed) {
        placed = true;
        for (const v of values) headers.push(field(name, v));
      }
    }
    if (!placed) {
      const added = values.map((v) => field(name, v));
      // A new proxy field joins the others at the top (§7.3.1); any other goes last.
      const at = isProxyField(field(name, "")) ? headers.findLastIndex(isProxyField) + 1 : headers.length;
      headers.splice(at, 0, ...added);
    }
    return withHeaders(m, headers, name);
  };

/** Sets a single-value header: `replaceHeader(name, [value])`. */
export const setHeader = (name: string, value: string) => replaceHeader(name, [value]);

/** Removes every field named `name`. */
export const removeHeader = (name: string) => replaceHeader(name, []);

/** Appends a field after all others (before the body); for list headers, after the existing values. */
export const addHeader =
  (name: string, value: string) =>
  <M extends SipMessage>(m: M): E.Either<HeaderError, M> =>
    withHeaders(m, [...m.headers, field(name, value)], name);

/**
 * Inserts a field before the first field of the same name, or first of all when there is none.
 * §16.6 step 8: "The proxy MUST insert a Via header field value into the copy before the
 * existing Via header field values."
 */
export const prependHeader =
  (name: string, value: string) =>
  <M extends SipMessage>(m: M): E.Either<HeaderError, M> => {
    const key = headerKey(name);
    const at = m.headers.findIndex((h) => headerKey(h.name) === key);
    const i = at < 0 ? 0 : at;
    return withHeaders(m, [...m.headers.slice(0, i), field(name, value), ...m.headers.slice(i)], name);
  };

/** Every value of the header `name`, one per field, in order (compact and long forms alike). */
export const headerValues =
  (name: string) =>
  (m: SipMessage): ReadonlyArray<string> => {
    const key = headerKey(name);
    return m.headers.filter((h) => headerKey(h.name) === key).map((h) => h.value);
  };

/** Replaces the body and its Content-Length (§20.14); `contentType` sets Content-Type too. */
export const setBody =
  (body: Uint8Array, contentType?: string) =>
  <M extends SipMessage>(m: M): E.Either<HeaderError, M> => {
    const typed = contentType === undefined ? E.right(m) : setHeader("Content-Type", contentType)(m);
    return E.flatMap(typed, (t) => E.map((withLength: M): M => ({ ...withLength, body }))(setHeader("Content-Length", String(body.length))(t)));
  };
