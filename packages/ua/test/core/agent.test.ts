// RFC 3261 §20.35 Server and §20.41 User-Agent, configurable (`Capabilities.agent`), through the UA step.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, callId, createRequest, headerValues } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import { CapabilitiesCodec } from "../../src/index.js";
import { capabilities, peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const PEER = "192.0.2.77";
const options: SipRequest = must(
  createRequest({
    method: Methods.OPTIONS,
    uri: uri("sip:alice@10.0.0.1:5060"),
    via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: "z9hG4bKagent1" }] },
    to: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] },
    from: { _tag: "NameAddr", uri: uri("sip:bob@example.com"), angle: true, params: [{ name: "tag", value: "b9" }] },
    callId: must(callId("agent-1")),
    seq: 1,
  }),
);

/** The User-Agent of the OPTIONS the UA sends and the Server of its answer to one, with `agent` configured. */
const fields = (agent: string | undefined): { readonly userAgent: ReadonlyArray<string>; readonly server: ReadonlyArray<string> } => {
  const a = driver(uaConfig("alice", "10.0.0.1", { capabilities: agent === undefined ? capabilities : { ...capabilities, agent } }));
  const answered = a.feed({ _tag: "Received", now: 0, message: options, source: peerOf(PEER) }).sent;
  const sent = a.feed({ _tag: "Command", now: 1, command: { _tag: "Options", ref: "o1", to: uri(`sip:bob@${PEER}`) } }).sent;
  const of = (list: ReadonlyArray<SipMessage>, tag: SipMessage["_tag"], name: string): ReadonlyArray<string> => list.filter((m) => m._tag === tag).flatMap((m) => headerValues(name)(m));
  return { userAgent: of(sent, "Request", "User-Agent"), server: of(answered, "Response", "Server") };
};

describe("RFC 3261 §20.35 and §20.41 Server and User-Agent", () => {
  it("RFC3261-20.41-1, RFC3261-20.35-1: a configured agent goes out as User-Agent on the UA's requests and as Server on its responses", () => {
    expect(fields("puresip/0.1 (conformance)")).toStrictEqual({ userAgent: ["puresip/0.1 (conformance)"], server: ["puresip/0.1 (conformance)"] });
  });

  it("with no agent configured neither field is written (§26.3: the software in use is no one else's business)", () => {
    expect(fields(undefined)).toStrictEqual({ userAgent: [], server: [] });
  });

  it("an agent that is no server-val list (a line break, an empty string) is never printed, and the codec refuses it", () => {
    for (const bad of ["x\r\nInjected: yes", ""]) {
      expect(fields(bad)).toStrictEqual({ userAgent: [], server: [] });
      expect(E.isLeft(CapabilitiesCodec.decode(JSON.parse(JSON.stringify({ ...(CapabilitiesCodec.encode(capabilities) as Readonly<Record<string, unknown>>), agent: bad }))))).toBe(true);
    }
  });
});
