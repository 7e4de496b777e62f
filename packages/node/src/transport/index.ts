export type { Address, ConnectionStatus, Inbound, ListenOptions, SendError, StreamLimits, StreamOptions, Transport, TransportHooks, TransportName } from "./types.js";
export {
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CONNECTIONS_PER_HOST,
  DEFAULT_MESSAGE_TIMEOUT_MS,
  DEFAULT_STALLED_TIMEOUT_MS,
} from "./limits.js";
export { normalizeHost } from "./types.js";
export { listenUdp } from "./udp.js";
export { listenTcp } from "./tcp.js";
export type { Pem, TlsOptions } from "./tls.js";
export { listenTls } from "./tls.js";
export type { WsOptions } from "./ws.js";
export { SIP_SUBPROTOCOL, listenWs } from "./ws.js";
