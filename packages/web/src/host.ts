// The kernel's engine in a browser: the UA core element over one WebSocket flow (./flow.ts),
// the DOM clock (./timer-host.ts) and crypto.getRandomValues (./entropy.ts). Like @puresip/node's
// ElementHost, it only moves bytes, time and answers in and out: every target resolves to the
// WebSocket server (RFC 7118 §5.5: a browser cannot query DNS SRV/NAPTR, and all its traffic
// goes through the server it is connected to), and every message goes out on the flow.
import * as E from "fp-ts/lib/Either.js";
import { createEngine } from "@puresip/kernel";
import type { Engine, Peer } from "@puresip/kernel";
import { Methods, headerValues, serializeMessage } from "@puresip/message";
import type { SipMessage, SipResponse } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { flowTimerSeconds, initialState, registrarSupportsOutbound, uaElement } from "@puresip/ua";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaState } from "@puresip/ua";
import type { ServerAddress } from "./config.js";
import type { EntropySource } from "./entropy.js";
import { Flow } from "./flow.js";
import { frameOf } from "./frame.js";
import type { RecoveryTimes } from "./outbound.js";
import { receive } from "./receive.js";
import type { Connect } from "./socket.js";
import type { TimerHost } from "./timer-host.js";
import { alarm } from "./timer-host.js";

/** One message as it crossed the WebSocket: for a ladder, a trace, a test. */
export interface WireTrace {
  readonly direction: "sent" | "received";
  readonly message: SipMessage;
}

/** What a `WebHost` needs: the server and its flow's settings, the UA core's config, the browser's pieces, and whom to tell. */
export interface HostOptions {
  /** The SIP WebSocket server's URL (RFC 7118). */
  readonly url: string;
  /** The same server as the kernel's one `Peer`: every target resolves to it (RFC 7118 §5.5). */
  readonly server: ServerAddress;
  /** The UA core's configuration (its `outbound`, RFC 5626 §4.1, §4.2.1, puts the instance URN and reg-id on every REGISTER). */
  readonly config: UaConfig;
  /** Opens the WebSocket. */
  readonly connect: Connect;
  /** The clock and timer of the engine and the flow. */
  readonly clock: TimerHost;
  /** Seeds the UA core's random state and draws the flow's jitter. */
  readonly entropy: EntropySource;
  /** RFC 5626 §4.5 waits before a new flow. */
  readonly recovery: RecoveryTimes;
  /** RFC 5626 §4.4: keep-alives from the start, without waiting for an outbound registration. */
  readonly keepAlive: boolean;
  /** RFC 5626 §4.4.1: the keep-alive interval's upper bound without a Flow-Timer. */
  readonly keepAliveUpperBoundMs: number;
  /** The largest SIP message accepted off the WebSocket; a larger one is dropped. */
  readonly maxMessageBytes: number;
  /** Each event of the UA core for the application. */
  readonly deliver: (event: AppEvent) => void;
  /** The flow is open: the first time (`recovered` false) or after a failure (true). */
  readonly opened: (recovered: boolean) => void;
  /** The flow failed (its client transactions have heard a transport error); a new one is tried in `retryInMs`. */
  readonly failed: (reason: string, retryInMs: number) => void;
  /** What the host dropped or could not do, in words. */
  readonly log: (detail: string) => void;
  /** Each SIP message sent or received on the WebSocket. */
  readonly trace?: (event: WireTrace) => void;
}

const seedWords = (bytes: Uint8Array): ReadonlyArray<number> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)];
};

/**
 * The kernel's engine running the UA core element in a browser: it sends what the core
 * transmits on the one WebSocket flow (adding the RFC 5626 fields), hands what the flow receives
 * to the core, resolves every target to the WebSocket server (RFC 7118 §5.5), and fails the
 * client transactions of a flow that failed (RFC 7118 §5.3).
 */
export class WebHost {
  /** The kernel's engine with the UA core element. */
  readonly engine: Engine<UaState, StoreEntry, UaCommand>;
  /** The WebSocket flow the engine's messages go over. */
  readonly flow: Flow;
  private readonly peer: Peer;

  constructor(private readonly opts: HostOptions) {
    this.peer = { transport: opts.server.transport, host: opts.server.host, port: opts.server.port };
    this.flow = new Flow({
      url: opts.url,
      connect: opts.connect,
      timers: opts.clock,
      uniform: opts.entropy.uniform,
      recovery: opts.recovery,
      keepAliveUpperBoundMs: opts.keepAliveUpperBoundMs,
      opened: opts.opened,
      failed: (reason, retryInMs) => {
        this.orphaned();
        opts.failed(reason, retryInMs);
      },
      message: (bytes) => {
        this.inbound(bytes);
      },
    });
    // §4.4: "A configuration option indicating keep-alive support for a specific target is considered an explicit indication."
    if (opts.keepAlive) this.flow.useKeepAlive(undefined);
    const wakeAt = alarm(opts.clock, () => {
      this.engine.wake();
    });
    this.engine = createEngine(
      uaElement(opts.config),
      {
        now: () => opts.clock.now(),
        wakeAt,
        transmit: (message, _destination) => {
          this.transmit(message);
        },
        // Every target is the WebSocket server; the answer comes back outside the queue.
        resolve: (id) => {
          queueMicrotask(() => {
            this.engine.resolved(id, E.right([this.peer]));
          });
        },
        deliver: opts.deliver,
        fault: (detail) => {
          opts.log(`engine: ${detail}`);
        },
      },
      { state: initialState(seedWords(opts.entropy.bytes(16))), entries: [] },
    );
  }

  /** The number of live entries of a kind (calls, client requests), for a graceful close. */
  count(kind: StoreEntry["_tag"], usage?: "Call" | "Registration"): number {
    let n = 0;
    for (const e of this.engine.registry.values()) if (e._tag === kind && (usage === undefined || (e._tag === "Usage" && e.usage._tag === usage))) n++;
    return n;
  }

  /**
   * RFC 7118 §5.3: "SIP responses can only be sent over the existing WebSocket connection":
   * a client transaction whose flow failed can never hear its response, so it hears a
   * transport error now (§17.1.4, a 503 to its owner) instead of waiting 64*T1; the
   * registrations it held are sent again on the new flow (RFC 5626 §4.5, phone.ts).
   */
  private orphaned(): void {
    const keys: Array<string> = [];
    for (const [key, entry] of this.engine.registry) {
      if (entry._tag === "InviteClient" || entry._tag === "NonInviteClient") keys.push(key);
    }
    for (const key of keys) this.engine.transportError(key);
  }

  private transmit(message: SipMessage): void {
    // The RFC 5626 fields (§4.2.1, §4.3) are on it already: the UA core adds them (`UaConfig.outbound`).
    const wire = message;
    const sent = this.flow.send(frameOf(serializeMessage(wire)));
    if (E.isRight(sent)) {
      this.opts.trace?.({ direction: "sent", message: wire });
      return;
    }
    this.opts.log(sent.left);
    // §8.1.3.1 (RFC 7118 §4.1: no connection is a transaction error): the client transaction hears it.
    if (wire._tag !== "Request" || wire.method === Methods.ACK) return;
    const key = clientKeyOfRequest(wire);
    if (E.isLeft(key)) return;
    queueMicrotask(() => {
      this.engine.transportError(key.right);
    });
  }

  private inbound(bytes: Uint8Array): void {
    const received = receive(bytes, { host: this.peer.host, port: this.peer.port }, this.opts.maxMessageBytes);
    switch (received._tag) {
      case "Drop":
        this.opts.log(received.detail);
        return;
      case "Request":
        this.opts.trace?.({ direction: "received", message: received.request });
        // Stamped and validated once, in `receive`: the mark spares the UA core a second validateMessage (§8.2).
        this.engine.receive(received.request, this.peer, true);
        return;
      case "Response":
        this.opts.trace?.({ direction: "received", message: received.response });
        this.registrationAnswered(received.response);
        this.engine.receive(received.response, this.peer, true);
        return;
      default:
        received satisfies never;
    }
  }

  /** RFC 5626 §4.2.1: a 2xx to REGISTER makes this flow a success (§4.5); with `Require: outbound`, keep-alives start (§4.4). */
  private registrationAnswered(response: SipResponse): void {
    if (response.core.cseq?.method !== Methods.REGISTER || response.status < 200 || response.status >= 300) return;
    this.flow.succeeded();
    if (registrarSupportsOutbound(headerValues("Require")(response))) this.flow.useKeepAlive(flowTimerSeconds(headerValues("Flow-Timer")(response)));
  }
}
