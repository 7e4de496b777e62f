import { describe, expect, it } from "vitest";
import { serializeMessage } from "@puresip/message";
import type { NonInviteServerState, ServerEvent } from "../src/index.js";
import { NonInviteServer } from "../src/index.js";
import { drive } from "./drive.js";
import { request, response, tcp, udp } from "./sip.js";

const options = request({ method: "OPTIONS" });
const tick = (now: number): ServerEvent => ({ _tag: "Tick", now });
const respond = (at: number, status: number) => ({ at, event: { _tag: "Respond", now: at, response: response(options, status) } as ServerEvent });
const retransmit = (at: number) => ({ at, event: { _tag: "Request", now: at, request: options } as ServerEvent });
const run = (inputs: ReadonlyArray<{ at: number; event: ServerEvent }>, reliable = false, until = 200_000) =>
  drive<NonInviteServerState, ServerEvent>(NonInviteServer, NonInviteServer.start({ now: 0, request: options, source: reliable ? tcp : udp }), inputs, tick, until);
const sent = (log: ReturnType<typeof run>["log"]) =>
  log.flatMap((t) => (t.effect._tag === "Transmit" && t.effect.message._tag === "Response" ? [[t.at, t.effect.message.status]] : []));

describe("RFC 3261 §17.2.2 non-INVITE server transaction", () => {
  it("passes the request up and discards retransmissions in Trying", () => {
    const { log, state } = run([retransmit(500)]);
    expect(log.map((t) => t.effect._tag)).toEqual(["PassUp"]);
    expect(state._tag).toBe("Trying");
  });

  it("answers retransmissions with the latest provisional in Proceeding", () => {
    const { log } = run([respond(10, 100), respond(20, 180), retransmit(500)]);
    expect(sent(log)).toEqual([[10, 100], [20, 180], [500, 180]]);
  });

  it("answers retransmissions with the final response in Completed and ends after Timer J = 64*T1", () => {
    const { log, states } = run([respond(10, 200), retransmit(500), retransmit(1500)]);
    expect(sent(log)).toEqual([[10, 200], [500, 200], [1500, 200]]);
    expect(states).toEqual([[0, "Trying"], [10, "Completed"], [32_010, "Terminated"]]);
  });

  it("§17.2.2 Completed: the final response is kept as its octets and each retransmission of the request gets it byte for byte", () => {
    const final = response(options, 200);
    const { log, state } = run([{ at: 10, event: { _tag: "Respond", now: 10, response: final } }, retransmit(500)], false, 600);
    // Nothing parsed is kept: the request's text is not held alive through the response's header values.
    expect(state._tag === "Completed" && typeof state.response).toBe("string");
    const octets = log.flatMap((t) => (t.effect._tag === "Transmit" ? [Array.from(serializeMessage(t.effect.message))] : []));
    expect(octets).toEqual([Array.from(serializeMessage(final)), Array.from(serializeMessage(final))]);
  });

  it("discards further final responses from the TU in Completed", () => {
    const { log } = run([respond(10, 200), respond(20, 500)]);
    expect(sent(log)).toEqual([[10, 200]]);
    expect(log.at(-1)?.effect).toEqual({ _tag: "Discarded", reason: "500 from the TU after the final response" });
  });

  it("terminates at once over a reliable transport (Timer J = 0)", () => {
    const { states } = run([respond(10, 200)], true);
    expect(states).toEqual([[0, "Trying"], [10, "Terminated"]]);
  });

  it("RFC 6026 §8.8: a transport error informs the TU and keeps the state", () => {
    for (const inputs of [[], [respond(5, 180)], [respond(5, 200)]]) {
      const { state } = run(inputs, false, 10);
      expect(state._tag).not.toBe("Terminated");
      const [next, effects] = NonInviteServer.step(state, { _tag: "TransportError", now: 6 });
      expect(next).toBe(state);
      expect(effects).toEqual([{ _tag: "TransportFailure" }]);
    }
  });
});
