// Where responses go (§18.2.1, §18.2.2, RFC 3581 §4) is one of §18's rules, written once in
// @puresip/kernel for the UA core and the shells alike; re-exported here for the UA's users.
export type { DestinationContext, ResponseDestination, ResponseRouteError, SourceAddress } from "@puresip/kernel";
export { defaultPort, receivedParams, responseDestination, stampTopVia } from "@puresip/kernel";
