// The UA core on @puresip/node: the generic element host (./host.ts: the kernel's engine over
// sockets, timers, DNS and the CSPRNG) running `uaElement`, plus what is still decided here
// rather than in the core (issue #14 item 4 moves it into the client entry): RFC 3263 §4.3
// failover between resolved targets. The graceful close is the core's `Shutdown` command.
import * as E from "fp-ts/lib/Either.js";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Peer } from "@puresip/kernel";
import { samePeer } from "@puresip/kernel";
import { ackFor, clientKeyOfRequest, clientKeyOfResponse } from "@puresip/transaction";
import type { TransactionKey } from "@puresip/transaction";
import { clientRequestKey, initialState, nextDeadline, uaElement } from "@puresip/ua";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaElement, UaReducer, UaState } from "@puresip/ua";
import { StoreEntryCodec, UaStateCodec } from "@puresip/ua";
import type { HostOptions } from "./host.js";
import { ElementHost } from "./host.js";
import { formatAddress } from "./log.js";
import type { Inbound } from "./transport/types.js";

export type { TargetResolver } from "./wire.js";

/** What the UA interpreter needs: the host's options, the UA's configuration and, for tests, a reducer to wrap. */
export interface InterpreterOptions extends Omit<HostOptions<UaState, StoreEntry, UaCommand, AppEvent>, "element" | "start" | "changed" | "sendRequest" | "onResolved"> {
  readonly config: UaConfig;
  /** The UA reducer (default: @puresip/ua's `step`); a test may wrap it. */
  readonly reducer?: UaReducer;
}

const seedWords = (bytes: Uint8Array): ReadonlyArray<number> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)];
};

/** Runs the @puresip/ua core on an ElementHost, with RFC 3263 resolution and failover (§4.3) for its requests. */
export class Interpreter {
  private readonly host: ElementHost<UaState, StoreEntry, UaCommand, AppEvent>;
  /** RFC 3263 §4.3 failover: the remaining targets of a resolved request, by its client transaction key. */
  private readonly alternatives = new Map<string, { readonly targets: ReadonlyArray<Peer>; readonly next: number; readonly via: Peer }>();
  private readonly pendingResolves = new Map<string, ReadonlyArray<Peer>>();

  constructor(private readonly opts: InterpreterOptions) {
    const element: UaElement = opts.reducer === undefined ? uaElement(opts.config) : { step: opts.reducer(opts.config), nextDeadline, codec: { state: UaStateCodec, entry: StoreEntryCodec } };
    this.host = new ElementHost({
      element,
      start: { state: initialState(seedWords(opts.entropy.bytes(16))), entries: [] },
      transports: opts.transports,
      resolve: opts.resolve,
      deliver: (event) => {
        if (event._tag === "Problem") opts.log({ _tag: "Core", level: "info", detail: event.reason });
        opts.deliver(event);
      },
      entropy: opts.entropy,
      log: opts.log,
      counters: opts.counters,
      ...(opts.timerHost === undefined ? {} : { timerHost: opts.timerHost }),
      ...(opts.tcpThreshold === undefined ? {} : { tcpThreshold: opts.tcpThreshold }),
      ...(opts.sentBy === undefined ? {} : { sentBy: opts.sentBy }),
      changed: (key, before, after) => {
        if (before === undefined && after !== undefined) this.gauge(after, 1);
        if (before !== undefined && after === undefined) {
          // A client transaction's failover list, or a context's resolved targets, go with it.
          this.alternatives.delete(key);
          this.pendingResolves.delete(key);
          this.gauge(before, -1);
        }
      },
      sendRequest: (request, destination) => {
        this.host.background(this.sendRequest(request, destination));
      },
      onResolved: (id, result) => {
        if (E.isRight(result)) this.pendingResolves.set(id, result.right);
      },
    });
  }

  /** The registry of live transactions, usages and client-request contexts. */
  get store(): ReadonlyMap<string, StoreEntry> {
    return this.host.engine.registry;
  }

  /** The host clock's time, in milliseconds. */
  now(): number {
    return this.host.now();
  }

  /** An application command; it runs after whatever event is being processed. */
  command(command: UaCommand): void {
    this.host.command(command);
  }

  /** What a transport received: §18.2.1 on it, then into the UA core, or answered/dropped. */
  inbound(inbound: Inbound): void {
    this.host.inbound(inbound, (message, source) => message._tag === "Response" && this.failOver503(message, source));
  }

  /** Stops the timer and drops what is queued; the registry stays for inspection. */
  stop(): void {
    this.host.stop();
  }

  /** The number of live entries of a kind, for counters and graceful shutdown. */
  count(kind: StoreEntry["_tag"], usage?: "Call" | "Registration"): number {
    let n = 0;
    for (const e of this.store.values()) if (e._tag === kind && (usage === undefined || (e._tag === "Usage" && e.usage._tag === usage))) n++;
    return n;
  }

  private gauge(entry: StoreEntry, delta: number): void {
    if (entry._tag === "Transaction") this.opts.counters.add("liveTransactions", delta);
    else if (entry._tag === "Usage" && entry.usage._tag === "Call") this.opts.counters.add("liveDialogs", delta);
  }

  private async sendRequest(request: SipRequest, destination: Peer): Promise<void> {
    const key = clientKeyOfRequest(request);
    const keyText = E.isRight(key) ? key.right : undefined;
    if (keyText !== undefined) this.noteTargets(keyText, request.method, destination);
    const alt = keyText === undefined ? undefined : this.alternatives.get(keyText);
    // A transaction whose first target failed keeps retransmitting to the one that replaced it.
    const target = alt?.via ?? destination;
    const sent = await this.host.wire.sendRequest(request, target);
    if (E.isRight(sent) || keyText === undefined) return;
    // RFC 3263 §4.3: "the next SHOULD be tried" before the failure reaches the transaction.
    const remaining = this.alternatives.get(keyText);
    if (remaining !== undefined && remaining.next < remaining.targets.length) {
      const via = remaining.targets[remaining.next];
      if (via !== undefined) {
        this.alternatives.set(keyText, { ...remaining, next: remaining.next + 1, via });
        this.opts.log({ _tag: "SendFailed", level: "info", transport: target.transport, destination: formatAddress(target.host, target.port), detail: `${sent.left}; trying the next RFC 3263 target` });
        this.host.background(this.sendRequest(request, destination));
        return;
      }
    }
    if (request.method !== "ACK") this.host.engine.transportError(keyText);
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
    if (request.method === "INVITE") this.host.background(this.host.wire.sendRequest(ackFor(request, response), source).then(() => undefined));
    if (!fromCurrent) return true;
    const next = alt.targets[alt.next];
    if (next === undefined) return false;
    this.alternatives.set(key.right, { ...alt, next: alt.next + 1, via: next });
    this.opts.log({ _tag: "SendFailed", level: "info", transport: source.transport, destination: formatAddress(source.host, source.port), detail: "503 Service Unavailable; trying the next RFC 3263 target" });
    this.host.background(this.sendRequest(request, alt.via));
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
}
