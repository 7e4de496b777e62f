// §18 (Transport), the rules every element and every shell share: which transports are
// reliable, where a response goes and how a received request's Via is stamped, and the
// sent-by and transport of an outgoing request.
export { isReliableTransport } from "./reliable.js";
export type { DestinationContext, ResponseDestination, ResponseRouteError, SourceAddress } from "./response.js";
export { defaultPort, receivedParams, responseDestination, stampTopVia } from "./response.js";
export type { ClientTransports, SentByAddress } from "./sent-by.js";
export { DEFAULT_TCP_THRESHOLD, isOwnSentBy, mustSwitchToTcp, outboundRequest, stampSentBy, viaSays } from "./sent-by.js";
