// The I/O shell of `puresip serve`: a UA core run by @puresip/node's `createStack`. The core
// answers OPTIONS (§11.2), takes MESSAGE (RFC 3428), and runs each call: this shell only rings
// and answers (the SDP answer comes from `UaConfig.media`), and the session holds until BYE
// with the 2xx retransmitted until its ACK (@puresip/dialog). REGISTER reaches the shell as an
// `IncomingRequest`: the pure registrar (./registrar.ts) decides, the bindings live in a Map
// here, and the response goes back with the `Respond` command.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipResponse } from "@puresip/message";
import { Methods, createResponse, headerValues, tag } from "@puresip/message";
import type { LogEvent, Stack, TraceEvent, TransportSpec } from "@puresip/node";
import { createStack, cryptoEntropy, hex } from "@puresip/node";
import type { AppEvent, Capabilities, UsageKey } from "@puresip/ua";
import type { AorKey, Binding } from "@puresip/ua/registrar";
import { basicCapabilities } from "@puresip/ua";
import { activeBindings, aorOfRequest, defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ServeConfig, Transport } from "../config/serve-config.js";
import { servedDomains } from "../config/serve-config.js";
import type { TlsPems } from "../config/tls-files.js";
import type { Users } from "../config/users.js";
import { capabilities, describeNegotiation } from "./media.js";
import { serveRefers } from "./referee.js";
import { register } from "./registrar.js";
import { FailureBudgets, NonceUses, RegistrarMemory } from "./registrar-tables.js";

export interface ServerHooks {
  /** Each message sent or received, as it crossed the wire (for --trace). */
  readonly trace?: (event: TraceEvent) => void;
  /** Registrations, calls answered and ended, messages, problems. */
  readonly note?: (text: string) => void;
  /** Transport and stack events from @puresip/node. */
  readonly log?: (event: LogEvent) => void;
}

export interface Listening {
  readonly transport: string;
  readonly host: string;
  readonly port: number;
}

export interface Server {
  readonly listening: ReadonlyArray<Listening>;
  /** Graceful: new requests get 503, calls are hung up (bounded), every socket closes. */
  readonly close: () => Promise<void>;
}

/** What this UAS supports, advertised in Allow (§8.2.1): the RFC 3261 basics, MESSAGE and REGISTER. */
export const serveCapabilities = (host: string): Capabilities => ({
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.MESSAGE, Methods.REGISTER, Methods.REFER, Methods.NOTIFY],
  // RFC 3891: an INVITE with Replaces takes over the call it names (§3).
  extensions: [...basicCapabilities.extensions, "replaces"],
  contentTypes: [...basicCapabilities.contentTypes, { type: "text", subtype: "plain", params: [] }],
  warnAgent: host,
});


/**
 * RFC 3261 §26.2.1 TLS on its own port; with `requestCert`, mutual authentication (§26.3.1):
 * a client without a certificate the roots vouch for is refused at the handshake.
 */
const tlsSpec = (config: ServeConfig, pems: TlsPems | undefined): TransportSpec => {
  if (pems === undefined) throw new Error("transports has tls, but no certificate and key were read");
  return { transport: "TLS", host: config.host, port: config.tlsPort, cert: pems.cert, key: pems.key, ...(pems.ca === undefined ? {} : { ca: pems.ca }), requestCert: config.requestCert };
};

/** UDP and TCP share `port` (§18: a server listens on both); WebSocket (RFC 7118) and TLS have their own. */
const specOf = (config: ServeConfig, t: Transport, udpPort: number, pems?: TlsPems): TransportSpec => {
  switch (t) {
    case "tls":
      return tlsSpec(config, pems);
    case "udp":
      return { transport: "UDP", host: config.host, port: config.port };
    case "tcp":
      return { transport: "TCP", host: config.host, port: udpPort };
    case "ws":
      return { transport: "WS", host: config.host, port: config.wsPort };
    default:
      return t satisfies never;
  }
};

/** How long a nonce is accepted (RFC 7616 §3.3 "limit the time of the nonce's validity"). */
const NONCE_LIFETIME_MS = 300_000;
/** Nonces remembered for their counts: more in use at once only costs their clients a stale=true retry. */
const USED_NONCES = 10_000;
/** Source addresses whose failed digests are remembered. */
const FAILING_SOURCES = 10_000;

/** How often lapsed bindings are swept out of the location service (they are ignored from the moment they lapse). */
const SWEEP_MS = 60_000;

export const startServer = async (config: ServeConfig, users: Users | undefined, hooks: ServerHooks = {}, pems?: TlsPems): Promise<Server> => {
  const entropy = cryptoEntropy();
  const note = hooks.note ?? (() => undefined);
  // RFC 4566 §5.2: the o= sess-id is a numeric string; 48 random bits keep it unique.
  const sessionId = String(Number.parseInt(hex(entropy.bytes(6)), 16));
  const media = capabilities(config.media, sessionId);
  if (E.isLeft(media)) throw new Error(media.left);
  // With port 0, UDP is bound first and TCP takes the port the system gave it.
  const udpFirst = config.transports.includes("udp") ? ["udp" as const, ...config.transports.filter((t) => t !== "udp")] : config.transports;
  const common = {
    // `--transports` is the operator's list, TCP included by default: nothing is added to it.
    tcpBesideUdp: false,
    user: "puresip",
    capabilities: serveCapabilities(config.host),
    media: media.right,
    closeTimeoutMs: 1500,
    entropy,
    ...(hooks.log === undefined ? {} : { log: hooks.log }),
    ...(hooks.trace === undefined ? {} : { trace: hooks.trace }),
  };
  let stack: Stack;
  if (udpFirst[0] === "udp" && config.port === 0 && udpFirst.includes("tcp")) {
    // createStack binds in order but takes every port up front: find UDP's port, then bind all.
    const probe = await createStack({ ...common, transports: [specOf(config, "udp", 0)] });
    const port = probe.listening[0]?.port ?? 0;
    await probe.close();
    stack = await createStack({ ...common, transports: udpFirst.map((t) => specOf({ ...config, port }, t, port, pems)) });
  } else {
    stack = await createStack({ ...common, transports: udpFirst.map((t) => specOf(config, t, config.port, pems)) });
  }

  const r = config.registrar;
  const registrar = register({
    realm: config.realm,
    users: O.fromNullable(users),
    algorithms: config.digest,
    nonceLifetimeMs: NONCE_LIFETIME_MS,
    nonceSecret: entropy.bytes(32),
    budgets: {
      perSource: { burst: r.failuresPerSource, refillMs: r.failureRefillSeconds * 1000 },
      perUser: { burst: r.failuresPerUser, refillMs: r.failureRefillSeconds * 1000 },
    },
    rules: {
      ...defaultRegistrarConfig,
      minExpires: r.minExpires,
      maxExpires: r.maxExpires,
      defaultExpires: r.defaultExpires,
      maxBindingsPerAor: r.maxBindingsPerAor,
      maxAors: r.maxAors,
      maxUdpResponse: r.maxUdpResponse,
      domains: servedDomains(config),
      authorization: users === undefined ? "Anyone" : "UserPart",
    },
  });
  // Source budgets: one entry a recently failing address; user budgets: at most one an account.
  const memory = new RegistrarMemory(new NonceUses(USED_NONCES, NONCE_LIFETIME_MS), new FailureBudgets(FAILING_SOURCES), new FailureBudgets(Math.max(1, users?.size ?? 1)));
  const bindings = new Map<AorKey, ReadonlyArray<Binding>>();
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const [aor, list] of bindings) {
      const live = activeBindings(list, now);
      if (live.length === 0) bindings.delete(aor);
      else if (live !== list) bindings.set(aor, live);
    }
  }, SWEEP_MS).unref();

  const respond = (key: Extract<AppEvent, { _tag: "IncomingRequest" }>["key"], response: SipResponse): void => {
    stack.command({ _tag: "Respond", key, response });
  };

  const onRequest = (e: Extract<AppEvent, { _tag: "IncomingRequest" }>): void => {
    const toTag = tag(e.toTag);
    if (E.isLeft(toTag)) {
      note(`cannot answer ${e.request.method}: the UA core's To tag is not a token`);
      return;
    }
    if (e.request.method !== Methods.REGISTER) {
      // Only REGISTER is listed without a usage; anything else is a bug to say out loud.
      const r = createResponse(500, { toTag: toTag.right, reason: "Server Internal Error - no handler" })(e.request);
      if (E.isRight(r)) respond(e.key, r.right);
      note(`no handler for ${e.request.method}`);
      return;
    }
    const now = Math.floor(performance.now());
    const aor = aorOfRequest(e.request);
    const current = E.isRight(aor) ? (bindings.get(aor.right) ?? []) : [];
    const step = registrar(memory.tables, current, { request: e.request, now, toTag: toTag.right, salt: hex(entropy.bytes(8)), source: e.source.host, aors: bindings.size });
    if (E.isLeft(step)) {
      note(step.left);
      const r = createResponse(500, { toTag: toTag.right })(e.request);
      if (E.isRight(r)) respond(e.key, r.right);
      return;
    }
    memory.apply(step.right.writes, now);
    if (O.isSome(step.right.bind)) {
      const { aor: key, bindings: list } = step.right.bind.value;
      if (list.length === 0) bindings.delete(key);
      else bindings.set(key, list);
      note(`REGISTER ${headerValues("To")(e.request)[0] ?? key}: ${list.length} binding(s)`);
    }
    respond(e.key, step.right.response);
  };

  stack.on("IncomingRequest", onRequest);
  serveRefers(stack, note);
  // Notes name a call by its Call-ID (what a trace or a peer's log shows), not the store key.
  const callIds = new Map<UsageKey, string>();
  const callId = (call: UsageKey): string => callIds.get(call) ?? call;
  stack.on("IncomingCall", (e) => {
    callIds.set(e.call, e.invite.core.callId ?? e.call);
    if (e.replaces !== undefined) note(`call ${callId(e.call)} replaces call ${callId(e.replaces)} (RFC 3891)`);
    // The UA core answers from UaConfig.media, and refuses an offer with nothing in common
    // with 488 (RFC 3261 §13.3.1.3), saying why in a Problem event.
    stack.ring(e.call);
    stack.answer(e.call);
  });
  stack.on("CallMedia", (e) => {
    note(`call ${callId(e.call)} media: ${describeNegotiation(e.negotiation).join("; ")}`);
  });
  stack.on("CallEnded", (e) => {
    note(`call ${callId(e.call)} ended: ${e.reason}`);
    callIds.delete(e.call);
  });
  stack.on("MessageReceived", (e) => {
    note(`MESSAGE from ${headerValues("From")(e.request)[0] ?? "?"}: ${new TextDecoder().decode(e.body.content).slice(0, 200)}`);
  });
  stack.on("Problem", (e) => {
    note(`problem: ${e.reason}`);
  });

  return {
    listening: stack.listening,
    close: async () => {
      clearInterval(sweep);
      await stack.close();
    },
  };
};
