import * as E from "fp-ts/lib/Either.js";
import { parseUri } from "@puresip/message";
import type { SipUri } from "@puresip/message";
import { describe, expect, it } from "vitest";
import type { Dns, NaptrRecord, ResolvedTransport, SrvRecord } from "../src/index.js";
import { applicableNaptr, orderSrv, resolveTargets } from "../src/index.js";

const sipUri = (text: string): SipUri => {
  const u = parseUri(text);
  if (E.isLeft(u) || u.right._tag !== "SipUri") throw new Error(text);
  return u.right;
};

const nodata = (): Promise<never> => Promise.reject(Object.assign(new Error("no data"), { code: "ENODATA" }));

/** A zone as data; every query is recorded. */
const fakeDns = (zone: {
  naptr?: Record<string, ReadonlyArray<NaptrRecord>>;
  srv?: Record<string, ReadonlyArray<SrvRecord>>;
  a?: Record<string, ReadonlyArray<string>>;
  aaaa?: Record<string, ReadonlyArray<string>>;
}): Dns & { readonly queries: Array<string> } => {
  const queries: Array<string> = [];
  const get = <A>(kind: string, table: Record<string, ReadonlyArray<A>> | undefined, name: string): Promise<ReadonlyArray<A>> => {
    queries.push(`${kind} ${name}`);
    const found = table?.[name];
    return found === undefined ? nodata() : Promise.resolve(found);
  };
  return {
    queries,
    resolveNaptr: (n) => get("NAPTR", zone.naptr, n),
    resolveSrv: (n) => get("SRV", zone.srv, n),
    resolve4: (n) => get("A", zone.a, n),
    resolve6: (n) => get("AAAA", zone.aaaa, n),
  };
};

// RFC 3263 §4.1's example zone.
const example = {
  naptr: {
    "example.com": [
      { order: 50, preference: 50, flags: "s", service: "SIPS+D2T", regexp: "", replacement: "_sips._tcp.example.com." },
      { order: 90, preference: 50, flags: "s", service: "SIP+D2T", regexp: "", replacement: "_sip._tcp.example.com" },
      { order: 100, preference: 50, flags: "s", service: "SIP+D2U", regexp: "", replacement: "_sip._udp.example.com." },
    ],
  },
  srv: {
    "_sip._tcp.example.com": [
      { priority: 0, weight: 1, port: 5060, name: "server1.example.com" },
      { priority: 0, weight: 2, port: 5060, name: "server2.example.com" },
    ],
    "_sip._udp.example.com": [{ priority: 0, weight: 0, port: 5060, name: "server3.example.com" }],
    "_sips._tcp.example.com": [{ priority: 0, weight: 0, port: 5061, name: "server4.example.com" }],
  },
  a: { "server1.example.com": ["192.0.2.1"], "server2.example.com": ["192.0.2.2"], "server3.example.com": ["192.0.2.3"], "server4.example.com": ["192.0.2.4"] },
  aaaa: { "server1.example.com": ["2001:db8::1"] },
};

const tcpUdp: ReadonlySet<ResolvedTransport> = new Set(["TCP", "UDP"]);
const draws = (...xs: ReadonlyArray<number>) => {
  let i = 0;
  return () => xs[i++ % xs.length] ?? 0;
};

describe("RFC 3263 §4.1 transport selection and §4.2 port and address", () => {
  it("§4.1 example: a client with TCP and UDP uses SIP+D2T, then SIP+D2U; SIPS+D2T is skipped", async () => {
    const dns = fakeDns(example);
    const r = await resolveTargets(sipUri("sip:user@example.com"), { dns, transports: tcpUdp, uniform: draws(0) });
    expect(r).toEqual(
      E.right([
        { transport: "TCP", host: "192.0.2.1", port: 5060, name: "server1.example.com" },
        { transport: "TCP", host: "2001:db8::1", port: 5060, name: "server1.example.com" },
        { transport: "TCP", host: "192.0.2.2", port: 5060, name: "server2.example.com" },
        { transport: "UDP", host: "192.0.2.3", port: 5060, name: "server3.example.com" },
      ]),
    );
    expect(dns.queries[0]).toBe("NAPTR example.com");
    expect(dns.queries).not.toContain("SRV _sips._tcp.example.com");
  });

  it("§4.1: a client with TLS prefers SIPS+D2T (lowest order) for a SIP URI", async () => {
    const r = await resolveTargets(sipUri("sip:user@example.com"), { dns: fakeDns(example), transports: new Set(["TLS", "TCP", "UDP"]), uniform: draws(0) });
    expect(E.isRight(r) && r.right[0]).toEqual({ transport: "TLS", host: "192.0.2.4", port: 5061, name: "server4.example.com" });
  });

  it("§4.1, RFC3261-26.3.2.3-1: a SIPS URI discards every service without SIPS", async () => {
    const r = await resolveTargets(sipUri("sips:user@example.com"), { dns: fakeDns(example), transports: new Set(["TLS", "TCP", "UDP"]), uniform: draws(0) });
    expect(E.isRight(r) && r.right.map((t) => t.transport)).toEqual(["TLS"]);
  });

  it("§4.1, RFC3261-26.3.1-6: a numeric IP uses UDP for SIP and TLS for SIPS, at the default port, with no DNS query", async () => {
    const dns = fakeDns({});
    const all: ReadonlySet<ResolvedTransport> = new Set(["TLS", "TCP", "UDP"]);
    expect(await resolveTargets(sipUri("sip:bob@192.0.2.9"), { dns, transports: all, uniform: draws(0) })).toEqual(E.right([{ transport: "UDP", host: "192.0.2.9", port: 5060 }]));
    expect(await resolveTargets(sipUri("sips:bob@[2001:db8::9]"), { dns, transports: all, uniform: draws(0) })).toEqual(E.right([{ transport: "TLS", host: "2001:db8::9", port: 5061 }]));
    expect(dns.queries).toEqual([]);
  });

  it("§4.2: an explicit port skips NAPTR and SRV and looks up A and AAAA", async () => {
    const dns = fakeDns(example);
    const r = await resolveTargets(sipUri("sip:user@server1.example.com:5070"), { dns, transports: tcpUdp, uniform: draws(0) });
    expect(r).toEqual(
      E.right([
        { transport: "UDP", host: "192.0.2.1", port: 5070, name: "server1.example.com" },
        { transport: "UDP", host: "2001:db8::1", port: 5070, name: "server1.example.com" },
      ]),
    );
    expect(dns.queries).toEqual(["A server1.example.com", "AAAA server1.example.com"]);
  });

  it("§4.2: a transport parameter skips NAPTR and queries that transport's SRV", async () => {
    const dns = fakeDns(example);
    const r = await resolveTargets(sipUri("sip:user@example.com;transport=udp"), { dns, transports: tcpUdp, uniform: draws(0) });
    expect(E.isRight(r) && r.right).toEqual([{ transport: "UDP", host: "192.0.2.3", port: 5060, name: "server3.example.com" }]);
    expect(dns.queries[0]).toBe("SRV _sip._udp.example.com");
  });

  it("§4.1: without NAPTR, the SRV records of supported transports; without those, A records and UDP", async () => {
    const srvOnly = fakeDns({ srv: { "_sip._tcp.b.example": [{ priority: 0, weight: 0, port: 5080, name: "s.b.example" }] }, a: { "s.b.example": ["192.0.2.20"], "c.example": ["192.0.2.30"] } });
    expect(await resolveTargets(sipUri("sip:b.example"), { dns: srvOnly, transports: tcpUdp, uniform: draws(0) })).toEqual(
      E.right([{ transport: "TCP", host: "192.0.2.20", port: 5080, name: "s.b.example" }]),
    );
    expect(await resolveTargets(sipUri("sip:c.example"), { dns: srvOnly, transports: tcpUdp, uniform: draws(0) })).toEqual(
      E.right([{ transport: "UDP", host: "192.0.2.30", port: 5060, name: "c.example" }]),
    );
  });

  it("RFC3261-19.1.1-8: a SIPS URI whose transport parameter names an unreliable transport (udp) is refused, never sent over UDP", async () => {
    const dns = fakeDns(example);
    const r = await resolveTargets(sipUri("sips:bob@example.com;transport=udp"), { dns, transports: new Set(["UDP", "TCP", "TLS"]), uniform: draws(0) });
    expect(E.isLeft(r)).toBe(true);
    expect(dns.queries).toStrictEqual([]);
  });

  it("a name with no records at all is a ResolveError, not a throw", async () => {
    const r = await resolveTargets(sipUri("sip:nowhere.invalid"), { dns: fakeDns({}), transports: tcpUdp, uniform: draws(0) });
    expect(E.isLeft(r) && r.left._tag).toBe("ResolveError");
  });

  it("NAPTR records that are not terminal SRV pointers, or name an unsupported transport, are discarded", () => {
    const out = applicableNaptr(
      [
        { order: 1, preference: 1, flags: "u", service: "SIP+D2T", regexp: "!^.*$!sip:x@y!", replacement: "" },
        { order: 2, preference: 1, flags: "s", service: "SIP+D2S", regexp: "", replacement: "_sip._sctp.example.com" },
        { order: 3, preference: 1, flags: "S", service: "sip+d2u", regexp: "", replacement: "_sip._udp.example.com." },
      ],
      false,
      tcpUdp,
    );
    expect(out).toEqual([{ transport: "UDP", srv: "_sip._udp.example.com" }]);
  });
});

describe("RFC 2782 SRV usage rules", () => {
  const rrs: ReadonlyArray<SrvRecord> = [
    { priority: 10, weight: 0, port: 1, name: "late.example" },
    { priority: 0, weight: 1, port: 2, name: "light.example" },
    { priority: 0, weight: 3, port: 3, name: "heavy.example" },
    { priority: 0, weight: 0, port: 4, name: "zero.example" },
    { priority: 5, weight: 1, port: 5, name: "." },
  ];

  it("lower priority first; a target of '.' is not used", () => {
    const names = orderSrv(rrs, draws(0.5)).map((r) => r.name);
    expect(names.slice(-1)).toEqual(["late.example"]);
    expect(names).not.toContain(".");
    expect(new Set(names.slice(0, 3))).toEqual(new Set(["light.example", "heavy.example", "zero.example"]));
  });

  it("a draw of 0 picks the weight-0 record placed first; a draw near 1 the last running sum", () => {
    expect(orderSrv(rrs, draws(0))[0]?.name).toBe("zero.example");
    expect(orderSrv(rrs, draws(0.99))[0]?.name).toBe("heavy.example");
  });

  it("picks follow the running sums: weights 1 and 3, a draw in [0, 4] inclusive: light wins 0 and 1, heavy 2 to 4", () => {
    const counts = new Map<string, number>();
    const n = 4000;
    // A fixed, evenly spread sequence of draws, so the count is exact rather than random.
    for (let i = 0; i < n; i++) {
      const first = orderSrv(rrs.slice(1, 3), draws(i / n))[0]?.name ?? "";
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    // Draws pick a number in [0, 4]: 0 and 1 → light (running sum 1), 2..4 → heavy.
    expect(counts.get("heavy.example")).toBe(2400);
    expect(counts.get("light.example")).toBe(1600);
  });
});
