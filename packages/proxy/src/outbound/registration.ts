// RFC 5626 §6 at the proxy's own registrar, when the UA registers straight to it. "If the UAC
// has a direct flow with the registrar, the registrar MUST store enough information to uniquely
// identify the network flow over which the request arrived ... The registrar MAY store this
// information by adding itself to the Path header field with an appropriate flow token": so the
// REGISTER gets this proxy's Path value with the flow token and `ob` (§5.1) before @puresip/ua's
// registrar stores it, and RFC 3327 §5.4's preloaded Route then leads every request for that
// binding back to the proxy, which sends it over the flow (./routing.ts). A re-registration
// over a new flow replaces the binding (same instance and reg-id) and so its flow: §6's "MUST
// update any information that uniquely identifies the network flow".
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import { contactHeader, findParam, Methods, pathHeader, prependHeader, readHeaderList, requireHeader, supportedHeader } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { isOwnUri, ownAddress } from "../self.js";
import { flowToken, readFlowToken } from "./flow-token.js";

const hasTag = (tags: E.Either<unknown, ReadonlyArray<string>>, tag: string): boolean => E.isRight(tags) && tags.right.some((t) => t.toLowerCase() === tag);

/**
 * §6: outbound processing applies to a REGISTER with the `outbound` option-tag in Supported
 * whose Contact has `+sip.instance` and `reg-id` (a reg-id without an instance is ignored),
 * from the first hop: one Via, so the flow it came on is the UA's own (§5.1: "as indicated by
 * the Via header field").
 */
export const isOutboundRegister = (request: SipRequest): boolean => {
  if (request.method !== Methods.REGISTER || request.core.via.length !== 1) return false;
  if (!hasTag(readHeaderList(supportedHeader)(request), "outbound")) return false;
  const contacts = readHeaderList(contactHeader)(request);
  return E.isRight(contacts) && contacts.right.some((c) => c._tag !== "Wildcard" && findParam(c.params, "reg-id") !== undefined && findParam(c.params, "+sip.instance") !== undefined);
};

const hostPort = (p: Peer): string => `${p.host.includes(":") ? `[${p.host}]` : p.host}:${String(p.port)}`;

/** This proxy's URI on `flow`'s transport with the flow's token as its user part; `ob` for a Path value (§5.1). */
export const flowUri = (key: Uint8Array, config: ProxyConfig, flow: Peer, ob: boolean): string => {
  const me = ownAddress(config, flow.transport);
  const tp = me.transport.toUpperCase() === "UDP" ? "" : `;transport=${me.transport.toLowerCase()}`;
  return `<sip:${flowToken(key, flow)}@${hostPort(me)}${tp};lr${ob ? ";ob" : ""}>`;
};

/** The REGISTER with this proxy's flow Path on top when §6 applies (and the proxy has a flow key); else as it was. */
export const withFlowPath = (config: ProxyConfig, request: SipRequest, source: Peer): SipRequest => {
  if (O.isNone(config.flowKey) || !isOutboundRegister(request)) return request;
  const added = prependHeader("Path", flowUri(config.flowKey.value, config, source, true))(request);
  return E.isRight(added) ? added.right : request;
};

/**
 * §6: "Provided that the UAC had included an outbound option-tag ... in a Supported header field
 * value in the REGISTER request, the registrar MUST include the outbound option-tag in a Require
 * header field value in its response to that REGISTER request." The 2xx of a REGISTER that got
 * this proxy's flow Path (which the registrar copies into it, RFC 3327 §5.3) is such a response.
 */
export const withRequireOutbound = (config: ProxyConfig, response: SipResponse): SipResponse => {
  if (O.isNone(config.flowKey) || response.status < 200 || response.status >= 300 || response.core.cseq?.method !== Methods.REGISTER) return response;
  const path = readHeaderList(pathHeader)(response);
  const top = E.isRight(path) ? path.right[0] : undefined;
  if (top === undefined || top.uri._tag !== "SipUri" || !isOwnUri(config, top.uri) || findParam(top.uri.params, "ob") === undefined) return response;
  if (readFlowToken(config.flowKey.value, top.uri.user)._tag !== "Flow") return response;
  if (hasTag(readHeaderList(requireHeader)(response), "outbound")) return response;
  const required = prependHeader("Require", "outbound")(response);
  return E.isRight(required) ? required.right : response;
};
