// What TCP and TLS share: a server that accepts connections, an outbound connect for sends to
// an address with no open connection, and the connection table with the §18.3 framer on
// every socket. Only how a socket is made differs (tcp.ts, tls.ts).
import type { Server, Socket } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import { formatAddress } from "../log.js";
import type { Connection } from "./connections.js";
import { ConnectionTable } from "./connections.js";
import type { Address, SendError, StreamOptions, Transport, TransportHooks, TransportName } from "./types.js";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_MESSAGE_BYTES, addressKey, normalizeHost } from "./types.js";

export interface SocketFactory {
  readonly name: Extract<TransportName, "TCP" | "TLS">;
  /** A server whose connection listener is `onSocket`. */
  readonly server: (onSocket: (socket: Socket) => void) => Server;
  /** An outbound socket; `onReady` fires once it can carry data (after the TLS handshake). */
  readonly connect: (destination: Address, onReady: () => void) => Socket;
}

const writeTo =
  (socket: Socket) =>
  (bytes: Uint8Array): Promise<E.Either<SendError, void>> =>
    new Promise((done) => {
      if (socket.destroyed || !socket.writable) {
        done(E.left({ _tag: "Closed", detail: "the connection is closed" }));
        return;
      }
      socket.write(bytes, (error) => {
        done(error instanceof Error ? E.left({ _tag: "Closed", detail: error.message }) : E.right(undefined));
      });
    });

export const listenSocketStream = (factory: SocketFactory, options: StreamOptions, hooks: TransportHooks): Promise<Transport> =>
  new Promise((resolve, reject) => {
    const name = factory.name;
    const table = new ConnectionTable(name, hooks, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const pending = new Map<string, Promise<E.Either<SendError, Connection>>>();
    const sockets = new Set<Socket>();
    let closing = false;
    let local: Address = { host: options.host, port: options.port };

    const adopt = (socket: Socket, remote: Address): Connection => {
      sockets.add(socket);
      const conn = table.add({ write: writeTo(socket), close: () => socket.destroy() }, remote);
      socket.on("data", (chunk: Buffer) => {
        table.feed(conn, local, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      socket.on("error", (error) => {
        hooks.log({ _tag: "Transport", level: "info", transport: name, detail: `${conn.id} ${formatAddress(remote.host, remote.port)}: ${error.message}` });
      });
      socket.on("close", () => {
        sockets.delete(socket);
        table.close(conn, "closed by the peer or the network");
      });
      // The peer half-closed: we have nothing more to read, so end our side too.
      socket.on("end", () => {
        socket.end();
      });
      return conn;
    };

    const server = factory.server((socket) => {
      if (closing || socket.remoteAddress === undefined || socket.remotePort === undefined) {
        socket.destroy();
        return;
      }
      adopt(socket, { host: normalizeHost(socket.remoteAddress), port: socket.remotePort });
    });

    const connect = (destination: Address): Promise<E.Either<SendError, Connection>> => {
      const key = addressKey(destination);
      const inFlight = pending.get(key);
      if (inFlight !== undefined) return inFlight;
      const attempt = new Promise<E.Either<SendError, Connection>>((done) => {
        let settled = false;
        const socket = factory.connect(destination, () => {
          if (settled) return;
          settled = true;
          socket.setTimeout(0);
          socket.off("error", onError);
          done(E.right(adopt(socket, destination)));
        });
        const onError = (error: Error): void => {
          if (settled) return;
          settled = true;
          socket.destroy();
          done(E.left({ _tag: "Unreachable", detail: `${name} ${formatAddress(destination.host, destination.port)}: ${error.message}` }));
        };
        // `on`, not `once`: a second error before the first settles must not go unhandled.
        socket.on("error", onError);
        socket.setTimeout(connectTimeoutMs, () => {
          onError(new Error(`no connection within ${connectTimeoutMs} ms`));
        });
      });
      pending.set(key, attempt);
      void attempt.then(() => pending.delete(key));
      return attempt;
    };

    const transport: Transport = {
      name,
      get local() {
        return local;
      },
      hasConnection: (remote, connection) => table.get(remote, connection) !== undefined,
      send: async (bytes, destination, connection) => {
        if (closing) return E.left({ _tag: "Closed", detail: `the ${name} transport is closed` });
        const open = table.get(destination, connection);
        if (open !== undefined) return send(open, bytes);
        const made = await connect(destination);
        return E.isLeft(made) ? made : send(made.right, bytes);
      },
      close: () =>
        new Promise<void>((done) => {
          if (closing) {
            done();
            return;
          }
          closing = true;
          server.close(() => {
            done();
          });
          table.closeAll("the transport is closing");
          for (const s of sockets) s.destroy();
        }),
    };

    const send = async (conn: Connection, bytes: Uint8Array): Promise<E.Either<SendError, void>> => {
      table.touch(conn);
      const written = await conn.link.write(bytes);
      if (E.isLeft(written)) table.close(conn, written.left.detail);
      return written;
    };

    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      server.on("error", (error) => {
        hooks.log({ _tag: "Transport", level: "error", transport: name, detail: error.message });
      });
      const bound = server.address();
      if (bound !== null && typeof bound === "object") local = { host: normalizeHost(bound.address), port: bound.port };
      resolve(transport);
    });
  });
