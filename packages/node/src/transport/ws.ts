// SIP over WebSocket (RFC 7118): the `sip` subprotocol, one SIP message per WebSocket message
// (§5: "each SIP message MUST be carried within a single WebSocket message"), so no
// Content-Length framing; text frames when the message is UTF-8, binary otherwise. A message
// over the size limit ends that connection (close code 1009), never the process. The stream
// limits (connections.ts) hold here too: `bufferedAmount` is a connection's pending output,
// `pause()` stops reading it, and a message (or the HTTP upgrade) must be whole within
// `messageTimeoutMs` of its first octet.
import { isUtf8 } from "node:buffer";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Socket } from "node:net";
import { createServer as createHttpsServer } from "node:https";
import * as E from "fp-ts/lib/Either.js";
import WebSocket, { WebSocketServer } from "ws";
import type { RawData } from "ws";
import { parseMessage } from "@puresip/message";
import { formatAddress } from "../log.js";
import type { Connection } from "./connections.js";
import { ConnectionTable } from "./connections.js";
import type { Pem } from "./tls.js";
import { streamLimits } from "./limits.js";
import type { Address, SendError, StreamOptions, Transport, TransportHooks } from "./types.js";
import { addressKey, normalizeHost } from "./types.js";

/** RFC 7118 §4.1: the WebSocket subprotocol of SIP. */
export const SIP_SUBPROTOCOL = "sip";

export interface WsOptions extends StreamOptions {
  /** WSS: the certificate and key of the HTTPS server (absent: plain WS). */
  readonly tls?: {
    readonly cert: Pem;
    readonly key: Pem;
    readonly ca?: Pem;
    readonly rejectUnauthorized?: boolean;
  };
  /** The HTTP path clients connect to (default "/"). */
  readonly path?: string;
}

const bytesOf = (data: RawData): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);

/** Listens on WebSocket or secure WebSocket with the `sip` subprotocol (RFC 7118 §4). */
export const listenWs = (options: WsOptions, hooks: TransportHooks): Promise<Transport> =>
  new Promise((resolve, reject) => {
    const name = options.tls === undefined ? "WS" : "WSS";
    const limits = streamLimits(options);
    if (E.isLeft(limits)) {
      reject(new RangeError(`${name}: ${limits.left}`));
      return;
    }
    const { maxMessageBytes, connectTimeoutMs, messageTimeoutMs } = limits.right;
    const table = new ConnectionTable(name, hooks, limits.right);
    const path = options.path ?? "/";
    const pending = new Map<string, Promise<E.Either<SendError, Connection>>>();
    const sockets = new Set<WebSocket>();
    let closing = false;
    let local: Address = { host: options.host, port: options.port };

    const http: HttpServer = options.tls === undefined ? createHttpServer() : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, undefined);
    // The upgrade request is held to the message deadline too (Node checks it only every 30 s).
    http.headersTimeout = messageTimeoutMs;
    http.requestTimeout = messageTimeoutMs;
    const wss = new WebSocketServer({
      server: http,
      path,
      maxPayload: maxMessageBytes,
      handleProtocols: (protocols) => (protocols.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
    });

    /** `raw`: the accepted socket under `ws`, to see octets before ws frames them (absent for our own connections). */
    const adopt = (ws: WebSocket, remote: Address, raw?: Socket): Connection => {
      sockets.add(ws);
      const conn = table.add(
        {
          write: (bytes) =>
            new Promise((done) => {
              if (ws.readyState !== WebSocket.OPEN) {
                done(E.left({ _tag: "Closed", detail: "the WebSocket is closed" }));
                return;
              }
              ws.send(bytes, { binary: !isUtf8(bytes) }, (error) => {
                // ws passes null, not undefined, on success, whatever its types say.
                done(error instanceof Error ? E.left({ _tag: "Closed", detail: error.message }) : E.right(undefined));
              });
            }),
          close: () => {
            ws.terminate();
          },
          buffered: () => ws.bufferedAmount,
          pause: () => {
            ws.pause();
          },
          resume: () => {
            ws.resume();
          },
        },
        remote,
      );
      // Before ws's own listener, so that a frame completed by these octets ends the deadline they start.
      raw?.prependListener("data", () => {
        table.octetsArrived(conn);
      });
      ws.on("message", (data) => {
        table.touch(conn);
        table.messageEnded(conn);
        const bytes = bytesOf(data);
        // RFC 5626 §4.4.1's CRLF keep-alive, as SIP.js and JsSIP send it in a WebSocket message:
        // a CRLF CRLF ping gets a CRLF pong; a lone CRLF is a pong. Neither is a SIP message.
        switch (crlfKeepAlive(bytes)) {
          case "Ping":
            void table.send(conn, CRLF);
            return;
          case "Pong":
            return;
          case "None":
            table.deliver(conn, local, parseMessage(bytes, { maxMessageBytes }));
            return;
        }
      });
      // Keep-alive frames are whole messages too.
      ws.on("ping", () => {
        table.messageEnded(conn);
      });
      ws.on("pong", () => {
        table.messageEnded(conn);
      });
      ws.on("error", (error) => {
        hooks.log({ _tag: "Transport", level: "info", transport: name, detail: `${conn.id} ${formatAddress(remote.host, remote.port)}: ${error.message}` });
      });
      ws.on("close", (code) => {
        sockets.delete(ws);
        table.close(conn, `WebSocket closed (${code})`);
      });
      return conn;
    };

    wss.on("connection", (ws: WebSocket, request: IncomingMessage) => {
      const { remoteAddress, remotePort } = request.socket;
      // RFC 7118 §4.1: the client MUST offer the "sip" subprotocol; without it this is no SIP peer.
      if (closing || ws.protocol !== SIP_SUBPROTOCOL || remoteAddress === undefined || remotePort === undefined) {
        ws.close(1002, "the sip subprotocol is required (RFC 7118)");
        return;
      }
      adopt(ws, { host: normalizeHost(remoteAddress), port: remotePort }, request.socket);
    });
    wss.on("error", (error) => {
      hooks.log({ _tag: "Transport", level: "error", transport: name, detail: error.message });
    });

    const connect = (destination: Address): Promise<E.Either<SendError, Connection>> => {
      const key = addressKey(destination);
      const inFlight = pending.get(key);
      if (inFlight !== undefined) return inFlight;
      const attempt = new Promise<E.Either<SendError, Connection>>((done) => {
        const scheme = name === "WSS" ? "wss" : "ws";
        const tls = options.tls;
        const ws = new WebSocket(`${scheme}://${urlHost(destination.host)}:${destination.port}${path}`, SIP_SUBPROTOCOL, {
          maxPayload: maxMessageBytes,
          handshakeTimeout: connectTimeoutMs,
          ...(tls === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized ?? true, ...(tls.ca === undefined ? {} : { ca: tls.ca }) }),
        });
        let settled = false;
        const fail = (detail: string): void => {
          if (settled) return;
          settled = true;
          ws.terminate();
          done(E.left({ _tag: "Unreachable", detail: `${name} ${formatAddress(destination.host, destination.port)}: ${detail}` }));
        };
        const onError = (error: Error): void => {
          fail(error.message);
        };
        ws.on("error", onError);
        ws.once("open", () => {
          ws.off("error", onError);
          if (ws.protocol !== SIP_SUBPROTOCOL) {
            ws.on("error", () => undefined);
            fail("the server did not accept the sip subprotocol (RFC 7118 §4.1)");
            return;
          }
          settled = true;
          done(E.right(adopt(ws, destination)));
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
        if (bytes.length > maxMessageBytes) return E.left({ _tag: "TooLarge", detail: `${bytes.length} octets exceed maxMessageBytes (${maxMessageBytes})` });
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
          table.closeAll("the transport is closing");
          for (const ws of sockets) ws.terminate();
          wss.close(() => {
            http.close(() => {
              done();
            });
            http.closeAllConnections();
          });
        }),
    };

    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      http.on("error", (error) => {
        hooks.log({ _tag: "Transport", level: "error", transport: name, detail: error.message });
      });
      const bound = http.address();
      if (bound !== null && typeof bound === "object") local = { host: normalizeHost(bound.address), port: bound.port };
      resolve(transport);
    });
  });

const CRLF = new Uint8Array([0x0d, 0x0a]);

/** A message of CRs and LFs only: "Ping" for CRLF CRLF (or more), "Pong" for one CRLF. */
const crlfKeepAlive = (bytes: Uint8Array): "Ping" | "Pong" | "None" => {
  if (bytes.length === 0 || bytes.length > 8) return "None";
  for (const b of bytes) if (b !== 0x0d && b !== 0x0a) return "None";
  return bytes.length >= 4 ? "Ping" : "Pong";
};
