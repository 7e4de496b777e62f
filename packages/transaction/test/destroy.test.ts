// "Once the transaction is in the Terminated state, it MUST be destroyed immediately": the layer
// forgets a transaction in the very step that terminates it, for each machine whose §17 text
// says so, and a late event for it finds nothing (the statement IDs are in docs/CONFORMANCE.md).
import { describe, expect, it } from "vitest";
import type { LayerEffect, LayerEvent, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, step } from "../src/index.js";
import { request, response, tcp, udp } from "./sip.js";

const layer = step(defaultLayerConfig);

const adapter = () => {
  const map = new Map<TransactionKey, Transaction>();
  const send = (event: LayerEvent): ReadonlyArray<LayerEffect> => {
    const effects = layer(map, event);
    for (const e of effects) {
      if (e._tag === "Store") map.set(e.key, e.transaction);
      if (e._tag === "Forget") map.delete(e.key);
    }
    return effects;
  };
  return { map, send };
};
const tags = (effects: ReadonlyArray<LayerEffect>) => effects.map((e) => e._tag);
const serverKey = (effects: ReadonlyArray<LayerEffect>): TransactionKey => {
  const nr = effects.find((e) => e._tag === "NewRequest");
  return nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
};

describe("RFC 3261 §17 terminated transactions are destroyed at once", () => {
  it("RFC3261-17.1.2.2-12: a non-INVITE client transaction is forgotten in the step where Timer K terminates it", () => {
    const { map, send } = adapter();
    const options = request({ method: "OPTIONS", branch: "z9hG4bKopt1" });
    const [store] = send({ _tag: "SendRequest", now: 0, request: options, destination: udp });
    const key = store?._tag === "Store" ? store.key : ("" as TransactionKey);
    send({ _tag: "Received", now: 10, message: response(options, 200), source: udp });
    expect(map.get(key)?.state._tag).toBe("Completed");
    // Timer K = T4 = 5 s over UDP.
    expect(tags(send({ _tag: "Tick", now: 5_010, key }))).toContain("Forget");
    expect(map.size).toBe(0);
    expect(send({ _tag: "Tick", now: 6_000, key })).toEqual([]);
  });

  it("RFC3261-17.2.1-14: an INVITE server transaction is forgotten in the step where Timer I terminates it", () => {
    const { map, send } = adapter();
    const invite = request({ method: "INVITE", branch: "z9hG4bKinv1" });
    const key = serverKey(send({ _tag: "Received", now: 0, message: invite, source: udp }));
    send({ _tag: "SendResponse", now: 50, key, response: response(invite, 486) });
    send({ _tag: "Received", now: 80, message: request({ method: "ACK", branch: "z9hG4bKinv1", toTag: "a6c85cf" }), source: udp });
    expect(map.get(key)?.state._tag).toBe("Confirmed");
    // Timer I = T4 = 5 s over UDP.
    expect(tags(send({ _tag: "Tick", now: 5_080, key }))).toContain("Forget");
    expect(map.size).toBe(0);
  });

  it("RFC3261-17.2.2-10: a non-INVITE server transaction is forgotten in the step where Timer J terminates it", () => {
    const { map, send } = adapter();
    const options = request({ method: "OPTIONS", branch: "z9hG4bKopt2" });
    const key = serverKey(send({ _tag: "Received", now: 0, message: options, source: udp }));
    send({ _tag: "SendResponse", now: 10, key, response: response(options, 200) });
    expect(map.get(key)?.state._tag).toBe("Completed");
    // Timer J = 64*T1 = 32 s over UDP.
    expect(tags(send({ _tag: "Tick", now: 32_010, key }))).toContain("Forget");
    expect(map.size).toBe(0);
  });

  it("RFC3261-17.2.2-10: over TCP the final response terminates a non-INVITE server transaction and the same step forgets it", () => {
    const { map, send } = adapter();
    const options = request({ method: "OPTIONS", branch: "z9hG4bKopt3", transport: "TCP" });
    const key = serverKey(send({ _tag: "Received", now: 0, message: options, source: tcp }));
    const effects = send({ _tag: "SendResponse", now: 10, key, response: response(options, 200) });
    expect(tags(effects)).toContain("Transmit");
    expect(tags(effects)).toContain("Forget");
    expect(map.size).toBe(0);
  });
});
