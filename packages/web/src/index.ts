// @puresip/web: puresip in the browser. The kernel's engine running the UA core over one SIP
// WebSocket (RFC 7118) with RFC 5626 keep-alives and flow recovery, the DOM clock and
// crypto.getRandomValues; `createPhone` is the facade. No Node built-ins, no polyfills.
export type { CallOptions, CallOutcome, FlowEvent, Listener, MessageResult, Phone, PhoneEvent, PhoneOptions, RegistrationOutcome, RemoteBody, ReofferDone } from "./phone.js";
export { PhoneError, createPhone } from "./phone.js";
export type { IdentityOptions, ServerAddress } from "./config.js";
export { invalidLabel, serverAddress, uaConfigFor } from "./config.js";
export type { EntropySource, FillRandom } from "./entropy.js";
export { hex, uuidUrn, webEntropy } from "./entropy.js";
export type { FlowOptions, FlowState } from "./flow.js";
export { Flow } from "./flow.js";
export type { Frame } from "./frame.js";
export { PING, frameOf, readFrame } from "./frame.js";
export type { HostOptions, WireTrace } from "./host.js";
export { WebHost } from "./host.js";
export type { RecoveryTimes } from "./outbound.js";
export { defaultRecoveryTimes, retryDelayMs } from "./outbound.js";
// RFC 5626 §4.1–§4.4 are the UA core's (UaConfig.outbound); re-exported for this package's users.
export type { OutboundIdentity } from "@puresip/ua";
export { PONG_TIMEOUT_MS, flowTimerSeconds, keepAliveDelayMs, registrarSupportsOutbound, withOutbound } from "@puresip/ua";
export type { Inbound } from "./receive.js";
export { receive } from "./receive.js";
export type { Connect, SipSocket, SocketHandlers } from "./socket.js";
export { SIP_SUBPROTOCOL, domWebSocket } from "./socket.js";
export type { TimerHost } from "./timer-host.js";
export { alarm, browserTimerHost } from "./timer-host.js";
