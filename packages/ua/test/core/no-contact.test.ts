// RFC 3261 §8.1.1.8 / §10.2.2 through the UA step: an INVITE with no Contact, or Contact: *, is
// answered 400 at once (no 180, no call for the application) and leaves no call in the registry;
// once its transaction's timers run out the registry is empty.
import { describe, expect, it } from "vitest";
import { Methods, callId, createRequest, setHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { isUsageKey } from "../../src/core/keys.js";
import { peerOf, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const PEER = "192.0.2.77";

const invite = (n: number, contact: "none" | "star"): SipRequest => {
  const base = must(
    createRequest({
      method: Methods.INVITE,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: `z9hG4bKnc${n}` }] },
      to: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sip:mallory@example.com"), angle: true, params: [{ name: "tag", value: `m${n}` }] },
      callId: must(callId(`no-contact-${n}`)),
      seq: 1,
    }),
  );
  return contact === "none" ? base : must(setHeader("Contact", "*")(base));
};

describe("RFC 3261 §8.1.1.8 an INVITE without a usable Contact, through the UA step", () => {
  for (const contact of ["none", "star"] as const) {
    it(`§8.1.1.8: Contact ${contact === "none" ? "missing" : "*"}: 400 at once, no IncomingCall, no call entry; the registry empties`, () => {
      const a = driver();
      for (let n = 0; n < 50; n++) {
        const out = a.feed({ _tag: "Received", now: n, message: invite(n, contact), source: peerOf(PEER) });
        expect(out.sent.map(label)).toStrictEqual(["400/INVITE"]);
        expect(out.delivered.map((e) => e._tag)).toStrictEqual(["Rejected"]);
      }
      // No usage (call) was ever filed; what remains (server transactions, §8.2.2.2 records) has deadlines.
      expect([...a.store.keys()].filter(isUsageKey)).toStrictEqual([]);
      a.settle(50 + 64 * 500);
      expect(a.store.size).toBe(0);
    });
  }
});
