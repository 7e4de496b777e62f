// RFC 3261 §16.4 "Route Information Preprocessing". Two rules, in the RFC's order:
// - "If the Request-URI of the request contains a value this proxy previously placed into a
//   Record-Route header field, the proxy MUST replace the Request-URI in the request with the
//   last value from the Route header field, and remove that value from the Route header field"
//   (the previous hop was a strict router, §16.6 step 6's reverse);
// - "If the first value in the Route header field indicates this proxy, the proxy MUST remove
//   that value from the request."
// The values this proxy records are user-less URIs of its own addresses (self.ts); with RFC
// 5658's double record-routing there are two, and both are removed. A value of this proxy with an
// RFC 5626 flow token is not one of them: ../outbound/routing.ts decides what it means.
import * as E from "fp-ts/lib/Either.js";
import { printNameAddr, replaceHeader } from "@puresip/message";
import type { NameAddr, SipRequest } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { isFlowUri } from "../outbound/routing.js";
import { isOwnUri } from "../self.js";

const withRoutes = (request: SipRequest, routes: ReadonlyArray<NameAddr>): E.Either<string, SipRequest> =>
  E.mapLeft((e: { readonly reason: string }) => e.reason)(replaceHeader("Route", routes.map(printNameAddr))(request));

/** A Request-URI this proxy put in a Record-Route: one of its own addresses, with no user part. */
const isOwnRecordRoute = (config: ProxyConfig, request: SipRequest): boolean =>
  request.uri._tag === "SipUri" && request.uri.user === undefined && isOwnUri(config, request.uri);

/**
 * §16.4 on a received request: a Request-URI this proxy record-routed is replaced by the last
 * Route value (which is removed), then a first Route value of this proxy is removed (with a
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
  const plainOwn = (a: NameAddr | undefined): a is NameAddr => a !== undefined && isOwnUri(config, a.uri) && !isFlowUri(config, a.uri);
  const first = routes[0];
  if (!plainOwn(first)) return E.right(current);
  // RFC 5658 §5: a second value of ours just below (double record-routing, another transport or
  // address of this proxy) goes too; the same value again would be a spiral, and stays.
  const second = routes[1];
  const double = plainOwn(second) && printNameAddr(second) !== printNameAddr(first);
  return withRoutes(current, routes.slice(double ? 2 : 1));
};
