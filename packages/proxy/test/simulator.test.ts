import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { ProxyConfig } from "../src/index.js";
import { defaultRoute } from "../src/index.js";
import { ALICE, DEVICES, callThroughProxy, eventsOf, hangUpAfter, ladder, proxyRegistry, reject, ringAndAnswer, ringOnly } from "./sim.js";

const sipUri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(text);
  return u.right;
};

const contexts = (net: Parameters<typeof proxyRegistry>[0]): number => [...proxyRegistry(net).keys()].filter((k) => k.startsWith("P ") || k.startsWith("X ")).length;

describe("RFC 3261 §16 proxy on the simulated network (UA cores as the other nodes)", () => {
  it("RFC 3665 §3.2 with one proxy: a call through a record-routing proxy: INVITE, 180, 200, ACK and BYE all pass through it", () => {
    const net = callThroughProxy([{ policy: ringAndAnswer(500) }], hangUpAfter(2000));
    expect(ladder(net)).toEqual([
      "alice->proxy INVITE",
      "proxy->alice 100",
      "proxy->bob1 INVITE",
      "bob1->proxy 180",
      "proxy->alice 180",
      "bob1->proxy 200",
      "proxy->alice 200",
      "alice->proxy ACK",
      "proxy->bob1 ACK",
      "alice->proxy BYE",
      "proxy->bob1 BYE",
      "bob1->proxy 200",
      "proxy->alice 200",
    ]);
    expect(eventsOf(net, ALICE)).toContain("CallEstablished");
    expect(eventsOf(net, ALICE)).toContain("CallEnded LocalBye");
    expect(eventsOf(net, DEVICES[0])).toContain("CallEnded RemoteBye");
    expect(contexts(net)).toBe(0);
  });

  it("the proxy stopped while the callee rings and restored from its JSON snapshot finishes the call (state and registry codecs)", () => {
    const net = callThroughProxy([{ policy: ringAndAnswer(500) }], hangUpAfter(2000), {}, false, 1200);
    expect(ladder(net)).toContain("proxy->alice 200");
    expect(ladder(net)).toContain("proxy->bob1 BYE");
    expect(eventsOf(net, ALICE)).toContain("CallEnded LocalBye");
    expect(contexts(net)).toBe(0);
  });

  it("§16.11: the same call through a stateless proxy: no 100 of its own, every message passes through once per hop, and its registrar answers statelessly", () => {
    const net = callThroughProxy([{ policy: ringAndAnswer(500) }], hangUpAfter(2000), {}, true);
    expect(ladder(net)).toEqual([
      "alice->proxy INVITE",
      "proxy->bob1 INVITE",
      "bob1->proxy 180",
      "proxy->alice 180",
      "bob1->proxy 200",
      "proxy->alice 200",
      "alice->proxy ACK",
      "proxy->bob1 ACK",
      "alice->proxy BYE",
      "proxy->bob1 BYE",
      "bob1->proxy 200",
      "proxy->alice 200",
    ]);
    expect(eventsOf(net, ALICE)).toContain("CallEnded LocalBye");
    // Only the registrar's bindings stay: no transaction, no context.
    expect([...proxyRegistry(net).keys()].every((k) => k.startsWith("L "))).toBe(true);
  });

  it("RFC 3665 §3.9 with one proxy: the callee is busy: its 486 goes back through the proxy to the caller, each hop ACKs its own", () => {
    const net = callThroughProxy([{ policy: reject(486, 300) }], () => []);
    expect(ladder(net)).toEqual([
      "alice->proxy INVITE",
      "proxy->alice 100",
      "proxy->bob1 INVITE",
      "bob1->proxy 100",
      "bob1->proxy 486",
      "proxy->bob1 ACK",
      "proxy->alice 486",
      "alice->proxy ACK",
    ]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 486");
    expect(contexts(net)).toBe(0);
  });

  it("§16.5: nobody is registered for the AOR: 480 from the proxy", () => {
    const net = callThroughProxy([], () => []);
    expect(ladder(net)).toEqual(["alice->proxy INVITE", "proxy->alice 100", "proxy->alice 480", "alice->proxy ACK"]);
    expect(eventsOf(net, ALICE)).toContain("CallFailed 480");
  });

  it("§16.7 step 10: a three-way parallel fork: one device answers, the other two get CANCEL and send 487", () => {
    const net = callThroughProxy([{ policy: ringOnly }, { policy: ringAndAnswer(1000) }, { policy: ringOnly }], hangUpAfter(500));
    const l = ladder(net);
    for (const d of ["bob1", "bob3"]) {
      expect(l).toContain(`proxy->${d} CANCEL`);
      expect(l).toContain(`${d}->proxy 487`);
    }
    expect(l).not.toContain("proxy->bob2 CANCEL");
    expect(l.filter((x) => x === "proxy->alice 200")).toHaveLength(2);
    expect(l).not.toContain("proxy->alice 487");
    expect(eventsOf(net, DEVICES[0])).toContain("CallEnded Cancelled");
    expect(eventsOf(net, DEVICES[2])).toContain("CallEnded Cancelled");
    expect(eventsOf(net, ALICE)).toContain("CallEnded LocalBye");
    expect(contexts(net)).toBe(0);
  });

  it("§16.6: sequential forking by q (targets from a custom routing function): the q=1.0 device rejects, then the q=0.5 device is tried and answers", () => {
    const byQ: ProxyConfig["route"] = (request, config) =>
      request.uri._tag === "SipUri" && request.uri.user === "bob" && request.uri.host.value === "example.com"
        ? { _tag: "Targets", targets: [{ uri: sipUri(`sip:bob@${DEVICES[1]}`), q: 0.5 }, { uri: sipUri(`sip:bob@${DEVICES[0]}`), q: 1 }] }
        : defaultRoute(request, config);
    const net = callThroughProxy([{ policy: reject(486, 300) }, { policy: ringAndAnswer(300) }], hangUpAfter(500), { route: byQ });
    const l = ladder(net);
    const first = l.indexOf("proxy->bob1 INVITE");
    const second = l.indexOf("proxy->bob2 INVITE");
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(l.indexOf("bob1->proxy 486"));
    expect(l).not.toContain("proxy->alice 486");
    expect(eventsOf(net, ALICE)).toContain("CallEstablished");
  });

  it("§16.8: an unanswered ringing branch is ended by Timer C (set to 60 s, below the devices' own 180 s ring limit): CANCEL, 487 from the device, 487 to the caller", () => {
    const net = callThroughProxy([{ policy: ringOnly }], () => [], { timerC: 60_000 });
    const l = ladder(net);
    expect(l).toContain("proxy->bob1 CANCEL");
    expect(l).toContain("bob1->proxy 487");
    expect(l).toContain("proxy->alice 487");
    expect(eventsOf(net, ALICE)).toContain("CallFailed 487");
    expect(contexts(net)).toBe(0);
  });
});
