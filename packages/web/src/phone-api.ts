// The public shapes of @puresip/web's facade: what `createPhone` takes, the events it tells
// (the UA core's AppEvents, the flow's, RemoteBody) and the `Phone` it gives. ./phone.ts builds it.
import type { Body } from "@puresip/dialog";
import type { HeaderField } from "@puresip/message";
import type { AppEvent, UaCommand, UaConfig, UsageKey } from "@puresip/ua";
import type { IdentityOptions } from "./config.js";
import type { EntropySource } from "./entropy.js";
import type { FlowState } from "./flow.js";
import type { WireTrace } from "./host.js";
import type { RecoveryTimes } from "./outbound.js";
import type { Connect } from "./socket.js";
import type { TimerHost } from "./timer-host.js";

/**
 * What `createPhone` takes: the UA's identity (`IdentityOptions`), the SIP WebSocket server it
 * connects to (RFC 7118) and the RFC 5626 outbound settings of its one flow, plus the pieces a
 * test or another runtime may replace (WebSocket, entropy, clock).
 */
export interface PhoneOptions extends IdentityOptions {
  /** The SIP WebSocket server: `ws://host:port/path` or `wss://...` (RFC 7118). */
  readonly server: string;
  /** RFC 5626 §4.1: this UA instance's URN; keep it (localStorage) so a reload replaces its binding. Default: a fresh urn:uuid. */
  readonly instanceId?: string;
  /** RFC 5626 §4.2.1 reg-id (default 1). */
  readonly regId?: number;
  /** RFC 5626 §4.5 wait times (defaults 30 s base, 1800 s max). */
  readonly recovery?: Partial<RecoveryTimes>;
  /** RFC 5626 §4.4: send CRLF keep-alives even before an outbound registration says the server answers them. */
  readonly keepAlive?: boolean;
  /** §4.4.1 upper bound of the keep-alive interval without a Flow-Timer (default 120 s). */
  readonly keepAliveUpperBoundMs?: number;
  readonly maxMessageBytes?: number;
  /** How long `close()` waits for calls to end and requests to finish (default 2000 ms). */
  readonly closeTimeoutMs?: number;
  /** The WebSocket (default: the browser's); tests and other runtimes plug in theirs. */
  readonly connect?: Connect;
  readonly entropy?: EntropySource;
  readonly clock?: TimerHost;
  /** Each SIP message as it crossed the WebSocket (a ladder). */
  readonly trace?: (event: WireTrace) => void;
  /** What the shell dropped or could not do, in words. */
  readonly log?: (detail: string) => void;
}

/** What the flow says, beside the UA core's AppEvents. */
export type FlowEvent =
  | { readonly _tag: "FlowFailed"; readonly reason: string; readonly retryInMs: number }
  /** A new WebSocket replaced a failed one; registrations were sent again. `calls`: re-INVITE them (ICE restart) if their media needs it. */
  | { readonly _tag: "FlowRecovered"; readonly calls: ReadonlyArray<UsageKey> };

/**
 * The SDP (or other body) of a 1xx/2xx to one of our INVITEs, for an application that does its
 * own media (no `media` option, WebRTC): the UA core's CallEstablished does not carry it.
 */
export interface RemoteBody {
  readonly _tag: "RemoteBody";
  readonly call: UsageKey;
  readonly status: number;
  readonly body: Body;
}

/** Every event a `Phone` tells its listeners: the UA core's AppEvents, the flow's, and `RemoteBody`. */
export type PhoneEvent = AppEvent | FlowEvent | RemoteBody;
/** A listener for the events tagged `T` only. */
export type Listener<T extends PhoneEvent["_tag"]> = (event: Extract<PhoneEvent, { _tag: T }>) => void;

/** How `register` or `unregister` ended (§10.2): the binding made, the REGISTER failed, or the binding removed. */
export type RegistrationOutcome = Extract<AppEvent, { _tag: "Registered" | "RegistrationFailed" | "Unregistered" }>;
/** The UA core's events that settle a call: established (the 2xx came, or for an incoming call its ACK), failed (a final non-2xx) or ended. */
export type CallOutcome = Extract<AppEvent, { _tag: "CallEstablished" | "CallFailed" | "CallEnded" }>;
/** The UA core's answer to a MESSAGE (RFC 3428) that `message` sent. */
export type MessageResult = Extract<AppEvent, { _tag: "MessageResult" }>;
/** The UA core's event that the re-INVITE (§14.1) of `hold`, `resume` or `reoffer` got its final response. */
export type ReofferDone = Extract<AppEvent, { _tag: "ReofferDone" }>;

/** What `call` may add to its INVITE (§13.2.1), passed to the UA core's `MakeCall`. */
export interface CallOptions {
  /** The INVITE's body (an SDP offer from WebRTC, say); without one the UA offers its `media`, or no offer. */
  readonly body?: Body;
  /** Extra header fields for the INVITE. */
  readonly headers?: ReadonlyArray<HeaderField>;
  /** The display name of the To header field (§8.1.1.2). */
  readonly toName?: string;
}

/** Why a phone could not start, or a target that is no URI. */
export class PhoneError extends Error {
  override readonly name = "PhoneError";
}

/**
 * A browser SIP UA over one WebSocket flow (RFC 7118, RFC 5626), as `createPhone` gives it:
 * commands to the UA core as methods, its events to listeners, and promises for the event
 * that settles each request.
 */
export interface Phone {
  /** The UA core's configuration built from the options (Contact and Via under `.invalid`, RFC 7118 §5). */
  readonly config: UaConfig;
  /** RFC 5626 §4.1: this UA instance's URN, sent as `+sip.instance` on every REGISTER. */
  readonly instanceId: string;
  /** The WebSocket flow's state now: connecting, open, waiting to recover (RFC 5626 §4.5) or closed. */
  readonly flowState: () => FlowState;
  /** Listens to the events tagged `tag` only. */
  on<T extends PhoneEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** Listens to every event. */
  on(tag: "event", listener: (event: PhoneEvent) => void): this;
  /** Stops a listener added with `on(tag, listener)`. */
  off<T extends PhoneEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** Stops a listener added with `on("event", listener)`. */
  off(tag: "event", listener: (event: PhoneEvent) => void): this;
  /** RFC 3261 §10.2 (RFC 5626 §4.2.1 fields added); `registrar` defaults to the AOR's domain. */
  register(id?: string, registrar?: string, expires?: number): Promise<RegistrationOutcome>;
  /** §10.2.2: removes the binding of registration `id` (Expires 0); no longer sent again when the flow recovers. */
  unregister(id?: string): Promise<RegistrationOutcome>;
  /** §13.2.1 INVITE; resolves with the call's key at once (`CallCreated`). */
  call(to: string, options?: CallOptions): Promise<UsageKey>;
  /** The first of CallEstablished, CallFailed or CallEnded for `call`. */
  outcome(call: UsageKey): Promise<CallOutcome>;
  /** §13.3.1.1: a provisional response to an incoming INVITE: 180 unless `status` names another 1xx. */
  ring(call: UsageKey, status?: number): void;
  /** §13.3.1.4: a 200 to an incoming INVITE with `body` (WebRTC's answer), or the UA's answer from `media`. */
  answer(call: UsageKey, body?: Body): void;
  /** §13.3.1.3: a final failure response (486, 603, ...) to an incoming INVITE. */
  reject(call: UsageKey, status: number): void;
  /** Ends the call: CANCEL before the 2xx (§9.1), BYE after it (§15.1.1). */
  hangup(call: UsageKey): void;
  /** RFC 3264 §8.4 (re-INVITE); resolves with the re-INVITE's `ReofferDone`. */
  hold(call: UsageKey): Promise<ReofferDone>;
  /** RFC 3264 §8.4: takes a held call back to sendrecv by re-INVITE; resolves with its `ReofferDone`. */
  resume(call: UsageKey): Promise<ReofferDone>;
  /** §14.1 re-INVITE with a new offer (a WebRTC ICE restart, say). */
  reoffer(call: UsageKey, body?: Body): Promise<ReofferDone>;
  /** RFC 3428 MESSAGE. */
  message(to: string, content: string, type?: string): Promise<MessageResult>;
  /** Any UA core command. */
  command(command: UaCommand): void;
  /** Hangs up, unregisters, closes the WebSocket; bounded by `closeTimeoutMs`. */
  close(): Promise<void>;
}

