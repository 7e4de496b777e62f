import { describe, expect, it } from "vitest";
import type { InviteServerState, ServerEvent } from "../src/index.js";
import { InviteServer } from "../src/index.js";
import { drive, transmitTimes } from "./drive.js";
import { request, response, tcp, udp } from "./sip.js";

const invite = request({ method: "INVITE", timestamp: "54" });
const ack = request({ method: "ACK", toTag: "a6c85cf" });
const tick = (now: number): ServerEvent => ({ _tag: "Tick", now });
const respond = (at: number, status: number) => ({ at, event: { _tag: "Respond", now: at, response: response(invite, status) } as ServerEvent });
const retransmit = (at: number, req = invite) => ({ at, event: { _tag: "Request", now: at, request: req } as ServerEvent });
const run = (inputs: ReadonlyArray<{ at: number; event: ServerEvent }>, reliable = false, until = 200_000, tryingDelay?: number) =>
  drive<InviteServerState, ServerEvent>(
    InviteServer,
    InviteServer.start({ now: 0, request: invite, source: reliable ? tcp : udp, ...(tryingDelay === undefined ? {} : { tryingDelay }) }),
    inputs,
    tick,
    until,
  );
const sentStatuses = (log: ReturnType<typeof run>["log"]) =>
  log.flatMap((t) => (t.effect._tag === "Transmit" && t.effect.message._tag === "Response" ? [[t.at, t.effect.message.status]] : []));

describe("RFC 3261 §17.2.1 INVITE server: Proceeding and the automatic 100 (Trying)", () => {
  it("passes the INVITE to the TU and sends 100 itself when the TU is silent for 200 ms", () => {
    const { log } = run([], false, 1000);
    expect(log[0]).toEqual({ at: 0, effect: { _tag: "PassUp", message: invite } });
    expect(sentStatuses(log)).toEqual([[200, 100]]);
  });

  it("sends no 100 when the TU answers within 200 ms", () => {
    const { log } = run([respond(150, 180)], false, 1000);
    expect(sentStatuses(log)).toEqual([[150, 180]]);
  });

  it("the 100 copies Via, From, To, Call-ID, CSeq and Timestamp (§8.2.6.1)", () => {
    const trying = InviteServer.start({ now: 0, request: invite, source: udp, tryingDelay: 0 })[1][1];
    expect(trying?._tag).toBe("Transmit");
    const msg = trying?._tag === "Transmit" ? trying.message : undefined;
    expect(msg?._tag === "Response" && msg.status).toBe(100);
    expect(msg?.core.via).toEqual(invite.core.via);
    expect(msg?.core.cseq).toEqual(invite.core.cseq);
    expect(msg?.headers.filter((h) => h.name === "Timestamp")).toEqual([{ name: "Timestamp", value: "54" }]);
  });

  it("answers an INVITE retransmission with the most recent provisional", () => {
    const { log } = run([respond(50, 180), respond(60, 183), retransmit(500)], false, 1000);
    expect(sentStatuses(log)).toEqual([[50, 180], [60, 183], [500, 183]]);
  });
});

describe("RFC 3261 §17.2.1 INVITE server: Completed, Timer G and Timer H", () => {
  it("retransmits a 486 by Timer G (T1 doubling, capped at T2) until Timer H at 64*T1, then reports a timeout", () => {
    const { log, states } = run([respond(0, 486)]);
    expect(sentStatuses(log).map(([at]) => at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(log.at(-1)).toEqual({ at: 32_000, effect: { _tag: "Timeout", timer: "H" } });
    expect(states).toEqual([[0, "Proceeding"], [0, "Completed"], [32_000, "Terminated"]]);
  });

  it("stops Timer G at the ACK and absorbs ACKs in Confirmed until Timer I = T4", () => {
    const { log, states } = run([respond(100, 486), retransmit(1200, ack), retransmit(1300, ack)]);
    expect(transmitTimes(log)).toEqual([100, 600]);
    expect(states).toEqual([[0, "Proceeding"], [100, "Completed"], [1200, "Confirmed"], [6200, "Terminated"]]);
  });

  it("answers an INVITE retransmission in Completed with the final response", () => {
    const { log } = run([respond(100, 486), retransmit(300)]);
    expect(sentStatuses(log).slice(0, 2)).toEqual([[100, 486], [300, 486]]);
  });

  it("does not retransmit over a reliable transport; the ACK ends the transaction at once (Timer I = 0)", () => {
    const { log, states } = run([respond(100, 486), retransmit(40_000, ack)], true);
    expect(transmitTimes(log)).toEqual([100]);
    expect(states).toEqual([[0, "Proceeding"], [100, "Completed"], [32_100, "Terminated"]]);
    expect(log.at(-1)?.effect).toEqual({ _tag: "Timeout", timer: "H" });
  });
});

describe("RFC 6026 §7.1 INVITE server: Accepted and Timer L", () => {
  it("sends the 2xx once, absorbs INVITE retransmissions, passes ACKs up and ends after Timer L", () => {
    const { log, states } = run([respond(100, 200), retransmit(400), retransmit(600, ack), retransmit(700, ack)]);
    expect(sentStatuses(log)).toEqual([[100, 200]]);
    expect(log.filter((t) => t.effect._tag === "PassUp").map((t) => t.at)).toEqual([0, 600, 700]);
    expect(states).toEqual([[0, "Proceeding"], [100, "Accepted"], [32_100, "Terminated"]]);
  });

  it("transmits the TU's 2xx retransmissions and discards anything else from the TU", () => {
    const { log } = run([respond(100, 200), respond(600, 200), respond(700, 486)]);
    expect(sentStatuses(log)).toEqual([[100, 200], [600, 200]]);
    expect(log.at(-1)?.effect).toEqual({ _tag: "Discarded", reason: "486 from the TU after a 2xx" });
  });

  it("sets Timer L to 64*T1 on a reliable transport too", () => {
    const { states } = run([respond(100, 200)], true);
    expect(states.at(-1)).toEqual([32_100, "Terminated"]);
  });
});

describe("RFC 6026 §8.8 INVITE server: transport errors keep the state", () => {
  it.each([[[]], [[respond(10, 486)]], [[respond(10, 200)]]])("informs the TU and stays (%#)", (inputs) => {
    const { state } = run(inputs, false, 20);
    const [next, effects] = InviteServer.step(state, { _tag: "TransportError", now: 21 });
    expect(next).toBe(state);
    expect(effects).toEqual([{ _tag: "TransportFailure" }]);
  });
});
