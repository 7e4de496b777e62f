// §8.1.1 "Generating the Request" for a request outside a dialog. Everything random (branch,
// From tag, Call-ID, the initial CSeq) comes in as data, so the same spec and entropy always
// give the same request; the shell draws the entropy from a CSPRNG (§8.1.1.4, §19.3).
import * as E from "fp-ts/lib/Either.js";
import { MAGIC_COOKIE, Methods, branch as makeBranch, callId as makeCallId, createRequest, findParam, headerKey, printMediaType, tag } from "@puresip/message";
import type { HeaderError, HeaderField, Host, MediaType, Method, NameAddr, Param, SipRequest, Uri, Via } from "@puresip/message";
import type { Capabilities } from "../capabilities.js";

/** Where this UA sends from (§18.1.1): the top Via's sent-by and transport. */
export interface SentBy {
  readonly host: Host;
  /** Absent: the transport's default port (5060, 5061 for TLS) is implied. */
  readonly port?: number;
  /** The Via transport token: "UDP", "TCP", "TLS", "SCTP", ... */
  readonly transport: string;
}

/** An address with its display name, as the user knows it (§8.1.1.2, §8.1.1.3). */
export interface Party {
  readonly aor: Uri;
  /** Plain text; it is printed as a quoted-string. */
  readonly displayName?: string;
}

export interface RequestBody {
  readonly contentType: MediaType;
  readonly bytes: Uint8Array;
}

/** What a UAC decides about a new request outside a dialog (§8.1.1). */
export interface NewRequestSpec {
  readonly method: Method;
  /** §8.1.1.1: the Request-URI, normally the To URI. */
  readonly requestUri: Uri;
  readonly from: Party;
  readonly to: Party;
  /** §8.1.1.8: the local Contact, required for INVITE, SUBSCRIBE and REFER. */
  readonly contact?: Uri | NameAddr;
  readonly sentBy: SentBy;
  /**
   * §8.1.2: a pre-existing route set (an outbound proxy), in order. A first URI with `;lr`
   * is a loose router; one without is a strict router, handled as in §12.2.1.1.
   */
  readonly route?: ReadonlyArray<Uri>;
  readonly body?: RequestBody;
  /** Fields other than the ones this function writes, appended in order. */
  readonly headers?: ReadonlyArray<HeaderField>;
  /** §8.1.1.6: defaults to 70. */
  readonly maxForwards?: number;
  /** What the UA supports: Supported lists its extensions, Allow its methods (§20.37, §20.5). */
  readonly capabilities: Capabilities;
}

/**
 * Random data, as bytes (hex-encoded) or as text that is already random: a token for the
 * branch and tag, a §20.8 callid (`word ["@" word]`) for the Call-ID.
 */
export type Entropy = Uint8Array | string;

export interface RequestEntropy {
  /** §8.1.1.7: the branch's unique part; the magic cookie is prefixed here. */
  readonly branch: Entropy;
  /** §19.3: "at least 32 bits of randomness". */
  readonly fromTag: Entropy;
  /** §8.1.1.4: a cryptographically random Call-ID. */
  readonly callId: Entropy;
  /** §8.1.1.5: the initial sequence number, "MUST be less than 2**31". */
  readonly seq: number;
}

/** Minimum randomness per identifier, in bytes; text needs twice as many characters. */
export const MIN_ENTROPY_BYTES = { branch: 8, fromTag: 4, callId: 16 } as const;

export type NewRequestError =
  | { readonly _tag: "NotANewRequest"; readonly method: Method; readonly detail: string }
  | { readonly _tag: "BadEntropy"; readonly field: keyof typeof MIN_ENTROPY_BYTES; readonly detail: string }
  | { readonly _tag: "BadCSeq"; readonly seq: number; readonly detail: string }
  | { readonly _tag: "BadMaxForwards"; readonly maxForwards: number }
  | { readonly _tag: "BadDisplayName"; readonly displayName: string }
  | { readonly _tag: "MissingContact"; readonly method: Method }
  | { readonly _tag: "ContactNotSips"; readonly detail: string }
  | { readonly _tag: "ReservedHeader"; readonly name: string }
  /** §19.1.5: a Require or Proxy-Require names an option tag missing from `capabilities.extensions`. */
  | { readonly _tag: "UnsupportedExtension"; readonly header: string; readonly optionTag: string }
  | { readonly _tag: "BadHeader"; readonly error: HeaderError };

const NEEDS_CONTACT: ReadonlySet<string> = new Set([Methods.INVITE, Methods.SUBSCRIBE, Methods.REFER]);

/** Header fields this function writes itself; an extra one of these would be a duplicate. */
const RESERVED: ReadonlySet<string> = new Set([
  "via", "max-forwards", "route", "to", "from", "call-id", "cseq", "contact", "content-type", "content-length", "supported", "allow",
]);

const HEX = "0123456789abcdef";

const hex = (bytes: Uint8Array): string => {
  let out = "";
  for (const b of bytes) out += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  return out;
};

const entropyText = (field: keyof typeof MIN_ENTROPY_BYTES, e: Entropy): E.Either<NewRequestError, string> => {
  const min = MIN_ENTROPY_BYTES[field];
  if (typeof e !== "string") {
    return e.length >= min ? E.right(hex(e)) : E.left({ _tag: "BadEntropy", field, detail: `${e.length} bytes, at least ${min} needed` });
  }
  return e.length >= 2 * min ? E.right(e) : E.left({ _tag: "BadEntropy", field, detail: `${e.length} characters, at least ${2 * min} needed` });
};

const asBrand = <B>(field: keyof typeof MIN_ENTROPY_BYTES, make: (s: string) => E.Either<unknown, B>) => (s: string): E.Either<NewRequestError, B> =>
  E.mapLeft((): NewRequestError => ({ _tag: "BadEntropy", field, detail: field === "callId" ? "not a Call-ID (§20.8: word [\"@\" word])" : "not a token (§25.1)" }))(make(s));

/** The display name as a quoted-string (§25.1); CR and LF cannot be carried. */
const quoteDisplayName = (name: string): E.Either<NewRequestError, string> => {
  let out = '"';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) return E.left({ _tag: "BadDisplayName", displayName: name });
    out += c === 0x22 || c === 0x5c ? `\\${name.charAt(i)}` : name.charAt(i);
  }
  return E.right(`${out}"`);
};

const nameAddr = (party: Party, params: ReadonlyArray<Param>): E.Either<NewRequestError, NameAddr> => {
  if (party.displayName === undefined || party.displayName.length === 0) return E.right({ _tag: "NameAddr", uri: party.aor, angle: true, params });
  return E.map((displayName: string): NameAddr => ({ _tag: "NameAddr", displayName, uri: party.aor, angle: true, params }))(
    quoteDisplayName(party.displayName),
  );
};

const isSips = (uri: Uri | undefined): boolean => uri !== undefined && uri._tag === "SipUri" && uri.scheme === "sips";

const isLooseRouter = (uri: Uri): boolean => uri._tag === "SipUri" && findParam(uri.params, "lr") !== undefined;

/** §19.1.1 table, §19.1.5: "method" and headers are not allowed in a Request-URI; every other parameter stays. */
const asRequestUri = (uri: Uri): Uri =>
  uri._tag === "SipUri" ? { ...uri, params: uri.params.filter((p) => p.name.toLowerCase() !== "method"), headers: [] } : uri;

const routeEntry = (uri: Uri): NameAddr => ({ _tag: "NameAddr", uri, angle: true, params: [] });

interface Target {
  readonly uri: Uri;
  readonly route: ReadonlyArray<NameAddr>;
}

/**
 * §8.1.2 → §12.2.1.1: with a loose router first, the Request-URI stays and the route set is
 * the Route; with a strict router first, "the UAC MUST place the first URI from the route set
 * into the Request-URI ... [and] the remote target as the last value in the Route".
 */
const target = (requestUri: Uri, route: ReadonlyArray<Uri>): Target => {
  const first = route[0];
  // §19.1.5: "The method parameter MUST NOT be placed in the Request-URI"; neither may headers (§19.1.1 table).
  if (first === undefined || isLooseRouter(first)) return { uri: asRequestUri(requestUri), route: route.map(routeEntry) };
  return { uri: asRequestUri(first), route: [...route.slice(1).map(routeEntry), routeEntry(requestUri)] };
};

/**
 * §19.1.5: "An implementation MUST NOT send a request requiring an extension that it does not
 * support": every option tag of a Require or Proxy-Require the caller adds must be one of the
 * UA's extensions (§8.1.1.9: those listed are extensions the UAC applies to the request).
 */
const unsupportedExtension = (spec: NewRequestSpec): NewRequestError | undefined => {
  // Built only for a request that carries Require or Proxy-Require: most carry neither.
  let known: ReadonlySet<string> | undefined;
  for (const h of spec.headers ?? []) {
    const key = headerKey(h.name);
    if (key !== "require" && key !== "proxy-require") continue;
    known ??= new Set(spec.capabilities.extensions.map((t) => t.toLowerCase()));
    for (const raw of h.value.split(",")) {
      const optionTag = raw.trim();
      if (optionTag.length > 0 && !known.has(optionTag.toLowerCase())) return { _tag: "UnsupportedExtension", header: h.name, optionTag };
    }
  }
  return undefined;
};

const checkSpec = (spec: NewRequestSpec): E.Either<NewRequestError, void> => {
  if (spec.method === Methods.ACK || spec.method === Methods.CANCEL) {
    return E.left({ _tag: "NotANewRequest", method: spec.method, detail: "an ACK or CANCEL is built from the request it acknowledges or cancels (§17.1.1.3, §9.1)" });
  }
  const mf = spec.maxForwards ?? 70;
  if (!Number.isInteger(mf) || mf < 0 || mf > 255) return E.left({ _tag: "BadMaxForwards", maxForwards: mf });
  for (const h of spec.headers ?? []) if (RESERVED.has(headerKey(h.name))) return E.left({ _tag: "ReservedHeader", name: h.name });
  const unsupported = unsupportedExtension(spec);
  if (unsupported !== undefined) return E.left(unsupported);
  if (spec.contact === undefined) {
    return NEEDS_CONTACT.has(spec.method) ? E.left({ _tag: "MissingContact", method: spec.method }) : E.right(undefined);
  }
  // §8.1.1.8: "If the Request-URI or top Route header field value contains a SIPS URI, the
  // Contact header field MUST contain a SIPS URI as well."
  const contactUri = spec.contact._tag === "NameAddr" ? spec.contact.uri : spec.contact;
  if ((isSips(spec.requestUri) || isSips(spec.route?.[0])) && !isSips(contactUri)) {
    return E.left({ _tag: "ContactNotSips", detail: "the Request-URI or first Route is a SIPS URI, so the Contact must be one too" });
  }
  return E.right(undefined);
};

const checkSeq = (seq: number): E.Either<NewRequestError, number> =>
  Number.isInteger(seq) && seq >= 0 && seq < 2 ** 31
    ? E.right(seq)
    : E.left({ _tag: "BadCSeq", seq, detail: "the initial sequence number must be an integer in [0, 2**31) (§8.1.1.5)" });

const listHeaders = (requestMethod: Method, capabilities: Capabilities, body: RequestBody | undefined): ReadonlyArray<HeaderField> => {
  const out: Array<HeaderField> = [];
  // §13.2.1: "A Supported header field (Section 20.37) SHOULD be present in the INVITE. It
  // enumerates all the extensions understood by the UAC", so an INVITE carries it even empty.
  if (capabilities.extensions.length > 0 || requestMethod === Methods.INVITE) out.push({ name: "Supported", value: capabilities.extensions.join(", ") });
  // §20.5: Allow lists the methods the sender supports (§13.2.1: "An Allow header field ... SHOULD be present in the INVITE").
  if (capabilities.methods.length > 0) out.push({ name: "Allow", value: capabilities.methods.join(", ") });
  if (body !== undefined) out.push({ name: "Content-Type", value: printMediaType(body.contentType) });
  return out;
};

/**
 * §8.1.1: a new request outside a dialog, with To, From (tagged), Call-ID, CSeq,
 * Max-Forwards 70, a Via with the magic-cookie branch and `;rport` (RFC 3581 §3), Contact,
 * Supported and Allow from the capabilities, and the body with its Content-Type.
 */
export const newRequest = (spec: NewRequestSpec, entropy: RequestEntropy): E.Either<NewRequestError, SipRequest> => {
  const checked = checkSpec(spec);
  if (E.isLeft(checked)) return checked;
  const seq = checkSeq(entropy.seq);
  if (E.isLeft(seq)) return seq;
  const branch = E.chain(asBrand("branch", makeBranch))(entropyText("branch", entropy.branch));
  if (E.isLeft(branch)) return branch;
  const fromTag = E.chain(asBrand("fromTag", tag))(entropyText("fromTag", entropy.fromTag));
  if (E.isLeft(fromTag)) return fromTag;
  const callId = E.chain(asBrand("callId", makeCallId))(entropyText("callId", entropy.callId));
  if (E.isLeft(callId)) return callId;
  const from = nameAddr(spec.from, [{ name: "tag", value: fromTag.right }]);
  if (E.isLeft(from)) return from;
  const to = nameAddr(spec.to, []);
  if (E.isLeft(to)) return to;
  const via: Via = {
    protocolName: "SIP",
    protocolVersion: "2.0",
    transport: spec.sentBy.transport.toUpperCase(),
    host: spec.sentBy.host,
    ...(spec.sentBy.port === undefined ? {} : { port: spec.sentBy.port }),
    params: [{ name: "rport" }, { name: "branch", value: MAGIC_COOKIE + branch.right }],
  };
  const { uri, route } = target(spec.requestUri, spec.route ?? []);
  const contact = spec.contact === undefined ? [] : [spec.contact._tag === "NameAddr" ? spec.contact : routeEntry(spec.contact)];
  const built = createRequest({
    method: spec.method,
    uri,
    via,
    to: to.right,
    from: from.right,
    callId: callId.right,
    seq: seq.right,
    maxForwards: spec.maxForwards ?? 70,
    contact,
    route,
    headers: [...listHeaders(spec.method, spec.capabilities, spec.body), ...(spec.headers ?? [])],
    ...(spec.body === undefined ? {} : { body: spec.body.bytes }),
  });
  return E.mapLeft((error: HeaderError): NewRequestError => ({ _tag: "BadHeader", error }))(built);
};
