// RFC 3261 §26.4.4: a SIPS Request-URI lowered to SIP on the way is told to the application.
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { Methods, callId, createRequest } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { AppEvent } from "../../src/index.js";
import { schemeDowngraded } from "../../src/core/scheme-downgrade.js";
import { peerOf, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const PEER = "192.0.2.77";

const invite = (requestUri: string, to: string): SipRequest =>
  must(
    createRequest({
      method: Methods.INVITE,
      uri: uri(requestUri),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "TLS", host: { _tag: "IPv4", value: PEER }, port: 5061, params: [{ name: "branch", value: "z9hG4bKsips1" }] },
      to: { _tag: "NameAddr", uri: uri(to), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sips:bob@example.com"), angle: true, params: [{ name: "tag", value: "b1" }] },
      callId: must(callId("sips-1")),
      seq: 1,
      contact: [{ _tag: "NameAddr", uri: uri(`sips:bob@${PEER}`), angle: true, params: [] }],
    }),
  );

const incoming = (request: SipRequest): Extract<AppEvent, { _tag: "IncomingCall" }> => {
  const out = driver().feed({ _tag: "Received", now: 0, message: request, source: peerOf(PEER) });
  const event = out.delivered.find((e) => e._tag === "IncomingCall");
  if (event?._tag !== "IncomingCall") throw new Error("no IncomingCall");
  return event;
};

describe("RFC 3261 §26.4.4 a Request-URI whose scheme was lowered in transit", () => {
  it("RFC3261-26.4.4-1, RFC3261-26.4.4-3: an INVITE for a sip: Request-URI whose To is sips: reaches the application marked schemeDowngraded", () => {
    expect(incoming(invite("sip:alice@10.0.0.1:5060", "sips:alice@example.com")).schemeDowngraded).toBe(true);
  });

  it("RFC3261-26.4.4-1: the same scheme in both, even for different URIs, is no sign of a downgrade; nor is a sips: Request-URI with a sip: To", () => {
    expect(incoming(invite("sips:alice@10.0.0.1", "sips:alice@example.com")).schemeDowngraded).toBeUndefined();
    expect(incoming(invite("sip:alice@10.0.0.1:5060", "sip:someone-else@example.com")).schemeDowngraded).toBeUndefined();
    expect(incoming(invite("sips:alice@10.0.0.1", "sip:alice@example.com")).schemeDowngraded).toBeUndefined();
  });
});

describe("RFC 3261 §26.4.4 schemeDowngraded, over any pair of schemes and users", () => {
  const scheme = fc.constantFrom("sip", "sips");
  const user = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  test.prop([scheme, scheme, user, user])("true exactly when the Request-URI is sip: and the To is sips:", (rScheme, toScheme, rUser, toUser) => {
    const request = invite(`${rScheme}:${rUser}@10.0.0.1`, `${toScheme}:${toUser}@example.com`);
    expect(schemeDowngraded(request)).toBe(rScheme === "sip" && toScheme === "sips");
  });
});
