// The one flow of a browser UA (RFC 5626 §3.2: a WebSocket to its edge proxy, RFC 7118), kept
// alive and replaced when it fails: §4.4.1 CRLF keep-alives (a "ping" at a jittered interval,
// the flow failed when no "pong" comes within 10 s) once the shell knows the first hop
// answers them, and §4.5 recovery (a new WebSocket after a random wait that doubles with each
// consecutive failure). What the flow carries and who re-registers is the shell's business.
import * as E from "fp-ts/lib/Either.js";
import { PING, readFrame } from "./frame.js";
import type { RecoveryTimes } from "./outbound.js";
import { PONG_TIMEOUT_MS, keepAliveDelayMs } from "@puresip/ua";
import { retryDelayMs } from "./outbound.js";
import type { Connect, SipSocket } from "./socket.js";
import { SIP_SUBPROTOCOL } from "./socket.js";
import type { TimerHost } from "./timer-host.js";

/** What a `Flow` needs: where to connect, the WebSocket and timers to use, the RFC 5626 timing, and whom to tell. */
export interface FlowOptions {
  /** The SIP WebSocket server, `ws://` or `wss://` (RFC 7118). */
  readonly url: string;
  /** Opens the WebSocket. */
  readonly connect: Connect;
  /** The clock for keep-alives, the pong wait and the recovery wait. */
  readonly timers: TimerHost;
  /** A uniform draw in [0, 1), for the §4.4 and §4.5 jitter. */
  readonly uniform: () => number;
  /** §4.5 base-time and max-time of the wait before a new flow. */
  readonly recovery: RecoveryTimes;
  /** §4.4.1: the upper bound of the keep-alive interval without a Flow-Timer (120 s by default). */
  readonly keepAliveUpperBoundMs: number;
  /** The flow is open: the first time (`recovered` false) or after a failure (true). */
  readonly opened: (recovered: boolean) => void;
  /** The flow failed; a new one is tried in `retryInMs`. */
  readonly failed: (reason: string, retryInMs: number) => void;
  /** One SIP message as received. */
  readonly message: (bytes: Uint8Array) => void;
}

/**
 * Where a flow is: the WebSocket handshake under way, open, waiting before a new WebSocket
 * after a failure (RFC 5626 §4.5), or closed for good (or not started).
 */
export type FlowState = "Connecting" | "Open" | "Waiting" | "Closed";

/**
 * The one RFC 5626 flow of a browser UA: a WebSocket to the server (RFC 7118) carrying one SIP
 * message per WebSocket message, kept alive with CRLF pings once asked to (§4.4.1), and after a
 * failure replaced by a new one after the §4.5 wait. It tells `FlowOptions` when it opens,
 * fails and receives; it does not re-register.
 */
export class Flow {
  private socket: SipSocket | undefined;
  private current: FlowState = "Closed";
  /** §4.5: consecutive failures since a flow last succeeded. */
  private failures = 0;
  private everOpened = false;
  private retry: unknown = undefined;
  private ping: unknown = undefined;
  private pong: unknown = undefined;
  /** Set once keep-alives are in use (§4.2.1: after an outbound registration, or by configuration). */
  private keepAlive: { readonly flowTimerS: number | undefined } | undefined;
  /** Bumped for every new socket, so a late event of an old one is ignored. */
  private generation = 0;

  constructor(private readonly opts: FlowOptions) {}

  /** The flow's state now. */
  get state(): FlowState {
    return this.current;
  }

  /** Consecutive failures so far (§4.5's exponent). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Opens the first WebSocket. */
  start(): void {
    if (this.current !== "Closed" || this.generation > 0) return;
    this.open();
  }

  /** RFC 7118 §5: one SIP message, one WebSocket message. Left when there is no open flow. */
  send(frame: string | Uint8Array): E.Either<string, void> {
    if (this.current !== "Open" || this.socket === undefined) return E.left(`no WebSocket flow to ${this.opts.url} (${this.current})`);
    this.socket.send(frame);
    return E.right(undefined);
  }

  /** §4.4: keep-alives from now on, at the Flow-Timer (seconds) when the registrar gave one. */
  useKeepAlive(flowTimerS: number | undefined): void {
    this.keepAlive = { flowTimerS };
    if (this.current === "Open" && this.pong === undefined) this.schedulePing();
  }

  /** §4.5: "a flow is considered successful if outbound registration succeeded": the wait starts over. */
  succeeded(): void {
    this.failures = 0;
  }

  /** Closes the flow for good: no recovery. */
  close(): void {
    this.current = "Closed";
    this.clearTimers();
    this.clear("retry");
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    socket?.close();
  }

  private open(): void {
    this.current = "Connecting";
    const generation = ++this.generation;
    const mine = (): boolean => generation === this.generation && this.current !== "Closed";
    this.socket = this.opts.connect(this.opts.url, SIP_SUBPROTOCOL, {
      opened: (protocol) => {
        // A handshake finishes once; a second "opened" would arm a second keep-alive.
        if (!mine() || this.current !== "Connecting") return;
        // RFC 7118 §4.1: "The 101 reply from the server MUST contain "sip"".
        if (protocol !== SIP_SUBPROTOCOL) {
          this.fail(`the server did not accept the sip subprotocol (got "${protocol}", RFC 7118 §4.1)`);
          return;
        }
        this.current = "Open";
        const recovered = this.everOpened;
        this.everOpened = true;
        if (this.keepAlive !== undefined) this.schedulePing();
        this.opts.opened(recovered);
      },
      message: (data) => {
        if (!mine()) return;
        const frame = readFrame(data);
        if (frame._tag === "KeepAlive") {
          if (this.pong !== undefined) {
            this.clear("pong");
            this.schedulePing();
          }
          return;
        }
        this.opts.message(frame.bytes);
      },
      closed: (reason) => {
        if (!mine()) return;
        this.fail(reason);
      },
    });
  }

  private fail(reason: string): void {
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    socket?.close();
    // §4.5: W = min(max-time, base-time * 2^consecutive-failures), then 50-100% of it.
    const wait = retryDelayMs(this.opts.recovery, this.failures, this.opts.uniform());
    this.failures++;
    this.current = "Waiting";
    this.retry = this.opts.timers.set(() => {
      this.retry = undefined;
      if (this.current === "Waiting") this.open();
    }, wait);
    this.opts.failed(reason, wait);
  }

  private schedulePing(): void {
    this.clear("ping");
    const delay = keepAliveDelayMs(this.keepAlive?.flowTimerS, this.opts.keepAliveUpperBoundMs, this.opts.uniform());
    this.ping = this.opts.timers.set(() => {
      this.ping = undefined;
      if (this.current !== "Open" || this.socket === undefined) return;
      this.socket.send(PING);
      // §4.4.1: "If a pong is not received within 10 seconds after sending a ping ... the client MUST treat the flow as failed."
      this.pong = this.opts.timers.set(() => {
        this.pong = undefined;
        this.fail("no pong within 10 s of a keep-alive ping (RFC 5626 §4.4.1)");
      }, PONG_TIMEOUT_MS);
    }, delay);
  }

  private clearTimers(): void {
    this.clear("ping");
    this.clear("pong");
  }

  private clear(which: "retry" | "ping" | "pong"): void {
    const handle = this[which];
    if (handle !== undefined) this.opts.timers.clear(handle);
    this[which] = undefined;
  }
}
