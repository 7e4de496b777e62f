// Binding the transports a stack listens on (one per `TransportSpec`), with tracing, the TLS
// server names of RFC 5922 §7, and the address to advertise for a wildcard bind.
import { networkInterfaces } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import type { StackOptions, TraceEvent, TransportSpec } from "./stack-options.js";
import { listenTcp, listenTls, listenUdp, listenWs } from "./transport/index.js";
import type { Transport, TransportHooks } from "./transport/types.js";

/** The transport with every successful send reported to `trace`. */
export const traced = (t: Transport, trace: (event: TraceEvent) => void): Transport => ({
  name: t.name,
  local: t.local,
  send: async (bytes, destination, connection) => {
    const sent = await t.send(bytes, destination, connection);
    if (E.isRight(sent)) trace({ direction: "sent", transport: t.name, local: t.local, remote: destination, bytes });
    return sent;
  },
  hasConnection: (remote, connection) => t.hasConnection(remote, connection),
  close: () => t.close(),
});

export const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);

/**
 * RFC 5922 §7: a TLS client checks the server's certificate against the domain it resolved,
 * not the address it connected to. The stack files each resolved TLS address with its name.
 */
export type ServerNames = Map<string, string>;

export const listen = (spec: TransportSpec, hooks: TransportHooks, options: StackOptions, serverNames: ServerNames): Promise<Transport> => {
  const base = {
    host: spec.host,
    port: spec.port,
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    ...(options.udpReceiveBufferBytes === undefined ? {} : { udpReceiveBufferBytes: options.udpReceiveBufferBytes }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
    ...(options.stalledTimeoutMs === undefined ? {} : { stalledTimeoutMs: options.stalledTimeoutMs }),
    ...(options.messageTimeoutMs === undefined ? {} : { messageTimeoutMs: options.messageTimeoutMs }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.maxConnectionsPerHost === undefined ? {} : { maxConnectionsPerHost: options.maxConnectionsPerHost }),
  };
  switch (spec.transport) {
    case "UDP":
      return listenUdp(base, hooks);
    case "TCP":
      return listenTcp(base, hooks);
    case "WS":
      return listenWs({ ...base, ...(spec.path === undefined ? {} : { path: spec.path }) }, hooks);
    case "TLS":
      return listenTls(
        {
          ...base,
          cert: spec.cert,
          key: spec.key,
          servername: (host) => serverNames.get(host),
          ...(spec.ca === undefined ? {} : { ca: spec.ca }),
          ...(spec.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: spec.rejectUnauthorized }),
          ...(spec.requestCert === undefined ? {} : { requestCert: spec.requestCert }),
        },
        hooks,
      );
    case "WSS":
      return listenWs(
        {
          ...base,
          ...(spec.path === undefined ? {} : { path: spec.path }),
          tls: { cert: spec.cert, key: spec.key, ...(spec.ca === undefined ? {} : { ca: spec.ca }), ...(spec.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: spec.rejectUnauthorized }) },
        },
        hooks,
      );
    default:
      return spec satisfies never;
  }
};

/** How often a port-0 UDP bind is redone when TCP cannot take the port the system gave UDP. */
const TWIN_ATTEMPTS = 5;

/**
 * RFC 3261 §18 ("All SIP elements MUST implement UDP and TCP") and §18.2.1: a UDP listener gets
 * a TCP one on the same host and port, since a client that resolves this address may pick
 * either (and §18.1.1 moves large requests to TCP). A spec list that already has TCP on that
 * host made its own choice; `tcpBesideUdp: false` opts out.
 */
const wantsTwin = (spec: TransportSpec, specs: ReadonlyArray<TransportSpec>, options: StackOptions): boolean =>
  options.tcpBesideUdp !== false && spec.transport === "UDP" && !specs.some((s) => s.transport === "TCP" && s.host === spec.host);

/** A UDP transport and its TCP twin on the same port; with port 0, a port TCP cannot take is given back and another tried. */
const listenTwins = async (spec: TransportSpec, hooks: TransportHooks, options: StackOptions, serverNames: ServerNames): Promise<readonly [Transport, Transport]> => {
  for (let attempt = 1; ; attempt++) {
    const udp = await listen(spec, hooks, options, serverNames);
    try {
      return [udp, await listen({ transport: "TCP", host: spec.host, port: udp.local.port }, hooks, options, serverNames)];
    } catch (error) {
      await udp.close();
      if (spec.port !== 0 || attempt >= TWIN_ATTEMPTS)
        throw new Error(`TCP beside UDP on ${urlHost(spec.host)}:${udp.local.port} (tcpBesideUdp: false listens on UDP alone): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
};

/**
 * Every listed transport, in order, then the TCP twins of the UDP ones (the first listed stays
 * the UA's own). On a failure, what was bound is closed before the error goes up.
 */
export const listenAll = async (specs: ReadonlyArray<TransportSpec>, hooks: TransportHooks, options: StackOptions, serverNames: ServerNames): Promise<ReadonlyArray<Transport>> => {
  const listed: Array<Transport> = [];
  const twins: Array<Transport> = [];
  try {
    for (const spec of specs) {
      if (wantsTwin(spec, specs, options)) {
        const [udp, tcp] = await listenTwins(spec, hooks, options, serverNames);
        listed.push(udp);
        twins.push(tcp);
      } else listed.push(await listen(spec, hooks, options, serverNames));
    }
  } catch (error) {
    await Promise.all([...listed, ...twins].map((t) => t.close()));
    throw error;
  }
  return [...listed, ...twins];
};

/** A wildcard bind ("0.0.0.0", "::") is no address to give a peer: advertise an interface's. */
export const advertisedHost = (bound: string): string => {
  if (bound !== "0.0.0.0" && bound !== "::") return bound;
  const family = bound === "::" ? "IPv6" : "IPv4";
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (!i.internal && i.family === family && !i.address.startsWith("fe80")) return i.address;
  }
  return bound === "::" ? "::1" : "127.0.0.1";
};
