// @puresip/node is the kernel's engine plus the world: sockets (./transport), RFC 3263 (the
// resolver), a monotonic clock and one timer (./alarm.ts), the CSPRNG (./csprng.ts). This
// runs ANY element over them — the UA core, a redirect server, a user's own machine: the
// engine decides nothing about SIP; this file only moves bytes, time and lookups in and out.
import * as E from "fp-ts/lib/Either.js";
import { mintTag, seedFromBytes } from "@puresip/kernel";
import type { Element, Engine, Peer, Seed, Snapshot } from "@puresip/kernel";
import { createEngine } from "@puresip/kernel";
import type { SipMessage, SipRequest, SipResponse, Tag, Uri } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import type { EntropySource } from "./csprng.js";
import type { Counters, Logger } from "./log.js";
import { formatAddress } from "./log.js";
import { receive } from "./receive.js";
import type { TimerHost } from "./alarm.js";
import { alarm, nodeTimerHost } from "./alarm.js";
import type { Address, Inbound, Transport } from "./transport/types.js";
import type { TargetResolver } from "./wire.js";
import { Wire } from "./wire.js";

/** What an ElementHost needs: the element and its starting state, the transports, the clock, entropy, and where application events go. */
export interface HostOptions<S, Entry, Cmd, App> {
  readonly element: Element<S, Entry, Cmd, App>;
  /** A fresh state, or a snapshot restored through the element's codecs. */
  readonly start: Snapshot<S, Entry>;
  /** Listening transports by Via token ("UDP", "TCP", "TLS", "WS", "WSS"). */
  readonly transports: ReadonlyMap<string, Transport>;
  readonly resolve: TargetResolver;
  /** Receives each application event the element emits. */
  readonly deliver: (event: App) => void;
  readonly entropy: EntropySource;
  readonly log: Logger;
  readonly counters: Counters;
  readonly timerHost?: TimerHost;
  /** §18.1.1: requests over UDP larger than this go over TCP when the stack has TCP; `false` never switches. */
  readonly tcpThreshold?: number | false;
  /** The sent-by written into the top Via for a transport (default: its bound address). */
  readonly sentBy?: (transport: Transport) => Address;
  /** Registry changes, for gauges. */
  readonly changed?: (key: string, before: Entry | undefined, after: Entry | undefined) => void;
}

/** How many source addresses `ElementHost` remembers a `Peer` for. */
const PEER_CACHE = 4096;

/** Runs any kernel element on real sockets and a real clock: feeds it what the transports receive, and carries out its effects. */
export class ElementHost<S, Entry, Cmd, App> {
  readonly engine: Engine<S, Entry, Cmd>;
  readonly wire: Wire;
  private readonly clock: TimerHost;
  /** Tags for the answers this host gives itself (a 400 to an unparsable request): the kernel's generator. */
  private seed: Seed;
  private stopped = false;
  /**
   * One `Peer` per source address while it keeps sending: a server transaction keeps the peer
   * its request came from for up to 64*T1 (§17.2), and a busy peer's calls would otherwise each
   * hold their own copy of the same address. Bounded: emptied when it reaches PEER_CACHE.
   */
  private readonly peers = new Map<string, Peer>();

  constructor(private readonly opts: HostOptions<S, Entry, Cmd, App>) {
    this.clock = opts.timerHost ?? nodeTimerHost;
    this.seed = seedFromBytes(opts.entropy.bytes(16));
    this.wire = new Wire({
      transports: opts.transports,
      resolve: opts.resolve,
      log: opts.log,
      counters: opts.counters,
      ...(opts.tcpThreshold === undefined ? {} : { tcpThreshold: opts.tcpThreshold }),
      ...(opts.sentBy === undefined ? {} : { sentBy: opts.sentBy }),
    });
    const wakeAt = alarm(this.clock, () => {
      this.engine.wake();
    });
    this.engine = createEngine(opts.element, {
      now: () => this.clock.now(),
      wakeAt,
      transmit: (message: SipMessage, destination: Peer) => {
        if (message._tag === "Request") this.background(this.sendAndReport(message, destination));
        else this.sendResponse(message, destination);
      },
      resolve: (id: string, target: Uri, transport: string) => {
        this.background(this.lookUp(id, target, transport));
      },
      deliver: opts.deliver,
      fault: (detail: string) => {
        opts.log({ _tag: "Core", level: "error", detail });
      },
      ...(opts.changed === undefined ? {} : { changed: opts.changed }),
    }, opts.start);
  }

  /** Sends `request`; a failure reaches its client transaction as `TransportError` (§17.1.4). */
  async sendAndReport(request: SipRequest, destination: Peer): Promise<void> {
    const sent = await this.wire.sendRequest(request, destination);
    if (E.isRight(sent) || request.method === "ACK") return;
    const key = clientKeyOfRequest(request);
    if (E.isRight(key)) this.engine.transportError(key.right);
  }

  /** The host clock's time, in milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /** Feeds a command of the application to the element. */
  command(command: Cmd): void {
    this.engine.command(command);
  }

  /**
   * What a transport received: §18.2.1 stamping and validation once (`receive`), then into the
   * element; what cannot be used is answered (400, 505, ...) or dropped here, with a log line.
   */
  inbound(inbound: Inbound): void {
    if (this.stopped) return;
    const { counters, log } = this.opts;
    const source = (): string => formatAddress(inbound.source.host, inbound.source.port);
    if (E.isRight(inbound.parsed)) counters.add("messagesIn");
    else counters.add("parseErrors");
    const received = receive(inbound.parsed, { source: inbound.source, toTag: () => this.freshTag() });
    const peer = this.peerOf(inbound);
    switch (received._tag) {
      case "Request":
        // Stamped and validated once, here: the mark spares the element a second validateMessage (§8.2).
        this.engine.receive(received.request, peer, true);
        return;
      case "Response":
        this.engine.receive(received.response, peer, true);
        return;
      case "Answer":
        log({ _tag: "ParseError", level: "warn", transport: inbound.transport, source: source(), detail: received.detail, answered: true });
        this.sendResponse(received.response, peer);
        return;
      case "Drop":
        counters.add("dropped");
        log(
          received.parseError
            ? { _tag: "ParseError", level: "warn", transport: inbound.transport, source: source(), detail: received.detail, answered: false }
            : { _tag: "Dropped", level: "info", transport: inbound.transport, source: source(), detail: received.detail },
        );
        return;
      default:
        received satisfies never;
    }
  }

  /** Sends a response straight to where its request came from (RFC 3261 §18.2.2), outside any transaction (a stateless answer). */
  sendResponse(response: SipResponse, requestSource: Peer): void {
    this.background(this.wire.sendResponse(response, requestSource).then(() => undefined));
  }

  /** A fresh To tag (§19.3) for an answer the host gives itself. */
  freshTag(): Tag {
    const [tag, next] = mintTag(this.seed);
    this.seed = next;
    // Lower-case hex is always a token.
    return tag as Tag;
  }

  /** Sends and lookups run beside the queue; whatever goes wrong in one is logged, never thrown. */
  background(work: Promise<void>): void {
    work.catch((error: unknown) => {
      this.opts.log({ _tag: "Core", level: "error", detail: `an effect failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  }

  /** Stops the timer and drops what is queued; the registry stays for inspection. */
  stop(): void {
    this.stopped = true;
    this.engine.stop();
  }

  private peerOf(inbound: Inbound): Peer {
    const { transport, source } = inbound;
    const key = `${transport} ${source.host} ${String(source.port)}`;
    const known = this.peers.get(key);
    if (known !== undefined) return known;
    if (this.peers.size >= PEER_CACHE) this.peers.clear();
    const peer: Peer = { transport, host: source.host, port: source.port };
    this.peers.set(key, peer);
    return peer;
  }

  private async lookUp(id: string, target: Uri, transport: string): Promise<void> {
    let result: E.Either<string, ReadonlyArray<Peer>>;
    try {
      result = await this.opts.resolve({ target, transport });
    } catch (error) {
      result = E.left(`resolution failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.engine.resolved(id, result);
  }
}
