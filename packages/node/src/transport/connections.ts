// The connection table of one stream transport (§18.1.1, §18.2.2): every open connection by
// id, and by remote address so a request or response to that address reuses it. A connection
// idle for `idleTimeoutMs` (no bytes either way) is closed; the peer reconnects when needed.
import * as E from "fp-ts/lib/Either.js";
import type { FramerState } from "@puresip/message";
import { initFramer, push } from "@puresip/message";
import type { Logger } from "../log.js";
import { formatAddress } from "../log.js";
import type { Address, Inbound, SendError, TransportHooks, TransportName } from "./types.js";
import { addressKey } from "./types.js";

/** One byte pipe to a peer, whatever carries it (a TCP or TLS socket, a WebSocket). */
export interface Link {
  readonly write: (bytes: Uint8Array) => Promise<E.Either<SendError, void>>;
  /** Ends the connection; `close` is called once more by the table when it goes. */
  readonly close: () => void;
}

export interface Connection {
  readonly id: string;
  readonly remote: Address;
  readonly link: Link;
  framer: FramerState;
  readonly idle: ReturnType<typeof setTimeout>;
  closed: boolean;
}

let nextId = 0;

export class ConnectionTable {
  private readonly byId = new Map<string, Connection>();
  private readonly byRemote = new Map<string, Connection>();

  constructor(
    private readonly name: TransportName,
    private readonly hooks: TransportHooks,
    private readonly idleTimeoutMs: number,
    private readonly maxMessageBytes: number,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get log(): Logger {
    return this.hooks.log;
  }

  /** Files a new connection; the latest connection to an address is the one reused. */
  add(link: Link, remote: Address): Connection {
    const id = `${this.name.toLowerCase()}-${++nextId}`;
    const idle = setTimeout(() => {
      this.close(conn, `idle for ${this.idleTimeoutMs} ms`);
    }, this.idleTimeoutMs);
    idle.unref();
    const conn: Connection = { id, remote, link, framer: initFramer({ maxMessageBytes: this.maxMessageBytes, maxBodyBytes: this.maxMessageBytes }), idle, closed: false };
    this.byId.set(id, conn);
    this.byRemote.set(addressKey(remote), conn);
    this.hooks.counters?.add("connections");
    this.hooks.log({ _tag: "Connection", level: "debug", transport: this.name, remote: formatAddress(remote.host, remote.port), state: "open", detail: id });
    return conn;
  }

  get(remote: Address, connection?: string): Connection | undefined {
    const named = connection === undefined ? undefined : this.byId.get(connection);
    return named ?? this.byRemote.get(addressKey(remote));
  }

  /** Bytes went one way or the other: the connection is not idle. */
  touch(conn: Connection): void {
    conn.idle.refresh();
  }

  /** Forgets the connection and ends it (idempotent). */
  close(conn: Connection, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    clearTimeout(conn.idle);
    this.byId.delete(conn.id);
    const key = addressKey(conn.remote);
    if (this.byRemote.get(key) === conn) this.byRemote.delete(key);
    this.hooks.counters?.add("connections", -1);
    this.hooks.log({ _tag: "Connection", level: "debug", transport: this.name, remote: formatAddress(conn.remote.host, conn.remote.port), state: "closed", detail: `${conn.id}: ${reason}` });
    conn.link.close();
  }

  closeAll(reason: string): void {
    for (const conn of [...this.byId.values()]) this.close(conn, reason);
  }

  /** Hands one message (already framed, as on a WebSocket) to the owner. */
  deliver(conn: Connection, local: Address, parsed: Inbound["parsed"]): void {
    this.hooks.onInbound({ transport: this.name, source: conn.remote, local, connection: conn.id, parsed });
  }

  /**
   * Feeds stream bytes through the §18.3 framer. RFC 5626 §3.5.1: a CRLF CRLF ping is
   * answered with CRLF. A stream that cannot be framed any more (a bad Content-Length, a
   * message over the size limit) closes this connection only.
   */
  feed(conn: Connection, local: Address, bytes: Uint8Array): void {
    this.touch(conn);
    const [framer, outputs] = push(conn.framer, bytes);
    conn.framer = framer;
    for (const out of outputs) {
      if (conn.closed) return;
      switch (out._tag) {
        case "Message":
          this.deliver(conn, local, E.right(out.message));
          break;
        case "Invalid":
          this.deliver(conn, local, E.left(out.error));
          break;
        case "Ping":
          void conn.link.write(CRLF);
          break;
        case "Pong":
          break;
        case "FramingError":
          this.hooks.counters?.add("parseErrors");
          this.hooks.log({
            _tag: "ParseError",
            level: "warn",
            transport: this.name,
            source: formatAddress(conn.remote.host, conn.remote.port),
            detail: `${out.error.detail}; closing ${conn.id}`,
            answered: false,
          });
          this.close(conn, out.error.detail);
          return;
        default:
          out satisfies never;
      }
    }
  }
}

const CRLF = new Uint8Array([0x0d, 0x0a]);
