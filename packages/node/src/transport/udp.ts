// UDP (§18.1.1, §18.2.1): one socket per listening address; every datagram is one message,
// parsed on its own. A datagram that does not parse is reported with the error (and what
// could be framed), never thrown: the interpreter answers 400 or drops it (receive.ts).
import { createSocket } from "node:dgram";
import type { RemoteInfo, Socket, SocketOptions } from "node:dgram";
import { lookup } from "node:dns";
import { isIP } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";
import { formatAddress } from "../log.js";
import type { Address, ListenOptions, SendError, Transport, TransportHooks } from "./types.js";
import { DEFAULT_MAX_MESSAGE_BYTES, normalizeHost } from "./types.js";

/** The largest UDP payload over IPv4 (65535 − 20 − 8); IPv6 allows 65527, we keep one limit. */
const MAX_DATAGRAM = 65507;

/**
 * The default receive buffer: room for a few thousand typical datagrams, so a pause of a few
 * hundred milliseconds at thousands of messages a second loses none (the OS default, ~208 KiB,
 * overflowed on a cold `puresip proxy` at 200 calls/s: its 180s and 200s were lost, calls failed).
 */
export const DEFAULT_UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * The socket's name lookup. `send` below only takes IP addresses (RFC 3263 resolved them
 * before), and for those node's default, `dns.lookup`, answers on the next turn of the event
 * loop: one deferred callback per datagram. An address is answered at once here; a name (the
 * host to bind, say "localhost") still goes to `dns.lookup`.
 */
export const literalLookup: NonNullable<SocketOptions["lookup"]> = (hostname, options, callback) => {
  const family = isIP(hostname);
  if (family === 0) lookup(hostname, options, callback);
  else callback(null, hostname, family);
};

/** Listens on UDP (RFC 3261 §18). */
export const listenUdp = (options: ListenOptions, hooks: TransportHooks): Promise<Transport> =>
  new Promise((resolve, reject) => {
    const family = isIP(options.host) === 6 ? "udp6" : "udp4";
    const socket: Socket = createSocket({ type: family, ipv6Only: family === "udp6", recvBufferSize: options.udpReceiveBufferBytes ?? DEFAULT_UDP_RECEIVE_BUFFER_BYTES, lookup: literalLookup });
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    let closed = false;
    const onListenError = (error: Error): void => {
      reject(error);
    };
    socket.once("error", onListenError);
    socket.bind(options.port, options.host, () => {
      socket.off("error", onListenError);
      const bound = socket.address();
      const local: Address = { host: normalizeHost(bound.address), port: bound.port };
      const asked = options.udpReceiveBufferBytes ?? DEFAULT_UDP_RECEIVE_BUFFER_BYTES;
      const granted = socket.getRecvBufferSize();
      // Linux caps SO_RCVBUF at net.core.rmem_max (and reports twice what it granted).
      if (granted < asked)
        hooks.log({ _tag: "Transport", level: "info", transport: "UDP", detail: `socket ${formatAddress(local.host, local.port)}: receive buffer ${granted} octets where ${asked} were asked (the OS caps it: raise net.core.rmem_max)` });
      socket.on("error", (error) => {
        hooks.log({ _tag: "Transport", level: "error", transport: "UDP", detail: `socket ${formatAddress(local.host, local.port)}: ${error.message}` });
      });
      socket.on("message", (msg: Buffer, rinfo: RemoteInfo) => {
        const source: Address = { host: normalizeHost(rinfo.address), port: rinfo.port };
        // A view, not a copy: the parser copies what it keeps.
        const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
        hooks.onInbound({ transport: "UDP", source, local, parsed: parseMessage(bytes, { maxMessageBytes }) });
      });
      const transport: Transport = {
        name: "UDP",
        local,
        hasConnection: () => false,
        receiveBufferBytes: granted,
        send: (bytes, destination) =>
          new Promise<E.Either<SendError, void>>((done) => {
            if (closed) {
              done(E.left({ _tag: "Closed", detail: "the UDP socket is closed" }));
              return;
            }
            if (bytes.length > MAX_DATAGRAM) {
              done(E.left({ _tag: "TooLarge", detail: `${bytes.length} octets do not fit in a UDP datagram (§18.1.1)` }));
              return;
            }
            const kind = isIP(destination.host);
            if (kind === 0 || (kind === 6) !== (family === "udp6")) {
              done(E.left({ _tag: "Unreachable", detail: `${formatAddress(destination.host, destination.port)} is not an IPv${family === "udp6" ? 6 : 4} address` }));
              return;
            }
            socket.send(bytes, destination.port, destination.host, (error) => {
              done(error === null ? E.right(undefined) : E.left({ _tag: "Unreachable", detail: error.message }));
            });
          }),
        close: () =>
          new Promise<void>((done) => {
            if (closed) {
              done();
              return;
            }
            closed = true;
            socket.close(() => {
              done();
            });
          }),
      };
      resolve(transport);
    });
  });
