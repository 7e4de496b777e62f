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

export type SendError =
  | { readonly _tag: "Closed"; readonly detail: string }
  | { readonly _tag: "TooLarge"; readonly detail: string }
  | { readonly _tag: "Unreachable"; readonly detail: string };

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
  /** Stops accepting, closes every socket; resolves when they are closed. */
  close(): Promise<void>;
}

/** What a transport tells its owner. */
export interface TransportHooks {
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
}

/** Options of stream listeners. */
export interface StreamOptions extends ListenOptions {
  /** A connection idle this long (no bytes either way) is closed. Default 5 minutes. */
  readonly idleTimeoutMs?: number;
  /** Connecting gives up after this long. Default 10 s. */
  readonly connectTimeoutMs?: number;
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
