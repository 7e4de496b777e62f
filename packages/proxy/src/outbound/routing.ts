// RFC 5626 §5.3 "Forwarding Non-REGISTER Requests" at a proxy that is the UAs' first hop and
// their registrar: a Route value of this proxy with a flow token names a flow. "If the flow in
// the flow token identified by the topmost Route header field value matches the source IP
// address and port of the request, the request is an 'outgoing' request; otherwise, it is an
// 'incoming' request." An outgoing one's value is removed on arrival (§16.4 for this proxy); an
// incoming one is kept until the copy for a target is made, which then leaves over the flow
// (§5.3.1, §7) instead of by RFC 3263: it may name a Path the registrar stored (RFC 3327 §5.4's
// preloaded Route) or a Record-Route of ours in a dialog's route set.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import { samePeer } from "@puresip/kernel";
import { findParam, headerValues, printNameAddr, replaceHeader } from "@puresip/message";
import type { NameAddr, SipRequest, Uri } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { createsDialog } from "../forwarding/copy.js";
import { isOwnUri, recordRouteValue } from "../self.js";
import type { FlowTokenReading } from "./flow-token.js";
import { readFlowToken } from "./flow-token.js";
import { flowUri } from "./registration.js";

const reading = (config: ProxyConfig, uri: Uri): FlowTokenReading =>
  O.isNone(config.flowKey) || uri._tag !== "SipUri" || !isOwnUri(config, uri) ? { _tag: "NotToken" } : readFlowToken(config.flowKey.value, uri.user);

/** A URI of this proxy carrying a flow token (good or tampered): §16.4's plain removal leaves it to these rules. */
export const isFlowUri = (config: ProxyConfig, uri: Uri): boolean => reading(config, uri)._tag !== "NotToken";

const withRoutes = (request: SipRequest, routes: ReadonlyArray<NameAddr>): E.Either<string, SipRequest> =>
  E.mapLeft((e: { readonly reason: string }) => e.reason)(replaceHeader("Route", routes.map(printNameAddr))(request));

/** Why a flow-token Route stops a request: §5.3.1 "If the flow token has been tampered with, the proxy SHOULD send a 403 (Forbidden)". */
export interface FlowRefusal {
  readonly status: 403 | 400;
  readonly reason: string;
}

const forged: FlowRefusal = { status: 403, reason: "a flow token of this proxy was tampered with (RFC 5626 §5.3.1)" };

/** On arrival: this proxy's flow-token Route values on top that name the flow the request came on (outgoing requests) go. */
export const dropOutgoingFlowRoutes = (config: ProxyConfig, request: SipRequest, source: Peer): E.Either<FlowRefusal, SipRequest> => {
  let n = 0;
  for (const route of request.core.route) {
    const r = reading(config, route.uri);
    if (r._tag === "Forged") return E.left(forged);
    if (r._tag === "NotToken" || !samePeer(r.flow, source)) break;
    n += 1;
  }
  if (n === 0) return E.right(request);
  return E.mapLeft((reason: string): FlowRefusal => ({ status: 400, reason }))(withRoutes(request, request.core.route.slice(n)));
};

/**
 * §5.3.2 "For mid-dialog requests to work with outbound UAs, the requests need to be forwarded
 * over some valid flow": a dialog-forming request straight from a UA (one Via) whose Contact URI
 * has `ob` gets a Record-Route of this proxy with the token of the flow it came on (the RFC's
 * implementation note), before the copies are made, so the dialog's requests toward that UA
 * come back to this proxy and leave over that flow.
 */
export const recordOutgoingFlow = (config: ProxyConfig, request: SipRequest, source: Peer): SipRequest => {
  if (O.isNone(config.flowKey) || request.core.via.length !== 1 || !createsDialog(request)) return request;
  const contact = request.core.contact[0];
  if (contact === undefined || contact._tag === "Wildcard" || contact.uri._tag !== "SipUri" || findParam(contact.uri.params, "ob") === undefined) return request;
  const recorded = replaceHeader("Record-Route", [flowUri(config.flowKey.value, config, source, false), ...headerValues("Record-Route")(request)])(request);
  return E.isRight(recorded) ? recorded.right : request;
};

/** Where a copy goes: by §16.6 step 7 as usual, over a flow this proxy holds, or nowhere (a tampered token). */
export type FlowHop =
  | { readonly _tag: "Usual" }
  | { readonly _tag: "Flow"; readonly request: SipRequest; readonly flow: Peer }
  | { readonly _tag: "Refused"; readonly refusal: FlowRefusal };

/**
 * §5.3.1 for a copy whose top Route is this proxy with a flow token: "the proxy removes the
 * Route header field value and forwards the request over the 'logical flow' identified by the
 * flow token". With `ob` (the value came from a registration's Path) and a dialog-forming
 * request, "the proxy needs to adjust the route set ... add a Record-Route header field value
 * that contains the flow-token, by copying the URI in the Route header minus the 'ob'
 * parameter"; it takes the place of a plain Record-Route of this proxy on top (step 4's), which
 * would only repeat it.
 */
export const flowHop = (config: ProxyConfig, copy: SipRequest): FlowHop => {
  const [top, ...rest] = copy.core.route;
  if (top === undefined) return { _tag: "Usual" };
  const r = reading(config, top.uri);
  switch (r._tag) {
    case "NotToken":
      return { _tag: "Usual" };
    case "Forged":
      return { _tag: "Refused", refusal: forged };
    case "Flow":
      break;
  }
  const routed = withRoutes(copy, rest);
  if (E.isLeft(routed)) return { _tag: "Refused", refusal: { status: 400, reason: routed.left } };
  if (top.uri._tag !== "SipUri" || findParam(top.uri.params, "ob") === undefined || !createsDialog(copy)) return { _tag: "Flow", request: routed.right, flow: r.flow };
  const recorded = printNameAddr({ ...top, uri: { ...top.uri, params: top.uri.params.filter((p) => p.name.toLowerCase() !== "ob") } });
  const existing = headerValues("Record-Route")(routed.right);
  const plain = config.self.some((p) => existing[0] === recordRouteValue(config, p.transport));
  const values = [recorded, ...(plain ? existing.slice(1) : existing)];
  const withRecord = replaceHeader("Record-Route", values)(routed.right);
  return E.isRight(withRecord) ? { _tag: "Flow", request: withRecord.right, flow: r.flow } : { _tag: "Refused", refusal: { status: 400, reason: withRecord.left.reason } };
};
