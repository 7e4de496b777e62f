// The immutable SDP data model (RFC 8866 §5). Plain data only: no classes and no closures, so
// a description compares structurally and crosses JSON through the io-ts codecs (codec.ts).
// Field order follows the order RFC 8866 §5 requires on the wire, so a reader can hold the
// model next to the grammar.
import type { Attribute } from "./attributes/model.js";

/** Any `<type>=<value>` line whose type letter RFC 8866 does not define; kept, not dropped. */
export interface UnknownLine {
  readonly type: string;
  readonly value: string;
}

/**
 * o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2).
 * The id and version are decimal strings: real ones exceed 2^53 (NTP-based ids).
 */
export interface Origin {
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly netType: string;
  readonly addrType: string;
  readonly unicastAddress: string;
}

/**
 * c=<nettype> <addrtype> <connection-address> (§5.7). `address` is the host part as written
 * (IPv6 without brackets, RFC 5118 §4.6); `ttl` and `count` are the multicast suffixes
 * (`/ttl/count` for IP4, `/count` for IP6).
 */
export interface Connection {
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
  readonly ttl?: number;
  readonly count?: number;
}

/** b=<bwtype>:<bandwidth> (§5.8), in kilobits per second for CT and AS. */
export interface Bandwidth {
  readonly type: string;
  readonly value: number;
}

/** typed-time (§5.10): a number with an optional d/h/m/s unit, kept as written. */
export interface TypedTime {
  readonly value: number;
  readonly unit?: "d" | "h" | "m" | "s";
}

/** r=<repeat interval> <active duration> <offsets from start-time> (§5.10). */
export interface Repeat {
  readonly interval: TypedTime;
  readonly duration: TypedTime;
  readonly offsets: ReadonlyArray<TypedTime>;
}

/** t=<start-time> <stop-time> (§5.9) with its r= lines. Times are NTP seconds; 0 is unbounded. */
export interface Timing {
  readonly start: number;
  readonly stop: number;
  readonly repeats: ReadonlyArray<Repeat>;
}

/** One `<adjustment time> <offset>` pair of z= (§5.11). */
export interface ZoneAdjustment {
  readonly time: number;
  readonly offset: TypedTime;
}

/** m=<media> <port>[/<number of ports>] <proto> <fmt> ... (§5.14) and its own i, c, b, k, a. */
export interface MediaDescription {
  readonly media: string;
  readonly port: number;
  readonly portCount?: number;
  readonly proto: string;
  readonly formats: ReadonlyArray<string>;
  readonly information?: string;
  readonly connections: ReadonlyArray<Connection>;
  readonly bandwidths: ReadonlyArray<Bandwidth>;
  readonly key?: string;
  readonly attributes: ReadonlyArray<Attribute>;
  readonly unknown: ReadonlyArray<UnknownLine>;
}

/** A whole session description (§5): v, o, s, i, u, e, p, c, b, t, r, z, k, a, then m sections. */
export interface SessionDescription {
  /** v= (§5.1): always 0. */
  readonly version: 0;
  readonly origin: Origin;
  /** s= (§5.3), as written; RFC 8866 asks for a single space when there is no name. */
  readonly sessionName: string;
  readonly information?: string;
  readonly uri?: string;
  readonly emails: ReadonlyArray<string>;
  readonly phones: ReadonlyArray<string>;
  readonly connection?: Connection;
  readonly bandwidths: ReadonlyArray<Bandwidth>;
  readonly timing: ReadonlyArray<Timing>;
  readonly zones: ReadonlyArray<ZoneAdjustment>;
  /** k= (§5.12, obsolete): kept verbatim. */
  readonly key?: string;
  readonly attributes: ReadonlyArray<Attribute>;
  readonly unknown: ReadonlyArray<UnknownLine>;
  readonly media: ReadonlyArray<MediaDescription>;
}

/** What went wrong and where: the 1-based line number, the line as received, and the problem. */
export interface SdpError {
  readonly _tag: "SdpError";
  readonly line: number;
  readonly text: string;
  readonly message: string;
}
