// The UA core on @puresip/node: the generic element host (./host.ts: the kernel's engine over
// sockets, timers, DNS and the CSPRNG) running `uaElement`, with gauges of its live entries.
// Nothing SIP is decided here: RFC 3263 §4.3 failover lives in the core's client-request
// context, graceful close is the core's `Shutdown` command.
import { initialState, isTransactionEntry, nextDeadline, uaElement } from "@puresip/ua";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaElement, UaReducer, UaState } from "@puresip/ua";
import { StoreEntryCodec, UaStateCodec } from "@puresip/ua";
import type { HostOptions } from "./host.js";
import { ElementHost } from "./host.js";
import type { Inbound } from "./transport/types.js";

export type { TargetResolver } from "./wire.js";

/** What the UA interpreter needs: the host's options, the UA's configuration and, for tests, a reducer to wrap. */
export interface InterpreterOptions extends Omit<HostOptions<UaState, StoreEntry, UaCommand, AppEvent>, "element" | "start" | "changed"> {
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
      changed: (_key, before, after) => {
        if (before === undefined && after !== undefined) this.gauge(after, 1);
        if (before !== undefined && after === undefined) this.gauge(before, -1);
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
    this.host.inbound(inbound);
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
    if (isTransactionEntry(entry)) this.opts.counters.add("liveTransactions", delta);
    else if (entry._tag === "Usage" && entry.usage._tag === "Call") this.opts.counters.add("liveDialogs", delta);
  }
}
