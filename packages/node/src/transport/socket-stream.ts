// What TCP and TLS share: a server that accepts connections, an outbound connect for sends to
// an address with no open connection, and the connection table with the §18.3 framer on
// every socket. Only how a socket is made differs (tcp.ts, tls.ts). The table holds each
// connection to its limits (connections.ts); here a socket's write buffer is its pending
// output, `pause()` stops reading it and 'drain' says output went out.
import type { Server, Socket } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import { formatAddress } from "../log.js";
import type { Connection, Link } from "./connections.js";
import { ConnectionTable } from "./connections.js";
import type { ResolvedStreamLimits } from "./limits.js";
import { streamLimits } from "./limits.js";
import type { Address, SendError, StreamOptions, Transport, TransportHooks, TransportName } from "./types.js";
import { addressKey, normalizeHost } from "./types.js";

export interface SocketFactory {
  readonly name: Extract<TransportName, "TCP" | "TLS">;
  /** A server whose connection listener is `onSocket`. */
  readonly server: (onSocket: (socket: Socket) => void, limits: ResolvedStreamLimits) => Server;
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

const linkOf = (socket: Socket): Link => ({
  write: writeTo(socket),
  close: () => socket.destroy(),
  buffered: () => socket.writableLength,
  pause: () => socket.pause(),
  resume: () => socket.resume(),
});

export const listenSocketStream = (factory: SocketFactory, options: StreamOptions, hooks: TransportHooks): Promise<Transport> =>
  new Promise((resolve, reject) => {
    const name = factory.name;
    const limits = streamLimits(options);
    if (E.isLeft(limits)) {
      reject(new RangeError(`${name}: ${limits.left}`));
      return;
    }
    const table = new ConnectionTable(name, hooks, limits.right);
    const { connectTimeoutMs } = limits.right;
    const pending = new Map<string, Promise<E.Either<SendError, Connection>>>();
    const sockets = new Set<Socket>();
    let closing = false;
    let local: Address = { host: options.host, port: options.port };

    const adopt = (socket: Socket, remote: Address): Connection => {
      sockets.add(socket);
      const conn = table.add(linkOf(socket), remote);
      socket.on("data", (chunk: Buffer) => {
        table.feed(conn, local, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      socket.on("drain", () => {
        table.drained(conn);
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
    }, limits.right);

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
      connections: () => table.status(),
      send: async (bytes, destination, connection) => {
        if (closing) return E.left({ _tag: "Closed", detail: `the ${name} transport is closed` });
        const open = table.get(destination, connection);
        if (open !== undefined) return table.send(open, bytes);
        const made = await connect(destination);
        return E.isLeft(made) ? made : table.send(made.right, bytes);
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
