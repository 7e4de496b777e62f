import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseUri } from "@puresip/message";
import { aorKey, aorOfRequest, defaultRegistrarConfig, nextExpiry, processRegister } from "../../src/usages/registrar/index.js";
import type { Binding, RegisterOutcome, RegistrarConfig } from "../../src/usages/registrar/index.js";
import { fieldValues, sip, toTag } from "../fixtures.js";

const config: RegistrarConfig = { ...defaultRegistrarConfig, domains: ["biloxi.example.com", "registrar.biloxi.example.com"], minExpires: 60, maxExpires: 7200, defaultExpires: 3600 };

const register = (cseq: number, contacts: ReadonlyArray<string>, extra: ReadonlyArray<string> = [], callId = "843817637684230@998sdasdh09"): ReturnType<typeof sip> =>
  sip(
    "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
    `Call-ID: ${callId}`,
    `CSeq: ${String(cseq)} REGISTER`,
    ...contacts.map((c) => `Contact: ${c}`),
    ...extra,
  );

const run = (current: ReadonlyArray<Binding>, request: ReturnType<typeof sip>, now = 0, c: RegistrarConfig = config, identity?: string): RegisterOutcome => {
  const out = processRegister(c)(current, request, { now, toTag, ...(identity === undefined ? {} : { identity }) });
  if (E.isLeft(out)) throw new Error(out.left);
  return out.right;
};

const accepted = (o: RegisterOutcome): ReadonlyArray<Binding> => {
  if (o._tag !== "Accepted") throw new Error(`rejected: ${o.reason}`);
  return o.bindings;
};

describe("RFC 3261 §10.3 step 5: the address-of-record", () => {
  it("drops URI parameters and decodes escapes that §19.1.4 says are equivalent", () => {
    const a = aorKey(E.getOrElseW(() => { throw new Error(); })(parseUri("sip:b%6Fb@BILOXI.example.com;user=phone;transport=tcp")));
    const b = aorKey(E.getOrElseW(() => { throw new Error(); })(parseUri("sip:bob@biloxi.example.com")));
    expect(a).toEqual(b);
    expect(b).toEqual(E.right("sip:bob@biloxi.example.com"));
  });
  it("keeps sip and sips apart, and refuses a tel URI", () => {
    const sips = aorKey(E.getOrElseW(() => { throw new Error(); })(parseUri("sips:bob@biloxi.example.com")));
    expect(sips).toEqual(E.right("sips:bob@biloxi.example.com"));
    expect(E.isLeft(aorKey(E.getOrElseW(() => { throw new Error(); })(parseUri("tel:+1-201-555-0123"))))).toBe(true);
  });
  it("is read from the To header field", () => {
    expect(aorOfRequest(register(1, []))).toEqual(E.right("sip:bob@biloxi.example.com"));
  });
  it("a To in a domain the registrar does not serve gets 404", () => {
    const r = sip(
      "REGISTER sip:biloxi.example.com SIP/2.0",
      "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
      "To: <sip:bob@atlanta.example.com>",
      "From: <sip:bob@atlanta.example.com>;tag=1",
      "Call-ID: x",
      "CSeq: 1 REGISTER",
    );
    const o = run([], r);
    expect(o._tag === "Rejected" && o.failure).toBe("BadAddressOfRecord");
    expect(o.response.status).toBe(404);
  });
});

describe("RFC 3261 §10.3 step 1: the domains of the registrar", () => {
  it("a Request-URI for a domain it does not serve gets 404", () => {
    const r = sip(
      "REGISTER sip:atlanta.example.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1",
      "To: <sip:alice@atlanta.example.com>",
      "From: <sip:alice@atlanta.example.com>;tag=1",
      "Call-ID: x",
      "CSeq: 1 REGISTER",
    );
    const o = run([], r);
    expect(o._tag === "Rejected" && o.failure).toBe("DomainNotServed");
    expect(o.response.status).toBe(404);
  });
});

describe("RFC 3261 §10.3 step 4: authorization", () => {
  const strict: RegistrarConfig = { ...config, authorization: "UserPart" };
  it("403 when the authenticated user is not the AOR's user, and none is changed", () => {
    const o = run([], register(1, ["<sip:bob@192.0.2.4>"]), 0, strict, "carol");
    expect(o._tag === "Rejected" && o.failure).toBe("Forbidden");
    expect(o.response.status).toBe(403);
  });
  it("the AOR's own user may register", () => {
    expect(accepted(run([], register(1, ["<sip:bob@192.0.2.4>"]), 0, strict, "bob"))).toHaveLength(1);
  });
});

describe("RFC 3261 §10.3 step 6: Contact: *", () => {
  const two = accepted(run([], register(1, ["<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5>"])));
  it("with Expires: 0 removes every binding", () => {
    const o = run(two, register(2, ["*"], ["Expires: 0"]));
    expect(accepted(o)).toEqual([]);
    expect(fieldValues(o.response, "Contact")).toEqual([]);
  });
  it("with another Contact, or an Expires other than zero, is 400", () => {
    expect(run(two, register(2, ["*", "<sip:bob@192.0.2.6>"], ["Expires: 0"])).response.status).toBe(400);
    expect(run(two, register(2, ["*"], ["Expires: 30"])).response.status).toBe(400);
    expect(run(two, register(2, ["*"])).response.status).toBe(400);
  });
  it("from the same Call-ID with a CSeq not above the binding's fails and keeps the bindings", () => {
    const o = run(two, register(1, ["*"], ["Expires: 0"]));
    expect(o._tag === "Rejected" && o.failure).toBe("OutOfOrder");
  });
  it("from another Call-ID removes the bindings whatever the CSeq", () => {
    expect(accepted(run(two, register(1, ["*"], ["Expires: 0"], "other-call-id")))).toEqual([]);
  });
});

describe("RFC 3261 §10.3 step 7: the expiration interval of each contact", () => {
  it("takes the contact's expires parameter first, then Expires, then the default", () => {
    const o = run([], register(1, ["<sip:bob@192.0.2.4>;expires=120", "<sip:bob@192.0.2.5>"], ["Expires: 300"]), 1_000);
    expect(accepted(o).map((b) => b.expiresAt)).toEqual([121_000, 301_000]);
    const d = run([], register(1, ["<sip:bob@192.0.2.4>"]), 0);
    expect(accepted(d).map((b) => b.expiresAt)).toEqual([3_600_000]);
  });
  it("may shorten a long interval to the registrar's maximum", () => {
    expect(accepted(run([], register(1, ["<sip:bob@192.0.2.4>"], ["Expires: 100000"]))).map((b) => b.expiresAt)).toEqual([7_200_000]);
  });
  it("423 with Min-Expires for an interval above zero, below one hour and below the minimum", () => {
    const o = run([], register(1, ["<sip:bob@192.0.2.4>"], ["Expires: 30"]));
    expect(o._tag === "Rejected" && o.failure).toBe("IntervalTooBrief");
    expect(o.response.status).toBe(423);
    expect(fieldValues(o.response, "Min-Expires")).toEqual(["60"]);
  });
  it("an interval of zero is never too brief: it removes the binding", () => {
    const one = accepted(run([], register(1, ["<sip:bob@192.0.2.4>"])));
    expect(accepted(run(one, register(2, ["<sip:bob@192.0.2.4>;expires=0"])))).toEqual([]);
  });
  it("a minimum above one hour never rejects an interval of an hour or more", () => {
    const high: RegistrarConfig = { ...config, minExpires: 5000 };
    expect(accepted(run([], register(1, ["<sip:bob@192.0.2.4>"], ["Expires: 3600"]), 0, high))).toHaveLength(1);
  });
  it("an existing binding (URI comparison) is updated by a higher CSeq from the same Call-ID", () => {
    const one = accepted(run([], register(1, ["<sip:bob@192.0.2.4>"], ["Expires: 100"])));
    const two = accepted(run(one, register(2, ["<sip:BOB@192.0.2.4>", "<sip:bob@192.0.2.4;transport=udp>"], ["Expires: 200"])));
    // sip:BOB@... differs in the user part (case-sensitive), transport=udp in a parameter both must carry.
    expect(two).toHaveLength(3);
    const again = accepted(run(one, register(2, ["<sip:bob@192.0.2.4>"], ["Expires: 200"])));
    expect(again).toEqual([{ ...one[0], cseq: 2, expiresAt: 200_000 }]);
  });
  it("an out-of-order REGISTER (same Call-ID, CSeq not higher) is refused and changes nothing", () => {
    const one = accepted(run([], register(5, ["<sip:bob@192.0.2.4>"])));
    const o = run(one, register(4, ["<sip:bob@192.0.2.4>"]));
    expect(o._tag === "Rejected" && o.failure).toBe("OutOfOrder");
    // Atomic: a request that also adds a new contact adds nothing when another fails.
    const mixed = run(one, register(5, ["<sip:bob@192.0.2.9>", "<sip:bob@192.0.2.4>"]));
    expect(mixed._tag).toBe("Rejected");
  });
  it("a binding from another Call-ID is replaced whatever its CSeq", () => {
    const one = accepted(run([], register(5, ["<sip:bob@192.0.2.4>"])));
    expect(accepted(run(one, register(1, ["<sip:bob@192.0.2.4>"], [], "rebooted")))).toEqual([{ ...one[0], callId: "rebooted", cseq: 1 }]);
  });
  it("a malformed expires parameter is 400", () => {
    expect(run([], register(1, ["<sip:bob@192.0.2.4>;expires=soon"])).response.status).toBe(400);
  });
  it("§10.2.1.1: Expires and the expires parameter above 2**32-1 are read as 2**32-1 alike, then capped at maxExpires", () => {
    const header = run([], register(1, ["<sip:bob@192.0.2.4>"], ["Expires: 4294967296"]));
    const param = run([], register(1, ["<sip:bob@192.0.2.4>;expires=280297596632815"]));
    expect([header.response.status, param.response.status]).toStrictEqual([200, 200]);
    expect(fieldValues(header.response, "Contact")).toEqual(["<sip:bob@192.0.2.4>;expires=7200"]);
    expect(fieldValues(param.response, "Contact")).toEqual(fieldValues(header.response, "Contact"));
  });
});

describe("RFC 3261 §10.3 step 8: the 200 lists every current binding with its expires", () => {
  it("for a query (no Contact) too, leaving out lapsed bindings", () => {
    const two = accepted(run([], register(1, ["<sip:bob@192.0.2.4>;expires=100", "<sip:bob@192.0.2.5>;expires=1000"])));
    const o = run(two, register(2, []), 500_000);
    expect(o.response.status).toBe(200);
    expect(fieldValues(o.response, "Contact")).toEqual(["<sip:bob@192.0.2.5>;expires=500"]);
    expect(nextExpiry(accepted(o))).toBe(1_000_000);
  });
  it("the response carries the request's To with the registrar's tag, and no Record-Route", () => {
    const o = run([], register(1, ["<sip:bob@192.0.2.4>"], ["Record-Route: <sip:p.example.com;lr>"]));
    expect(fieldValues(o.response, "Record-Route")).toEqual([]);
    expect(o.response.core.to?.params).toContainEqual({ name: "tag", value: toTag });
  });
});

describe("RFC 5626 §6: a contact with +sip.instance and reg-id", () => {
  it("replaces the binding of the same instance and reg-id even when the URI changed", () => {
    const inst = ';+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1';
    const one = accepted(run([], register(1, [`<sip:bob@192.0.2.4>${inst}`])));
    const moved = accepted(run(one, register(2, [`<sip:bob@198.51.100.7>${inst}`])));
    expect(moved).toHaveLength(1);
    expect(moved[0]?.regId).toBe(1);
    expect(moved[0]?.contact.uri).toMatchObject({ host: { value: "198.51.100.7" } });
  });
});

describe("RFC 3261 §10.3: a registrar accepts only REGISTER", () => {
  it("405 with Allow: REGISTER", () => {
    const r = sip("OPTIONS sip:biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:b@biloxi.example.com>", "From: <sip:a@x>;tag=1", "Call-ID: c", "CSeq: 1 OPTIONS");
    const o = run([], r);
    expect(o.response.status).toBe(405);
    expect(fieldValues(o.response, "Allow")).toEqual(["REGISTER"]);
  });
});
