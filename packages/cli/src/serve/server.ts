// The I/O shell of `puresip serve`: @puresip/node's transports and receive rules, the
// transaction layer of @puresip/transaction over a map this shell owns, the pure UAS step
// (uas.ts) over another, one timer wheel for both, and the CSPRNG for tags and nonces. Every
// decision is made by the pure steps; this file only carries their effects out, in order.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipMessage, SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse, serializeMessage } from "@puresip/message";
import type { Address, Inbound, LogEvent, Transport, TransportName } from "@puresip/node";
import { TimerWheel, cryptoEntropy, formatAddress, hex, listenTcp, listenUdp, listenWs, nodeTimerHost, receive } from "@puresip/node";
import type { LayerEffect, LayerEvent, Peer, Transaction, TransactionKey } from "@puresip/transaction";
import { clientKeyOfRequest, defaultLayerConfig, defaultTimers, step as layerStep } from "@puresip/transaction";
import type { ServeConfig } from "../config/serve-config.js";
import type { Users } from "../config/users.js";
import { capabilities } from "./media.js";
import type { Call, UasEffect, UasEvent, UasState } from "./uas.js";
import { emptyUas, uasStep } from "./uas.js";

export interface ServerHooks {
  /** Each message sent or received, as it crossed the wire (for --trace). */
  readonly trace?: (direction: "sent" | "received", local: string, remote: string, message: SipMessage) => void;
  /** Registrations, calls answered and ended, messages. */
  readonly note?: (text: string) => void;
  /** Transport and stack events from @puresip/node. */
  readonly log?: (event: LogEvent) => void;
  /**
   * A client's own dialogs: a request this returns a status for is answered with it and not
   * passed to the UAS (a BYE for the call `puresip call` placed).
   */
  readonly inDialog?: (request: SipRequest) => number | undefined;
  /** A 2xx to an INVITE after its transaction handed up the first: the ACK must go again (§13.2.2.4). */
  readonly retransmitted2xx?: (response: SipResponse) => void;
}

export interface Listening {
  readonly transport: TransportName;
  readonly host: string;
  readonly port: number;
}

export interface Server {
  readonly listening: ReadonlyArray<Listening>;
  /** Live transactions and calls (the load benchmark reads them). */
  readonly stats: () => { readonly transactions: number; readonly calls: number };
  /**
   * Sends a request in a client transaction (§17.1) and resolves with its final response, or
   * a Left saying why there is none (Timer B or F, a transport failure). An ACK for a 2xx is
   * just sent (§17.1.1.1) and resolves at once with a Left "no response".
   */
  readonly request: (request: SipRequest, destination: Peer) => Promise<E.Either<string, SipResponse>>;
  /** Stops listening and closes every socket. */
  readonly close: () => Promise<void>;
}

type Timed = { readonly _tag: "tx"; readonly key: TransactionKey } | { readonly _tag: "call"; readonly id: string };

export const startServer = async (config: ServeConfig, users: Users | undefined, hooks: ServerHooks = {}): Promise<Server> => {
  const entropy = cryptoEntropy();
  const transactions = new Map<TransactionKey, Transaction>();
  const calls = new Map<string, Call>();
  let uas: UasState = emptyUas;
  const transports = new Map<string, Transport>();
  const pending = new Map<TransactionKey, (r: E.Either<string, SipResponse>) => void>();
  const settle = (key: TransactionKey, r: E.Either<string, SipResponse>): void => {
    const resolve = pending.get(key);
    if (resolve === undefined) return;
    pending.delete(key);
    resolve(r);
  };
  const log = hooks.log ?? (() => undefined);
  const step = layerStep(defaultLayerConfig);
  const uasRun = uasStep({
    registrar: { realm: config.realm, ...(users === undefined ? {} : { users }), algorithms: config.digest, ...config.registrar, nonceLifetimeMs: 300_000 },
    media: (sessionId) => capabilities(config.media, sessionId),
    t1: defaultTimers.t1,
    t2: defaultTimers.t2,
  });

  // Timer keys are strings in the wheel; the prefix says which map they belong to.
  const wheel = new TimerWheel<string>(nodeTimerHost, (keys, now) => {
    for (const k of keys) {
      const timed: Timed = k.startsWith("tx ") ? { _tag: "tx", key: k.slice(3) as TransactionKey } : { _tag: "call", id: k.slice(5) };
      if (timed._tag === "tx") runLayer({ _tag: "Tick", now, key: timed.key });
      else runUas({ _tag: "Wake", now, call: timed.id });
    }
  });

  const tag = (): Tag => hex(entropy.bytes(8)) as Tag;

  const transmit = (message: SipMessage, destination: Peer): void => {
    const transport = transports.get(destination.transport.toUpperCase());
    if (transport === undefined) {
      hooks.note?.(`no ${destination.transport} transport to send to ${formatAddress(destination.host, destination.port)}`);
      return;
    }
    hooks.trace?.("sent", formatAddress(transport.local.host, transport.local.port), formatAddress(destination.host, destination.port), message);
    void transport.send(serializeMessage(message), { host: destination.host, port: destination.port }).then((sent) => {
      if (E.isLeft(sent)) hooks.note?.(`sending to ${formatAddress(destination.host, destination.port)} failed: ${sent.left.detail}`);
    });
  };

  const contactFor = (transport: string): string => {
    const t = transports.get(transport.toUpperCase());
    const port = t?.local.port ?? config.port;
    return `<sip:puresip@${formatAddress(config.host, port)};transport=${transport.toLowerCase()}>`;
  };

  function runUas(event: UasEvent): void {
    const [next, effects] = uasRun(calls, uas, event);
    uas = next;
    for (const effect of effects) runUasEffect(effect, event.now);
  }

  function runUasEffect(effect: UasEffect, now: number): void {
    switch (effect._tag) {
      case "Respond":
        runLayer({ _tag: "SendResponse", now, key: effect.key, response: effect.response });
        return;
      case "PutCall":
        calls.set(effect.call, effect.value);
        if (O.isSome(effect.wakeAt)) wheel.schedule(`call ${effect.call}`, effect.wakeAt.value);
        else wheel.cancel(`call ${effect.call}`);
        return;
      case "DeleteCall":
        calls.delete(effect.call);
        wheel.cancel(`call ${effect.call}`);
        return;
      case "Note":
        hooks.note?.(effect.text);
        return;
    }
  }

  function runLayer(event: LayerEvent): void {
    for (const effect of step(transactions, event)) runLayerEffect(effect, event.now);
  }

  function runLayerEffect(effect: LayerEffect, now: number): void {
    switch (effect._tag) {
      case "Store":
        transactions.set(effect.key, effect.transaction);
        if (O.isSome(effect.deadline)) wheel.schedule(`tx ${effect.key}`, effect.deadline.value);
        else wheel.cancel(`tx ${effect.key}`);
        return;
      case "Forget":
        transactions.delete(effect.key);
        wheel.cancel(`tx ${effect.key}`);
        return;
      case "Transmit":
        transmit(effect.message, effect.destination);
        return;
      case "NewRequest": {
        const status = hooks.inDialog?.(effect.request);
        if (status !== undefined) {
          const response = createResponse(status)(effect.request);
          if (E.isRight(response)) runLayer({ _tag: "SendResponse", now, key: effect.key, response: response.right });
          return;
        }
        runUas({
          _tag: "Request",
          now,
          key: effect.key,
          request: effect.request,
          cancels: effect.cancels,
          contact: contactFor(effect.source.transport),
          fresh: { tag: tag(), nonce: hex(entropy.bytes(16)), sessionId: String(Date.now()) },
        });
        return;
      }
      case "Ack":
        runUas({ _tag: "Ack", now, request: effect.request });
        return;
      case "Discarded":
        hooks.note?.(`discarded: ${effect.reason}`);
        return;
      case "Response":
        if (effect.response.status < 200) return;
        if (pending.has(effect.key)) settle(effect.key, E.right(effect.response));
        else if (effect.response.status < 300 && effect.response.core.cseq?.method === "INVITE") hooks.retransmitted2xx?.(effect.response);
        return;
      case "Timeout":
        settle(effect.key, E.left(`no final response (Timer ${effect.timer} fired)`));
        return;
      case "TransportFailure":
        settle(effect.key, E.left("the transport failed to send"));
        return;
      case "StrayResponse":
        return;
    }
  }

  const onInbound = (inbound: Inbound): void => {
    const now = nodeTimerHost.now();
    const source: Address = inbound.source;
    const local = formatAddress(inbound.local.host, inbound.local.port);
    const remote = formatAddress(source.host, source.port);
    if (E.isRight(inbound.parsed)) hooks.trace?.("received", local, remote, inbound.parsed.right);
    const received = receive(inbound.parsed, { source, toTag: tag });
    const peer: Peer = { transport: inbound.transport, host: source.host, port: source.port };
    switch (received._tag) {
      case "Request":
        runLayer({ _tag: "Received", now, message: received.request, source: peer });
        return;
      case "Response":
        runLayer({ _tag: "Received", now, message: received.response, source: peer });
        return;
      case "Answer":
        hooks.note?.(`answered a bad request from ${remote}: ${received.detail}`);
        transmit(received.response, peer);
        return;
      case "Drop":
        hooks.note?.(`dropped a message from ${remote}: ${received.detail}`);
        return;
    }
  };

  const transportHooks = { onInbound, log };
  const opened: Array<Transport> = [];
  try {
    let port = config.port;
    if (config.transports.includes("udp")) {
      const udp = await listenUdp({ host: config.host, port }, transportHooks);
      opened.push(udp);
      // UDP and TCP share the port (§18: a server listens on both), so port 0 takes UDP's.
      port = udp.local.port;
    }
    if (config.transports.includes("tcp")) opened.push(await listenTcp({ host: config.host, port }, transportHooks));
    if (config.transports.includes("ws")) opened.push(await listenWs({ host: config.host, port: config.wsPort }, transportHooks));
  } catch (e) {
    await Promise.all(opened.map((t) => t.close()));
    throw e;
  }
  for (const t of opened) transports.set(t.name, t);

  return {
    listening: opened.map((t) => ({ transport: t.name, host: t.local.host, port: t.local.port })),
    stats: () => ({ transactions: transactions.size, calls: calls.size }),
    request: (request, destination) => {
      const now = nodeTimerHost.now();
      if (request.method === "ACK") {
        runLayer({ _tag: "SendRequest", now, request, destination });
        return Promise.resolve(E.left("no response: an ACK"));
      }
      const key = clientKeyOfRequest(request);
      if (E.isLeft(key)) return Promise.resolve(E.left(key.left.reason));
      return new Promise((resolve) => {
        pending.set(key.right, resolve);
        runLayer({ _tag: "SendRequest", now, request, destination });
      });
    },
    close: async () => {
      wheel.stop();
      await Promise.all(opened.map((t) => t.close()));
    },
  };
};
