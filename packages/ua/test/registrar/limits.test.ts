import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { serializeMessage } from "@puresip/message";
import * as O from "fp-ts/lib/Option.js";
import { checkAddressOfRecord, defaultRegistrarConfig, processRegister } from "../../src/usages/registrar/index.js";
import type { Binding, RegisterOutcome, RegistrarConfig } from "../../src/usages/registrar/index.js";
import { fieldValues, sip, toTag } from "../fixtures.js";

const config: RegistrarConfig = { ...defaultRegistrarConfig, domains: ["biloxi.example.com"], maxBindingsPerAor: 3, maxAors: 2, fullRetryAfter: 120 };

const register = (cseq: number, contacts: ReadonlyArray<string>, transport = "TCP", user = "bob"): ReturnType<typeof sip> =>
  sip(
    "REGISTER sip:biloxi.example.com SIP/2.0",
    `Via: SIP/2.0/${transport} bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7`,
    "Max-Forwards: 70",
    `To: <sip:${user}@biloxi.example.com>`,
    `From: <sip:${user}@biloxi.example.com>;tag=456248`,
    "Call-ID: reg-limits",
    `CSeq: ${String(cseq)} REGISTER`,
    ...contacts.map((c) => `Contact: ${c}`),
  );

const run = (current: ReadonlyArray<Binding>, request: ReturnType<typeof sip>, c: RegistrarConfig = config, aors?: number): RegisterOutcome => {
  const out = processRegister(c)(current, request, { now: 0, toTag, ...(aors === undefined ? {} : { aors }) });
  if (E.isLeft(out)) throw new Error(out.left);
  return out.right;
};

const accepted = (o: RegisterOutcome): ReadonlyArray<Binding> => {
  if (o._tag !== "Accepted") throw new Error(`rejected: ${o.reason}`);
  return o.bindings;
};

const hosts = (n: number, from = 1): ReadonlyArray<string> => Array.from({ length: n }, (_, i) => `<sip:bob@192.0.2.${String(from + i)}>`);

describe("RFC 3261 §10.3, §21.4.4: bindings per address-of-record are capped (403 Too Many Bindings)", () => {
  const three = accepted(run([], register(1, hosts(3))));
  it("a REGISTER that would leave more than the cap is refused 403 with a reason phrase, and changes nothing (§10.3 atomic)", () => {
    const o = run(three, register(2, hosts(1, 10)));
    expect(o._tag === "Rejected" && o.failure).toBe("TooManyBindings");
    expect(o.response.status).toBe(403);
    expect(o.response.reason).toBe("Too Many Bindings");
    expect(run([], register(1, hosts(4)))._tag).toBe("Rejected");
  });
  it("at the cap, refreshing, replacing (one removed, one added in the same request) and removing still work", () => {
    expect(accepted(run(three, register(2, hosts(3))))).toHaveLength(3);
    expect(accepted(run(three, register(2, ["<sip:bob@192.0.2.1>;expires=0", "<sip:bob@192.0.2.10>"])))).toHaveLength(3);
    expect(accepted(run(three, register(2, ["<sip:bob@192.0.2.1>;expires=0"])))).toHaveLength(2);
  });
  it("an AOR already above a lowered cap may refresh but not grow", () => {
    const lower = { ...config, maxBindingsPerAor: 1 };
    expect(accepted(run(three, register(2, hosts(2)), lower))).toHaveLength(3);
    expect(run(three, register(2, hosts(1, 20)), lower)._tag).toBe("Rejected");
  });
});

describe("RFC 3261 §10.3, §21.5.4: the location service's AORs are capped (503 with Retry-After)", () => {
  it("a new AOR when the service holds maxAors gets 503 Location Service Full with Retry-After", () => {
    const o = run([], register(1, hosts(1)), config, 2);
    expect(o._tag === "Rejected" && o.failure).toBe("LocationServiceFull");
    expect(o.response.status).toBe(503);
    expect(fieldValues(o.response, "Retry-After")).toEqual(["120"]);
  });
  it("an AOR already held is refreshed when the service is full; a query or removal never adds one", () => {
    const one = accepted(run([], register(1, hosts(1)), config, 0));
    expect(accepted(run(one, register(2, hosts(2)), config, 2))).toHaveLength(2);
    expect(run([], register(1, []), config, 2).response.status).toBe(200);
    expect(run([], register(1, ["<sip:bob@192.0.2.1>;expires=0"]), config, 2).response.status).toBe(200);
  });
});

describe("RFC 3261 §18.1.1 (1300 octets, no fragmentation) and §18.2.2: a 200 too large for UDP", () => {
  const many: RegistrarConfig = { ...config, maxBindingsPerAor: 100, maxUdpResponse: 1300 };
  const long = (i: number): string => `<sip:bob@192.0.2.${String(i)};transport=udp;some-long-parameter=${"x".repeat(60)}>`;
  it("over UDP, a REGISTER whose 200 would exceed maxUdpResponse gets 513 and its bindings are untouched", () => {
    const o = run([], register(1, Array.from({ length: 20 }, (_, i) => long(i + 1)), "UDP"), many);
    expect(o._tag === "Rejected" && o.failure).toBe("ResponseTooLarge");
    expect(o.response.status).toBe(513);
    expect(serializeMessage(o.response).length).toBeLessThanOrEqual(1300);
  });
  it("the same REGISTER over TCP is accepted; a 200 that fits goes over UDP", () => {
    const tcp = run([], register(1, Array.from({ length: 20 }, (_, i) => long(i + 1)), "TCP"), many);
    expect(accepted(tcp)).toHaveLength(20);
    expect(serializeMessage(tcp.response).length).toBeGreaterThan(1300);
    const small = run([], register(1, hosts(2), "UDP"), many);
    expect(serializeMessage(small.response).length).toBeLessThanOrEqual(1300);
    expect(accepted(small)).toHaveLength(2);
  });
});

describe("RFC 3261 §10.3 steps 1 and 5 before authentication: checkAddressOfRecord", () => {
  it("some 404 for an AOR in a domain not served, none for one served", () => {
    const foreign = sip(
      "REGISTER sip:biloxi.example.com SIP/2.0",
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1",
      "To: <sip:alice@other.example.org>",
      "From: <sip:alice@other.example.org>;tag=1",
      "Call-ID: c",
      "CSeq: 1 REGISTER",
    );
    const o = checkAddressOfRecord(config)(foreign, toTag);
    expect(E.isRight(o) && O.isSome(o.right) && o.right.value.response.status).toBe(404);
    expect(checkAddressOfRecord(config)(register(1, hosts(1)), toTag)).toStrictEqual(E.right(O.none));
  });
});

const arbContact = fc.integer({ min: 1, max: 40 }).chain((i) => fc.constantFrom(`<sip:bob@192.0.2.${String(i)}>`, `<sip:bob@192.0.2.${String(i)}>;expires=0`, `<sip:bob@192.0.2.${String(i)};transport=udp;p=${"y".repeat(i)}>`));

test.prop([
  fc.integer({ min: 1, max: 8 }),
  fc.integer({ min: 600, max: 3000 }),
  fc.array(fc.record({ contacts: fc.array(arbContact, { maxLength: 6 }), udp: fc.boolean() }), { maxLength: 20 }),
])("RFC 3261 §10.3, §18.1.1: whatever is asked, an AOR never grows past maxBindingsPerAor, and no response over UDP exceeds maxUdpResponse", (cap, udpMax, requests) => {
  const c: RegistrarConfig = { ...config, maxBindingsPerAor: cap, maxUdpResponse: udpMax };
  let bindings: ReadonlyArray<Binding> = [];
  requests.forEach((r, i) => {
    const o = run(bindings, register(i + 1, r.contacts, r.udp ? "UDP" : "TCP"), c);
    if (r.udp) expect(serializeMessage(o.response).length).toBeLessThanOrEqual(udpMax);
    if (o._tag === "Accepted") bindings = o.bindings;
    expect(bindings.length).toBeLessThanOrEqual(cap);
  });
});
