// RFC 3263 §4: what resolution yields, a list of targets to try in order (§4.3 failover).

/** A transport a resolved target can name. */
export type ResolvedTransport = "UDP" | "TCP" | "TLS" | "WS" | "WSS";

/** One place to send a request (RFC 3263 §4): transport, address and port, and the domain it was found for. */
export interface Target {
  readonly transport: ResolvedTransport;
  /** An IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** The domain this address was found for (TLS checks its certificate against it, RFC 5922). */
  readonly name?: string;
}

/** §19.1.2 / RFC 7118: 5060 for UDP, TCP and WS; 5061 for TLS; WSS 443 has no SIP default, so 5061. */
export const defaultPortOf = (t: ResolvedTransport): number => (t === "TLS" || t === "WSS" ? 5061 : 5060);

/** The Via transport token the `transport` URI parameter names (§19.1.1), secured for SIPS. */
export const transportFromParam = (param: string, secure: boolean): ResolvedTransport | undefined => {
  switch (param.toLowerCase()) {
    case "udp":
      return secure ? undefined : "UDP";
    case "tcp":
      return secure ? "TLS" : "TCP";
    case "tls":
      return "TLS";
    case "ws":
      return secure ? "WSS" : "WS";
    case "wss":
      return "WSS";
    default:
      return undefined;
  }
};

/** RFC 3263 §4.2: the SRV name for a transport chosen without NAPTR. */
export const srvNameOf = (transport: ResolvedTransport, domain: string): string | undefined => {
  switch (transport) {
    case "UDP":
      return `_sip._udp.${domain}`;
    case "TCP":
      return `_sip._tcp.${domain}`;
    case "TLS":
      return `_sips._tcp.${domain}`;
    case "WS":
    case "WSS":
      return undefined;
    default:
      return transport satisfies never;
  }
};
