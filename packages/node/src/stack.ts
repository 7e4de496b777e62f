// The application's view of a stack (issue #8): `createStack(options)` listens on its
// transports and runs the UA reducer through the interpreter; the facade turns UA commands
// into methods and AppEvents into EventEmitter events (each under its `_tag`, and all of them
// under "event"), for people who do not want to handle effects by hand.
import { EventEmitter } from "node:events";
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import type { Body } from "@puresip/dialog";
import { Methods, parseUri, serializeMessage } from "@puresip/message";
import type { HeaderField, Uri } from "@puresip/message";
import { defaultLayerConfig, defaultTimers } from "@puresip/transaction";
import type { Peer } from "@puresip/transaction";
import type { ClientTransports } from "@puresip/kernel";
import { DEFAULT_TCP_THRESHOLD } from "@puresip/kernel";
import { basicCapabilities } from "@puresip/ua";
import type { AppEvent, Capabilities, UaCommand, UaConfig, UsageKey } from "@puresip/ua";
import type { EntropySource } from "./csprng.js";
import { cryptoEntropy } from "./csprng.js";
import { Interpreter } from "./interpreter.js";
import type { TargetResolver } from "./interpreter.js";
import type { CounterSnapshot, Logger } from "./log.js";
import { Counters, silentLogger } from "./log.js";
import { advertisedHost, listenAll, traced, urlHost } from "./listen.js";
import type { ServerNames } from "./listen.js";
import type { ResolvedTransport } from "./resolve/index.js";
import { nodeDns, resolveTargets } from "./resolve/index.js";
import type { CallOutcome, Listening, MessageResult, OptionsResult, RegistrationOutcome, Stack, StackOptions } from "./stack-options.js";
import { StackError } from "./stack-options.js";
import type { Address, Inbound, Transport, TransportHooks } from "./transport/types.js";

export type { CallOutcome, Listening, MessageResult, OptionsResult, RegistrationOutcome, Stack, StackOptions, TraceEvent, TransportSpec } from "./stack-options.js";
export { StackError } from "./stack-options.js";
export { advertisedHost } from "./listen.js";

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



class StackImpl extends EventEmitter implements Stack {
  readonly listening: ReadonlyArray<Listening>;
  private closing: Promise<void> | undefined;
  /** `call()`s waiting for their `CallCreated` or `CallNotMade`: one per `MakeCall`, answered in order. */
  private readonly waitingCalls: Array<{ readonly made: (call: UsageKey) => void; readonly failed: (error: StackError) => void }> = [];
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
    if (event._tag === "CallCreated") this.waitingCalls.shift()?.made(event.call);
    if (event._tag === "CallNotMade") this.waitingCalls.shift()?.failed(new StackError(`call: ${event.reason}`));
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
    return new Promise((resolve, reject) => {
      this.waitingCalls.push({ made: resolve, failed: reject });
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
  let transports: ReadonlyArray<Transport>;
  try {
    transports = await listenAll(options.transports, hooks, options, serverNames);
  } catch (error) {
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
