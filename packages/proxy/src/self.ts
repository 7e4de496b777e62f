// "This proxy": the one test §16.3 step 4 (a Via "placed into previous requests by this
// proxy"), §16.4 (a Route or Request-URI "this proxy previously placed into a Record-Route")
// and §16.5 (a domain it is responsible for) all need, and the addresses it writes itself.
import type { Peer } from "@puresip/kernel";
import type { Host, Uri, Via } from "@puresip/message";
import { findParam } from "@puresip/message";
import type { ProxyConfig } from "./config.js";

const hostText = (host: Host): string => host.value.toLowerCase();

/** §19.1.2: 5061 for TLS and sips, else 5060. */
export const defaultPortOf = (transport: string, secure = false): number =>
  secure || transport.toUpperCase() === "TLS" ? 5061 : 5060;

/** Is `host` (any case) one of the proxy's addresses or aliases? */
export const isOwnHost = (config: ProxyConfig, host: string): boolean => {
  const h = host.toLowerCase();
  return config.self.some((p) => p.host.toLowerCase() === h) || config.aliases.some((a) => a.toLowerCase() === h);
};

const isOwnPort = (config: ProxyConfig, port: number): boolean => config.self.some((p) => p.port === port);

/** A SIP URI that addresses this proxy itself: its host and port (or the default) are ours. */
export const isOwnUri = (config: ProxyConfig, uri: Uri): boolean => {
  if (uri._tag !== "SipUri") return false;
  const transport = findParam(uri.params, "transport")?.value ?? "UDP";
  return isOwnHost(config, hostText(uri.host)) && isOwnPort(config, uri.port ?? defaultPortOf(transport, uri.scheme === "sips"));
};

/** A Via this proxy wrote: its sent-by is one of ours. */
export const isOwnVia = (config: ProxyConfig, via: Via): boolean =>
  isOwnHost(config, hostText(via.host)) && isOwnPort(config, via.port ?? defaultPortOf(via.transport));

/** §16.5: is the Request-URI's domain one this proxy is responsible for? */
export const isOwnDomain = (config: ProxyConfig, uri: Uri): boolean => {
  if (uri._tag !== "SipUri") return false;
  const host = hostText(uri.host);
  // An explicit port that is not ours names another server on that host (sip:bob@127.0.0.1:5080).
  if (uri.port !== undefined) return isOwnUri(config, uri);
  return config.domains.some((d) => d.toLowerCase() === host) || isOwnHost(config, host);
};

/** The address the proxy sends from over `transport`: its first listening address of it, else its first. */
export const ownAddress = (config: ProxyConfig, transport: string): Peer => {
  const t = transport.toUpperCase();
  return config.self.find((p) => p.transport.toUpperCase() === t) ?? config.self[0] ?? { transport: t, host: "invalid", port: 5060 };
};

const hostPort = (p: Peer): string => `${p.host.includes(":") ? `[${p.host}]` : p.host}:${String(p.port)}`;

/** §16.6 step 4: "The URI placed in the Record-Route header field value MUST be a SIP or SIPS URI ... lr". */
export const recordRouteValue = (config: ProxyConfig, transport: string): string => {
  const me = ownAddress(config, transport);
  const tp = me.transport.toUpperCase() === "UDP" ? "" : `;transport=${me.transport.toLowerCase()}`;
  return `<sip:${hostPort(me)}${tp};lr>`;
};

/**
 * §16.6 step 4 for a request to a SIPS resource: "the URI placed into the Record-Route header
 * field MUST be a SIPS URI", with the proxy's TLS address (its first address when it has none;
 * the port is always written, so §16.4 knows the value again).
 */
export const secureRecordRouteValue = (config: ProxyConfig): string => `<sips:${hostPort(ownAddress(config, "TLS"))};lr>`;

/** §16.6 step 8: the Via this proxy puts on top, with `rport` (RFC 3581) and its branch. */
export const viaValue = (config: ProxyConfig, transport: string, branch: string): string => {
  const me = ownAddress(config, transport);
  return `SIP/2.0/${transport.toUpperCase()} ${hostPort(me)};branch=${branch};rport`;
};
