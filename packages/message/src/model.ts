// The immutable data model. Everything here is plain data: no classes, no closures, so a
// message can be compared structurally, serialised to JSON (codec.ts) and shared freely.
import type { CallId, Method } from "./brand.js";

/** A `name[=value]` parameter as written: names keep their case, values keep quotes. */
export interface Param {
  readonly name: string;
  /** Absent for a flag parameter such as `;lr`. */
  readonly value?: string;
}

/** host = hostname / IPv4address / IPv6reference (§25.1, RFC 5954). */
export type Host =
  | { readonly _tag: "Hostname"; readonly value: string }
  | { readonly _tag: "IPv4"; readonly value: string }
  /** `value` is the address without brackets, as written. */
  | { readonly _tag: "IPv6"; readonly value: string };

/** SIP-URI / SIPS-URI (§19.1). `user` and `password` stay in their escaped form (§19.1.2). */
export interface SipUri {
  readonly _tag: "SipUri";
  readonly scheme: "sip" | "sips";
  readonly user?: string;
  readonly password?: string;
  readonly host: Host;
  readonly port?: number;
  readonly params: ReadonlyArray<Param>;
  readonly headers: ReadonlyArray<Param>;
}

/** tel URI (RFC 3966): the subscriber number as written and its parameters. */
export interface TelUri {
  readonly _tag: "TelUri";
  readonly number: string;
  readonly params: ReadonlyArray<Param>;
}

/** Any other absoluteURI (§25.1), kept opaque: `scheme:rest`. */
export interface AbsoluteUri {
  readonly _tag: "AbsoluteUri";
  readonly scheme: string;
  readonly rest: string;
}

/** A URI as SIP carries it (RFC 3261 §19.1, §25.1): sip/sips, tel (RFC 3966) or any other absolute URI. */
export type Uri = SipUri | TelUri | AbsoluteUri;

/**
 * name-addr / addr-spec with header parameters (From, To, Contact, Route, Record-Route,
 * Reply-To, Refer-To, P-Asserted-Identity, ...). `angle` records whether the URI was written
 * in `<...>`: a URI with `;`, `,` or `?` must be (§20.10), and printing keeps the form.
 */
export interface NameAddr {
  readonly _tag: "NameAddr";
  /** The display name as written, quotes included when it was quoted. */
  readonly displayName?: string;
  readonly uri: Uri;
  readonly angle: boolean;
  readonly params: ReadonlyArray<Param>;
}

/** `Contact: *` (§10.2.2, §20.10). */
export interface ContactWildcard {
  readonly _tag: "Wildcard";
}

/** One Contact value (RFC 3261 §20.10): a name-addr, or the `*` of a REGISTER that removes every binding. */
export type ContactValue = NameAddr | ContactWildcard;

/** via-parm (§20.42): sent-protocol, sent-by and parameters in order. */
export interface Via {
  readonly protocolName: string;
  readonly protocolVersion: string;
  readonly transport: string;
  readonly host: Host;
  readonly port?: number;
  readonly params: ReadonlyArray<Param>;
}

/** CSeq (§20.16): a 32-bit sequence number and the request method. */
export interface CSeq {
  readonly seq: number;
  readonly method: Method;
}

/** One header field line as the peer sent it: name as written, value with folding unfolded. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/**
 * The headers every layer needs, parsed once with the message. Always derived from
 * `headers`: the builders recompute it whenever they touch one of these fields.
 * Single-value headers hold the first occurrence; validateMessage reports duplicates.
 */
export interface CoreHeaders {
  readonly via: ReadonlyArray<Via>;
  readonly from?: NameAddr;
  readonly to?: NameAddr;
  readonly callId?: CallId;
  readonly cseq?: CSeq;
  readonly maxForwards?: number;
  readonly contentLength?: number;
  readonly contact: ReadonlyArray<ContactValue>;
  readonly route: ReadonlyArray<NameAddr>;
  readonly recordRoute: ReadonlyArray<NameAddr>;
}

/** A SIP request (RFC 3261 §7.1): method, Request-URI, the typed core headers, every header as received, and the body. */
export interface SipRequest {
  readonly _tag: "Request";
  readonly method: Method;
  readonly uri: Uri;
  /** `SIP/2.0` for every message RFC 3261 elements accept; kept so 505 can be answered. */
  readonly version: string;
  readonly headers: ReadonlyArray<HeaderField>;
  readonly core: CoreHeaders;
  /** Treat as read-only: a message never changes after it is built. */
  readonly body: Uint8Array;
}

/** A SIP response (RFC 3261 §7.2): status code, reason phrase, the typed core headers, every header as received, and the body. */
export interface SipResponse {
  readonly _tag: "Response";
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<HeaderField>;
  readonly core: CoreHeaders;
  readonly body: Uint8Array;
}

/** A SIP message (RFC 3261 §7): a request or a response. */
export type SipMessage = SipRequest | SipResponse;

