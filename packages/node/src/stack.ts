// The application's view of a stack (issue #8): `createStack(options)` listens on its
// transports and runs the UA reducer through the interpreter; the facade turns UA commands
// into methods and AppEvents into EventEmitter events (each under its `_tag`, and all of them
// under "event"), for people who do not want to handle effects by hand.
import { EventEmitter } from "node:events";
import { networkInterfaces } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import type { Body } from "@puresip/dialog";
import { Methods, parseUri, serializeMessage } from "@puresip/message";
import type { HeaderField, Uri } from "@puresip/message";
import type { LocalCapabilities } from "@puresip/sdp";
import { defaultLayerConfig, defaultTimers } from "@puresip/transaction";
import type { Peer, TimerConfig } from "@puresip/transaction";
import type { ClientTransports } from "@puresip/kernel";
import { DEFAULT_TCP_THRESHOLD } from "@puresip/kernel";
import { basicCapabilities } from "@puresip/ua";
import type { AppEvent, Capabilities, Credential, UaCommand, UaConfig, UaReducer, UsageKey } from "@puresip/ua";
import type { EntropySource } from "./entropy.js";
import { cryptoEntropy } from "./entropy.js";
import { Interpreter } from "./interpreter.js";
import type { TargetResolver } from "./interpreter.js";
import type { CounterSnapshot, Logger } from "./log.js";
import { Counters, silentLogger } from "./log.js";
import type { Dns, ResolvedTransport } from "./resolve/index.js";
import { nodeDns, resolveTargets } from "./resolve/index.js";
import type { TimerHost } from "./timers.js";
import type { Pem } from "./transport/tls.js";
import { listenTcp, listenTls, listenUdp, listenWs } from "./transport/index.js";
import type { Address, Inbound, StreamLimits, Transport, TransportHooks, TransportName } from "./transport/types.js";

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
  readonly idleTimeoutMs?: number;
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

export type OptionsResult = Extract<AppEvent, { _tag: "OptionsResult" }>;
export type MessageResult = Extract<AppEvent, { _tag: "MessageResult" }>;
export type RegistrationOutcome = Extract<AppEvent, { _tag: "Registered" | "RegistrationFailed" | "Unregistered" }>;
export type CallOutcome = Extract<AppEvent, { _tag: "CallEstablished" | "CallFailed" | "CallEnded" }>;

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
  on<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  on(tag: "event", listener: (event: AppEvent) => void): this;
  once<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  off<T extends AppEvent["_tag"]>(tag: T, listener: Listener<T>): this;
  /** §11.1 OPTIONS; resolves with the UA's `OptionsResult` (408 on a timeout, RFC 3263 failure). */
  options(to: string | Uri): Promise<OptionsResult>;
  /** RFC 3428 MESSAGE (text/plain unless `type` says otherwise). */
  message(to: string | Uri, content: string | Uint8Array, type?: string): Promise<MessageResult>;
  /** §13.2.1 INVITE: the call's key at once (`CallCreated`); follow it with `on("CallEstablished")` or `outcome(call)`. */
  call(to: string | Uri, options?: { readonly body?: Body; readonly headers?: ReadonlyArray<HeaderField>; readonly toName?: string }): Promise<UsageKey>;
  /** The first of CallEstablished, CallFailed or CallEnded for `call`. */
  outcome(call: UsageKey): Promise<CallOutcome>;
  ring(call: UsageKey, status?: number): void;
  answer(call: UsageKey, body?: Body): void;
  reject(call: UsageKey, status: number): void;
  hangup(call: UsageKey): void;
  /** §10.2: register `id` at `registrar`; resolves with Registered or RegistrationFailed. */
  register(id: string, registrar: string | Uri, expires?: number): Promise<RegistrationOutcome>;
  unregister(id: string): Promise<RegistrationOutcome>;
  /** Any UA command, for what the methods above do not cover. */
  command(command: UaCommand): void;
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

const parseTarget = (text: string | Uri, what: string): E.Either<StackError, Uri> => {
  if (typeof text !== "string") return E.right(text);
  const parsed = parseUri(text);
  return E.isLeft(parsed) ? E.left(new StackError(`${what}: ${text} is not a URI (${parsed.left.reason})`)) : E.right(parsed.right);
};

/** For configuration, where a bad URI stops `createStack`. */
const uriOf = (text: string | Uri, what: string): Uri => {
  const parsed = parseTarget(text, what);
  if (E.isLeft(parsed)) throw parsed.left;
  return parsed.right;
};

const defaultCapabilities: Capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.MESSAGE],
  contentTypes: [...basicCapabilities.contentTypes, { type: "text", subtype: "plain", params: [] }],
};

/** The transport with every successful send reported to `trace`. */
const traced = (t: Transport, trace: (event: TraceEvent) => void): Transport => ({
  name: t.name,
  local: t.local,
  send: async (bytes, destination, connection) => {
    const sent = await t.send(bytes, destination, connection);
    if (E.isRight(sent)) trace({ direction: "sent", transport: t.name, local: t.local, remote: destination, bytes });
    return sent;
  },
  hasConnection: (remote, connection) => t.hasConnection(remote, connection),
  close: () => t.close(),
});

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);

/**
 * RFC 5922 §7: a TLS client checks the server's certificate against the domain it resolved,
 * not the address it connected to. The stack files each resolved TLS address with its name.
 */
type ServerNames = Map<string, string>;

const listen = (spec: TransportSpec, hooks: TransportHooks, options: StackOptions, serverNames: ServerNames): Promise<Transport> => {
  const base = {
    host: spec.host,
    port: spec.port,
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
    ...(options.stalledTimeoutMs === undefined ? {} : { stalledTimeoutMs: options.stalledTimeoutMs }),
    ...(options.messageTimeoutMs === undefined ? {} : { messageTimeoutMs: options.messageTimeoutMs }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.maxConnectionsPerHost === undefined ? {} : { maxConnectionsPerHost: options.maxConnectionsPerHost }),
  };
  switch (spec.transport) {
    case "UDP":
      return listenUdp(base, hooks);
    case "TCP":
      return listenTcp(base, hooks);
    case "WS":
      return listenWs({ ...base, ...(spec.path === undefined ? {} : { path: spec.path }) }, hooks);
    case "TLS":
      return listenTls(
        {
          ...base,
          cert: spec.cert,
          key: spec.key,
          servername: (host) => serverNames.get(host),
          ...(spec.ca === undefined ? {} : { ca: spec.ca }),
          ...(spec.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: spec.rejectUnauthorized }),
        },
        hooks,
      );
    case "WSS":
      return listenWs(
        {
          ...base,
          ...(spec.path === undefined ? {} : { path: spec.path }),
          tls: { cert: spec.cert, key: spec.key, ...(spec.ca === undefined ? {} : { ca: spec.ca }), ...(spec.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: spec.rejectUnauthorized }) },
        },
        hooks,
      );
    default:
      return spec satisfies never;
  }
};

class StackImpl extends EventEmitter implements Stack {
  readonly listening: ReadonlyArray<Listening>;
  private closing: Promise<void> | undefined;
  private readonly waitingCalls: Array<(call: UsageKey) => void> = [];
  private nextRef = 0;

  constructor(
    readonly config: UaConfig,
    private readonly interpreter: Interpreter,
    private readonly transports: ReadonlyArray<Transport>,
    private readonly counterSet: Counters,
    private readonly closeTimeoutMs: number,
  ) {
    super();
    this.listening = transports.map((t) => ({ transport: t.name, host: t.local.host, port: t.local.port }));
  }

  /** Every AppEvent, as "event" and under its own tag. */
  publish(event: AppEvent): void {
    if (event._tag === "CallCreated") this.waitingCalls.shift()?.(event.call);
    this.emit("event", event);
    this.emit(event._tag, event);
  }

  private ref(prefix: string): string {
    return `${prefix}-${++this.nextRef}`;
  }

  /** The first event matching `pick` (listeners are removed once it comes). */
  private first<A extends AppEvent>(pick: (e: AppEvent) => e is A, send: () => void): Promise<A> {
    return new Promise((resolve) => {
      const listener = (e: AppEvent): void => {
        if (!pick(e)) return;
        this.off("event", listener);
        resolve(e);
      };
      this.on("event", listener);
      send();
    });
  }

  command(command: UaCommand): void {
    this.interpreter.command(command);
  }

  options(to: string | Uri): Promise<OptionsResult> {
    const ref = this.ref("options");
    const parsed = parseTarget(to, "options");
    if (E.isLeft(parsed)) return Promise.reject(parsed.left);
    const target = parsed.right;
    return this.first((e): e is OptionsResult => e._tag === "OptionsResult" && e.ref === ref, () => {
      this.command({ _tag: "Options", ref, to: target });
    });
  }

  message(to: string | Uri, content: string | Uint8Array, type = "text/plain"): Promise<MessageResult> {
    const ref = this.ref("message");
    const parsed = parseTarget(to, "message");
    if (E.isLeft(parsed)) return Promise.reject(parsed.left);
    const target = parsed.right;
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    return this.first((e): e is MessageResult => e._tag === "MessageResult" && e.ref === ref, () => {
      this.command({ _tag: "SendMessage", ref, to: target, body: { type, content: bytes } });
    });
  }

  call(to: string | Uri, options: { readonly body?: Body; readonly headers?: ReadonlyArray<HeaderField>; readonly toName?: string } = {}): Promise<UsageKey> {
    const parsed = parseTarget(to, "call");
    if (E.isLeft(parsed)) return Promise.reject(parsed.left);
    const target = parsed.right;
    return new Promise((resolve) => {
      this.waitingCalls.push(resolve);
      this.command({ _tag: "MakeCall", to: target, ...options });
    });
  }

  outcome(call: UsageKey): Promise<CallOutcome> {
    return this.first(
      (e): e is CallOutcome => (e._tag === "CallEstablished" || e._tag === "CallFailed" || e._tag === "CallEnded") && e.call === call,
      () => undefined,
    );
  }

  ring(call: UsageKey, status?: number): void {
    this.command(status === undefined ? { _tag: "Ring", call } : { _tag: "Ring", call, status });
  }

  answer(call: UsageKey, body?: Body): void {
    this.command(body === undefined ? { _tag: "Answer", call } : { _tag: "Answer", call, body });
  }

  reject(call: UsageKey, status: number): void {
    this.command({ _tag: "Reject", call, status });
  }

  hangup(call: UsageKey): void {
    this.command({ _tag: "Hangup", call });
  }

  register(id: string, registrar: string | Uri, expires?: number): Promise<RegistrationOutcome> {
    const parsed = parseTarget(registrar, "register");
    if (E.isLeft(parsed)) return Promise.reject(parsed.left);
    const target = parsed.right;
    return this.first(
      (e): e is RegistrationOutcome => (e._tag === "Registered" || e._tag === "RegistrationFailed") && e.id === id,
      () => {
        this.command(expires === undefined ? { _tag: "Register", id, registrar: target } : { _tag: "Register", id, registrar: target, expires });
      },
    );
  }

  unregister(id: string): Promise<RegistrationOutcome> {
    return this.first(
      (e): e is RegistrationOutcome => (e._tag === "Unregistered" || e._tag === "RegistrationFailed") && e.id === id,
      () => {
        this.command({ _tag: "Unregister", id });
      },
    );
  }

  counters(): CounterSnapshot {
    return this.counterSet.snapshot();
  }

  close(options: { readonly unregister?: boolean } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.unregister ?? true);
    return this.closing;
  }

  private async shutdown(unregister: boolean): Promise<void> {
    const it = this.interpreter;
    // The core's graceful close: BYE or CANCEL every call, remove every binding we made (unless
    // told not to), and 503 to every new request outside a dialog from now on (§21.5.4).
    it.command({ _tag: "Shutdown", ...(unregister ? {} : { unregister: false }) });
    const settled = (): boolean => it.count("Usage", "Call") === 0 && it.count("ClientRequest") === 0;
    const deadline = it.now() + this.closeTimeoutMs;
    while (!settled() && it.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    it.stop();
    await Promise.all(this.transports.map((t) => t.close()));
    this.removeAllListeners();
  }
}

/** Listens on every transport and starts the UA; rejects with a `StackError` when it cannot. */
export const createStack = async (options: StackOptions): Promise<Stack> => {
  const first = options.transports[0];
  if (first === undefined) throw new StackError("createStack needs at least one transport");
  const log = options.log ?? silentLogger;
  const counters = new Counters();
  const entropy = options.entropy ?? cryptoEntropy();
  // What arrives while the other transports are still binding waits for the interpreter.
  const early: Array<Inbound> = [];
  let route: (inbound: Inbound) => void = (inbound) => {
    early.push(inbound);
  };
  const trace = options.trace;
  const hooks: TransportHooks = {
    onInbound: (inbound) => {
      if (trace !== undefined && E.isRight(inbound.parsed))
        trace({ direction: "received", transport: inbound.transport, local: inbound.local, remote: inbound.source, bytes: serializeMessage(inbound.parsed.right) });
      route(inbound);
    },
    log,
    counters,
  };
  const serverNames: ServerNames = new Map();
  const transports: Array<Transport> = [];
  try {
    for (const spec of options.transports) transports.push(await listen(spec, hooks, options, serverNames));
  } catch (error) {
    await Promise.all(transports.map((t) => t.close()));
    throw new StackError(`cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  }
  const own = transports[0];
  if (own === undefined) throw new StackError("no transport");
  try {
    return start(options, transports, own, counters, entropy, log, early, serverNames, (r) => {
      route = r;
    });
  } catch (error) {
    // A bad aor, outbound proxy or advertised host: nothing may stay bound.
    await Promise.all(transports.map((t) => t.close()));
    throw error instanceof StackError ? error : new StackError(error instanceof Error ? error.message : String(error));
  }
};

/** A wildcard bind ("0.0.0.0", "::") is no address to give a peer: advertise an interface's. */
export const advertisedHost = (bound: string): string => {
  if (bound !== "0.0.0.0" && bound !== "::") return bound;
  const family = bound === "::" ? "IPv6" : "IPv4";
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (!i.internal && i.family === family && !i.address.startsWith("fe80")) return i.address;
  }
  return bound === "::" ? "::1" : "127.0.0.1";
};

const start = (
  options: StackOptions,
  transports: ReadonlyArray<Transport>,
  own: Transport,
  counters: Counters,
  entropy: EntropySource,
  log: Logger,
  early: Array<Inbound>,
  serverNames: ServerNames,
  setRoute: (route: (inbound: Inbound) => void) => void,
): Stack => {
  const host = options.advertise ?? advertisedHost(own.local.host);
  const user = options.user ?? "puresip";
  const secure = own.name === "TLS" || own.name === "WSS";
  const scheme = secure ? "sips" : "sip";
  const transportParam = own.name === "UDP" || own.name === "TLS" ? "" : `;transport=${own.name.toLowerCase()}`;
  const contact = uriOf(`${scheme}:${user}@${urlHost(host)}:${own.local.port}${transportParam}`, "contact");
  const aor = uriOf(options.aor ?? `${scheme}:${user}@${urlHost(host)}:${own.local.port}`, "aor");
  const viaHost = host.includes(":") ? ({ _tag: "IPv6", value: host } as const) : /^[0-9.]+$/.test(host) ? ({ _tag: "IPv4", value: host } as const) : ({ _tag: "Hostname", value: host } as const);
  const timers = { ...defaultTimers, ...options.timers };
  const sentByOf = (t: Transport): { readonly host: string; readonly port: number } => ({ host: options.advertise ?? advertisedHost(t.local.host), port: t.local.port });
  // §18.1.1, decided once in the transaction layer when a request starts its transaction.
  const clientTransports: ClientTransports = {
    sentBy: transports.map((t) => ({ transport: t.name, ...sentByOf(t) })),
    tcpThreshold: options.tcpThreshold ?? DEFAULT_TCP_THRESHOLD,
  };
  const config: UaConfig = {
    aor,
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    contact,
    sentBy: { host: viaHost, port: own.local.port, transport: own.name },
    ...(options.outboundProxy === undefined ? {} : { outboundProxy: options.outboundProxy.map((u) => uriOf(u, "outboundProxy")) }),
    capabilities: options.capabilities ?? { ...defaultCapabilities, warnAgent: host },
    credentials: options.credentials ?? [],
    ...(options.media === undefined ? {} : { media: options.media }),
    layer: { ...defaultLayerConfig, timers, transports: clientTransports },
    session: { ...defaultSessionConfig, t1: timers.t1, t2: timers.t2, reliable: own.name !== "UDP", overTls: secure },
    registerExpires: options.registerExpires ?? 3600,
  };
  const enabled = new Set<ResolvedTransport>(transports.map((t) => t.name));
  const families = [...new Set(transports.map((t) => (t.local.host.includes(":") ? 6 : 4)))] as Array<4 | 6>;
  const dns = options.dns ?? nodeDns();
  const resolve: TargetResolver = async (effect) => {
    if (effect.target._tag !== "SipUri") return E.left(`a ${effect.target._tag} cannot be resolved (RFC 3263 is for SIP and SIPS URIs)`);
    const found = await resolveTargets(effect.target, { dns, transports: enabled, uniform: entropy.uniform, families });
    if (E.isLeft(found)) return E.left(`${found.left.target}: ${found.left.detail}`);
    for (const t of found.right) if (t.transport === "TLS" && t.name !== undefined) serverNames.set(t.host, t.name);
    return E.right(found.right.map((t): Peer => ({ transport: t.transport, host: t.host, port: t.port })));
  };
  const byName = new Map<string, Transport>(transports.map((t) => [t.name, options.trace === undefined ? t : traced(t, options.trace)]));
  const facade: { stack?: StackImpl } = {};
  const interpreter = new Interpreter({
    config,
    ...(options.reducer === undefined ? {} : { reducer: options.reducer }),
    transports: byName,
    resolve,
    deliver: (event) => {
      facade.stack?.publish(event);
    },
    entropy,
    log,
    counters,
    ...(options.timerHost === undefined ? {} : { timerHost: options.timerHost }),
    ...(options.tcpThreshold === undefined ? {} : { tcpThreshold: options.tcpThreshold }),
    sentBy: sentByOf,
  });
  const stack = new StackImpl(config, interpreter, transports, counters, options.closeTimeoutMs ?? 3000);
  facade.stack = stack;
  setRoute((inbound) => {
    interpreter.inbound(inbound);
  });
  for (const inbound of early.splice(0)) interpreter.inbound(inbound);
  return stack;
};

export type { Address };
