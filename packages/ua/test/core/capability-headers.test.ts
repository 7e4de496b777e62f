// RFC 3261 §13.2.1 and §13.3.1.4 through the UA step: the INVITE carries Allow and Supported,
// and so does the UAS's 2xx to an INVITE, both from the UA's Capabilities (§20.5, §20.37).
import { describe, expect, it } from "vitest";
import { Methods, callId, createRequest, headerValues } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { basicCapabilities } from "../../src/index.js";
import { capabilities, peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const PEER = "192.0.2.77";

const incomingInvite = (): SipRequest =>
  must(
    createRequest({
      method: Methods.INVITE,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: "z9hG4bKcap1" }] },
      to: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sip:bob@example.com"), angle: true, params: [{ name: "tag", value: "b1" }] },
      callId: must(callId("cap-1")),
      seq: 1,
      contact: [{ _tag: "NameAddr", uri: uri(`sip:bob@${PEER}`), angle: true, params: [] }],
    }),
  );

describe("RFC 3261 §13.2.1 / §13.3.1.4 Allow and Supported, through the UA step", () => {
  it("§13.2.1: the INVITE carries Allow and Supported from the capabilities", () => {
    const a = driver();
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } });
    const invite = made.sent.find((m) => m._tag === "Request" && m.method === Methods.INVITE)!;
    expect(headerValues("Allow")(invite)).toStrictEqual([capabilities.methods.join(", ")]);
    expect(headerValues("Supported")(invite)).toStrictEqual([capabilities.extensions.join(", ")]);
  });

  it("§13.2.1: with no extension at all the INVITE still says so with an empty Supported", () => {
    const a = driver(uaConfig("alice", "10.0.0.1", { capabilities: basicCapabilities }));
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) } });
    const invite = made.sent.find((m) => m._tag === "Request" && m.method === Methods.INVITE)!;
    expect(headerValues("Supported")(invite)).toStrictEqual([""]);
    expect(headerValues("Allow")(invite)).toStrictEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS"]);
  });

  it("§13.3.1.4: the 2xx to an INVITE carries Allow and Supported from the capabilities, and so does each retransmission", () => {
    const a = driver();
    const arrived = a.feed({ _tag: "Received", now: 0, message: incomingInvite(), source: peerOf(PEER) });
    const incoming = arrived.delivered.find((e) => e._tag === "IncomingCall");
    if (incoming?._tag !== "IncomingCall") throw new Error("no IncomingCall");
    const answered = a.feed({ _tag: "Command", now: 10, command: { _tag: "Answer", call: incoming.call } });
    const ok = answered.sent.find((m): m is SipResponse => m._tag === "Response" && m.status === 200)!;
    expect(headerValues("Allow")(ok)).toStrictEqual([capabilities.methods.join(", ")]);
    expect(headerValues("Supported")(ok)).toStrictEqual([capabilities.extensions.join(", ")]);
    // §13.3.1.4: the UAS core retransmits the 2xx at T1 until the ACK: the same headers again.
    const again = a.feed({ _tag: "Tick", now: 510, key: incoming.call });
    const retransmitted = again.sent.find((m): m is SipResponse => m._tag === "Response" && m.status === 200)!;
    expect(headerValues("Allow")(retransmitted)).toStrictEqual(headerValues("Allow")(ok));
    expect(headerValues("Supported")(retransmitted)).toStrictEqual(headerValues("Supported")(ok));
  });
});
