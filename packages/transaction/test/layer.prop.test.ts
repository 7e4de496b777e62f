// The layer over a caller-owned map, fed random interleavings of retransmissions, ACKs, TU
// responses, stray messages and spurious ticks: the map stays consistent and empties.
import * as O from "fp-ts/lib/Option.js";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { LayerEffect, LayerEvent, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, isTerminated, nextDeadline, step } from "../src/index.js";
import { request, response, udp } from "./sip.js";

const layer = step(defaultLayerConfig);
const invite = request({ method: "INVITE" });
const options = request({ method: "OPTIONS", branch: "z9hG4bKopt" });
const statuses = fc.constantFrom(100, 180, 200, 486, 603);

type MakeEvent = (now: number, keys: ReadonlyArray<TransactionKey>) => LayerEvent;

const pick = (keys: ReadonlyArray<TransactionKey>, i: number): TransactionKey => keys[i % Math.max(1, keys.length)] ?? ("gone" as TransactionKey);

const eventArb: fc.Arbitrary<MakeEvent> = fc.oneof(
  fc.constantFrom(invite, options, request({ method: "ACK", toTag: "a6c85cf" }), request({ method: "ACK", branch: "z9hG4bK2xx", toTag: "a6c85cf" }), request({ method: "CANCEL" }))
    .map((m): MakeEvent => (now) => ({ _tag: "Received", now, message: m, source: udp })),
  fc.tuple(fc.constantFrom(invite, options), statuses)
    .map(([req, status]): MakeEvent => (now) => ({ _tag: "Received", now, message: response(req, status), source: udp })),
  fc.constantFrom(invite, options).map((req): MakeEvent => (now) => ({ _tag: "SendRequest", now, request: { ...req, core: { ...req.core } }, destination: udp })),
  fc.tuple(fc.nat(), fc.constantFrom(invite, options), statuses)
    .map(([i, req, status]): MakeEvent => (now, keys) => ({ _tag: "SendResponse", now, key: pick(keys, i), response: response(req, status) })),
  fc.tuple(fc.nat(), fc.constantFrom<"Tick" | "TransportError" | "Destroy">("Tick", "TransportError", "Destroy"))
    .map(([i, tag]): MakeEvent => (now, keys) => ({ _tag: tag, now, key: pick(keys, i) })),
);

const eventsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 4000 }), eventArb), { maxLength: 60 });

/** Applies effects like an adapter, checking each against the map as it was. */
const apply = (map: Map<TransactionKey, Transaction>, effects: ReadonlyArray<LayerEffect>): void => {
  for (const e of effects) {
    if (e._tag === "Store") {
      expect(isTerminated(e.transaction)).toBe(false);
      expect(e.deadline).toEqual(nextDeadline(e.transaction));
      map.set(e.key, e.transaction);
    } else if (e._tag === "Forget") {
      expect(map.has(e.key)).toBe(true);
      map.delete(e.key);
    }
  }
};

/** Answers what waits for the TU or the peer, then ticks the earliest deadline until none is left. */
const drain = (map: Map<TransactionKey, Transaction>, from: number): number => {
  for (const [key, tx] of [...map]) {
    const s = tx.state._tag;
    if ((tx._tag === "InviteServer" && s === "Proceeding") || (tx._tag === "NonInviteServer" && (s === "Trying" || s === "Proceeding"))) {
      apply(map, layer(map, { _tag: "SendResponse", now: from, key, response: response(tx._tag === "InviteServer" ? invite : options, 486) }));
    } else if (tx._tag === "InviteClient" && s === "Proceeding") {
      apply(map, layer(map, { _tag: "Received", now: from, message: response(invite, 486), source: udp }));
    }
  }
  let now = from;
  for (let round = 0; round < 1000 && map.size > 0; round++) {
    let next: readonly [TransactionKey, number] | null = null;
    for (const [key, tx] of map) {
      const d = nextDeadline(tx);
      if (O.isSome(d) && (next === null || d.value < next[1])) next = [key, d.value];
    }
    if (next === null) break;
    now = Math.max(now, next[1]);
    apply(map, layer(map, { _tag: "Tick", now, key: next[0] }));
  }
  return now;
};

describe("RFC 3261 §17 transaction layer: properties over random interleavings", () => {
  test.prop([eventsArb])("the map stays consistent, and empties within 64*T1 once answered", (steps) => {
    const map = new Map<TransactionKey, Transaction>();
    let now = 0;
    for (const [dt, make] of steps) {
      now += dt;
      apply(map, layer(map, make(now, [...map.keys()])));
    }
    const end = drain(map, now);
    expect(map.size).toBe(0);
    expect(end - now).toBeLessThanOrEqual(64 * 500);
  });

  test.prop([eventsArb])("equal inputs give equal effects", (steps) => {
    const runOnce = (): ReadonlyArray<ReadonlyArray<LayerEffect>> => {
      const map = new Map<TransactionKey, Transaction>();
      let now = 0;
      return steps.map(([dt, make]) => {
        now += dt;
        const effects = layer(map, make(now, [...map.keys()]));
        apply(map, effects);
        return effects;
      });
    };
    expect(runOnce()).toEqual(runOnce());
  });
});
