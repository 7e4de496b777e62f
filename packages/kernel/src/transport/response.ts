// Where responses go (§18.2.1, §18.2.2, RFC 3581 §4): the server transport stamps the top Via
// of a received request with the packet's source, and later reads the response's top Via
// to pick the destination. Both are plain functions of the Via; sockets stay in the shell.
// The UA core, node's receive path and its wire all use these, so the rule is written once.
import * as E from "fp-ts/lib/Either.js";
import { findParam, isIPv4Address, isIPv6Address, printVia, replaceHeader } from "@puresip/message";
import type { HeaderError, Param, SipRequest, SipResponse, Via } from "@puresip/message";
import { isReliableTransport } from "./reliable.js";

/** The address a request arrived from: an IPv4 or IPv6 address (no brackets) and a port. */
export interface SourceAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Why a request's top Via could not be stamped (§18.2.1, RFC 3581 §4) or a response's
 * destination chosen (§18.2.2): a source that is no IP address and port, no Via at all, a stamped Via
 * the request's Via header field would not take, or an `rport` or `ttl` that is no integer in range.
 */
export type ResponseRouteError =
  | { readonly _tag: "BadSourceAddress"; readonly source: SourceAddress; readonly detail: string }
  | { readonly _tag: "NoVia"; readonly detail: string }
  | { readonly _tag: "BadHeader"; readonly error: HeaderError }
  | { readonly _tag: "BadViaParam"; readonly name: "rport" | "ttl"; readonly value: string; readonly detail: string };

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;

const validSource = (source: SourceAddress): E.Either<ResponseRouteError, SourceAddress> => {
  if (!isIPv4Address(source.host) && !isIPv6Address(source.host)) {
    return E.left({ _tag: "BadSourceAddress", source, detail: "the host must be an IPv4 or IPv6 address, without brackets" });
  }
  return isPort(source.port) ? E.right(source) : E.left({ _tag: "BadSourceAddress", source, detail: "the port must be an integer in [0, 65535]" });
};

const is = (p: Param, name: string): boolean => p.name.toLowerCase() === name;

/**
 * §18.2.1: "If the host portion of the "sent-by" contains a domain name, or if it contains an
 * IP address that differs from the packet source address, the server MUST add a "received"
 * parameter". RFC 3581 §4: with an empty `rport` the server "MUST set the value of the
 * parameter to the source port" and "MUST insert a "received" parameter ... even if it is
 * identical to the value of the "sent-by" component". An existing `received` is replaced in
 * place; a new one goes before `rport` (as in RFC 3581 §6) or last.
 */
export const receivedParams = (topVia: Via, source: SourceAddress): E.Either<ResponseRouteError, Via> =>
  E.map((src: SourceAddress): Via => {
    const rport = findParam(topVia.params, "rport");
    const fillRport = rport !== undefined && (rport.value === undefined || rport.value.length === 0);
    // IP addresses compare case-insensitively; an IPv6 address written in another form than
    // the source only gets a redundant received, which is harmless.
    const sameHost = topVia.host._tag !== "Hostname" && topVia.host.value.toLowerCase() === src.host.toLowerCase();
    const addReceived = fillRport || !sameHost;
    const existing = findParam(topVia.params, "received");
    const hadReceived = existing !== undefined;
    // Already stamped with this very source (by the transport, then again by a core that stamps
    // what it is given): the same value back, nothing to print again.
    const stampedAlready = existing?.name === "received" && existing.value === src.host && topVia.params.filter((p) => is(p, "received")).length === 1;
    if (!fillRport && (!addReceived || stampedAlready)) return topVia;
    const received: Param = { name: "received", value: src.host };
    let inserted = false;
    const params: Array<Param> = [];
    for (const p of topVia.params) {
      if (is(p, "received")) params.push(addReceived ? received : p);
      else if (is(p, "rport")) {
        if (addReceived && !hadReceived && !inserted) {
          params.push(received);
          inserted = true;
        }
        params.push(fillRport && p === rport ? { name: p.name, value: String(src.port) } : p);
      } else params.push(p);
    }
    if (addReceived && !hadReceived && !inserted) params.push(received);
    return { ...topVia, params };
  })(validSource(source));

/**
 * `receivedParams` applied to a received request: its top Via stamped, the other Via values
 * kept in order (each printed on its own line, which §7.3.1 makes equivalent).
 */
export const stampTopVia =
  (source: SourceAddress) =>
  (request: SipRequest): E.Either<ResponseRouteError, SipRequest> => {
    const [top, ...rest] = request.core.via;
    if (top === undefined) return E.left({ _tag: "NoVia", detail: "a request without Via cannot be answered (§18.2.1)" });
    const stamped = receivedParams(top, source);
    if (E.isLeft(stamped)) return stamped;
    if (stamped.right === top) return E.right(request);
    return E.mapLeft((error: HeaderError): ResponseRouteError => ({ _tag: "BadHeader", error }))(
      replaceHeader("Via", [stamped.right, ...rest].map(printVia))(request),
    );
  };

/** Where a response goes (§18.2.2). */
export type ResponseDestination =
  /** A reliable transport whose connection is still open: reply on it. */
  | { readonly _tag: "SameConnection"; readonly transport: string }
  /** `maddr`: the address there, the sent-by port (or 5060), and the multicast TTL (default 1). */
  | { readonly _tag: "Multicast"; readonly transport: string; readonly host: string; readonly port: number; readonly ttl: number }
  /**
   * An address: `received` (with `rport`'s port over an unreliable transport, RFC 3581 §4,
   * sent from the address and port the request came in on), or the sent-by, which a host
   * name makes subject to RFC 3263 §5 resolution (`resolve: true`).
   */
  | {
      readonly _tag: "Address";
      readonly transport: string;
      readonly host: string;
      readonly port: number;
      readonly from: "received" | "rport" | "sent-by";
      readonly resolve: boolean;
    };

/** What §18.2.2 needs beyond the response itself, known only to the transport that holds the connections. */
export interface DestinationContext {
  /** For a reliable transport: is the connection the request came in on still open? */
  readonly reliableConnectionAlive: boolean;
}

/** §19.1.2: 5061 for TLS (sips), 5060 for the others. */
export const defaultPort = (transport: string): number => {
  const t = transport.toUpperCase();
  return t === "TLS" || t === "TLS-SCTP" ? 5061 : 5060;
};

const numericParam = (
  via: Via,
  name: "rport" | "ttl",
  max: number,
): E.Either<ResponseRouteError, number | undefined> => {
  const p = findParam(via.params, name);
  if (p?.value === undefined || p.value.length === 0) return E.right(undefined);
  const v = p.value;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9 || i >= 5) return E.left({ _tag: "BadViaParam", name, value: v, detail: `not an integer in [0, ${max}]` });
    n = n * 10 + c;
  }
  return n <= max ? E.right(n) : E.left({ _tag: "BadViaParam", name, value: v, detail: `not an integer in [0, ${max}]` });
};

/**
 * §18.2.2 "Sending Responses", in its order: the open connection of a reliable transport;
 * else `maddr`; else `received` (the `rport` port for an unreliable transport, RFC 3581 §4,
 * else the sent-by port or the default); else the sent-by itself.
 */
export const responseDestination = (
  response: SipResponse,
  context: DestinationContext,
): E.Either<ResponseRouteError, ResponseDestination> => {
  const via = response.core.via[0];
  if (via === undefined) return E.left({ _tag: "NoVia", detail: "a response without Via cannot be routed (§18.2.2)" });
  const transport = via.transport.toUpperCase();
  const reliable = isReliableTransport(transport);
  if (reliable && context.reliableConnectionAlive) return E.right({ _tag: "SameConnection", transport });
  const sentByPort = via.port ?? defaultPort(transport);
  const maddr = findParam(via.params, "maddr");
  if (maddr?.value !== undefined && maddr.value.length > 0) {
    const host = maddr.value;
    // "using the port indicated in sent-by, or port 5060 if none is present"; "a TTL of 1 if
    // that parameter is not present".
    return E.map((ttl: number | undefined): ResponseDestination => ({ _tag: "Multicast", transport, host, port: via.port ?? 5060, ttl: ttl ?? 1 }))(
      numericParam(via, "ttl", 255),
    );
  }
  const received = findParam(via.params, "received");
  if (received?.value !== undefined && received.value.length > 0) {
    const host = received.value;
    if (reliable) return E.right({ _tag: "Address", transport, host, port: sentByPort, from: "received", resolve: false });
    return E.map(
      (rport: number | undefined): ResponseDestination =>
        rport === undefined
          ? { _tag: "Address", transport, host, port: sentByPort, from: "received", resolve: false }
          : { _tag: "Address", transport, host, port: rport, from: "rport", resolve: false },
    )(numericParam(via, "rport", 65535));
  }
  return E.right({ _tag: "Address", transport, host: via.host.value, port: sentByPort, from: "sent-by", resolve: via.host._tag === "Hostname" });
};
