// Any element on real sockets in one call: bind the transports, route what they receive into
// an `ElementHost`, resolve with RFC 3263 over the system's DNS. What `createStack` does for
// the UA core, for a user's own element (a redirect server, a registrar front end, a test
// responder): see examples/redirect-server.mjs.
import * as E from "fp-ts/lib/Either.js";
import { serializeMessage } from "@puresip/message";
import type { Element, Peer, Snapshot } from "@puresip/kernel";
import type { EntropySource } from "./csprng.js";
import { cryptoEntropy } from "./csprng.js";
import { ElementHost } from "./host.js";
import type { Logger } from "./log.js";
import { Counters, silentLogger } from "./log.js";
import type { Dns, ResolvedTransport } from "./resolve/index.js";
import { nodeDns, resolveTargets } from "./resolve/index.js";
import { listenTcp, listenTls, listenUdp, listenWs } from "./transport/index.js";
import type { Pem } from "./transport/tls.js";
import type { Inbound, Transport, TransportHooks } from "./transport/types.js";
import type { TargetResolver } from "./wire.js";
import { traced } from "./listen.js";
import type { TraceEvent } from "./stack-options.js";

/**
 * One address `serveElement` listens on. TLS (RFC 3261 §26.2.1) with the certificate and key it
 * presents, the roots it checks peers against (`ca`, default Node's store), and `requestCert`
 * for mutual authentication (§26.3.1: a client without a certificate `ca` vouches for is refused).
 */
export type ServeListen =
  | { readonly transport: "UDP" | "TCP" | "WS"; readonly host: string; readonly port: number }
  | { readonly transport: "TLS"; readonly host: string; readonly port: number; readonly cert: Pem; readonly key: Pem; readonly ca?: Pem; readonly requestCert?: boolean };

const listenOn = (l: ServeListen, hooks: TransportHooks): Promise<Transport> => {
  switch (l.transport) {
    case "UDP":
      return listenUdp({ host: l.host, port: l.port }, hooks);
    case "TCP":
      return listenTcp({ host: l.host, port: l.port }, hooks);
    case "WS":
      return listenWs({ host: l.host, port: l.port }, hooks);
    case "TLS":
      return listenTls({ host: l.host, port: l.port, cert: l.cert, key: l.key, ...(l.ca === undefined ? {} : { ca: l.ca }), ...(l.requestCert === undefined ? {} : { requestCert: l.requestCert }) }, hooks);
    default:
      return l satisfies never;
  }
};

/** What `serveElement` needs: the element, its start, the addresses to listen on and, optionally, where its application events go. */
export interface ServeElementOptions<S, Entry, Cmd, App> {
  readonly element: Element<S, Entry, Cmd, App>;
  readonly start: Snapshot<S, Entry>;
  /** Where to listen: UDP, TCP, WebSocket (RFC 7118, path "/") and/or TLS, each on a host and port (0: the OS picks). */
  readonly listen: ReadonlyArray<ServeListen>;
  /** Receives each application event the element emits. */
  readonly deliver?: (event: App) => void;
  readonly log?: Logger;
  readonly entropy?: EntropySource;
  readonly dns?: Dns;
  /** Each message as it crossed the wire, sent or received (`--trace`); as `createStack`'s. */
  readonly trace?: (event: TraceEvent) => void;
}

/** An element running on real sockets: its host, the addresses it listens on, and `close`. */
export interface ServedElement<S, Entry, Cmd, App> {
  readonly host: ElementHost<S, Entry, Cmd, App>;
  readonly transports: ReadonlyArray<Transport>;
  readonly counters: Counters;
  /** Stops the engine and closes every socket. */
  readonly close: () => Promise<void>;
}

/** Opens the transports and runs an element on them until `close`. */
export const serveElement = async <S, Entry, Cmd, App>(options: ServeElementOptions<S, Entry, Cmd, App>): Promise<ServedElement<S, Entry, Cmd, App>> => {
  const log = options.log ?? silentLogger;
  const counters = new Counters();
  // What arrives while the other transports are still binding waits for the host.
  const early: Array<Inbound> = [];
  let route = (inbound: Inbound): void => {
    early.push(inbound);
  };
  const trace = options.trace;
  const hooks: TransportHooks = {
    onInbound: (inbound) => {
      if (trace !== undefined && E.isRight(inbound.parsed))
        trace({ direction: "received", transport: inbound.transport, local: inbound.local, remote: inbound.source, bytes: serializeMessage(inbound.parsed.right) });
      route(inbound);
    },
    log,
    counters,
  };
  const transports: Array<Transport> = [];
  try {
    for (const l of options.listen) transports.push(await listenOn(l, hooks));
  } catch (error) {
    await Promise.all(transports.map((t) => t.close()));
    throw error;
  }
  const dns = options.dns ?? nodeDns();
  const enabled = new Set<ResolvedTransport>(transports.map((t) => t.name));
  const entropy = options.entropy ?? cryptoEntropy();
  const families = [...new Set(transports.map((t) => (t.local.host.includes(":") ? 6 : 4)))] as Array<4 | 6>;
  const resolve: TargetResolver = async ({ target }) => {
    if (target._tag !== "SipUri") return E.left(`a ${target._tag} cannot be resolved (RFC 3263 is for SIP and SIPS URIs)`);
    const found = await resolveTargets(target, { dns, transports: enabled, uniform: entropy.uniform, families });
    return E.isLeft(found) ? E.left(`${found.left.target}: ${found.left.detail}`) : E.right(found.right.map((t): Peer => ({ transport: t.transport, host: t.host, port: t.port })));
  };
  const host = new ElementHost<S, Entry, Cmd, App>({
    element: options.element,
    start: options.start,
    transports: new Map(transports.map((t) => [t.name, trace === undefined ? t : traced(t, trace)])),
    resolve,
    deliver: options.deliver ?? (() => undefined),
    entropy,
    log,
    counters,
  });
  route = (inbound) => {
    host.inbound(inbound);
  };
  for (const inbound of early.splice(0)) host.inbound(inbound);
  return {
    host,
    transports,
    counters,
    close: async () => {
      host.stop();
      await Promise.all(transports.map((t) => t.close()));
    },
  };
};
