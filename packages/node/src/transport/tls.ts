// TLS over TCP (§26.2, RFC 5630): the certificate and key come from the options; outbound
// connections check the peer's certificate against `ca` (or the system store) unless told not to.
import { connect, createServer } from "node:tls";
import type { StreamOptions, Transport, TransportHooks } from "./types.js";
import { listenSocketStream } from "./socket-stream.js";

/** PEM text, or a Buffer holding it. */
export type Pem = string | Buffer;

export interface TlsOptions extends StreamOptions {
  /** PEM certificate chain and private key this server presents (and a client shows, if asked). */
  readonly cert: Pem;
  readonly key: Pem;
  /** Trusted CAs for the peer's certificate; absent: Node's default store. */
  readonly ca?: Pem | ReadonlyArray<Pem>;
  /** Check the server's certificate on outbound connections (default true). */
  readonly rejectUnauthorized?: boolean;
  /**
   * The name to check the server's certificate against (RFC 5922 §7: the domain of the
   * URI that was resolved). Absent: the address connected to.
   */
  readonly servername?: (host: string) => string | undefined;
  /**
   * Mutual authentication (RFC 3261 §26.2.2, §26.3.1): ask every client for its certificate
   * and refuse one that `ca` (or the system store) does not vouch for. Default false: one-way,
   * as UAs seldom hold certificates (§26.3.1).
   */
  readonly requestCert?: boolean;
}

const caList = (ca: TlsOptions["ca"]): Array<Pem> | undefined =>
  ca === undefined ? undefined : typeof ca === "string" || Buffer.isBuffer(ca) ? [ca] : [...ca];

/** Listens on TLS (RFC 3261 §26.2.1). */
export const listenTls = (options: TlsOptions, hooks: TransportHooks): Promise<Transport> => {
  const ca = caList(options.ca);
  return listenSocketStream(
    {
      name: "TLS",
      server: (onSocket, limits) => {
        // A handshake is held to the same deadline as a message: a peer that trickles it, or
        // never starts it, holds nothing long.
        const mutual = options.requestCert ?? false;
        const server = createServer(
          { cert: options.cert, key: options.key, handshakeTimeout: limits.messageTimeoutMs, requestCert: mutual, rejectUnauthorized: mutual, ...(ca === undefined ? {} : { ca }) },
          onSocket,
        );
        // Node only reports a failed or timed-out handshake; the socket stays open until ended here.
        server.on("tlsClientError", (_error, socket) => {
          socket.destroy();
        });
        return server;
      },
      connect: (destination, onReady) => {
        const servername = options.servername?.(destination.host);
        return connect(
          {
            host: destination.host,
            port: destination.port,
            cert: options.cert,
            key: options.key,
            rejectUnauthorized: options.rejectUnauthorized ?? true,
            ...(ca === undefined ? {} : { ca }),
            ...(servername === undefined ? {} : { servername }),
          },
          onReady,
        );
      },
    },
    options,
    hooks,
  );
};
