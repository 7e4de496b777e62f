// RFC 3261 §16.6 "Request Forwarding", steps 1–6 for one target: what the copy looks like
// before its next hop is known (steps 7–10 need the transport: next-hop.ts, via.ts).
import * as E from "fp-ts/lib/Either.js";
import { findParam, headerValues, Methods, parseNameAddr, prependHeader, printNameAddr, readHeaderList, replaceHeader, setHeader, supportedHeader } from "@puresip/message";
import type { NameAddr, SipRequest, Uri } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { ownAddress, recordRouteValue, secureRecordRouteValue } from "../self.js";

type Step = (request: SipRequest) => E.Either<string, SipRequest>;
const why = <A>(r: E.Either<{ readonly reason: string }, A>): E.Either<string, A> => E.mapLeft((e: { readonly reason: string }) => e.reason)(r);

/**
 * Step 2: "The Request-URI in the copy's start line MUST be replaced with the URI for this
 * target. If the URI contains any parameters not allowed in a Request-URI, they MUST be
 * removed" (§19.1.1, Table 1: `method` and headers are not allowed there).
 */
const requestUri = (target: Uri): Step => (request) => {
  if (target._tag !== "SipUri") return E.right({ ...request, uri: target });
  const params = target.params.filter((p) => p.name.toLowerCase() !== "method");
  return E.right({ ...request, uri: { ...target, params, headers: [] } });
};

/** Step 3: "If the copy contains a Max-Forwards header field, the proxy MUST decrement its value by one ... If ... not, ... add one with a value of 70". */
const maxForwards: Step = (request) =>
  why(setHeader("Max-Forwards", String(request.core.maxForwards === undefined ? 70 : Math.max(0, request.core.maxForwards - 1)))(request));

/** §12.1: the methods that create dialogs, for step 4 ("assuming the request creates a dialog"). */
export const createsDialog = (request: SipRequest): boolean =>
  (request.method === Methods.INVITE || request.method === Methods.SUBSCRIBE || request.method === Methods.REFER) &&
  (request.core.to === undefined || findParam(request.core.to.params, "tag") === undefined);

const knownMethods: ReadonlySet<string> = new Set(Object.values(Methods));

/**
 * Step 4 for a request that creates no dialog, when the proxy record-routes: "If this request
 * is already part of a dialog, the proxy SHOULD insert a Record-Route header field value"
 * (so an endpoint that reconstitutes a failed dialog keeps it, and every NOTIFY carries one,
 * RFC 6665 §4.3), and "it SHOULD add a Record-Route header field value to every request with a
 * method it does not understand since that method may have dialog semantics". An ACK or a
 * CANCEL gets none: no response to them can carry it back.
 */
export const staysOnPath = (request: SipRequest): boolean => {
  if (request.method === Methods.ACK || request.method === Methods.CANCEL) return false;
  const inDialog = request.core.to !== undefined && findParam(request.core.to.params, "tag") !== undefined;
  return inDialog || !knownMethods.has(request.method);
};

const isSips = (uri: Uri | undefined): boolean => uri?._tag === "SipUri" && uri.scheme === "sips";

/**
 * Step 4: a proxy that "wishes to remain on the path of future requests in a dialog created by
 * this request ... MUST insert a Record-Route header field value into the copy before any
 * existing Record-Route header field values, even if a Route header field is already present."
 * For a SIPS Request-URI or topmost Route (after step 6) the value is a SIPS URI, and it is put
 * there even without `recordRoute` when the request came over another transport than TLS; a
 * request that came over TLS and leaves for no SIPS URI gets a SIP one likewise, so the dialog's
 * later requests come back the way the RFC asks.
 */
const recordRoute = (config: ProxyConfig, transport: string): Step => (request) => {
  const secure = isSips(request.uri) || isSips(request.core.route[0]?.uri);
  const overTls = transport.toUpperCase() === "TLS";
  const wanted = createsDialog(request) ? config.recordRoute || secure !== overTls : config.recordRoute && staysOnPath(request);
  if (!wanted) return E.right(request);
  return why(prependHeader("Record-Route", secure ? secureRecordRouteValue(config) : recordRouteValue(config, transport))(request));
};

const isLoose = (a: NameAddr): boolean => a.uri._tag === "SipUri" && findParam(a.uri.params, "lr") !== undefined;

/**
 * Whether step 6 turns the copy of `request` (with the path `vector` preloaded) toward a strict
 * router: its first Route value has no lr parameter. Step 7 then goes by the Request-URI: "If the
 * proxy has reformatted the request to send to a strict-routing element as described in step 6
 * above, the proxy MUST apply those procedures to the Request-URI of the request."
 */
export const toStrictRouter = (request: SipRequest, vector: ReadonlyArray<string> = []): boolean => {
  const [preloaded] = vector;
  const first = preloaded === undefined ? request.core.route[0] : E.getOrElseW(() => undefined)(parseNameAddr(preloaded, "Route"));
  return first !== undefined && !isLoose(first);
};

/**
 * Step 6: "If the copy contains a Route header field, the proxy MUST inspect the URI in its
 * first value. If that URI does not contain an lr parameter, the proxy MUST modify the copy as
 * follows: The proxy MUST place the Request-URI into the Route header field as the last value.
 * The proxy MUST then place the first Route header field value into the Request-URI and remove
 * that value from the Route header field."
 */
const postprocessRoute: Step = (request) => {
  const [first, ...rest] = request.core.route;
  if (first === undefined || isLoose(first)) return E.right(request);
  const last: NameAddr = { _tag: "NameAddr", uri: request.uri, angle: true, params: [] };
  return why(replaceHeader("Route", [...rest, last].map(printNameAddr))({ ...request, uri: first.uri }));
};

/**
 * RFC 3327 §5.2: "When a proxy processing a REGISTER request wishes to be on the path for future
 * requests toward the UA originating that REGISTER request, the proxy inserts a URI for that
 * proxy as the topmost value in the Path header field"; it "SHOULD NOT add a Path header field
 * to a request unless the UA has indicated support for this extension with a Supported header
 * field value". The proxy's own registrar takes the REGISTERs of its domains: these go elsewhere.
 */
const path = (config: ProxyConfig, transport: string): Step => (request) => {
  if (!config.path || request.method !== Methods.REGISTER) return E.right(request);
  const supported = readHeaderList(supportedHeader)(request);
  if (E.isLeft(supported) || !supported.right.some((t) => t.toLowerCase() === "path")) return E.right(request);
  return why(prependHeader("Path", recordRouteValue(config, transport))(request));
};

/**
 * RFC 3327 §5.4: "the home proxy also copies the stored path vector associated with the specific
 * contact ... into the Route header field of the outgoing request as a preloaded route", "by
 * inserting the stored path vector ahead of the Route header field values contained in the
 * incoming request". Step 6 then treats its first value as any other Route.
 */
const preloadedRoute = (vector: ReadonlyArray<string>): Step => (request) =>
  vector.length === 0 ? E.right(request) : why(replaceHeader("Route", [...vector, ...headerValues("Route")(request)])(request));

/**
 * Steps 1–6 for `target`. Step 1 ("make a copy") is free: messages are immutable. Step 5 adds
 * nothing here. `transport` is the one the request came in on (its Record-Route and Path
 * address); `vector` the target's path vector (RFC 3327), none by default.
 */
export const forwardCopy = (config: ProxyConfig, request: SipRequest, target: Uri, transport: string, vector: ReadonlyArray<string> = []): E.Either<string, SipRequest> =>
  E.flatMap(requestUri(target)(request), (r) =>
    // Step 4 looks at the topmost Route "after the post processing of bullet 6": it comes last.
    E.flatMap(maxForwards(r), (m) =>
      E.flatMap(path(config, transport)(m), (p) => E.flatMap(E.flatMap(preloadedRoute(vector)(p), postprocessRoute), recordRoute(config, transport))),
    ),
  );

/**
 * §16.6 step 4 when the request leaves by another transport or address than it came in on
 * (RFC 5658 §5, "double record-routing"): a second value, for the outbound side, on top of the
 * one step 4 put there, so each side of the dialog reaches the proxy the way it talks to it.
 */
export const secondRecordRoute = (config: ProxyConfig, request: SipRequest, inbound: string, outbound: string): E.Either<string, SipRequest> => {
  if (!config.recordRoute || inbound.toUpperCase() === outbound.toUpperCase()) return E.right(request);
  const first = recordRouteValue(config, inbound);
  const second = recordRouteValue(config, outbound);
  const top = request.headers.find((h) => h.name.toLowerCase() === "record-route")?.value;
  const a = ownAddress(config, inbound);
  const b = ownAddress(config, outbound);
  if (top !== first || second === first || (a.host === b.host && a.port === b.port && a.transport === b.transport)) return E.right(request);
  return why(prependHeader("Record-Route", second)(request));
};
