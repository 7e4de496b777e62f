// Shared strings for the short tokens nearly every message repeats (header names, "SIP", "2.0",
// transports, methods, common parameter names). A parsed message refers to these instead of
// holding its own copy of each, which saves an allocation per token while parsing and memory
// per retained message. Case matters: only an exact match is shared; anything else is sliced.

const KNOWN: ReadonlyArray<string> = [
  // header names as RFC 3261 writes them (§20), and the compact forms (§7.3.3)
  "Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact", "Content-Type", "Content-Length",
  "Allow", "Supported", "Require", "User-Agent", "Server", "Record-Route", "Route", "Expires", "Accept",
  "Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Proxy-Authorization", "Date", "Timestamp",
  "Event", "Subscription-State", "Session-Expires", "Min-SE", "RSeq", "RAck", "Content-Disposition",
  "v", "f", "t", "i", "m", "l", "c", "k",
  // SIP-Version and the commonest Reason-Phrases (§7.1, §7.2, §21)
  "SIP/2.0", "Trying", "Ringing", "Session Progress", "OK", "Accepted", "Unauthorized", "Proxy Authentication Required",
  "Not Found", "Request Timeout", "Busy Here", "Request Terminated", "Decline",
  // sent-protocol (§20.42)
  "SIP", "2.0", "UDP", "TCP", "TLS", "SCTP", "WS", "WSS",
  // methods (§7.1 and the extensions the dialog layer knows)
  "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "INFO",
  // parameter names (§20.42, §20.10, §19.1.1, RFC 3581)
  "branch", "tag", "rport", "received", "lr", "transport", "maddr", "ttl", "user", "method", "expires", "q", "ob",
];

const SLOTS = 1024;

/** Where a token of these length, first and last characters sits in TABLE. */
const slot = (length: number, first: number, last: number): number => ((length << 5) ^ (first * 3) ^ (last * 7)) & (SLOTS - 1);

/** KNOWN by slot; the first token wins a slot, so a lookup compares with one string at most. */
const TABLE: ReadonlyArray<string | undefined> = (() => {
  const out: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);
  for (const k of KNOWN) {
    const at = slot(k.length, k.charCodeAt(0), k.charCodeAt(k.length - 1));
    if (out[at] === undefined) out[at] = k;
  }
  return out;
})();

/** `s.slice(start, end)`, as a shared string when it is one of the known tokens. */
export const sliceKnown = (s: string, start: number, end: number): string => {
  const length = end - start;
  if (length > 0) {
    const known = TABLE[slot(length, s.charCodeAt(start), s.charCodeAt(end - 1))];
    if (known !== undefined && known.length === length) {
      let k = 1;
      while (k < length - 1 && s.charCodeAt(start + k) === known.charCodeAt(k)) k++;
      if (k >= length - 1 && s.charCodeAt(start) === known.charCodeAt(0) && s.charCodeAt(end - 1) === known.charCodeAt(length - 1)) return known;
    }
  }
  return s.slice(start, end);
};

/** TABLE's tokens as octets, for sliceKnownOctets. */
const TABLE_OCTETS: ReadonlyArray<Uint8Array | undefined> = TABLE.map((k) => (k === undefined ? undefined : Uint8Array.from(k, (ch) => ch.charCodeAt(0))));

/**
 * sliceKnown for a text whose ASCII octets `o` sit at the same indices: compares octets, at
 * about half the cost of the units (peek/canonical.ts reads values this way).
 */
export const sliceKnownOctets = (o: Uint8Array, s: string, start: number, end: number): string => {
  const length = end - start;
  if (length > 0) {
    const at = slot(length, o[start] ?? 0, o[end - 1] ?? 0);
    const known = TABLE[at];
    const octets = TABLE_OCTETS[at];
    if (known !== undefined && octets !== undefined && octets.length === length) {
      let k = 0;
      while (k < length && o[start + k] === octets[k]) k++;
      if (k === length) return known;
    }
  }
  return s.slice(start, end);
};
