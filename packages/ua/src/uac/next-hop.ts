// §8.1.2: where a request goes first, "using the procedures of [RFC 3263]". RFC 3263 §4.2: a
// numeric host needs no lookup, its port is the URI's or the transport's default; a host name
// is the shell's to resolve (`Resolve`).
import * as O from "fp-ts/lib/Option.js";
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

const isLooseRouter = (uri: Uri): boolean => uri._tag === "SipUri" && findParam(uri.params, "lr") !== undefined;

/**
 * Where `request` goes first. §8.1.2: "If the first element in the route set indicated a strict
 * router (resulting in forming the request as described in Section 12.2.1.1), the procedures
 * MUST be applied to the Request-URI of the request. Otherwise, the procedures are applied to
 * the first Route header field value in the request (if one exists), or to the request's
 * Request-URI if there is no Route header field present."
 * `routeSet` is the route set the request was formed from, when the sender knows it (a call's
 * dialog, the outbound proxy). Without it the request tells as far as it can: a loose router's
 * request has that router, with `lr`, as its first Route, so a first Route without `lr` means
 * a strict router, now in the Request-URI. (A strict router followed by an entry with `lr`, a
 * loose router or a remote target that has one, looks like a loose router alone: only the
 * route set tells those apart.)
 */
export const nextHop = (request: SipRequest, fallbackTransport: string, routeSet: O.Option<ReadonlyArray<Uri>> = O.none): NextHop => {
  const first = O.isSome(routeSet) ? routeSet.value[0] : request.core.route[0]?.uri;
  const strict = first !== undefined && !isLooseRouter(first);
  return nextHopOf(strict ? request.uri : (request.core.route[0]?.uri ?? request.uri), fallbackTransport);
};
