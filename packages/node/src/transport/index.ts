export type { Address, Inbound, ListenOptions, SendError, StreamOptions, Transport, TransportHooks, TransportName } from "./types.js";
export { normalizeHost } from "./types.js";
export { listenUdp } from "./udp.js";
export { listenTcp } from "./tcp.js";
export type { Pem, TlsOptions } from "./tls.js";
export { listenTls } from "./tls.js";
export type { WsOptions } from "./ws.js";
export { SIP_SUBPROTOCOL, listenWs } from "./ws.js";
