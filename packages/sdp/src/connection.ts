// Connection data (RFC 8866 §5.7): parse and print the `<nettype> <addrtype> <address>` triple
// shared by o=, c= and a=rtcp, and classify the address.
import type { Connection } from "./model.js";
import { uint, words } from "./attributes/scan.js";

/** What kind of address a connection or origin carries (RFC 8866 §9, RFC 5118 §4.6). */
export type AddressKind = "IPv4" | "IPv6" | "FQDN";

const isIPv4 = (s: string): boolean => {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      digits++;
      value = value * 10 + (c - 48);
    } else return false;
  }
  return parts === 4;
};

/**
 * IPv4 when the address is a dotted quad, IPv6 when it holds a colon (RFC 8866 writes IPv6
 * without brackets, RFC 5118 §4.6), otherwise a fully qualified domain name.
 */
export const addressKind = (address: string): AddressKind =>
  address.includes(":") ? "IPv6" : isIPv4(address) ? "IPv4" : "FQDN";

/** True for an IPv4 multicast address, 224.0.0.0/4 (RFC 8866 §5.7). */
export const isIPv4Multicast = (address: string): boolean => {
  if (!isIPv4(address)) return false;
  const first = uint(address.slice(0, address.indexOf(".")), 3);
  return first >= 224 && first <= 239;
};

/**
 * c=<nettype> <addrtype> <connection-address>. For IP4, `/ttl[/count]` follows a multicast
 * address; for IP6, `/count` (RFC 8866 §5.7: "IPv6 multicast does not use TTL scoping").
 */
export const parseConnection = (value: string): Connection | string => {
  const w = words(value);
  const [netType, addrType, full] = w;
  if (w.length !== 3 || netType === undefined || addrType === undefined || full === undefined)
    return "c= needs <nettype> <addrtype> <connection-address>";
  const slash = full.indexOf("/");
  if (slash < 0 || (addrType !== "IP4" && addrType !== "IP6")) return { netType, addrType, address: full };
  const address = full.slice(0, slash);
  const slash2 = full.indexOf("/", slash + 1);
  const first = uint(slash2 < 0 ? full.slice(slash + 1) : full.slice(slash + 1, slash2), 5);
  if (address.length === 0 || first < 0) return "c= address suffix must be /<number>";
  if (addrType === "IP6") {
    if (slash2 >= 0) return "c= IP6 multicast takes only /<number of addresses>, no TTL";
    return { netType, addrType, address, count: first };
  }
  if (first > 255) return "c= IP4 multicast TTL must be 0-255";
  if (slash2 < 0) return { netType, addrType, address, ttl: first };
  const count = uint(full.slice(slash2 + 1), 5);
  if (count < 1) return "c= number of addresses must be a positive integer";
  return { netType, addrType, address, ttl: first, count };
};

/** Prints a c= line's value (RFC 8866 §5.7). */
export const printConnection = (c: Connection): string => {
  const ttl = c.ttl === undefined ? "" : `/${c.ttl}`;
  const count = c.count === undefined ? "" : `/${c.count}`;
  return `${c.netType} ${c.addrType} ${c.address}${ttl}${count}`;
};
