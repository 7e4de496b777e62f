// RFC 3665 §3 call flows between two UAs, on the simulated network: the transaction layer of
// @puresip/transaction under this package's INVITE session, messages serialized on the wire.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createNetwork, ladder, run, stepNetwork, trace } from "@puresip/testkit";
import type { Network } from "@puresip/testkit";
import type { SessionConfig } from "../src/index.js";
import { config, sdp } from "./session-fixtures.js";
import { endpoint, noticesOf, sessionOf, transactionsOf, ua, wireLabel } from "./ua-node.js";
import type { CalleeScript, Command, UaState } from "./ua-node.js";

type Net = Network<UaState, Uint8Array, Command>;

const answerAfter = (ms: number): CalleeScript => ({ responses: [{ delay: 0, status: 180 }, { delay: ms, status: 200, body: sdp("v=0 bob\r\n") }], reinvite: 200 });

const flow = (
  callee: CalleeScript,
  agenda: ReadonlyArray<{ readonly at: number; readonly node: string; readonly command: Command }>,
  call: Command = { _tag: "Call", offer: true },
  calleeConfig: SessionConfig = config,
): Net => {
  const net = createNetwork<UaState, Uint8Array, Command>({
    seed: 7,
    nodes: { alice: ua("bob", 11, { responses: [], reinvite: 200 }), bob: ua("alice", 22, callee, calleeConfig) },
    defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
    agenda: [{ at: 0, node: "alice", command: call }, ...agenda],
  });
  const done = run(endpoint, { maxSteps: 10_000 })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

/** The ladder as `from->to label` lines, for comparison with the RFC's figure. */
const messages = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => (e._tag === "Sent" ? [`${e.from}->${e.to} ${wireLabel(e.message)}`] : []));

const noStateLeft = (net: Net): void => {
  for (const name of ["alice", "bob"]) {
    const node = net.nodes[name]!;
    expect(sessionOf(node)?._tag, name).toBe("Ended");
    expect(transactionsOf(node), `${name} transactions`).toBe(0);
  }
};

describe("RFC 3665 §3 call flows between two UAs on the simulated network", () => {
  it("§3.1 Successful Session Establishment: INVITE, 180, 200, ACK; BYE from Bob, 200", () => {
    const net = flow(answerAfter(1000), [{ at: 5000, node: "bob", command: { _tag: "Hangup" } }]);
    expect(messages(net)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 180 Ringing",
      "bob->alice 200 OK",
      "alice->bob ACK",
      "bob->alice BYE",
      "alice->bob 200 OK",
    ]);
    noStateLeft(net);
    expect(noticesOf(net.nodes["alice"]!).map((n) => n._tag)).toStrictEqual(["Provisional", "Established", "Ended"]);
    expect(ladder(net.names, trace(net), { label: wireLabel })).toContain("INVITE");
  });

  it("§3.7 re-INVITE (the part between the UAs): Bob's INVITE, 200, ACK; then Alice's BYE", () => {
    const net = flow(answerAfter(1000), [
      { at: 3000, node: "bob", command: { _tag: "Reinvite" } },
      { at: 6000, node: "alice", command: { _tag: "Hangup" } },
    ]);
    expect(messages(net).slice(4)).toStrictEqual(["bob->alice INVITE", "alice->bob 200 OK", "bob->alice ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    noStateLeft(net);
  });

  it("§3.8 Unsuccessful No Answer: CANCEL after 180, 200 to the CANCEL, 487, ACK", () => {
    const net = flow({ responses: [{ delay: 0, status: 180 }], reinvite: 200 }, [{ at: 4000, node: "alice", command: { _tag: "Cancel" } }]);
    expect(messages(net)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 180 Ringing",
      "alice->bob CANCEL",
      "bob->alice 200 OK",
      "bob->alice 487 Request Terminated",
      "alice->bob ACK",
    ]);
    noStateLeft(net);
    expect(sessionOf(net.nodes["alice"]!)).toStrictEqual({ _tag: "Ended", reason: "Cancelled" });
  });

  it("§3.9 Unsuccessful Busy: 486, ACK (hop by hop, by the transaction layer)", () => {
    const net = flow({ responses: [{ delay: 0, status: 486 }], reinvite: 200 }, []);
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 486 Busy Here", "alice->bob ACK"]);
    noStateLeft(net);
    expect(noticesOf(net.nodes["alice"]!)).toContainEqual({ _tag: "Failed", status: 486 });
  });

  it("§3.11 Unsuccessful Temporarily Unavailable: 180, then 480, ACK", () => {
    const net = flow({ responses: [{ delay: 0, status: 180 }, { delay: 3000, status: 480 }], reinvite: 200 }, []);
    expect(messages(net)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 480 Temporarily Unavailable", "alice->bob ACK"]);
    noStateLeft(net);
  });

  it("RFC 3262 §5 on the wire: the caller's offer in the PRACK is answered in the 200 to the PRACK", () => {
    const callee: CalleeScript = { responses: [{ delay: 0, status: 183, body: sdp("v=0 bob early\r\n") }, { delay: 1000, status: 200, body: sdp("v=0 bob early\r\n") }], reinvite: 200 };
    const net = flow(callee, [{ at: 5000, node: "alice", command: { _tag: "Hangup" } }], { _tag: "Call", offer: true, prackOffer: sdp("v=0 alice prack offer\r\n") }, {
      ...config,
      reliableProvisionals: true,
    });
    expect(messages(net)).toStrictEqual([
      "alice->bob INVITE",
      "bob->alice 183 Session Progress",
      "alice->bob PRACK",
      "bob->alice 200 OK",
      "bob->alice 200 OK",
      "alice->bob ACK",
      "alice->bob BYE",
      "bob->alice 200 OK",
    ]);
    noStateLeft(net);
    const done = noticesOf(net.nodes["alice"]!).find((n) => n._tag === "PrackDone");
    expect(done?._tag === "PrackDone" && done.response !== null && new TextDecoder().decode(done.response.body)).toBe("v=0 prack answer\r\n");
    expect(noticesOf(net.nodes["bob"]!).map((n) => n._tag)).toContain("IncomingPrack");
  });

  it("§13.3.1.4 over a lossy link: the 2xx is retransmitted until an ACK gets through", () => {
    const net = createNetwork<UaState, Uint8Array, Command>({
      seed: 3,
      nodes: { alice: ua("bob", 11, { responses: [], reinvite: 200 }), bob: ua("alice", 22, answerAfter(100)) },
      defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: "alice", command: { _tag: "Call", offer: true } }, { at: 20_000, node: "alice", command: { _tag: "Hangup" } }],
    });
    // Lose Alice's first ACK: take it off the wire as soon as it is sent.
    let n = net;
    let dropped = false;
    for (let i = 0; i < 10_000; i++) {
      const next = stepNetwork(endpoint)(n);
      if (O.isNone(next)) break;
      n = next.value;
      const ack = n.inFlight.findIndex((p) => wireLabel(p.message) === "ACK");
      if (!dropped && ack >= 0) {
        dropped = true;
        n = { ...n, inFlight: n.inFlight.filter((_, j) => j !== ack) };
      }
    }
    const sent = messages(n);
    expect(dropped).toBe(true);
    expect(sent.filter((m) => m === "bob->alice 200 OK").length).toBeGreaterThanOrEqual(2);
    expect(sent.filter((m) => m === "alice->bob ACK").length).toBe(2);
    noStateLeft(n);
  });

  it("RFC 4028 §10 on the wire: the callee refreshes with UPDATE every half interval until the call ends", () => {
    const timed = { ...config, sessionTimer: { minSE: 90, interval: 90, preferRefresher: "uas" as const } };
    const net = createNetwork<UaState, Uint8Array, Command>({
      seed: 5,
      nodes: { alice: ua("bob", 11, { responses: [], reinvite: 200 }), bob: ua("alice", 22, answerAfter(1000), timed) },
      defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
      agenda: [{ at: 0, node: "alice", command: { _tag: "Call", offer: true } }, { at: 200_000, node: "alice", command: { _tag: "Hangup" } }],
    });
    const done = run(endpoint, { maxSteps: 10_000 })(net);
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const sent = messages(done.right);
    expect(sent.filter((m) => m === "bob->alice UPDATE")).toHaveLength(4);
    expect(sent.slice(-2)).toStrictEqual(["alice->bob BYE", "bob->alice 200 OK"]);
    expect(noticesOf(done.right.nodes["alice"]!).some((n) => n._tag === "SessionExpired")).toBe(false);
    noStateLeft(done.right);
  });
});
