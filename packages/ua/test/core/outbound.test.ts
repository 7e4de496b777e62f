// RFC 5626 through the UA core: with `UaConfig.outbound` every request it sends carries the
// outbound fields (§4.2.1, §4.2.2, §4.3), retries and refreshes included; without it, none.
import { describe, expect, it } from "vitest";
import { findParam, headerValues } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { uri } from "./harness.js";
import { PEER, ladderOf, requestsSent, withPeer } from "./mixed.js";
import { digestServer, reply } from "./scripted.js";

const instance = "urn:uuid:00000000-0000-4000-8000-00000000000a";
const outbound = { instance, regId: 1 };

/** A registrar that challenges once (§22.2) and says it does outbound (§4.2.1); a UAS that declines calls. */
const peer = () => {
  const auth = digestServer("example.com", "alice", "zanzibar", false);
  return (r: SipRequest) => {
    if (r.method === "ACK") return [];
    if (r.method === "INVITE") return [reply(r, 486)];
    if (r.method !== "REGISTER") return [reply(r, 200)];
    if (auth.check(r) !== "ok") return [reply(r, 401, [auth.challenge()])];
    return [reply(r, 200, [{ name: "Require", value: "outbound" }, ...r.core.contact.map((c) => ({ name: "Contact", value: `${c._tag === "NameAddr" ? `<sip:alice@${PEER}>` : "*"};expires=3600` }))])];
  };
};

const credentials = [{ realm: "example.com", username: "alice", secret: { _tag: "Password" as const, password: "zanzibar" } }];
const agenda = [
  { at: 0, command: { _tag: "Register" as const, id: "alice", registrar: uri(`sip:${PEER}`), expires: 3600 } },
  { at: 5_000, command: { _tag: "MakeCall" as const, to: uri(`sip:bob@${PEER}`) } },
  { at: 10_000, command: { _tag: "Unregister" as const, id: "alice" } },
];

const instanceOf = (r: SipRequest): ReadonlyArray<string | undefined> => r.core.contact.map((c) => (c._tag === "NameAddr" ? findParam(c.params, "+sip.instance")?.value : "*"));
const regIdOf = (r: SipRequest): ReadonlyArray<string | undefined> => r.core.contact.map((c) => (c._tag === "NameAddr" ? findParam(c.params, "reg-id")?.value : "*"));

describe("RFC 5626 outbound in the UA core (UaConfig.outbound)", () => {
  it("RFC 5626 §4.2.1, §4.2.2: every REGISTER (the first, its digest retry, the removal) carries +sip.instance, reg-id and Supported: outbound, path", () => {
    const net = withPeer(peer(), agenda, { credentials, outbound });
    expect(ladderOf(net)).toEqual(["ua: REGISTER", "peer: 401 Unauthorized", "ua: REGISTER", "peer: 200 OK", "ua: INVITE", "peer: 486 Busy Here", "ua: ACK", "ua: REGISTER", "peer: 200 OK"]);
    const registers = requestsSent(net).filter((r) => r.method === "REGISTER");
    expect(registers).toHaveLength(3);
    for (const r of registers) {
      expect(instanceOf(r)).toEqual([`"<${instance}>"`]);
      expect(regIdOf(r)).toEqual(["1"]);
      expect(headerValues("Supported")(r).join(", ")).toMatch(/outbound.*path|path.*outbound/);
    }
  });

  it("RFC 5626 §4.3: an INVITE says Supported: outbound and puts ob on its Contact URI; the ACK is left as the transaction layer built it", () => {
    const net = withPeer(peer(), agenda, { credentials, outbound });
    const sent = requestsSent(net);
    const invite = sent.find((r) => r.method === "INVITE");
    expect(invite && headerValues("Supported")(invite).join(", ")).toContain("outbound");
    const contact = invite?.core.contact[0];
    expect(contact?._tag === "NameAddr" && contact.uri._tag === "SipUri" && findParam(contact.uri.params, "ob") !== undefined).toBe(true);
    const ack = sent.find((r) => r.method === "ACK");
    expect(ack && headerValues("Supported")(ack)).toEqual([]);
  });

  it("RFC 5626 §4.1: without outbound the core sends none of it", () => {
    const net = withPeer(peer(), agenda, { credentials });
    for (const r of requestsSent(net)) {
      expect(instanceOf(r).filter((v) => v !== undefined && v !== "*")).toEqual([]);
      expect(headerValues("Supported")(r).join(", ")).not.toContain("outbound");
    }
  });
});
