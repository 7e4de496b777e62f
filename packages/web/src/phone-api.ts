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
import type { TimerHost } from "./timers.js";

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

export type PhoneEvent = AppEvent | FlowEvent | RemoteBody;
export type Listener<T extends PhoneEvent["_tag"]> = (event: Extract<PhoneEvent, { _tag: T }>) => void;

export type RegistrationOutcome = Extract<AppEvent, { _tag: "Registered" | "RegistrationFailed" | "Unregistered" }>;
export type CallOutcome = Extract<AppEvent, { _tag: "CallEstablished" | "CallFailed" | "CallEnded" }>;
export type MessageResult = Extract<AppEvent, { _tag: "MessageResult" }>;
export type ReofferDone = Extract<AppEvent, { _tag: "ReofferDone" }>;

export interface CallOptions {
  readonly body?: Body;
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly toName?: string;
}

/** Why a phone could not start, or a target that is no URI. */
export class PhoneError extends Error {
  override readonly name = "PhoneError";
}

export interface Phone {
  readonly config: UaConfig;
  readonly instanceId: string;
  readonly flowState: () => FlowState;
  on<T extends PhoneEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  on(tag: "event", listener: (event: PhoneEvent) => void): this;
  off<T extends PhoneEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  off(tag: "event", listener: (event: PhoneEvent) => void): this;
  /** RFC 3261 §10.2 (RFC 5626 §4.2.1 fields added); `registrar` defaults to the AOR's domain. */
  register(id?: string, registrar?: string, expires?: number): Promise<RegistrationOutcome>;
  unregister(id?: string): Promise<RegistrationOutcome>;
  /** §13.2.1 INVITE; resolves with the call's key at once (`CallCreated`). */
  call(to: string, options?: CallOptions): Promise<UsageKey>;
  /** The first of CallEstablished, CallFailed or CallEnded for `call`. */
  outcome(call: UsageKey): Promise<CallOutcome>;
  ring(call: UsageKey, status?: number): void;
  answer(call: UsageKey, body?: Body): void;
  reject(call: UsageKey, status: number): void;
  hangup(call: UsageKey): void;
  /** RFC 3264 §8.4 (re-INVITE); resolves with the re-INVITE's `ReofferDone`. */
  hold(call: UsageKey): Promise<ReofferDone>;
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

