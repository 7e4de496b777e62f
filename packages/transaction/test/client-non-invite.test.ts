import { describe, expect, it } from "vitest";
import type { ClientEvent, NonInviteClientState } from "../src/index.js";
import { NonInviteClient } from "../src/index.js";
import { drive, transmitTimes } from "./drive.js";
import { request, response, tcp, udp } from "./sip.js";

const register = request({ method: "REGISTER" });
const tick = (now: number): ClientEvent => ({ _tag: "Tick", now });
const resp = (at: number, status: number) => ({ at, event: { _tag: "Response", now: at, response: response(register, status) } as ClientEvent });
const run = (inputs: ReadonlyArray<{ at: number; event: ClientEvent }>, reliable = false, until = 200_000) =>
  drive<NonInviteClientState, ClientEvent>(NonInviteClient, NonInviteClient.start({ now: 0, request: register, destination: reliable ? tcp : udp }), inputs, tick, until);

describe("RFC 3261 §17.1.2.2 non-INVITE client: Timer E and Timer F", () => {
  it("sends an unanswered request 11 times, intervals doubling then capped at T2 = 4 s, and times out at 32 s", () => {
    const { log, state } = run([]);
    const sends = transmitTimes(log);
    expect(sends).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(sends.slice(1).map((t, i) => t - sends[i]!)).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    expect(log.at(-1)).toEqual({ at: 32_000, effect: { _tag: "Timeout", timer: "F" } });
    expect(state._tag).toBe("Terminated");
  });

  it("does not retransmit over a reliable transport; Timer F still fires at 64*T1", () => {
    const { log } = run([], true);
    expect(transmitTimes(log)).toEqual([0]);
    expect(log.at(-1)).toEqual({ at: 32_000, effect: { _tag: "Timeout", timer: "F" } });
  });

  it("retransmits every T2 in Proceeding and times out there too", () => {
    const { log, states } = run([resp(600, 100)]);
    expect(transmitTimes(log)).toEqual([0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500]);
    expect(states).toEqual([[0, "Trying"], [600, "Proceeding"], [32_000, "Terminated"]]);
    expect(log.at(-1)?.effect).toEqual({ _tag: "Timeout", timer: "F" });
  });
});

describe("RFC 3261 §17.1.2.2 non-INVITE client: final responses and Timer K", () => {
  it("passes the final response up once, buffers retransmissions, and ends after Timer K = T4", () => {
    const { log, states } = run([resp(100, 100), resp(800, 200), resp(1300, 200), resp(2000, 200)]);
    expect(log.filter((t) => t.effect._tag === "PassUp").map((t) => t.at)).toEqual([100, 800]);
    expect(transmitTimes(log)).toEqual([0, 500]);
    expect(states).toEqual([[0, "Trying"], [100, "Proceeding"], [800, "Completed"], [5800, "Terminated"]]);
  });

  it("goes straight from Trying to Terminated over a reliable transport (Timer K is zero)", () => {
    const { states, log } = run([resp(100, 404)], true);
    expect(states).toEqual([[0, "Trying"], [100, "Terminated"]]);
    expect(log.map((t) => t.effect._tag)).toEqual(["Transmit", "PassUp"]);
  });
});

describe("RFC 3261 §17.1.4 non-INVITE client: transport errors", () => {
  it("informs the TU and terminates from Trying and Proceeding", () => {
    for (const inputs of [[], [resp(5, 180)]]) {
      const { state } = run(inputs, false, 10);
      const [next, effects] = NonInviteClient.step(state, { _tag: "TransportError", now: 11 });
      expect(next._tag).toBe("Terminated");
      expect(effects).toEqual([{ _tag: "TransportFailure" }]);
    }
  });
});
