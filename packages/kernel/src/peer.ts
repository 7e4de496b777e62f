// RFC 3261 §18 addresses a message by transport, host and port. Every machine and every
// adapter speaks of destinations and sources in this one shape.
import * as t from "io-ts";

/**
 * A transport address: where a request goes (the result of RFC 3263 resolution) or where a
 * message came from. Plain data, so an adapter can map it to a socket or a connection.
 */
export interface Peer {
  /** The Via transport token: UDP, TCP, TLS, SCTP, WS, WSS. */
  readonly transport: string;
  readonly host: string;
  readonly port: number;
}

/** io-ts codec for a Peer (transport, host, port). */
export const PeerCodec: t.Type<Peer> = t.readonly(t.type({ transport: t.string, host: t.string, port: t.number }));

/** Two addresses are one when transport (any case), host (any case) and port agree. */
export const samePeer = (a: Peer, b: Peer): boolean =>
  a.port === b.port && a.transport.toUpperCase() === b.transport.toUpperCase() && a.host.toLowerCase() === b.host.toLowerCase();
