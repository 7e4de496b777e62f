// The connection table of one stream transport (§18.1.1, §18.2.2): every open connection by
// id, and by remote address so a request or response to that address reuses it. It also holds
// every connection to the limits of types.ts `StreamLimits`, so that no peer can make the
// server's memory or descriptors grow without bound:
// - idle: no bytes either way for `idleTimeoutMs` closes it (the peer reconnects when needed);
// - slow sender: a message not whole `messageTimeoutMs` after its first octet closes it, and
//   later octets do not extend that (a peer trickling one byte at a time holds nothing long);
// - back-pressure: reading pauses while more than `maxBufferedBytes` wait to go out (a peer
//   that sends requests and never reads its answers stops being read), resumes once half went,
//   and the connection closes if that lasts `stalledTimeoutMs`;
// - caps: at `maxConnections`, or `maxConnectionsPerHost` with one address, the connection
//   whose last message is oldest is closed to make room, so a new peer is always served;
// - fairness: what a read brought is handed on a bounded amount per turn (turns.ts).
import * as E from "fp-ts/lib/Either.js";
import type { FramerOutput, FramerState } from "@puresip/message";
import { initFramer, push } from "@puresip/message";
import type { LogLevel, Logger } from "../log.js";
import { formatAddress } from "../log.js";
import type { ResolvedStreamLimits } from "./limits.js";
import type { Address, ConnectionStatus, Inbound, SendError, TransportHooks, TransportName } from "./types.js";
import { Turns } from "./turns.js";
import { addressKey, normalizeHost } from "./types.js";

/** One byte pipe to a peer, whatever carries it (a TCP or TLS socket, a WebSocket). */
export interface Link {
  /** Queues the bytes at once; resolves when they went to the network (or could not). */
  readonly write: (bytes: Uint8Array) => Promise<E.Either<SendError, void>>;
  /** Ends the connection; `close` is called once more by the table when it goes. */
  readonly close: () => void;
  /** Octets written and not yet handed to the network. */
  readonly buffered: () => number;
  /** Stops reading from the peer (back-pressure), and starts again. */
  readonly pause: () => void;
  readonly resume: () => void;
}

type Timer = ReturnType<typeof setTimeout>;

export interface Connection {
  readonly id: string;
  readonly remote: Address;
  readonly link: Link;
  framer: FramerState;
  readonly idle: Timer;
  closed: boolean;
  /** Runs from the first octet of a message that is not whole yet. */
  messageDeadline: Timer | undefined;
  /** Runs while output waits over `maxBufferedBytes` and reading is paused. */
  stalled: Timer | undefined;
  peakBuffered: number;
  /** Octets read and not yet through the framer (at most what one or two reads brought). */
  readonly raw: Array<Chunk>;
  /** What arrived and is not handed on yet. */
  readonly backlog: Array<Arrival>;
}

interface Chunk {
  readonly bytes: Uint8Array;
  readonly local: Address;
}

/** One thing that arrived, with the local address it arrived on. */
interface Arrival {
  readonly out: FramerOutput;
  readonly local: Address;
}

let nextId = 0;

const timer = (ms: number, fire: () => void): Timer => {
  const t = setTimeout(fire, ms);
  t.unref();
  return t;
};

/** The entry a Map met first: in these maps, the connection whose last message is oldest. */
const oldest = (m: ReadonlyMap<string, Connection>): Connection | undefined => m.values().next().value;

const hostKey = (host: string): string => normalizeHost(host).toLowerCase();

export class ConnectionTable {
  /** In order of each connection's last message, oldest first (a Map keeps insertion order). */
  private readonly byId = new Map<string, Connection>();
  private readonly byRemote = new Map<string, Connection>();
  /** Per IP address, in the same order. */
  private readonly byHost = new Map<string, Map<string, Connection>>();
  private readonly turns = new Turns<Connection>({
    serve: (conn, max) => this.flush(conn, max),
    waiting: (conn) => this.waiting(conn),
    emptied: (conn) => {
      this.emptied(conn);
    },
  });

  constructor(
    private readonly name: TransportName,
    private readonly hooks: TransportHooks,
    private readonly limits: ResolvedStreamLimits,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get log(): Logger {
    return this.hooks.log;
  }

  /** Files a new connection, closing the one idle longest when a cap is reached; the latest connection to an address is the one reused. */
  add(link: Link, remote: Address): Connection {
    this.makeRoom(remote);
    const id = `${this.name.toLowerCase()}-${++nextId}`;
    const idle = timer(this.limits.idleTimeoutMs, () => {
      this.close(conn, `idle for ${this.limits.idleTimeoutMs} ms`);
    });
    const { maxMessageBytes } = this.limits;
    const conn: Connection = { id, remote, link, framer: initFramer({ maxMessageBytes, maxBodyBytes: maxMessageBytes }), idle, closed: false, messageDeadline: undefined, stalled: undefined, peakBuffered: 0, raw: [], backlog: [] };
    this.byId.set(id, conn);
    this.byRemote.set(addressKey(remote), conn);
    const host = hostKey(remote.host);
    const peers = this.byHost.get(host) ?? new Map<string, Connection>();
    peers.set(id, conn);
    this.byHost.set(host, peers);
    this.hooks.counters?.add("connections");
    this.hooks.log({ _tag: "Connection", level: "debug", transport: this.name, remote: formatAddress(remote.host, remote.port), state: "open", detail: id });
    return conn;
  }

  private makeRoom(remote: Address): void {
    const { maxConnections, maxConnectionsPerHost } = this.limits;
    const peers = this.byHost.get(hostKey(remote.host));
    for (let victim = peers && oldest(peers); peers !== undefined && peers.size >= maxConnectionsPerHost && victim !== undefined; victim = oldest(peers)) {
      this.close(victim, `${maxConnectionsPerHost} connections with ${remote.host} (maxConnectionsPerHost): the one idle longest makes room`, "warn");
    }
    for (let victim = oldest(this.byId); this.byId.size >= maxConnections && victim !== undefined; victim = oldest(this.byId)) {
      this.close(victim, `${maxConnections} connections open (maxConnections): the one idle longest makes room`, "warn");
    }
  }

  get(remote: Address, connection?: string): Connection | undefined {
    const named = connection === undefined ? undefined : this.byId.get(connection);
    return named ?? this.byRemote.get(addressKey(remote));
  }

  /** Every open connection, idle longest first. */
  status(): ReadonlyArray<ConnectionStatus> {
    return [...this.byId.values()].map((c) => ({ id: c.id, remote: c.remote, bufferedBytes: c.link.buffered(), peakBufferedBytes: c.peakBuffered, paused: c.stalled !== undefined }));
  }

  /** Bytes went one way or the other: the connection is not idle. */
  touch(conn: Connection): void {
    conn.idle.refresh();
  }

  /** A whole message (or keep-alive) went one way or the other: it moves to the back of the eviction order. */
  private active(conn: Connection): void {
    if (conn.closed) return;
    this.byId.delete(conn.id);
    this.byId.set(conn.id, conn);
    const peers = this.byHost.get(hostKey(conn.remote.host));
    peers?.delete(conn.id);
    peers?.set(conn.id, conn);
  }

  /** Forgets the connection and ends it (idempotent). */
  close(conn: Connection, reason: string, level: LogLevel = "debug"): void {
    if (conn.closed) return;
    conn.closed = true;
    clearTimeout(conn.idle);
    clearTimeout(conn.messageDeadline);
    clearTimeout(conn.stalled);
    conn.backlog.length = 0;
    conn.raw.length = 0;
    this.turns.remove(conn);
    this.byId.delete(conn.id);
    const key = addressKey(conn.remote);
    if (this.byRemote.get(key) === conn) this.byRemote.delete(key);
    const host = hostKey(conn.remote.host);
    const peers = this.byHost.get(host);
    peers?.delete(conn.id);
    if (peers?.size === 0) this.byHost.delete(host);
    this.hooks.counters?.add("connections", -1);
    this.hooks.log({ _tag: "Connection", level, transport: this.name, remote: formatAddress(conn.remote.host, conn.remote.port), state: "closed", detail: `${conn.id}: ${reason}` });
    conn.link.close();
  }

  closeAll(reason: string): void {
    for (const conn of [...this.byId.values()]) this.close(conn, reason);
  }

  /**
   * Sends on `conn`. A peer that already left output waiting and would now have more than
   * twice `maxBufferedBytes` is not reading at all: the connection closes rather than grow.
   */
  async send(conn: Connection, bytes: Uint8Array): Promise<E.Either<SendError, void>> {
    const waiting = conn.link.buffered();
    if (waiting > 0 && waiting + bytes.length > 2 * this.limits.maxBufferedBytes) {
      const detail = `${waiting} octets wait unread by the peer; ${bytes.length} more would pass twice maxBufferedBytes (${this.limits.maxBufferedBytes})`;
      this.close(conn, detail, "warn");
      return E.left({ _tag: "Closed", detail });
    }
    this.touch(conn);
    this.active(conn);
    const written = conn.link.write(bytes);
    this.outputGrew(conn);
    const result = await written;
    if (E.isLeft(result)) this.close(conn, result.left.detail);
    else this.drained(conn);
    return result;
  }

  /** Past the bound: stop reading until the peer reads, and give it `stalledTimeoutMs` to. */
  private outputGrew(conn: Connection): void {
    const waiting = conn.link.buffered();
    if (waiting > conn.peakBuffered) conn.peakBuffered = waiting;
    if (conn.closed || conn.stalled !== undefined || waiting <= this.limits.maxBufferedBytes) return;
    conn.link.pause();
    const { stalledTimeoutMs } = this.limits;
    conn.stalled = timer(stalledTimeoutMs, () => {
      this.close(conn, `output stayed over maxBufferedBytes (${this.limits.maxBufferedBytes}) for ${stalledTimeoutMs} ms: the peer does not read`, "warn");
    });
    this.log({ _tag: "Connection", level: "info", transport: this.name, remote: formatAddress(conn.remote.host, conn.remote.port), state: "open", detail: `${conn.id}: ${waiting} octets wait to be sent; reading paused` });
  }

  /** Output went to the network (a write completed, 'drain'): once half the bound is left, read again. */
  drained(conn: Connection): void {
    if (conn.closed || conn.stalled === undefined || conn.link.buffered() > this.limits.maxBufferedBytes / 2) return;
    clearTimeout(conn.stalled);
    conn.stalled = undefined;
    // What was held back goes first; it may fill the output again before the socket is read.
    if (this.holds(conn)) this.turns.add(conn);
    else conn.link.resume();
  }

  /** The first octet of a message arrived (or, on a WebSocket, the first since the last message). */
  messageBegun(conn: Connection): void {
    if (conn.closed) return;
    if (conn.messageDeadline !== undefined) {
      conn.messageDeadline.refresh();
      return;
    }
    const { messageTimeoutMs } = this.limits;
    conn.messageDeadline = timer(messageTimeoutMs, () => {
      this.close(conn, `a message was not whole ${messageTimeoutMs} ms after its first octet (messageTimeoutMs)`, "warn");
    });
  }

  /** Some octets arrived: start the message deadline unless one is running (later octets never extend it). */
  octetsArrived(conn: Connection): void {
    this.touch(conn);
    if (conn.messageDeadline === undefined) this.messageBegun(conn);
  }

  /** Nothing is half received any more. */
  messageEnded(conn: Connection): void {
    clearTimeout(conn.messageDeadline);
    conn.messageDeadline = undefined;
  }

  /** Hands one message (already framed, as on a WebSocket) to the owner, or holds it while reading is paused. */
  deliver(conn: Connection, local: Address, parsed: Inbound["parsed"]): void {
    conn.backlog.push({ out: E.isRight(parsed) ? { _tag: "Message", message: parsed.right } : { _tag: "Invalid", error: parsed.left }, local });
    this.queued(conn);
  }

  private hand(conn: Connection, local: Address, parsed: Inbound["parsed"]): void {
    this.active(conn);
    this.hooks.onInbound({ transport: this.name, source: conn.remote, local, connection: conn.id, parsed });
  }

  /**
   * Feeds stream bytes through the §18.3 framer. RFC 5626 §3.5.1: a CRLF CRLF ping is
   * answered with CRLF. A stream that cannot be framed any more (a bad Content-Length, a
   * message over the size limit) closes this connection only.
   */
  feed(conn: Connection, local: Address, bytes: Uint8Array): void {
    this.octetsArrived(conn);
    conn.raw.push({ bytes, local });
    this.queued(conn);
  }

  /**
   * Runs the next slice of what was read through the framer: parsing is deferred to the
   * turns too, so a read of 64 KiB of small requests is parsed a few dozen at a time.
   */
  private frame(conn: Connection): void {
    const chunk = conn.raw.shift();
    if (chunk === undefined) return;
    const { bytes, local } = chunk;
    if (bytes.length > SLICE) conn.raw.unshift({ bytes: bytes.subarray(SLICE), local });
    const [framer, outputs] = push(conn.framer, bytes.length > SLICE ? bytes.subarray(0, SLICE) : bytes);
    conn.framer = framer;
    // What is left in the framer is the start of the next message: it began in these octets
    // when they completed something, else it began earlier and its deadline runs on.
    if (framer.buffer.length === 0 && conn.raw.length === 0) this.messageEnded(conn);
    else if (framer.buffer.length > 0 && outputs.length > 0) this.messageBegun(conn);
    for (const out of outputs) conn.backlog.push({ out, local });
  }

  /** Has something read and not handed on yet. */
  private holds(conn: Connection): boolean {
    return conn.backlog.length > 0 || conn.raw.length > 0;
  }

  /** Something arrived: it is handed on in a later turn (turns.ts); meanwhile the connection is not read. */
  private queued(conn: Connection): void {
    if (!this.holds(conn) || conn.closed) return;
    conn.link.pause();
    if (conn.stalled === undefined) this.turns.add(conn);
  }

  /** Holds something it may hand on now. */
  private waiting(conn: Connection): boolean {
    return this.holds(conn) && conn.stalled === undefined && !conn.closed;
  }

  /** Turns found nothing to hand on: read again, unless output holds reading back. */
  private emptied(conn: Connection): void {
    if (!this.holds(conn) && conn.stalled === undefined && !conn.closed) conn.link.resume();
  }

  /**
   * Hands on at most `max` of what arrived, in order, stopping when reading pauses: an owner
   * that answers at once cannot take the output past the bound by more than one answer,
   * whatever one read held. Returns how many were handed on.
   */
  private flush(conn: Connection, max: number): number {
    let handed = 0;
    while (handed < max && conn.stalled === undefined && !conn.closed) {
      if (conn.backlog.length === 0) this.frame(conn);
      const next = conn.backlog.shift();
      if (next === undefined) {
        if (conn.raw.length > 0) continue;
        return handed;
      }
      handed++;
      const { out, local } = next;
      switch (out._tag) {
        case "Message":
          this.hand(conn, local, E.right(out.message));
          break;
        case "Invalid":
          this.hand(conn, local, E.left(out.error));
          break;
        case "Ping":
          this.active(conn);
          void this.send(conn, CRLF);
          break;
        case "Pong":
          this.active(conn);
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
          return handed;
        default:
          out satisfies never;
      }
    }
    return handed;
  }
}

const CRLF = new Uint8Array([0x0d, 0x0a]);
/** Octets run through the framer at a time. */
const SLICE = 4096;
