// What every transport offers the interpreter: send bytes to an address, report what arrives,
// close. Stream transports (TCP, TLS, WS) keep a connection table so a send to an address
// reuses the open connection to it (§18.1.1, §18.2.2), and responses go back on the
// connection their request came in on.
import type * as E from "fp-ts/lib/Either.js";
import type { ParseError, SipMessage } from "@puresip/message";
import type { Counters, Logger } from "../log.js";

/** The Via transport tokens this package speaks (§18, RFC 7118 §5). */
export type TransportName = "UDP" | "TCP" | "TLS" | "WS" | "WSS";

/** An IP address (no brackets around IPv6) and a port. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/** What arrived, from where, on which transport and connection. */
export interface Inbound {
  readonly transport: TransportName;
  readonly source: Address;
  /** The local address it arrived on. */
  readonly local: Address;
  /** Stream transports: the connection it came on (responses go back on it, §18.2.2). */
  readonly connection?: string;
  /** The message, or why it does not parse (with what could be framed, for a 400). */
  readonly parsed: E.Either<ParseError, SipMessage>;
}

/** Why a message could not be sent (RFC 3261 §18.4: a transport error the transaction layer hears of). */
export type SendError =
  | { readonly _tag: "Closed"; readonly detail: string }
  | { readonly _tag: "TooLarge"; readonly detail: string }
  | { readonly _tag: "Unreachable"; readonly detail: string };

/** One listening transport (UDP, TCP, TLS, WS or WSS): sends messages and reports what it receives. */
export interface Transport {
  readonly name: TransportName;
  /** Where it listens (the port the OS chose when 0 was asked for). */
  readonly local: Address;
  /**
   * Sends one message. Streams reuse an open connection to `destination` (or the connection
   * named `connection`, when it is still open) and connect otherwise. Never rejects.
   */
  send(bytes: Uint8Array, destination: Address, connection?: string): Promise<E.Either<SendError, void>>;
  /** Is a connection to `remote` (or named `connection`) open? Always false for UDP. */
  hasConnection(remote: Address, connection?: string): boolean;
  /** UDP: the kernel receive buffer the OS granted, in octets as it reports it (Linux: twice what it set). */
  readonly receiveBufferBytes?: number;
  /** Stream transports: every open connection and what it holds (absent for UDP). */
  readonly connections?: () => ReadonlyArray<ConnectionStatus>;
  /** Stops accepting, closes every socket; resolves when they are closed. */
  close(): Promise<void>;
}

/** What a transport tells its owner. */
export interface TransportHooks {
  /** Receives each inbound message with where it came from. */
  readonly onInbound: (inbound: Inbound) => void;
  readonly log: Logger;
  readonly counters?: Counters;
}

/** Options every listener takes. */
export interface ListenOptions {
  /** Local address; "0.0.0.0", "::", "127.0.0.1", "::1", ... */
  readonly host: string;
  /** 0 lets the OS choose. */
  readonly port: number;
  /** Largest message accepted (default 65535, §18.1.1 for UDP); a stream peer exceeding it is disconnected. */
  readonly maxMessageBytes?: number;
  /** UDP only: the socket's kernel receive buffer in bytes (default 4 MiB, capped by the OS). */
  readonly udpReceiveBufferBytes?: number;
}

/**
 * What one stream connection may cost, so that no peer (or set of peers) makes the server's
 * memory or descriptors grow without bound. Each has a safe default (limits.ts).
 */
export interface StreamLimits {
  /**
   * Back-pressure: while more than this many octets wait to go out on a connection, the
   * server stops reading from it; it reads again once half have gone. A write that would take
   * the connection past twice this is refused and the connection closed. Default 256 KiB.
   */
  readonly maxBufferedBytes?: number;
  /** A connection whose output stays over `maxBufferedBytes` this long is closed. Default 30 s. */
  readonly stalledTimeoutMs?: number;
  /**
   * A message must be complete this long after its first octet arrived, or the connection is
   * closed (a slow sender, "slowloris"); later octets do not extend it. Default 30 s.
   */
  readonly messageTimeoutMs?: number;
  /** Open connections on this transport at most; at the cap the one idle longest is closed for the new one. Default 1000. */
  readonly maxConnections?: number;
  /** Open connections with one IP address at most, by the same rule. Default 100. */
  readonly maxConnectionsPerHost?: number;
}

/** Options of stream listeners. */
export interface StreamOptions extends ListenOptions, StreamLimits {
  /** A connection idle this long (no bytes either way) is closed. Default 5 minutes. */
  readonly idleTimeoutMs?: number;
  /** Connecting gives up after this long. Default 10 s. */
  readonly connectTimeoutMs?: number;
}

/** One open stream connection, as an operator (or a test) sees it. */
export interface ConnectionStatus {
  readonly id: string;
  readonly remote: Address;
  /** Octets written and not yet handed to the network. */
  readonly bufferedBytes: number;
  /** The most `bufferedBytes` has been since the connection opened. */
  readonly peakBufferedBytes: number;
  /** Reading is paused until the peer reads what waits for it. */
  readonly paused: boolean;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 65535;
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Strips the brackets and IPv4-mapped prefix Node may report for an IPv6 socket. */
export const normalizeHost = (host: string): string => {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare.toLowerCase().startsWith("::ffff:") && bare.includes(".") ? bare.slice(7) : bare;
};

export const addressKey = (a: Address): string => `${normalizeHost(a.host).toLowerCase()}|${a.port}`;
