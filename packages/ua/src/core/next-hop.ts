// §8.1.2: a request goes to its first Route (a loose router; `newRequest` and the dialog's
// request builder already moved a strict router into the Request-URI), else to its
// Request-URI, "using the procedures of [RFC 3263]". RFC 3263 §4.2: a numeric host needs no
// lookup, its port is the URI's or the transport's default; a host name is the shell's to
// resolve (`Resolve`).
import { findParam } from "@puresip/message";
import type { SipRequest, Uri } from "@puresip/message";
import type { Peer } from "@puresip/transaction";
import { defaultPort } from "../response-route.js";

export type NextHop =
  | { readonly _tag: "Peer"; readonly peer: Peer }
  | { readonly _tag: "Resolve"; readonly target: Uri; readonly transport: string }
  | { readonly _tag: "Unroutable"; readonly reason: string };

/** RFC 3263 §4.1: the `transport` parameter, else TLS for a SIPS URI, else the UA's own transport. */
const transportOf = (uri: Uri & { readonly _tag: "SipUri" }, fallback: string): string => {
  const param = findParam(uri.params, "transport")?.value;
  if (param !== undefined && param.length > 0) return param.toUpperCase();
  return uri.scheme === "sips" ? "TLS" : fallback.toUpperCase();
};

export const nextHopOf = (uri: Uri, fallbackTransport: string): NextHop => {
  if (uri._tag !== "SipUri") return { _tag: "Unroutable", reason: `a ${uri._tag === "TelUri" ? "tel" : uri.scheme} URI cannot be routed without a proxy (§8.1.2)` };
  const transport = transportOf(uri, fallbackTransport);
  // §19.1.1 maddr overrides the host.
  const maddr = findParam(uri.params, "maddr")?.value;
  if (uri.host._tag === "Hostname" && (maddr === undefined || maddr.length === 0)) return { _tag: "Resolve", target: uri, transport };
  const host = maddr !== undefined && maddr.length > 0 ? maddr : uri.host.value;
  return { _tag: "Peer", peer: { transport, host, port: uri.port ?? defaultPort(transport) } };
};

/** Where `request` goes first. */
export const nextHop = (request: SipRequest, fallbackTransport: string): NextHop =>
  nextHopOf(request.core.route[0]?.uri ?? request.uri, fallbackTransport);
