// TCP (§18): connection-oriented, reliable; messages framed by Content-Length (§18.3).
import { connect, createServer } from "node:net";
import type { StreamOptions, Transport, TransportHooks } from "./types.js";
import { listenSocketStream } from "./socket-stream.js";

/** Listens on TCP (RFC 3261 §18), framing the stream by Content-Length (§18.3). */
export const listenTcp = (options: StreamOptions, hooks: TransportHooks): Promise<Transport> =>
  listenSocketStream(
    {
      name: "TCP",
      server: (onSocket) => createServer({ noDelay: true }, onSocket),
      connect: (destination, onReady) => connect({ host: destination.host, port: destination.port, noDelay: true }, onReady),
    },
    options,
    hooks,
  );
