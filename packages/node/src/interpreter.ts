// The effect interpreter (DESIGN.md "Effects say what to do, never do it"): one
// run-to-completion queue per stack. An event goes into the UA reducer; its effects run in
// order: Put/Forget update the registry (this Map) and the timer wheel, Transmit goes to a
// transport, Resolve to RFC 3263 and back as an event, Deliver to the application. Events that
// arise meanwhile (a timer, a datagram, a command from a Deliver handler) wait their turn.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, serializeMessage, tag } from "@puresip/message";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import { ackFor, clientKeyOfRequest, clientKeyOfResponse } from "@puresip/transaction";
import type { Peer, TransactionKey } from "@puresip/transaction";
import { clientRequestKey, initialState, responseDestination } from "@puresip/ua";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaEffect, UaEvent, UaReducer, UaState } from "@puresip/ua";
import type { EntropySource } from "./entropy.js";
import { hex } from "./entropy.js";
import type { Counters, Logger } from "./log.js";
import { formatAddress } from "./log.js";
import { DEFAULT_TCP_THRESHOLD, mustSwitchToTcp, stampSentBy } from "./outbound.js";
import { receive } from "./receive.js";
import type { TimerHost } from "./timers.js";
import { TimerWheel, nodeTimerHost } from "./timers.js";
import type { Address, Inbound, Transport } from "./transport/types.js";

/** RFC 3263 for the interpreter: targets in failover order, or why there are none. */
export type TargetResolver = (target: Extract<UaEffect, { _tag: "Resolve" }>) => Promise<E.Either<string, ReadonlyArray<Peer>>>;

export interface InterpreterOptions {
  readonly config: UaConfig;
  readonly reducer: UaReducer;
  /** Listening transports by Via token ("UDP", "TCP", "TLS", "WS", "WSS"). */
  readonly transports: ReadonlyMap<string, Transport>;
  readonly resolve: TargetResolver;
  readonly deliver: (event: AppEvent) => void;
  readonly entropy: EntropySource;
  readonly log: Logger;
  readonly counters: Counters;
  readonly timerHost?: TimerHost;
  /** §18.1.1: requests over UDP larger than this go over TCP when the stack has TCP; `false` never switches. */
  readonly tcpThreshold?: number | false;
  /** The sent-by written into the top Via for a transport (default: its bound address). */
  readonly sentBy?: (transport: Transport) => Address;
}

const peerAddress = (p: Peer): Address => ({ host: p.host, port: p.port });

const samePeer = (a: Peer, b: Peer): boolean => a.transport.toUpperCase() === b.transport.toUpperCase() && a.port === b.port && a.host.toLowerCase() === b.host.toLowerCase();

export class Interpreter {
  /** The registry of live transactions, usages and client-request contexts (the shell's Map). */
  readonly store = new Map<string, StoreEntry>();
  private state: UaState;
  private readonly queue: Array<(now: number) => UaEvent> = [];
  private running = false;
  private readonly wheel: TimerWheel<string>;
  private readonly host: TimerHost;
  private readonly step: ReturnType<UaReducer>;
  /** RFC 3263 §4.3 failover: the remaining targets of a resolved request, by its client transaction key. */
  private readonly alternatives = new Map<string, { readonly targets: ReadonlyArray<Peer>; readonly next: number; readonly via: Peer }>();
  private readonly pendingResolves = new Map<string, ReadonlyArray<Peer>>();
  private stopped = false;
  private refusing = false;

  constructor(private readonly opts: InterpreterOptions) {
    this.host = opts.timerHost ?? nodeTimerHost;
    this.step = opts.reducer(opts.config);
    const seed = opts.entropy.bytes(16);
    const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
    this.state = initialState([view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)]);
    this.wheel = new TimerWheel<string>(this.host, (keys) => {
      for (const key of keys) this.enqueue((now) => ({ _tag: "Tick", now, key }));
    });
  }

  now(): number {
    return this.host.now();
  }

  /** An application command; it runs after whatever event is being processed. */
  command(command: UaCommand): void {
    this.enqueue((now) => ({ _tag: "Command", now, command }));
  }

  /** What a transport received: §18.2.1 on it, then into the reducer, or answered/dropped here. */
  inbound(inbound: Inbound): void {
    if (this.stopped) return;
    const { counters, log } = this.opts;
    const source = formatAddress(inbound.source.host, inbound.source.port);
    if (E.isRight(inbound.parsed)) counters.add("messagesIn");
    else counters.add("parseErrors");
    const received = receive(inbound.parsed, { source: inbound.source, toTag: () => this.freshTag() });
    const peer: Peer = { transport: inbound.transport, host: inbound.source.host, port: inbound.source.port };
    switch (received._tag) {
      case "Request":
        if (this.refusing && this.isNewRequest(received.request)) {
          this.refuse(received.request, peer);
          return;
        }
        this.enqueue((now) => ({ _tag: "Received", now, message: received.request, source: peer }));
        return;
      case "Response":
        if (this.failOver503(received.response, peer)) return;
        this.enqueue((now) => ({ _tag: "Received", now, message: received.response, source: peer }));
        return;
      case "Answer":
        log({ _tag: "ParseError", level: "warn", transport: inbound.transport, source, detail: received.detail, answered: true });
        this.background(this.sendResponse(received.response, peer));
        return;
      case "Drop":
        counters.add("dropped");
        log(
          received.parseError
            ? { _tag: "ParseError", level: "warn", transport: inbound.transport, source, detail: received.detail, answered: false }
            : { _tag: "Dropped", level: "info", transport: inbound.transport, source, detail: received.detail },
        );
        return;
      default:
        received satisfies never;
    }
  }

  /** Graceful shutdown: from now on a request outside a dialog gets 503 (§21.5.4); dialogs go on. */
  refuseNewRequests(): void {
    this.refusing = true;
  }

  /** A request outside any dialog (no To tag) that would start something: not ACK or CANCEL. */
  private isNewRequest(request: SipRequest): boolean {
    const toTag = request.core.to?.params.some((p) => p.name.toLowerCase() === "tag") === true;
    return !toTag && request.method !== "ACK" && request.method !== "CANCEL";
  }

  private refuse(request: SipRequest, source: Peer): void {
    const response = createResponse(503, { toTag: this.freshTag(), reason: "Service Unavailable - shutting down" })(request);
    if (E.isRight(response)) this.background(this.sendResponse(response.right, source));
  }

  /** Stops the timers and drops what is queued; the registry stays for inspection. */
  stop(): void {
    this.stopped = true;
    this.wheel.stop();
    this.queue.length = 0;
  }

  /** The number of live entries of a kind, for counters and graceful shutdown. */
  count(kind: StoreEntry["_tag"], usage?: "Call" | "Registration"): number {
    let n = 0;
    for (const e of this.store.values()) if (e._tag === kind && (usage === undefined || (e._tag === "Usage" && e.usage._tag === usage))) n++;
    return n;
  }

  /** Sends and lookups run beside the queue; whatever goes wrong in one is logged, never thrown. */
  private background(work: Promise<void>): void {
    work.catch((error: unknown) => {
      this.opts.log({ _tag: "Core", level: "error", detail: `an effect failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  }

  private freshTag(): Tag {
    const t = tag(hex(this.opts.entropy.bytes(6)));
    // Hex is always a token; the fallback only satisfies the type.
    return E.isRight(t) ? t.right : (hex(new Uint8Array(6)) as Tag);
  }

  private enqueue(make: (now: number) => UaEvent): void {
    if (this.stopped) return;
    this.queue.push(make);
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.run(next(this.host.now()));
    } finally {
      this.running = false;
    }
  }

  private run(event: UaEvent): void {
    let effects: ReadonlyArray<UaEffect>;
    try {
      const [state, out] = this.step(this.store, this.state, event);
      this.state = state;
      effects = out;
    } catch (error) {
      // A reducer bug must not take the process down: say so and carry on with the next event.
      this.opts.log({ _tag: "Core", level: "error", detail: `the UA reducer threw on ${event._tag}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    for (const effect of effects) this.interpret(effect);
  }

  private interpret(effect: UaEffect): void {
    switch (effect._tag) {
      case "Put":
        this.put(effect.key, effect.entry, effect.deadline);
        return;
      case "Forget":
        this.forget(effect.key);
        return;
      case "Transmit":
        if (effect.message._tag === "Request") this.background(this.sendRequest(effect.message, effect.destination));
        else this.background(this.sendResponse(effect.message, effect.destination));
        return;
      case "Resolve":
        this.background(this.resolve(effect));
        return;
      case "Deliver":
        if (effect.event._tag === "Problem") this.opts.log({ _tag: "Core", level: "info", detail: effect.event.reason });
        try {
          this.opts.deliver(effect.event);
        } catch (error) {
          this.opts.log({ _tag: "Core", level: "error", detail: `an application handler threw on ${effect.event._tag}: ${error instanceof Error ? error.message : String(error)}` });
        }
        return;
      default:
        effect satisfies never;
    }
  }

  private put(key: string, entry: StoreEntry, deadline: O.Option<number>): void {
    const before = this.store.get(key);
    this.store.set(key, entry);
    if (O.isSome(deadline)) this.wheel.schedule(key, deadline.value);
    else this.wheel.cancel(key);
    if (before === undefined) this.gauge(entry, 1);
  }

  private forget(key: string): void {
    const before = this.store.get(key);
    if (before === undefined) return;
    this.store.delete(key);
    this.wheel.cancel(key);
    // A client transaction's failover list, or a context's resolved targets, go with it.
    this.alternatives.delete(key);
    this.pendingResolves.delete(key);
    this.gauge(before, -1);
  }

  private gauge(entry: StoreEntry, delta: number): void {
    if (entry._tag === "Transaction") this.opts.counters.add("liveTransactions", delta);
    else if (entry._tag === "Usage" && entry.usage._tag === "Call") this.opts.counters.add("liveDialogs", delta);
  }

  private async resolve(effect: Extract<UaEffect, { _tag: "Resolve" }>): Promise<void> {
    let result: E.Either<string, ReadonlyArray<Peer>>;
    try {
      result = await this.opts.resolve(effect);
    } catch (error) {
      result = E.left(`resolution failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (E.isRight(result)) this.pendingResolves.set(effect.id, result.right);
    this.enqueue((now) => ({ _tag: "Resolved", now, id: effect.id, result }));
  }

  /** The transport for a Via token, and the address to write as sent-by. */
  private transportFor(name: string): Transport | undefined {
    return this.opts.transports.get(name.toUpperCase());
  }

  private async sendRequest(request: SipRequest, destination: Peer): Promise<void> {
    const key = clientKeyOfRequest(request);
    const keyText = E.isRight(key) ? key.right : undefined;
    if (keyText !== undefined) this.noteTargets(keyText, request.method, destination);
    const alt = keyText === undefined ? undefined : this.alternatives.get(keyText);
    // A transaction whose first target failed keeps retransmitting to the one that replaced it.
    const target = alt?.via ?? destination;
    const sent = await this.transmit(request, target);
    if (E.isRight(sent) || keyText === undefined) return;
    // RFC 3263 §4.3: "the next SHOULD be tried" before the failure reaches the transaction.
    const remaining = this.alternatives.get(keyText);
    if (remaining !== undefined && remaining.next < remaining.targets.length) {
      const via = remaining.targets[remaining.next];
      if (via !== undefined) {
        this.alternatives.set(keyText, { ...remaining, next: remaining.next + 1, via });
        this.opts.log({ _tag: "SendFailed", level: "info", transport: target.transport, destination: formatAddress(target.host, target.port), detail: `${sent.left}; trying the next RFC 3263 target` });
        this.background(this.sendRequest(request, destination));
        return;
      }
    }
    if (request.method !== "ACK") this.enqueue((now) => ({ _tag: "TransportError", now, key: keyText }));
  }

  /**
   * RFC 3263 §4.3: a 503 from one target of a resolved request sends it on to the next target
   * ("the next SHOULD be tried"), as long as there is one; the transaction goes on waiting.
   * An INVITE's 503 is acknowledged first (§17.1.1.3: the ACK goes where the INVITE went).
   * A 503 retransmitted by a target already left is acknowledged again and dropped.
   */
  private failOver503(response: SipResponse, source: Peer): boolean {
    if (response.status !== 503) return false;
    const key = clientKeyOfResponse(response);
    if (E.isLeft(key)) return false;
    const alt = this.alternatives.get(key.right);
    const context = this.store.get(clientRequestKey(key.right));
    if (alt === undefined || context?._tag !== "ClientRequest") return false;
    const request = context.context.request;
    const fromCurrent = samePeer(alt.via, source);
    if (fromCurrent && alt.next >= alt.targets.length) return false;
    if (request.method === "INVITE") this.background(this.transmit(ackFor(request, response), source).then(() => undefined));
    if (!fromCurrent) return true;
    const next = alt.targets[alt.next];
    if (next === undefined) return false;
    this.alternatives.set(key.right, { ...alt, next: alt.next + 1, via: next });
    this.opts.log({ _tag: "SendFailed", level: "info", transport: source.transport, destination: formatAddress(source.host, source.port), detail: "503 Service Unavailable; trying the next RFC 3263 target" });
    this.background(this.sendRequest(request, alt.via));
    return true;
  }

  /** Files the failover list RFC 3263 gave for this request's context, once. */
  private noteTargets(key: string, method: string, destination: Peer): void {
    if (this.alternatives.has(key)) return;
    const contextKey = clientRequestKey(key as TransactionKey);
    const targets = this.pendingResolves.get(contextKey);
    if (targets === undefined) return;
    this.pendingResolves.delete(contextKey);
    // The ACK of a 2xx is no transaction: nothing would ever forget its list.
    if (method === "ACK") return;
    const start = targets.findIndex((t) => t.host === destination.host && t.port === destination.port && t.transport === destination.transport);
    this.alternatives.set(key, { targets, next: start + 1, via: destination });
  }

  /** §18.1.1: the transport actually used, its sent-by in the top Via, then the bytes. */
  private async transmit(request: SipRequest, destination: Peer): Promise<E.Either<string, void>> {
    const asked = destination.transport.toUpperCase();
    const first = this.encode(request, asked);
    if (E.isLeft(first)) return this.failed(asked, destination, first.left);
    const threshold = this.opts.tcpThreshold ?? DEFAULT_TCP_THRESHOLD;
    if (threshold !== false && this.transportFor("TCP") !== undefined && mustSwitchToTcp(asked, first.right.bytes.length, threshold)) {
      const overTcp = this.encode(request, "TCP");
      const viaTcp = E.isRight(overTcp) ? await this.sendVia(overTcp.right, destination) : overTcp;
      if (E.isRight(viaTcp)) return viaTcp;
      // §18.1.1: a request moved to TCP that cannot connect "SHOULD" be retried over UDP.
      this.opts.log({ _tag: "SendFailed", level: "info", transport: "TCP", destination: formatAddress(destination.host, destination.port), detail: `${viaTcp.left}; sending the large request over UDP after all (§18.1.1)` });
    }
    const sent = await this.sendVia(first.right, destination);
    return E.isLeft(sent) ? this.failed(asked, destination, sent.left) : sent;
  }

  /** The request as `transportName` sends it: that transport's sent-by in the top Via, printed once. */
  private encode(request: SipRequest, transportName: string): E.Either<string, { readonly transport: Transport; readonly bytes: Uint8Array }> {
    const transport = this.transportFor(transportName);
    if (transport === undefined) return E.left(`no ${transportName} transport on this stack`);
    const stamped = stampSentBy(transportName, this.sentByOf(transport))(request);
    return E.isLeft(stamped) ? stamped : E.right({ transport, bytes: serializeMessage(stamped.right) });
  }

  private async sendVia(encoded: { readonly transport: Transport; readonly bytes: Uint8Array }, destination: Peer): Promise<E.Either<string, void>> {
    const sent = await encoded.transport.send(encoded.bytes, peerAddress(destination));
    if (E.isLeft(sent)) return E.left(sent.left.detail);
    this.opts.counters.add("messagesOut");
    return E.right(undefined);
  }

  private sentByOf(transport: Transport): Address {
    return this.opts.sentBy?.(transport) ?? transport.local;
  }

  private failed(transport: string, destination: Peer, detail: string): E.Either<string, void> {
    this.opts.counters.add("sendFailures");
    this.opts.log({ _tag: "SendFailed", level: "warn", transport, destination: formatAddress(destination.host, destination.port), detail });
    return E.left(detail);
  }

  /**
   * §18.2.2: on the request's connection while it is open; else `maddr`; else `received`
   * (and `rport`'s port over UDP, RFC 3581 §4), else the sent-by, resolved per RFC 3263 §5.
   */
  private async sendResponse(response: SipResponse, requestSource: Peer): Promise<void> {
    const transport = this.transportFor(requestSource.transport);
    if (transport === undefined) {
      this.failed(requestSource.transport, requestSource, `no ${requestSource.transport} transport for a response`);
      return;
    }
    const destination = responseDestination(response, { reliableConnectionAlive: transport.hasConnection(peerAddress(requestSource)) });
    if (E.isLeft(destination)) {
      this.failed(requestSource.transport, requestSource, `the response cannot be routed: ${destination.left._tag}`);
      return;
    }
    const d = destination.right;
    let to: Address;
    switch (d._tag) {
      case "SameConnection":
        to = peerAddress(requestSource);
        break;
      case "Multicast":
        to = { host: d.host, port: d.port };
        break;
      case "Address": {
        if (!d.resolve) {
          to = { host: d.host, port: d.port };
          break;
        }
        const found = await this.opts.resolve({ _tag: "Resolve", id: "response", target: { _tag: "SipUri", scheme: "sip", host: { _tag: "Hostname", value: d.host }, port: d.port, params: [{ name: "transport", value: d.transport.toLowerCase() }], headers: [] }, transport: d.transport });
        const first = E.isRight(found) ? found.right[0] : undefined;
        if (first === undefined) {
          this.failed(d.transport, requestSource, `the sent-by ${d.host} does not resolve (RFC 3263 §5)`);
          return;
        }
        to = peerAddress(first);
        break;
      }
      default:
        d satisfies never;
        return;
    }
    const sent = await transport.send(serializeMessage(response), to);
    if (E.isLeft(sent)) this.failed(requestSource.transport, { ...requestSource, host: to.host, port: to.port }, sent.left.detail);
    else this.opts.counters.add("messagesOut");
  }
}
