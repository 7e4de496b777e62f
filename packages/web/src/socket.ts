// The one thing @puresip/web needs from a WebSocket implementation, so tests (and Node, Deno or
// a worker) can plug in their own; `domWebSocket` is the browser's. RFC 7118 §4.1: the client
// offers the `sip` subprotocol and the 101 must carry it.

/** What a `Connect` reports about its WebSocket, each as it happens. */
export interface SocketHandlers {
  /** The handshake finished; `protocol` is the subprotocol the server chose. */
  readonly opened: (protocol: string) => void;
  /** One whole WebSocket message (RFC 7118 §5: one SIP message, or a keep-alive). */
  readonly message: (data: string | Uint8Array) => void;
  /** The connection is gone (or never came): said once. */
  readonly closed: (reason: string) => void;
}

/** An open (or opening) WebSocket, as `Connect` returns it. */
export interface SipSocket {
  /** One WebSocket message: a text frame for a string, a binary frame for bytes (RFC 7118 §5). */
  readonly send: (data: string | Uint8Array) => void;
  /** Closes the connection. */
  readonly close: () => void;
}

/** Opens `url` offering `protocol`; reports through `handlers`. Never throws: a failure is `closed`. */
export type Connect = (url: string, protocol: string, handlers: SocketHandlers) => SipSocket;

/** RFC 7118 §4.1: the WebSocket subprotocol of SIP. */
export const SIP_SUBPROTOCOL = "sip";

/** The browser's WebSocket (or any global one with the same API). */
export const domWebSocket: Connect = (url, protocol, handlers) => {
  let done = false;
  const closed = (reason: string): void => {
    if (done) return;
    done = true;
    handlers.closed(reason);
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(url, protocol);
  } catch (error) {
    // A malformed URL throws synchronously (a SyntaxError): it is a failed connection here.
    queueMicrotask(() => {
      closed(`cannot open ${url}: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { send: () => undefined, close: () => undefined };
  }
  ws.binaryType = "arraybuffer";
  ws.onopen = () => {
    handlers.opened(ws.protocol);
  };
  ws.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === "string") handlers.message(data);
    else if (data instanceof ArrayBuffer) handlers.message(new Uint8Array(data));
  };
  ws.onerror = () => {
    // The close event follows with the code; the error event carries nothing more.
  };
  ws.onclose = (event: CloseEvent) => {
    closed(`WebSocket closed (${event.code}${event.reason === "" ? "" : ` ${event.reason}`})`);
  };
  return {
    send: (data) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      // A copy for binary frames: the DOM wants an ArrayBuffer-backed view, never a shared one.
      ws.send(typeof data === "string" ? data : new Uint8Array(data));
    },
    close: () => {
      closed("closed by the UA");
      ws.close(1000);
    },
  };
};
