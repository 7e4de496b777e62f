// RFC 5626 §4.1–§4.4 for an outbound UA: the fields `withOutbound` adds (the core applies it with
// `UaConfig.outbound`, test/core/outbound.test.ts) and the keep-alive numbers.
import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { headerValues, parseMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { PONG_TIMEOUT_MS, flowTimerSeconds, keepAliveDelayMs, registrarSupportsOutbound, withOutbound } from "../src/index.js";

const request = (method: string, extra = ""): SipRequest => {
  const text =
    `${method} sip:example.com SIP/2.0\r\n` +
    "Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK776asdhds\r\n" +
    "Max-Forwards: 70\r\n" +
    "To: <sip:alice@example.com>\r\n" +
    "From: <sip:alice@example.com>;tag=1928301774\r\n" +
    "Call-ID: a84b4c76e66710\r\n" +
    `CSeq: 1 ${method}\r\n` +
    extra +
    "Content-Length: 0\r\n\r\n";
  const parsed = parseMessage(text);
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error("fixture does not parse");
  return parsed.right;
};

const id = { instance: "urn:uuid:00000000-0000-4000-8000-000000000001", regId: 1 };
const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left);
  return e.right;
};

describe("RFC 5626 §4.2.1 initial registrations", () => {
  it("puts +sip.instance and reg-id on the REGISTER's Contact", () => {
    const out = right(withOutbound(id)(request("REGISTER", "Contact: <sip:alice@abc.invalid;transport=ws>;expires=600\r\n")));
    expect(headerValues("Contact")(out)).toEqual(['<sip:alice@abc.invalid;transport=ws>;expires=600;+sip.instance="<urn:uuid:00000000-0000-4000-8000-000000000001>";reg-id=1']);
  });

  it("says Supported: outbound, path on REGISTER (MUST include the outbound and path option tags)", () => {
    const out = right(withOutbound(id)(request("REGISTER", "Supported: timer\r\nContact: <sip:alice@abc.invalid;transport=ws>\r\n")));
    expect(headerValues("Supported")(out)).toEqual(["timer, outbound, path"]);
  });

  it("§4.2.2: a removal (expires=0) carries the same instance and reg-id", () => {
    const out = right(withOutbound({ ...id, regId: 2 })(request("REGISTER", "Contact: <sip:alice@abc.invalid;transport=ws>;expires=0\r\n")));
    expect(out.core.contact).toEqual([
      expect.objectContaining({ params: [{ name: "expires", value: "0" }, { name: "+sip.instance", value: `"<${id.instance}>"` }, { name: "reg-id", value: "2" }] }),
    ]);
  });

  it("leaves a wildcard removal (Contact: *) and a fetch (no Contact) without identity", () => {
    const star = right(withOutbound(id)(request("REGISTER", "Contact: *\r\nExpires: 0\r\n")));
    expect(headerValues("Contact")(star)).toEqual(["*"]);
    const fetch = right(withOutbound(id)(request("REGISTER")));
    expect(headerValues("Contact")(fetch)).toEqual([]);
  });

  it("§4.2.1: Require: outbound in a 2xx says the registrar supports it", () => {
    expect(registrarSupportsOutbound(["path, outbound"])).toBe(true);
    expect(registrarSupportsOutbound(["path"])).toBe(false);
    expect(registrarSupportsOutbound([])).toBe(false);
  });
});

describe("RFC 5626 §4.3 non-REGISTER requests", () => {
  it("adds outbound to Supported (SHOULD) and ob to a dialog-forming request's Contact URI", () => {
    const out = right(withOutbound(id)(request("INVITE", "Contact: <sip:alice@abc.invalid;transport=ws>\r\n")));
    expect(headerValues("Supported")(out)).toEqual(["outbound"]);
    expect(headerValues("Contact")(out)).toEqual(["<sip:alice@abc.invalid;transport=ws;ob>"]);
    expect(right(withOutbound(id)(out)).headers).toEqual(out.headers);
  });

  it("leaves the Contact of a request that forms no dialog as it was", () => {
    const out = right(withOutbound(id)(request("MESSAGE", "Contact: <sip:alice@abc.invalid;transport=ws>\r\n")));
    expect(headerValues("Contact")(out)).toEqual(["<sip:alice@abc.invalid;transport=ws>"]);
    expect(headerValues("Supported")(out)).toEqual(["outbound"]);
  });

  it("leaves ACK and CANCEL as the transaction layer built them (§9.1, §17.1.1.3)", () => {
    const ack = request("ACK");
    expect(right(withOutbound(id)(ack))).toBe(ack);
    const cancel = request("CANCEL");
    expect(right(withOutbound(id)(cancel))).toBe(cancel);
  });
});

describe("RFC 5626 §4.4 keep-alive timing", () => {
  it("§4.4.1: the pong must come within 10 seconds", () => {
    expect(PONG_TIMEOUT_MS).toBe(10_000);
  });

  it("reads a Flow-Timer and refuses nonsense", () => {
    expect(flowTimerSeconds(["120"])).toBe(120);
    expect(flowTimerSeconds([" 30 "])).toBe(30);
    expect(flowTimerSeconds(["0"])).toBeUndefined();
    expect(flowTimerSeconds(["abc"])).toBeUndefined();
    expect(flowTimerSeconds([])).toBeUndefined();
  });

  test.prop([fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    "§4.4: every interval lies between 80% and 100% of the Flow-Timer (or of the 120 s upper bound)",
    (flowTimer, u) => {
      const upper = flowTimer === undefined ? 120_000 : flowTimer * 1000;
      const d = keepAliveDelayMs(flowTimer, 120_000, u);
      expect(d).toBeGreaterThanOrEqual(Math.floor(upper * 0.8));
      expect(d).toBeLessThanOrEqual(upper);
    },
  );
});

describe("RFC 5626 §4.2.2 the same fields on every REGISTER (properties)", () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.uuid({ version: 4 })])("adding them twice changes nothing (a digest retry goes out the same)", (regId, uuid) => {
    const identity = { instance: `urn:uuid:${uuid}`, regId };
    const once = right(withOutbound(identity)(request("REGISTER", "Contact: <sip:alice@abc.invalid;transport=ws>;expires=600\r\n")));
    const twice = right(withOutbound(identity)(once));
    expect(twice.headers).toEqual(once.headers);
    expect(headerValues("Contact")(once)[0]).toContain(`reg-id=${regId}`);
  });
});
