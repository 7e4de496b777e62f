// RFC 3263 §4.1 NAPTR processing: which records apply to a client, in the order to use them.
import type { ResolvedTransport } from "./target.js";

/** A NAPTR record as DNS returns it (RFC 3403). */
export interface NaptrRecord {
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
  readonly order: number;
  readonly preference: number;
}

/** The NAPTR services of RFC 3263 §4.1 and RFC 7118 §9 (D2W), and the transport each names. */
const SERVICES: ReadonlyMap<string, ResolvedTransport> = new Map([
  ["SIP+D2U", "UDP"],
  ["SIP+D2T", "TCP"],
  ["SIPS+D2T", "TLS"],
  ["SIP+D2W", "WS"],
  ["SIPS+D2W", "WSS"],
]);

const isSecure = (t: ResolvedTransport): boolean => t === "TLS" || t === "WSS";

/** A NAPTR record a client may use (RFC 3263 §4.1): its transport and the SRV name to query. */
export interface NaptrChoice {
  readonly transport: ResolvedTransport;
  /** The SRV name to query (the replacement, without its trailing dot). */
  readonly srv: string;
}

/**
 * "a client resolving a SIPS URI MUST discard any services that do not contain "SIPS"";
 * "a client MUST discard any service fields that identify a resolution service whose value is
 * not "D2X", for values of X that indicate transport protocols supported by the client".
 * Only terminal "s" records with an empty regexp point at SRV records (RFC 3263 §4.1). Sorted
 * by order, then preference (RFC 2915).
 */
export const applicableNaptr = (
  records: ReadonlyArray<NaptrRecord>,
  secure: boolean,
  supported: ReadonlySet<ResolvedTransport>,
): ReadonlyArray<NaptrChoice> =>
  [...records]
    .sort((a, b) => a.order - b.order || a.preference - b.preference)
    .flatMap((r): ReadonlyArray<NaptrChoice> => {
      const transport = SERVICES.get(r.service.toUpperCase());
      if (transport === undefined || !supported.has(transport)) return [];
      if (secure && !isSecure(transport)) return [];
      if (r.flags.toLowerCase() !== "s" || r.regexp !== "" || r.replacement === "" || r.replacement === ".") return [];
      return [{ transport, srv: r.replacement.endsWith(".") ? r.replacement.slice(0, -1) : r.replacement }];
    });
