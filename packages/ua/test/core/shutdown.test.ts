// Graceful close as a command of the UA core (issue #14 item 4): `Shutdown` ends every call
// (BYE after the 2xx, CANCEL before it), removes every binding, and from then on answers a new
// request outside a dialog with 503 while the dialogs it has still work.
import { describe, expect, it } from "vitest";
import { findParam } from "@puresip/message";
import { trace } from "@puresip/testkit";
import type { SipRequest } from "@puresip/message";
import type { UaCommand } from "../../src/index.js";
import { events, tags, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, twoUas } from "./flows.js";
import { PEER, UA, ladderOf, requestsSent, uaOf, withPeer } from "./mixed.js";
import { reply } from "./scripted.js";

const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
const shutdown: UaCommand = { _tag: "Shutdown" };

describe("Shutdown: the UA core's graceful close", () => {
  it("RFC 3261 §15.1.1: an established call gets BYE and ends; nothing is left", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: call }, { at: 5000, node: ALICE, command: shutdown }], { bobPolicy: answerAfter(1000) }));
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    expect(tags(nodeOf(net, ALICE)).at(-1)).toBe("CallEnded LocalBye");
    expect(tags(nodeOf(net, BOB)).at(-1)).toBe("CallEnded RemoteBye");
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
    // The UA remembers it is closing.
    expect(nodeOf(net, ALICE).engine.state().closing).toBe(true);
    expect(nodeOf(net, BOB).engine.state().closing).toBeUndefined();
  });

  it("RFC 3261 §9.1: a ringing outgoing call is cancelled (CANCEL, 200, 487, ACK)", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: call }, { at: 2000, node: ALICE, command: shutdown }], { bobPolicy: answerAfter(60_000) }));
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "alice->bob CANCEL", "bob->alice 200 OK", "bob->alice 487 Request Terminated", "alice->bob ACK"]);
    expect(events(nodeOf(net, ALICE)).some((e) => e._tag === "CallFailed" && e.status === 487)).toBe(true);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3261 §10.2.2: a registration the UA made is removed (Expires: 0)", () => {
    const registrar = (r: SipRequest) => {
      if (r.method !== "REGISTER") return [];
      const c = r.core.contact[0];
      const expires = c?._tag === "NameAddr" ? (findParam(c.params, "expires")?.value ?? "3600") : "0";
      return [reply(r, 200, expires === "0" ? [] : [{ name: "Contact", value: `<sip:alice@10.0.0.1>;expires=${expires}` }])];
    };
    const net = withPeer(registrar, [
      { at: 0, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${PEER}`), expires: 3600 } },
      { at: 10_000, command: shutdown },
    ]);
    expect(ladderOf(net)).toStrictEqual(["ua: REGISTER", "peer: 200 OK", "ua: REGISTER", "peer: 200 OK"]);
    const last = requestsSent(net).at(-1)?.core.contact[0];
    expect(last?._tag === "NameAddr" ? findParam(last.params, "expires")?.value : undefined).toBe("0");
    expect(tags(uaOf(net))).toStrictEqual(["Registered 3600", "Unregistered"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });

  it("RFC 3261 §10.2.2: Shutdown with unregister false leaves the binding alone (it goes only at the later Unregister)", () => {
    const registrar = (r: SipRequest) => (r.method === "REGISTER" ? [reply(r, 200, [{ name: "Contact", value: "<sip:alice@10.0.0.1>;expires=3600" }])] : []);
    const net = withPeer(registrar, [
      { at: 0, command: { _tag: "Register", id: "alice", registrar: uri(`sip:${PEER}`), expires: 3600 } },
      { at: 10_000, command: { _tag: "Shutdown", unregister: false } },
      { at: 20_000, command: { _tag: "Unregister", id: "alice" } },
    ]);
    const registers = trace(net).flatMap((e) => (e._tag === "Sent" && e.from === UA ? [e.at] : []));
    expect(registers.map((at) => at >= 20_000)).toStrictEqual([false, true]);
    expect(tags(uaOf(net))).toStrictEqual(["Registered 3600", "Unregistered"]);
  });

  it("RFC 3261 §21.5.4: after Shutdown a new INVITE, OPTIONS and MESSAGE each get 503 and start nothing", () => {
    const net = runAll(
      twoUas([
        { at: 0, node: BOB, command: shutdown },
        { at: 1000, node: ALICE, command: call },
        { at: 1000, node: ALICE, command: { _tag: "Options", ref: "o", to: uri(`sip:bob@${BOB}`) } },
        { at: 1000, node: ALICE, command: { _tag: "SendMessage", ref: "m", to: uri(`sip:bob@${BOB}`), body: { type: "text/plain", content: new TextEncoder().encode("hi") } } },
      ]),
    );
    const ladder = messages(net);
    expect(ladder.filter((l) => l === "bob->alice 503 Service Unavailable - shutting down")).toHaveLength(3);
    expect(ladder.filter((l) => l.startsWith("bob->alice") && !l.includes("503"))).toStrictEqual([]);
    // §17.1.1.3: the INVITE's 503 is acknowledged by Alice's client transaction.
    expect(ladder).toContain("alice->bob ACK");
    expect(tags(nodeOf(net, BOB))).toStrictEqual([]);
    const alice = events(nodeOf(net, ALICE));
    expect(alice.some((e) => e._tag === "CallFailed" && e.status === 503)).toBe(true);
    expect(alice.some((e) => e._tag === "OptionsResult" && e.status === 503)).toBe(true);
    expect(alice.some((e) => e._tag === "MessageResult" && e.status === 503)).toBe(true);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("RFC 3261 §15.1.2: a BYE in an existing dialog still gets 200 while closing (the two BYEs cross)", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: call }, { at: 5000, node: BOB, command: shutdown }], {
        bobPolicy: answerAfter(1000),
        alicePolicy: (e, now) => (e._tag === "CallEstablished" ? [{ delay: 5000 - now, command: { _tag: "Hangup", call: e.call } }] : []),
      }),
    );
    const ladder = messages(net);
    expect(ladder.slice(0, 4)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK"]);
    expect([...ladder.slice(4)].sort()).toStrictEqual(["alice->bob 200 OK", "alice->bob BYE", "bob->alice 200 OK", "bob->alice BYE"]);
    expect(ladder.some((l) => l.includes("503"))).toBe(false);
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });
});
