// Test doubles: a manual clock and a fake WebSocket whose server side the test plays.
import type { Connect, SocketHandlers, TimerHost } from "../src/index.js";

/** A clock whose pending timers can be counted and run in time order. */
export const fakeClock = () => {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  const host: TimerHost = {
    now: () => now,
    set: (fn, delay) => {
      const id = next++;
      pending.set(id, { at: now + delay, fn });
      return id;
    },
    clear: (h) => {
      pending.delete(h as number);
    },
  };
  const advance = (by: number): void => {
    const target = now + by;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      pending.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
    }
    now = target;
  };
  return { host, advance, pending: () => pending.size, now: () => now };
};

/** One socket the phone opened: what it sent, and the server's side of it. */
export interface FakeSocket {
  readonly url: string;
  readonly protocol: string;
  readonly sent: Array<string | Uint8Array>;
  readonly handlers: SocketHandlers;
  closedByClient: boolean;
  /** The server's 101 with `protocol`. */
  accept: (protocol?: string) => void;
  /** A WebSocket message from the server. */
  push: (data: string | Uint8Array) => void;
  /** The server (or the network) drops the connection. */
  drop: (reason?: string) => void;
}

/** A `Connect` that records every socket; `autoAccept` answers each handshake with "sip". */
export const fakeServer = (autoAccept = true) => {
  const sockets: Array<FakeSocket> = [];
  const connect: Connect = (url, protocol, handlers) => {
    const socket: FakeSocket = {
      url,
      protocol,
      sent: [],
      handlers,
      closedByClient: false,
      accept: (p = "sip") => {
        handlers.opened(p);
      },
      push: (data) => {
        handlers.message(data);
      },
      drop: (reason = "WebSocket closed (1006)") => {
        handlers.closed(reason);
      },
    };
    sockets.push(socket);
    if (autoAccept) queueMicrotask(() => {
      socket.accept();
    });
    return {
      send: (data) => {
        socket.sent.push(data);
      },
      close: () => {
        socket.closedByClient = true;
      },
    };
  };
  return { connect, sockets };
};

/** Lets queued microtasks (the fake handshake, resolutions, transport errors) run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
