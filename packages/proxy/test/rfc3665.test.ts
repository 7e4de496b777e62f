// RFC 3665 §3 (SIP basic call flows) through two proxies, on the simulated network with the
// production engine: each test runs the flow and compares the ladder with the RFC's figure.
import { describe, expect, it } from "vitest";
import type { Policy } from "@puresip/testkit";
import type { AppEvent, UaCommand } from "@puresip/ua";
import { ALICE, BOB, PROXY1, PROXY2, eventsOf, ladder, liveWork, runFlow, sent } from "./two-proxies.js";

type UaPolicy = Policy<UaCommand, AppEvent>;
const nothing: UaPolicy = () => [];
const ringThenAnswer = (ms: number): UaPolicy => (e) =>
  e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }, { delay: ms, command: { _tag: "Answer", call: e.call } }] : [];
const ringOnly: UaPolicy = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }] : []);
const hangUpAfter = (ms: number): UaPolicy => (e) => (e._tag === "CallEstablished" ? [{ delay: ms, command: { _tag: "Hangup", call: e.call } }] : []);
const reject = (status: number): UaPolicy => (e) => (e._tag === "IncomingCall" ? [{ delay: 100, command: { _tag: "Reject", call: e.call, status } }] : []);
/** Alice gives up 2 s after the first 180. */
const cancelOnRinging: UaPolicy = (e) => (e._tag === "CallProgress" && e.status === 180 ? [{ delay: 2000, command: { _tag: "Cancel", call: e.call } }] : []);

/** A header's values, one per route entry whether they came as separate fields or comma-joined (§7.3.1). */
const header = (m: { readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }> }, name: string): ReadonlyArray<string> =>
  m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).flatMap((h) => h.value.split(/,\s*(?=<)/));

const settled = (net: ReturnType<typeof runFlow>): void => {
  expect(liveWork(net, PROXY1)).toEqual([]);
  expect(liveWork(net, PROXY2)).toEqual([]);
};

describe("RFC 3665 §3 call flows through two proxies (RFC 3261 §16, §22.3)", () => {
  it("RFC 3665 §3.2: session establishment through two proxies: 407 from Proxy 1, the INVITE again with credentials, both proxies record-route, bob's BYE comes back through both", () => {
    const net = runFlow({ alice: nothing, bob: (e, now) => [...ringThenAnswer(500)(e, now), ...hangUpAfter(2000)(e, now)] });
    expect(ladder(net)).toEqual([
      "Alice->Proxy1 INVITE", // F1
      "Proxy1->Alice 407", // F2
      "Alice->Proxy1 ACK", // F3
      "Alice->Proxy1 INVITE", // F4
      "Proxy1->Alice 100", // F6
      "Proxy1->Proxy2 INVITE", // F5
      "Proxy2->Proxy1 100", // F8
      "Proxy2->Bob INVITE", // F7
      "Bob->Proxy2 180", // F9 (bob rings at once: no 100 of his own, §17.2.1)
      "Proxy2->Proxy1 180", // F10
      "Proxy1->Alice 180", // F11
      "Bob->Proxy2 200", // F12
      "Proxy2->Proxy1 200", // F13
      "Proxy1->Alice 200", // F14
      "Alice->Proxy1 ACK", // F15
      "Proxy1->Proxy2 ACK", // F16
      "Proxy2->Bob ACK", // F17
      "Bob->Proxy2 BYE", // F18
      "Proxy2->Proxy1 BYE", // F19
      "Proxy1->Alice BYE", // F20
      "Alice->Proxy1 200", // F21
      "Proxy1->Proxy2 200", // F22
      "Proxy2->Bob 200", // F23
    ]);
    // §16.6 step 4: both proxies in the Record-Route bob gets, Proxy 2's on top.
    const [invite] = sent(net, PROXY2, BOB);
    expect(invite === undefined ? [] : header(invite, "Record-Route")).toEqual([`<sip:${PROXY2}:5060;lr>`, `<sip:${PROXY1}:5060;lr>`]);
    // §22.3: Proxy 1 takes its own credentials out before forwarding.
    expect(sent(net, PROXY1, PROXY2).flatMap((m) => header(m, "Proxy-Authorization"))).toEqual([]);
    // §12.2.1.1: bob's BYE follows the route set: both proxies as Route, in reverse.
    const bye = sent(net, BOB, PROXY2).find((m) => m._tag === "Request" && m.method === "BYE");
    expect(bye === undefined ? [] : header(bye, "Route")).toEqual([`<sip:${PROXY2}:5060;lr>`, `<sip:${PROXY1}:5060;lr>`]);
    expect(eventsOf(net, ALICE)).toContain("CallEnded RemoteBye");
    expect(eventsOf(net, BOB)).toContain("CallEnded LocalBye");
    settled(net);
  });

  it("RFC 3665 §3.4: successful session with proxy failure: Proxy 1 is reachable but silent; alice retransmits her INVITE until Timer B, then sends it to the next RFC 3263 target, Proxy 2, and the call completes through it (RFC 3263 §4.3)", () => {
    const net = runFlow({ alice: nothing, bob: (e, now) => [...ringThenAnswer(500)(e, now), ...hangUpAfter(2000)(e, now)], secondaryProxy: true, links: { [`${PROXY1}->${ALICE}`]: { latency: 10, jitter: 0, loss: 1, duplicate: 0 } } });
    const l = ladder(net);
    // F1–F7: the INVITE and its six retransmissions to Proxy 1 (§17.1.1.2), then F8 to Proxy 2.
    const toProxy1 = l.slice(0, l.indexOf("Alice->Proxy2 INVITE"));
    expect(toProxy1.filter((x) => x === "Alice->Proxy1 INVITE")).toHaveLength(7);
    expect(l.slice(l.indexOf("Alice->Proxy2 INVITE"))).toEqual([
      "Alice->Proxy2 INVITE", // F8 (Proxy 2 does not challenge alice, who is not its user: no F9–F11)
      "Proxy2->Alice 100", // F13
      "Proxy2->Bob INVITE", // F12
      "Bob->Proxy2 180", // F14
      "Proxy2->Alice 180", // F15
      "Bob->Proxy2 200", // F16
      "Proxy2->Alice 200", // F17
      "Alice->Proxy2 ACK", // F18
      "Proxy2->Bob ACK", // F19
      "Bob->Proxy2 BYE", // F20
      "Proxy2->Alice BYE", // F21
      "Alice->Proxy2 200", // F22
      "Proxy2->Bob 200", // F23
    ]);
    // RFC 3263 §4.3: the new request has a new branch (a new transaction).
    const branches = new Set(sent(net, ALICE, PROXY1).concat(sent(net, ALICE, PROXY2)).filter((m) => m._tag === "Request" && m.method === "INVITE").map((m) => m.core.via[0]?.params.find((p) => p.name === "branch")?.value));
    expect(branches.size).toBe(2);
    expect(eventsOf(net, ALICE)).toContain("CallEstablished");
    expect(eventsOf(net, ALICE)).toContain("CallEnded RemoteBye");
    expect(liveWork(net, PROXY2)).toEqual([]);
  });

  it("RFC 3665 §3.8: unsuccessful, no answer: alice's CANCEL is answered hop by hop, each proxy CANCELs its branch, bob's 487 comes back and each hop ACKs it", () => {
    const net = runFlow({ alice: cancelOnRinging, bob: ringOnly });
    const l = ladder(net);
    const at = (line: string): number => l.indexOf(line);
    // Each CANCEL is answered 200 by the next hop (§9.2, §16.10) before the 487s come back.
    for (const [cancel, ok] of [["Alice->Proxy1 CANCEL", "Proxy1->Alice 200"], ["Proxy1->Proxy2 CANCEL", "Proxy2->Proxy1 200"], ["Proxy2->Bob CANCEL", "Bob->Proxy2 200"]] as const) {
      expect(at(cancel)).toBeGreaterThan(at("Proxy1->Alice 180"));
      expect(at(ok)).toBeGreaterThan(at(cancel));
    }
    expect(at("Bob->Proxy2 487")).toBeGreaterThan(at("Proxy2->Bob CANCEL"));
    expect(at("Proxy2->Bob ACK")).toBeGreaterThan(at("Bob->Proxy2 487"));
    expect(at("Proxy2->Proxy1 487")).toBeGreaterThan(at("Bob->Proxy2 487"));
    expect(at("Proxy1->Proxy2 ACK")).toBeGreaterThan(at("Proxy2->Proxy1 487"));
    expect(at("Proxy1->Alice 487")).toBeGreaterThan(at("Proxy2->Proxy1 487"));
    expect(l.at(-1)).toBe("Alice->Proxy1 ACK");
    expect(l.filter((x) => x.endsWith(" BYE"))).toEqual([]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 487");
    expect(eventsOf(net, BOB)).toContain("CallEnded Cancelled");
    settled(net);
  });

  it("RFC 3665 §3.9: unsuccessful, busy: bob's 486 goes back through both proxies, each hop ACKs the one it received", () => {
    const net = runFlow({ alice: nothing, bob: reject(486) });
    const l = ladder(net);
    expect(l.slice(l.indexOf("Bob->Proxy2 486"))).toEqual(["Bob->Proxy2 486", "Proxy2->Bob ACK", "Proxy2->Proxy1 486", "Proxy1->Proxy2 ACK", "Proxy1->Alice 486", "Alice->Proxy1 ACK"]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 486");
    settled(net);
  });

  it("RFC 3665 §3.10: unsuccessful, no response from the UA: Proxy 2 retransmits the INVITE (Timer A doubling) until Timer B and answers alice with 408 (RFC 3261 §16.7 step 6 where RFC 3665's example shows 480)", () => {
    const net = runFlow({ alice: nothing, bob: nothing, links: { [`${PROXY2}->${BOB}`]: { latency: 10, jitter: 0, loss: 1, duplicate: 0 } } });
    const l = ladder(net);
    // F4, F6–F11: the first INVITE and six retransmissions at 0.5, 1, 2, 4, 8, 16 s (§17.1.1.2).
    expect(l.filter((x) => x === "Proxy2->Bob INVITE")).toHaveLength(7);
    expect(l.slice(l.indexOf("Proxy2->Proxy1 408"))).toEqual(["Proxy2->Proxy1 408", "Proxy1->Proxy2 ACK", "Proxy1->Alice 408", "Alice->Proxy1 ACK"]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 408");
    settled(net);
  });

  it("RFC 3665 §3.11: unsuccessful, temporarily unavailable: bob's 480 reaches alice through both proxies", () => {
    const net = runFlow({ alice: nothing, bob: reject(480) });
    const l = ladder(net);
    expect(l.slice(l.indexOf("Bob->Proxy2 480"))).toEqual(["Bob->Proxy2 480", "Proxy2->Bob ACK", "Proxy2->Proxy1 480", "Proxy1->Proxy2 ACK", "Proxy1->Alice 480", "Alice->Proxy1 ACK"]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 480");
    settled(net);
  });
});
