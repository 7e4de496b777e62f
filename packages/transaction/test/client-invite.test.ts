import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { ClientEvent, InviteClientState } from "../src/index.js";
import { InviteClient, defaultTimers } from "../src/index.js";
import { drive, transmitTimes } from "./drive.js";
import { request, response, tcp, udp, values } from "./sip.js";

const invite = request({ method: "INVITE", routes: ["p1.example.com", "p2.example.com"] });
const tick = (now: number): ClientEvent => ({ _tag: "Tick", now });
const resp = (at: number, status: number) => ({ at, event: { _tag: "Response", now: at, response: response(invite, status) } as ClientEvent });
const run = (inputs: Parameters<typeof drive<InviteClientState, ClientEvent>>[2], reliable = false, until = 200_000) =>
  drive(InviteClient, InviteClient.start({ now: 0, request: invite, destination: reliable ? tcp : udp }), inputs, tick, until);

describe("RFC 3261 §17.1.1.2 INVITE client: Timer A and Timer B", () => {
  it("sends an unanswered INVITE 7 times over UDP (0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s) and times out at 32 s", () => {
    const { state, log, states } = run([]);
    expect(transmitTimes(log)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(log.at(-1)).toEqual({ at: 32_000, effect: { _tag: "Timeout", timer: "B" } });
    expect(state._tag).toBe("Terminated");
    expect(states).toEqual([[0, "Calling"], [32_000, "Terminated"]]);
  });

  it("doubles Timer A without a cap: 2*T1, 4*T1, ... beyond T2", () => {
    const timers = { ...defaultTimers, t1: 100, t2: 400 };
    const { log } = drive(InviteClient, InviteClient.start({ now: 0, request: invite, destination: udp, timers }), [], tick, 1e6);
    expect(transmitTimes(log)).toEqual([0, 100, 300, 700, 1500, 3100, 6300]);
    expect(log.at(-1)).toEqual({ at: 6400, effect: { _tag: "Timeout", timer: "B" } });
  });

  it("RFC3261-17.1.1.2-11, RFC3261-17.1.1.2-10: T1 is the element's choice: 2 s for a high-latency link stretches Timer A and B, 100 ms on a closed network shrinks them", () => {
    const slow = drive(InviteClient, InviteClient.start({ now: 0, request: invite, destination: udp, timers: { ...defaultTimers, t1: 2000 } }), [], tick, 1e6);
    expect(transmitTimes(slow.log)).toEqual([0, 2000, 6000, 14_000, 30_000, 62_000, 126_000]);
    expect(slow.log.at(-1)).toEqual({ at: 128_000, effect: { _tag: "Timeout", timer: "B" } });
    const fast = drive(InviteClient, InviteClient.start({ now: 0, request: invite, destination: udp, timers: { ...defaultTimers, t1: 100 } }), [], tick, 1e6);
    expect(transmitTimes(fast.log).slice(0, 3)).toEqual([0, 100, 300]);
    expect(fast.log.at(-1)).toEqual({ at: 6400, effect: { _tag: "Timeout", timer: "B" } });
  });

  it("does not retransmit over a reliable transport, and Timer B still fires at 64*T1", () => {
    const { log, state } = run([], true);
    expect(transmitTimes(log)).toEqual([0]);
    expect(log.at(-1)).toEqual({ at: 32_000, effect: { _tag: "Timeout", timer: "B" } });
    expect(state._tag).toBe("Terminated");
  });

  it("stops retransmitting in Proceeding and passes every provisional to the TU", () => {
    const { log, state } = run([resp(700, 100), resp(2000, 180), resp(2500, 180)]);
    expect(transmitTimes(log)).toEqual([0, 500]);
    expect(log.filter((t) => t.effect._tag === "PassUp").map((t) => t.at)).toEqual([700, 2000, 2500]);
    expect(state._tag).toBe("Proceeding");
    expect(InviteClient.nextDeadline(state)).toEqual(O.none);
  });

  it("a late tick fires Timer B first and sends nothing more", () => {
    const [calling] = InviteClient.start({ now: 0, request: invite, destination: udp });
    const [state, effects] = InviteClient.step(calling, tick(40_000));
    expect(state._tag).toBe("Terminated");
    expect(effects).toEqual([{ _tag: "Timeout", timer: "B" }]);
  });

  it("an early (spurious) tick changes nothing", () => {
    const [calling] = InviteClient.start({ now: 0, request: invite, destination: udp });
    const [state, effects] = InviteClient.step(calling, tick(499));
    expect(state).toBe(calling);
    expect(effects).toEqual([]);
  });
});

describe("RFC 3261 §17.1.1.2 / RFC 6026 §8.4 INVITE client: 300-699 and Timer D", () => {
  it("passes the 486 up once, ACKs it and every retransmission, and ends after Timer D (32 s)", () => {
    const { log, states } = run([resp(100, 180), resp(1000, 486), resp(1500, 486), resp(3000, 486)]);
    const ups = log.filter((t) => t.effect._tag === "PassUp").map((t) => t.effect._tag === "PassUp" && "status" in t.effect.message ? t.effect.message.status : 0);
    expect(ups).toEqual([180, 486]);
    const acks = log.filter((t) => t.effect._tag === "Transmit" && t.effect.message._tag === "Request" && t.effect.message.method === "ACK");
    expect(acks.map((t) => t.at)).toEqual([1000, 1500, 3000]);
    expect(states).toEqual([[0, "Calling"], [100, "Proceeding"], [1000, "Completed"], [33_000, "Terminated"]]);
  });

  it("ACKs even over a reliable transport, and Timer D is zero there", () => {
    const { log, states } = run([resp(100, 404)], true);
    expect(log.map((t) => t.effect._tag)).toEqual(["Transmit", "PassUp", "Transmit"]);
    expect(states).toEqual([[0, "Calling"], [100, "Terminated"]]);
  });

  it("sends the ACK to the same destination as the INVITE", () => {
    const { log } = run([resp(100, 486)]);
    const dests = log.filter((t) => t.effect._tag === "Transmit").map((t) => t.effect._tag === "Transmit" && t.effect.destination);
    expect(new Set(dests.map((d) => JSON.stringify(d))).size).toBe(1);
  });
});

describe("RFC 3261 §17.1.1.3 Construction of the ACK Request", () => {
  const busy = response(invite, 486, "8321234356");
  const ack = InviteClient.step(InviteClient.start({ now: 0, request: invite, destination: udp })[0], { _tag: "Response", now: 1, response: busy })[1]
    .flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Request" ? [e.message] : []))[0]!;

  it("keeps Request-URI, Call-ID, From and the CSeq number, with method ACK", () => {
    expect(ack.method).toBe("ACK");
    expect(ack.uri).toEqual(invite.uri);
    expect(ack.core.callId).toBe(invite.core.callId);
    expect(ack.core.from).toEqual(invite.core.from);
    expect(ack.core.cseq).toEqual({ seq: 314159, method: "ACK" });
    expect(values(ack.headers, "CSeq")).toEqual(["314159 ACK"]);
    expect(values(ack.headers, "From")).toEqual(values(invite.headers, "From"));
  });

  it("has the To of the response, tag included", () => {
    expect(ack.core.to).toEqual(busy.core.to);
    expect(values(ack.headers, "To")).toEqual(["<sip:bob@biloxi.example.com>;tag=8321234356"]);
  });

  it("has a single Via equal to the top Via of the INVITE", () => {
    expect(ack.core.via).toEqual([invite.core.via[0]]);
    expect(values(ack.headers, "Via")).toEqual(["SIP/2.0/UDP client.example.com;branch=z9hG4bK776asdhds"]);
  });

  it("carries the Route header fields of the INVITE", () => {
    expect(ack.core.route).toEqual(invite.core.route);
    expect(values(ack.headers, "Route")).toEqual(values(invite.headers, "Route"));
  });
});

describe("RFC 6026 §8.4 INVITE client: 2xx, Accepted and Timer M", () => {
  it("passes the 2xx and its retransmissions up, sends no ACK, and ends after Timer M (64*T1)", () => {
    const { log, states } = run([resp(100, 180), resp(1000, 200), resp(1500, 200), resp(2500, 200)]);
    expect(transmitTimes(log)).toEqual([0]);
    expect(log.filter((t) => t.effect._tag === "PassUp").map((t) => t.at)).toEqual([100, 1000, 1500, 2500]);
    expect(states).toEqual([[0, "Calling"], [100, "Proceeding"], [1000, "Accepted"], [33_000, "Terminated"]]);
  });

  it("goes from Calling to Accepted on a 2xx, over a reliable transport too", () => {
    const { states } = run([resp(300, 200)], true);
    expect(states).toEqual([[0, "Calling"], [300, "Accepted"], [32_300, "Terminated"]]);
  });

  it("does not pass a 486 up after the 2xx", () => {
    const { log } = run([resp(100, 200), resp(200, 486)]);
    expect(log.filter((t) => t.effect._tag === "PassUp")).toHaveLength(1);
  });
});

describe("RFC 3261 §17.1.4 INVITE client: transport errors", () => {
  it.each(["Calling", "Proceeding", "Completed"])("informs the TU and terminates from %s", (from) => {
    const inputs = from === "Calling" ? [] : from === "Proceeding" ? [resp(10, 180)] : [resp(10, 486)];
    const { state } = run(inputs, false, 10);
    expect(state._tag).toBe(from);
    const [next, effects] = InviteClient.step(state, { _tag: "TransportError", now: 11 });
    expect(next._tag).toBe("Terminated");
    expect(effects).toEqual([{ _tag: "TransportFailure" }]);
  });
});

describe("RFC 3261 §17.1.1 INVITE client: bad input", () => {
  it("discards a response with an impossible status and keeps its state", () => {
    const [calling] = InviteClient.start({ now: 0, request: invite, destination: udp });
    const [state, effects] = InviteClient.step(calling, { _tag: "Response", now: 1, response: { ...response(invite, 200), status: 700 } });
    expect(state).toBe(calling);
    expect(effects).toEqual([{ _tag: "Discarded", reason: "status 700 is not a SIP status code" }]);
  });

  it("Terminated ignores every event", () => {
    const { state } = run([]);
    expect(InviteClient.step(state, resp(40_000, 200).event)).toEqual([state, []]);
  });
});
