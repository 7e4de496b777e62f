// Structured logging hooks and counters. The stack never prints: it hands each event to the
// application's `log` hook (a no-op by default) and keeps counters an application can export
// (Prometheus, StatsD, a health endpoint) with `snapshot()`.

/** How severe a log event is. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Something worth telling an operator, as data. `detail` is a sentence for people. */
export type LogEvent =
  /** A datagram or stream message that does not parse (§18.3, RFC 4475). */
  | { readonly _tag: "ParseError"; readonly level: LogLevel; readonly transport: string; readonly source: string; readonly detail: string; readonly answered: boolean }
  /** A message that parsed but was not passed on (an invalid response, a Via that cannot be stamped). */
  | { readonly _tag: "Dropped"; readonly level: LogLevel; readonly transport: string; readonly source: string; readonly detail: string }
  /** A stream connection opened or closed, and why it closed. */
  | { readonly _tag: "Connection"; readonly level: LogLevel; readonly transport: string; readonly remote: string; readonly state: "open" | "closed"; readonly detail: string }
  /** Sending failed (no route, connection refused, socket closed). */
  | { readonly _tag: "SendFailed"; readonly level: LogLevel; readonly transport: string; readonly destination: string; readonly detail: string }
  /** An effect the interpreter could not carry out, or a reducer's Discarded. */
  | { readonly _tag: "Core"; readonly level: LogLevel; readonly detail: string }
  /** A transport-level error that is not tied to one message (a socket error, a listen failure). */
  | { readonly _tag: "Transport"; readonly level: LogLevel; readonly transport: string; readonly detail: string };

/** Receives the stack's structured log events. */
export type Logger = (event: LogEvent) => void;

/** A logger that drops every event. */
export const silentLogger: Logger = () => undefined;

/** `host:port`, with IPv6 hosts in brackets (RFC 3986 §3.2.2). */
export const formatAddress = (host: string, port: number): string => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);

/** What the stack counts. Counters only go up; gauges (`live*`, `connections`) follow the registry. */
export interface CounterSnapshot {
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly parseErrors: number;
  readonly dropped: number;
  readonly sendFailures: number;
  readonly liveTransactions: number;
  readonly liveDialogs: number;
  readonly connections: number;
}

/** The name of one of the stack's counters. */
export type CounterName = keyof CounterSnapshot;

/** The mutable counters a stack owns; `snapshot()` gives a frozen copy an application can export. */
export class Counters {
  private readonly values: Record<CounterName, number> = {
    messagesIn: 0,
    messagesOut: 0,
    parseErrors: 0,
    dropped: 0,
    sendFailures: 0,
    liveTransactions: 0,
    liveDialogs: 0,
    connections: 0,
  };

  /** Adds to a counter (1 by default). */
  add(name: CounterName, delta = 1): void {
    this.values[name] += delta;
  }

  /** Sets a gauge to a value. */
  set(name: CounterName, value: number): void {
    this.values[name] = value;
  }

  /** Every counter's value now. */
  snapshot(): CounterSnapshot {
    return Object.freeze({ ...this.values });
  }
}
