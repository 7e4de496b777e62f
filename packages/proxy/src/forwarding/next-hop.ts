// RFC 3261 §16.6 step 7 "Determine Next-Hop Address, Port, and Transport": "If the proxy has
// reformatted the request to send to a strict-routing element ... the proxy MUST apply those
// procedures to the Request-URI of the request. Otherwise, the proxy MUST apply the procedures
// to the first value in the Route header field, if present, else the Request-URI" (RFC 3263).
// A numeric host needs no lookup (RFC 3263 §4.2); a name is the engine's `Resolve`.
import { findParam, isIPv4Address, isIPv6Address } from "@puresip/message";
import type { SipRequest, Uri } from "@puresip/message";
import type { Peer } from "@puresip/kernel";
import { defaultPortOf } from "../self.js";

/**
 * Where §16.6 step 7 sends a copy: a numeric host as a transport address (`Peer`), a host name
 * for RFC 3263 resolution with its transport (`Resolve`), or no next hop for a URI that is not
 * SIP or SIPS (`Unroutable`).
 */
export type NextHop =
  | { readonly _tag: "Peer"; readonly peer: Peer }
  | { readonly _tag: "Resolve"; readonly target: Uri; readonly transport: string }
  | { readonly _tag: "Unroutable"; readonly reason: string };

/**
 * RFC 3263 §4.1: the `transport` parameter, else TLS for sips, else `fallback`. `secure` (a SIPS
 * Request-URI) makes any URI count as SIPS: "if the Request-URI specifies a SIPS resource, the
 * proxy MUST follow the procedures of [4] as if the input URI were a SIPS URI" (§16.6 step 7),
 * so a `sip:` Route toward it is reached over TLS too (TCP becomes TLS, §26.2.2).
 */
const transportOf = (uri: Uri & { readonly _tag: "SipUri" }, fallback: string, secure: boolean): string => {
  const p = findParam(uri.params, "transport")?.value?.toUpperCase();
  const sips = secure || uri.scheme === "sips";
  if (p !== undefined && p.length > 0) return sips && p === "TCP" ? "TLS" : p;
  return sips ? "TLS" : fallback.toUpperCase();
};

/**
 * The next hop of a copy after step 6: its first loose Route value, else its Request-URI. With
 * `strict` (step 6 moved a strict router's URI into the Request-URI, `toStrictRouter`), the
 * Request-URI whatever Route values follow.
 */
export const nextHop = (request: SipRequest, fallbackTransport: string, strict = false): NextHop => {
  const first = request.core.route[0];
  const uri = !strict && first !== undefined && first.uri._tag === "SipUri" && findParam(first.uri.params, "lr") !== undefined ? first.uri : request.uri;
  if (uri._tag !== "SipUri") return { _tag: "Unroutable", reason: "only SIP and SIPS URIs have a next hop (RFC 3263)" };
  const secure = request.uri._tag === "SipUri" && request.uri.scheme === "sips";
  const transport = transportOf(uri, fallbackTransport, secure);
  const maddr = findParam(uri.params, "maddr")?.value;
  const host = maddr !== undefined && maddr.length > 0 ? maddr : uri.host.value;
  const numeric = uri.host._tag === "IPv6" || isIPv4Address(host) || isIPv6Address(host);
  if (!numeric) return { _tag: "Resolve", target: uri, transport };
  return { _tag: "Peer", peer: { transport, host, port: uri.port ?? defaultPortOf(transport, secure || uri.scheme === "sips") } };
};
