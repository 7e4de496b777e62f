// A UA core acting as a registrar (RFC 3261 §10.3): REGISTER reaches the application as an
// `IncomingRequest`, which answers with `processRegister`'s response through `Respond`.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, tag } from "@puresip/message";
import { aorOfRequest, defaultRegistrarConfig, processRegister } from "../../src/usages/registrar/index.js";
import type { UaCommand } from "../../src/index.js";
import type { Binding } from "../../src/usages/registrar/index.js";
import type { Policy } from "./harness.js";
import { capabilities, tags, uri } from "./harness.js";
import { ALICE, BOB, messages, nodeOf, runAll, sent, twoUas } from "./flows.js";

/** Bob's application: a location service in a Map, updated by `processRegister`. */
const registrarPolicy = (location: Map<string, ReadonlyArray<Binding>>): Policy => (e, now) => {
  if (e._tag !== "IncomingRequest" || e.request.method !== Methods.REGISTER) return [];
  const aor = aorOfRequest(e.request);
  const toTag = tag(e.toTag);
  if (E.isLeft(aor) || E.isLeft(toTag)) return [];
  const out = processRegister({ ...defaultRegistrarConfig, minExpires: 60 })(location.get(aor.right) ?? [], e.request, { now, toTag: toTag.right });
  if (E.isLeft(out)) return [];
  if (out.right._tag === "Accepted") location.set(aor.right, out.right.bindings);
  return [{ delay: 0, command: { _tag: "Respond", key: e.key, response: out.right.response } }];
};

const registrarCaps = { capabilities: { ...capabilities, methods: [...capabilities.methods, Methods.REGISTER] } };

describe("RFC 3261 §10.3 a UA core as registrar, with RFC 3665 §2.1's client", () => {
  it("REGISTER and 200 with the binding, then §10.2.2 removal with expires=0", () => {
    const location = new Map<string, ReadonlyArray<Binding>>();
    const register: UaCommand = { _tag: "Register", id: "alice", registrar: uri(`sip:${BOB}`), expires: 600 };
    const net = runAll(
      twoUas(
        [
          { at: 0, node: ALICE, command: register },
          { at: 10_000, node: ALICE, command: { _tag: "Unregister", id: "alice" } },
        ],
        { bob: registrarCaps, bobPolicy: registrarPolicy(location) },
      ),
    );
    expect(messages(net)).toStrictEqual(["alice->bob REGISTER", "bob->alice 200 OK", "alice->bob REGISTER", "bob->alice 200 OK"]);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["Registered 600", "Unregistered"]);
    expect(location.get("sip:alice@example.com")).toStrictEqual([]);
    expect(nodeOf(net, BOB).engine.registry.size).toBe(0);
    expect(nodeOf(net, ALICE).engine.registry.size).toBe(0);
  });

  it("§10.2.2 Unregister { all }: Contact: * with Expires: 0 removes the other devices' bindings too", () => {
    const location = new Map<string, ReadonlyArray<Binding>>([
      ["sip:alice@example.com", [{ contact: { _tag: "NameAddr", uri: uri("sip:alice@198.51.100.9"), angle: true, params: [] }, callId: "desk-phone", cseq: 4, expiresAt: 3_600_000 }]],
    ]);
    const net = runAll(
      twoUas(
        [
          { at: 0, node: ALICE, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${BOB}`) } },
          { at: 10_000, node: ALICE, command: { _tag: "Unregister", id: "alice", all: true } },
        ],
        { bob: registrarCaps, bobPolicy: registrarPolicy(location) },
      ),
    );
    expect(messages(net)).toStrictEqual(["alice->bob REGISTER", "bob->alice 200 OK", "alice->bob REGISTER", "bob->alice 200 OK"]);
    const last = sent(net)[2];
    const text = new TextDecoder().decode(last?.bytes);
    expect(text).toMatch(/\r\nContact: \*\r\n/);
    expect(text).toMatch(/\r\nExpires: 0\r\n/);
    expect(location.get("sip:alice@example.com")).toStrictEqual([]);
    expect(tags(nodeOf(net, ALICE))).toStrictEqual(["Registered 3600", "Unregistered"]);
  });

  it("a UA that does not list REGISTER answers it 405 (§8.2.1) without asking the application", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${BOB}`) } }]));
    expect(messages(net)).toStrictEqual(["alice->bob REGISTER", "bob->alice 405 Method Not Allowed"]);
    expect(tags(nodeOf(net, BOB))).toStrictEqual(["Rejected 405"]);
  });
});
