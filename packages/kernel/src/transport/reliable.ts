// §18's reliability rule, written once: which transports retransmit (§17.1.1.2, §17.1.2.2),
// which answer on the request's connection (§18.2.2) and which §18.1.1's size limit concerns.

/**
 * §18: UDP is the only unreliable transport RFC 3261 and RFC 7118 define ("TCP or SCTP, or
 * TLS over those", and WebSocket, are reliable).
 */
export const isReliableTransport = (transport: string): boolean => transport.toUpperCase() !== "UDP";
