// RFC 3261 §16.4 "Route Information Preprocessing". Two rules, in the RFC's order:
// - "If the Request-URI of the request contains a value this proxy previously placed into a
//   Record-Route header field, the proxy MUST replace the Request-URI in the request with the
//   last value from the Route header field, and remove that value from the Route header field"
//   (the previous hop was a strict router, §16.6 step 6's reverse);
// - "If the first value in the Route header field indicates this proxy, the proxy MUST remove
//   that value from the request."
// Between the two, a Request-URI whose maddr names this proxy, on a port and transport it
// listens on, loses its maddr, port and transport ("continue processing as if those values had
// not been present"), so §16.5 sees the domain and not an address.
// The values this proxy records are user-less URIs of its own addresses (self.ts); with RFC
// 5658's double record-routing there are two, and both are removed. A value of this proxy with an
// RFC 5626 flow token is not one of them: ../outbound/routing.ts decides what it means.
import * as E from "fp-ts/lib/Either.js";
import { findParam, printNameAddr, replaceHeader } from "@puresip/message";
import type { NameAddr, SipRequest, Uri } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { isFlowUri } from "../outbound/routing.js";
import { defaultPortOf, isOwnHost, isOwnUri } from "../self.js";

const withRoutes = (request: SipRequest, routes: ReadonlyArray<NameAddr>): E.Either<string, SipRequest> =>
  E.mapLeft((e: { readonly reason: string }) => e.reason)(replaceHeader("Route", routes.map(printNameAddr))(request));

/** A Request-URI this proxy put in a Record-Route: one of its own addresses, with no user part. */
const isOwnRecordRoute = (config: ProxyConfig, request: SipRequest): boolean =>
  request.uri._tag === "SipUri" && request.uri.user === undefined && isOwnUri(config, request.uri);

/**
 * "If the Request-URI has a maddr parameter with a value the proxy is responsible for, and the
 * request was received using the port and transport indicated (explicitly or by default) in the
 * Request-URI, the proxy MUST strip the maddr and any non-default port or transport parameter".
 * The port and transport are taken as received when the proxy listens on them (a request names
 * no socket). A maddr of somebody else's is left for §16.5, which sends the request there.
 */
const withoutOwnMaddr = (config: ProxyConfig, uri: Uri): Uri => {
  if (uri._tag !== "SipUri") return uri;
  const maddr = findParam(uri.params, "maddr")?.value;
  if (maddr === undefined || !isOwnHost(config, maddr)) return uri;
  const transport = (findParam(uri.params, "transport")?.value ?? "UDP").toUpperCase();
  const port = uri.port ?? defaultPortOf(transport, uri.scheme === "sips");
  if (!config.self.some((p) => p.port === port && p.transport.toUpperCase() === transport)) return uri;
  const { port: _port, ...rest } = uri;
  return { ...rest, params: uri.params.filter((p) => p.name.toLowerCase() !== "maddr" && p.name.toLowerCase() !== "transport") };
};

/**
 * §16.4 on a received request: a Request-URI this proxy record-routed is replaced by the last
 * Route value (which is removed), a maddr of its own is stripped, then a first Route value of
 * this proxy is removed (with a
 * second one of its own just below, RFC 5658 §5). Left when the Route header field cannot be
 * rewritten.
 */
export const preprocessRoute = (config: ProxyConfig, request: SipRequest): E.Either<string, SipRequest> => {
  let routes = request.core.route;
  let current = request;
  const last = routes[routes.length - 1];
  if (last !== undefined && isOwnRecordRoute(config, request)) {
    routes = routes.slice(0, -1);
    const restored = withRoutes({ ...current, uri: last.uri }, routes);
    if (E.isLeft(restored)) return restored;
    current = restored.right;
  }
  const stripped = withoutOwnMaddr(config, current.uri);
  if (stripped !== current.uri) current = { ...current, uri: stripped };
  const plainOwn = (a: NameAddr | undefined): a is NameAddr => a !== undefined && isOwnUri(config, a.uri) && !isFlowUri(config, a.uri);
  const first = routes[0];
  if (!plainOwn(first)) return E.right(current);
  // RFC 5658 §5: a second value of ours just below (double record-routing, another transport or
  // address of this proxy) goes too; the same value again would be a spiral, and stays.
  const second = routes[1];
  const double = plainOwn(second) && printNameAddr(second) !== printNameAddr(first);
  return withRoutes(current, routes.slice(double ? 2 : 1));
};
