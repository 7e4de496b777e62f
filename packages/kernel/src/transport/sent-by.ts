// What the client transport does to a request (§18.1.1): pick the transport actually used (a
// large request over UDP moves to TCP when the element has it) and write that transport's
// sent-by into the top Via, keeping its branch and other parameters. Decided once, when the
// request is handed to the transaction layer; the stored request is then sent as it is on
// every transmission and retransmission.
import * as E from "fp-ts/lib/Either.js";
import { printVia, replaceHeader, serializeMessage } from "@puresip/message";
import type { Host, SipRequest, Via } from "@puresip/message";
import type { Peer } from "../peer.js";
import { defaultPort } from "./response.js";

/** §18.1.1: "larger than 1300 bytes and the path MTU is unknown". */
export const DEFAULT_TCP_THRESHOLD = 1300;

/** The address an element writes into the Via for one of its transports. */
export interface SentByAddress {
  readonly host: string;
  readonly port: number;
}

/** What an element can send on: each transport's sent-by (by Via token), and §18.1.1's limit. */
export interface ClientTransports {
  readonly sentBy: ReadonlyArray<SentByAddress & { readonly transport: string }>;
  /** Requests over UDP larger than this go over TCP when TCP is listed; `false` never switches. */
  readonly tcpThreshold: number | false;
}

/**
 * §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger than 1300
 * bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914 congestion
 * controlled transport protocol, such as TCP."
 */
export const mustSwitchToTcp = (transport: string, size: number, threshold: number): boolean => transport.toUpperCase() === "UDP" && size > threshold;

const hostOf = (address: string): Host => (address.includes(":") ? { _tag: "IPv6", value: address } : /^[0-9.]+$/.test(address) ? { _tag: "IPv4", value: address } : { _tag: "Hostname", value: address });

/** Whether `via` already names `transport` at `sentBy`: then nothing is printed again. */
export const viaSays = (via: Via, transport: string, sentBy: SentByAddress): boolean =>
  via.transport.toUpperCase() === transport.toUpperCase() && via.host.value === sentBy.host && via.port === sentBy.port;

/**
 * "If this causes a change in the transport protocol from the one indicated in the top Via,
 * the value in the top Via MUST be changed." The sent-by becomes the listening address of the
 * transport used. The same request when it already says so.
 */
export const stampSentBy =
  (transport: string, sentBy: SentByAddress) =>
  (request: SipRequest): E.Either<string, SipRequest> => {
    const [top, ...rest] = request.core.via;
    if (top === undefined) return E.left("a request without Via cannot be sent (§18.1.1)");
    if (viaSays(top, transport, sentBy)) return E.right(request);
    const via = { ...top, transport: transport.toUpperCase(), host: hostOf(sentBy.host), port: sentBy.port };
    const replaced = replaceHeader("Via", [via, ...rest].map(printVia))(request);
    return E.isLeft(replaced) ? E.left(`${replaced.left.header}: ${replaced.left.reason}`) : E.right(replaced.right);
  };

/**
 * §18.1.2: "If the value of the "sent-by" parameter in that header field value does not
 * correspond to a value that the client transport is configured to insert into requests, the
 * response MUST be silently discarded." True when the top Via of a response names one of the
 * element's sent-by addresses (host without case, the port or the transport's default), over
 * any of its transports: a request moved from UDP to TCP says the TCP one.
 */
export const isOwnSentBy = (transports: ClientTransports, via: Via): boolean => {
  const port = via.port ?? defaultPort(via.transport);
  const host = via.host.value.toLowerCase();
  return transports.sentBy.some((s) => s.port === port && s.host.toLowerCase() === host);
};

const sentByOf = (transports: ClientTransports, transport: string): SentByAddress | undefined => {
  const wanted = transport.toUpperCase();
  return transports.sentBy.find((s) => s.transport.toUpperCase() === wanted);
};

/**
 * §18.1.1 for a request about to start its client transaction (or a 2xx's ACK): the top Via
 * names the transport that will carry it and that transport's sent-by. A request over UDP
 * larger than the threshold, when the element has TCP, says TCP while `destination` keeps
 * UDP: the shell sends it over TCP and, should TCP fail to connect, over UDP after all (the
 * "SHOULD" of §18.1.1), the only case in which it writes the Via again. A transport the
 * element does not list leaves the request as it is (the shell reports it cannot send).
 */
export const outboundRequest = (transports: ClientTransports, request: SipRequest, destination: Peer): E.Either<string, SipRequest> => {
  const asked = destination.transport.toUpperCase();
  const own = sentByOf(transports, asked);
  if (own === undefined) return E.right(request);
  const tcp = asked === "UDP" && transports.tcpThreshold !== false ? sentByOf(transports, "TCP") : undefined;
  const threshold = transports.tcpThreshold;
  const large = (r: SipRequest): boolean => threshold !== false && mustSwitchToTcp(asked, serializeMessage(r).length, threshold);
  // Moved to TCP by an earlier decision: that decision stands (a small request saying TCP is
  // one made on TCP for a UDP destination, and is stamped for UDP below).
  const top = request.core.via[0];
  if (tcp !== undefined && top !== undefined && viaSays(top, "TCP", tcp) && large(request)) return E.right(request);
  const stamped = stampSentBy(asked, own)(request);
  if (E.isLeft(stamped) || tcp === undefined || !large(stamped.right)) return stamped;
  return stampSentBy("TCP", tcp)(stamped.right);
};
