// The public shapes of `createStack`: its options, the transports it listens on, what it traces,
// the outcomes its promises resolve to, and the `Stack` facade itself.
import type { Body } from "@puresip/dialog";
import type { HeaderField, Uri } from "@puresip/message";
import type { LocalCapabilities } from "@puresip/sdp";
import type { TimerConfig } from "@puresip/transaction";
import type { AppEvent, Capabilities, Credential, UaCommand, UaConfig, UaReducer, UsageKey } from "@puresip/ua";
import type { EntropySource } from "./csprng.js";
import type { CounterSnapshot, Logger } from "./log.js";
import type { Dns } from "./resolve/index.js";
import type { TimerHost } from "./alarm.js";
import type { Pem } from "./transport/tls.js";
import type { Address, StreamLimits, TransportName } from "./transport/types.js";

/** One listening transport. Port 0 lets the OS choose; `stack.listening` says which. */
export type TransportSpec =
  | { readonly transport: "UDP" | "TCP" | "WS"; readonly host: string; readonly port: number; readonly path?: string }
  | {
      readonly transport: "TLS" | "WSS";
      readonly host: string;
      readonly port: number;
      readonly cert: Pem;
      readonly key: Pem;
      readonly ca?: Pem;
      readonly rejectUnauthorized?: boolean;
      /** TLS only: ask clients for a certificate `ca` vouches for (mutual authentication, RFC 3261 §26.3.1). */
      readonly requestCert?: boolean;
      readonly path?: string;
    };

/** The stream limits (maxBufferedBytes, messageTimeoutMs, maxConnections, ...) apply to each TCP, TLS, WS and WSS transport. */
export interface StackOptions extends StreamLimits {
  /** At least one. The first is the UA's own: its Via transport and sent-by, and its Contact. */
  readonly transports: ReadonlyArray<TransportSpec>;
  /** User part of the default address of record and Contact (default "puresip"). */
  readonly user?: string;
  /** The address of record (§8.1.1.3); default `sip:<user>@<first transport's host:port>`. */
  readonly aor?: string;
  readonly displayName?: string;
  /** Host written in Contact and Via instead of the bound address (a public name or address). */
  readonly advertise?: string;
  readonly credentials?: ReadonlyArray<Credential>;
  /** What the UAS supports (default: RFC 3261 basics plus MESSAGE). */
  readonly capabilities?: Capabilities;
  /** SDP the UA offers and answers with by itself (see @puresip/ua); absent: bodies are yours. */
  readonly media?: LocalCapabilities;
  /** §8.1.2 outbound proxy route set, as URIs. */
  readonly outboundProxy?: ReadonlyArray<string>;
  readonly timers?: Partial<TimerConfig>;
  readonly registerExpires?: number;
  /** Structured log events (default: none). */
  readonly log?: Logger;
  /** DNS for RFC 3263 (default: node:dns/promises' Resolver). */
  readonly dns?: Dns;
  readonly entropy?: EntropySource;
  readonly timerHost?: TimerHost;
  readonly maxMessageBytes?: number;
  /**
   * The kernel's receive buffer for each UDP socket, in bytes (default 4 MiB; Linux caps it at
   * net.core.rmem_max). UDP has no flow control: a burst that arrives while the process is busy
   * (a GC pause, JIT warm-up on a cold start) waits here, and what does not fit is lost, which
   * turns into retransmissions and, past Timer B, failed calls.
   */
  readonly udpReceiveBufferBytes?: number;
  readonly idleTimeoutMs?: number;
  /**
   * RFC 3261 §18 ("All SIP elements MUST implement UDP and TCP") and §18.2.1 (a server listens
   * for every transport a DNS lookup can give its URI): each UDP transport gets a TCP listener on
   * the same host and port, unless `transports` already lists TCP on that host. Default true;
   * false listens on exactly what `transports` lists.
   */
  readonly tcpBesideUdp?: boolean;
  /** §18.1.1: UDP requests larger than this go over TCP when there is a TCP transport (default 1300; false: never). */
  readonly tcpThreshold?: number | false;
  /** How long `close()` waits for calls to end and requests to finish (default 3000 ms). */
  readonly closeTimeoutMs?: number;
  /** The UA reducer (default @puresip/ua's `step`); a test may wrap it. */
  readonly reducer?: UaReducer;
  /** Each message as it crossed the wire, sent or received (a `--trace`, a capture); never blocks. */
  readonly trace?: (event: TraceEvent) => void;
}

/**
 * One message on the wire. `bytes` is what was sent, or a received message as it parsed
 * (re-serialized); a datagram that does not parse is not traced (the log says why).
 */
export interface TraceEvent {
  readonly direction: "sent" | "received";
  readonly transport: TransportName;
  readonly local: Address;
  readonly remote: Address;
  readonly bytes: Uint8Array;
}

/** The final response to an OPTIONS sent with `options`. */
export type OptionsResult = Extract<AppEvent, { _tag: "OptionsResult" }>;
/** The final response to a MESSAGE sent with `message`. */
export type MessageResult = Extract<AppEvent, { _tag: "MessageResult" }>;
/** How a registration turned out: registered, failed or removed. */
export type RegistrationOutcome = Extract<AppEvent, { _tag: "Registered" | "RegistrationFailed" | "Unregistered" }>;
/** How a call placed with `call` turned out: established, failed or ended. */
export type CallOutcome = Extract<AppEvent, { _tag: "CallEstablished" | "CallFailed" | "CallEnded" }>;

/** An address and port the stack listens on, with its transport. */
export interface Listening {
  readonly transport: TransportName;
  readonly host: string;
  readonly port: number;
}

type Listener<T extends AppEvent["_tag"]> = (event: Extract<AppEvent, { _tag: T }>) => void;

/** The facade: methods for the UA's commands, its AppEvents as events. */
export interface Stack {
  readonly listening: ReadonlyArray<Listening>;
  readonly config: UaConfig;
  /** Calls the listener for every application event with this tag. */
  on<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** Calls the listener for every application event, whatever its tag. */
  on(tag: "event", listener: (event: AppEvent) => void): this;
  /** Calls the listener for the next application event with this tag only. */
  once<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** Removes a listener. */
  off<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** §11.1 OPTIONS; resolves with the UA's `OptionsResult` (408 on a timeout, RFC 3263 failure). */
  options(to: string | Uri): Promise<OptionsResult>;
  /** RFC 3428 MESSAGE (text/plain unless `type` says otherwise). */
  message(to: string | Uri, content: string | Uint8Array, type?: string): Promise<MessageResult>;
  /** §13.2.1 INVITE: the call's key at once (`CallCreated`); follow it with `on("CallEstablished")` or `outcome(call)`. */
  call(to: string | Uri, options?: { readonly body?: Body; readonly headers?: ReadonlyArray<HeaderField>; readonly toName?: string }): Promise<UsageKey>;
  /** The first of CallEstablished, CallFailed or CallEnded for `call`. */
  outcome(call: UsageKey): Promise<CallOutcome>;
  /** Sends a provisional response to an incoming call (180 by default). */
  ring(call: UsageKey, status?: number): void;
  /** Answers an incoming call with 200, with this SDP body if given. */
  answer(call: UsageKey, body?: Body): void;
  /** Rejects an incoming call with a final status. */
  reject(call: UsageKey, status: number): void;
  /** Ends a call: CANCEL before it is answered, BYE after (RFC 3261 §9, §15). */
  hangup(call: UsageKey): void;
  /** §10.2: register `id` at `registrar`; resolves with Registered or RegistrationFailed. */
  register(id: string, registrar: string | Uri, expires?: number): Promise<RegistrationOutcome>;
  /** Removes a registration (Expires 0, RFC 3261 §10.2.2) and resolves with the outcome. */
  unregister(id: string): Promise<RegistrationOutcome>;
  /** Any UA command, for what the methods above do not cover. */
  command(command: UaCommand): void;
  /** The stack's counters now. */
  counters(): CounterSnapshot;
  /**
   * Graceful: refuse new requests (503), hang up calls, unregister, wait (bounded), close every
   * socket. `{ unregister: false }` leaves the bindings at the registrar to lapse on their own
   * (a command-line `register` that exits).
   */
  close(options?: { readonly unregister?: boolean }): Promise<void>;
}

/** A failure to start: a bad option or a socket that could not be bound. */
export class StackError extends Error {
  override readonly name = "StackError";
}

