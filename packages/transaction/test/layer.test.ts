import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { LayerEffect, LayerEvent, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, step } from "../src/index.js";
import { request, response, tcp, udp } from "./sip.js";

const layer = step(defaultLayerConfig);

/** A tiny adapter: applies Store/Forget to its own map and returns the other effects. */
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

describe("RFC 3261 §17 transaction layer: client side (§18.1.2, RFC 6026 §8.9)", () => {
  const invite = request({ method: "INVITE" });

  it("starts a client transaction, stores it with its first deadline, and transmits", () => {
    const { map, send } = adapter();
    const effects = send({ _tag: "SendRequest", now: 0, request: invite, destination: udp });
    expect(tags(effects)).toEqual(["Store", "Transmit"]);
    expect(effects[0]?._tag === "Store" && effects[0].deadline).toEqual(O.some(500));
    expect(map.size).toBe(1);
  });

  it("routes responses to it and passes them to the TU; a 486 is ACKed", () => {
    const { send } = adapter();
    send({ _tag: "SendRequest", now: 0, request: invite, destination: udp });
    expect(tags(send({ _tag: "Received", now: 10, message: response(invite, 180), source: udp }))).toEqual(["Store", "Response"]);
    expect(tags(send({ _tag: "Received", now: 20, message: response(invite, 486), source: udp }))).toEqual(["Store", "Response", "Transmit"]);
    // A retransmitted 486 is ACKed again without reaching the TU, and the state does not change.
    expect(tags(send({ _tag: "Received", now: 30, message: response(invite, 486), source: udp }))).toEqual(["Transmit"]);
  });

  it("reports a response that matches no transaction as stray", () => {
    const { send } = adapter();
    const effects = send({ _tag: "Received", now: 0, message: response(invite, 200), source: udp });
    expect(effects).toEqual([{ _tag: "StrayResponse", response: response(invite, 200), source: udp }]);
  });

  it("forgets the transaction when it terminates (Timer B)", () => {
    const { map, send } = adapter();
    const [store] = send({ _tag: "SendRequest", now: 0, request: invite, destination: udp });
    const key = store?._tag === "Store" ? store.key : ("" as TransactionKey);
    expect(send({ _tag: "Tick", now: 32_000, key })).toEqual([{ _tag: "Forget", key }, { _tag: "Timeout", key, timer: "B" }]);
    expect(map.size).toBe(0);
    // A late tick for the forgotten transaction is harmless.
    expect(send({ _tag: "Tick", now: 40_000, key })).toEqual([]);
  });

  it("refuses a second live transaction with the same branch", () => {
    const { send } = adapter();
    send({ _tag: "SendRequest", now: 0, request: invite, destination: udp });
    expect(tags(send({ _tag: "SendRequest", now: 1, request: invite, destination: udp }))).toEqual(["Discarded"]);
  });

  it("sends the ACK of a 2xx without a transaction (§17.1.1.3: the TU's ACK)", () => {
    const { map, send } = adapter();
    const ack = request({ method: "ACK", branch: "z9hG4bKnewack", toTag: "a6c85cf" });
    expect(tags(send({ _tag: "SendRequest", now: 0, request: ack, destination: udp }))).toEqual(["Transmit"]);
    expect(map.size).toBe(0);
  });

  it("§9.1: the TU may destroy a client transaction that never ends", () => {
    const { map, send } = adapter();
    send({ _tag: "SendRequest", now: 0, request: invite, destination: udp });
    send({ _tag: "Received", now: 10, message: response(invite, 180), source: udp });
    const key = [...map.keys()][0]!;
    expect(send({ _tag: "Destroy", now: 200_000, key })).toEqual([{ _tag: "Forget", key }]);
    expect(map.size).toBe(0);
  });
});

describe("RFC 3261 §17 transaction layer: server side (§18.2.1, RFC 6026 §8.10)", () => {
  const invite = request({ method: "INVITE" });

  it("creates a server transaction for a new request and hands it to the TU with its key", () => {
    const { map, send } = adapter();
    const effects = send({ _tag: "Received", now: 0, message: invite, source: udp });
    expect(tags(effects)).toEqual(["Store", "NewRequest"]);
    const nr = effects[1];
    expect(nr?._tag === "NewRequest" && map.has(nr.key)).toBe(true);
    expect(nr?._tag === "NewRequest" && nr.cancels).toEqual(O.none);
  });

  it("absorbs a retransmission into the existing transaction (sending the pending 100 Trying)", () => {
    const { send } = adapter();
    send({ _tag: "Received", now: 0, message: invite, source: udp });
    const effects = send({ _tag: "Received", now: 100, message: invite, source: udp });
    expect(tags(effects)).toEqual(["Store", "Transmit"]);
    expect(effects[1]?._tag === "Transmit" && effects[1].message._tag === "Response" && effects[1].message.status).toBe(100);
  });

  it("routes the TU's response by key, and the ACK of a 486 to the same transaction", () => {
    const { map, send } = adapter();
    const nr = send({ _tag: "Received", now: 0, message: invite, source: udp })[1];
    const key = nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
    expect(tags(send({ _tag: "SendResponse", now: 50, key, response: response(invite, 486) }))).toEqual(["Store", "Transmit"]);
    const ack = request({ method: "ACK", toTag: "a6c85cf" });
    expect(tags(send({ _tag: "Received", now: 80, message: ack, source: udp }))).toEqual(["Store"]);
    expect(map.get(key)?.state._tag).toBe("Confirmed");
  });

  it("passes an ACK that matches no transaction (a 2xx ACK) to the core", () => {
    const { send } = adapter();
    const ack = request({ method: "ACK", branch: "z9hG4bK2xxack", toTag: "a6c85cf" });
    expect(send({ _tag: "Received", now: 0, message: ack, source: udp })).toEqual([{ _tag: "Ack", key: O.none, request: ack, source: udp }]);
  });

  it("RFC 6026: an ACK reaching an Accepted INVITE transaction goes to the TU", () => {
    const { send } = adapter();
    const nr = send({ _tag: "Received", now: 0, message: invite, source: udp })[1];
    const key = nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
    send({ _tag: "SendResponse", now: 10, key, response: response(invite, 200) });
    const ack = request({ method: "ACK", toTag: "a6c85cf" });
    expect(send({ _tag: "Received", now: 20, message: ack, source: udp })).toEqual([{ _tag: "Ack", key: O.some(key), request: ack, source: udp }]);
  });

  it("§9.2: a CANCEL is its own transaction and names the INVITE it cancels", () => {
    const { send } = adapter();
    const nr = send({ _tag: "Received", now: 0, message: invite, source: udp })[1];
    const inviteKey = nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
    const effects = send({ _tag: "Received", now: 5, message: request({ method: "CANCEL" }), source: udp });
    expect(tags(effects)).toEqual(["Store", "NewRequest"]);
    const cancel = effects[1];
    expect(cancel?._tag === "NewRequest" && cancel.key).not.toBe(inviteKey);
    expect(cancel?._tag === "NewRequest" && cancel.cancels).toEqual(O.some(inviteKey));
  });

  it("§17.2.3: an RFC 2543 ACK whose To tag is not the response's is not the transaction's", () => {
    const { map, send } = adapter();
    const old = request({ method: "INVITE", branch: "oldstyle" });
    const nr = send({ _tag: "Received", now: 0, message: old, source: udp })[1];
    const key = nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
    send({ _tag: "SendResponse", now: 10, key, response: response(old, 486, "t1") });
    const wrong = request({ method: "ACK", branch: "oldstyle", toTag: "t2" });
    expect(tags(send({ _tag: "Received", now: 20, message: wrong, source: udp }))).toEqual(["Ack"]);
    expect(map.get(key)?.state._tag).toBe("Completed");
    const right = request({ method: "ACK", branch: "oldstyle", toTag: "t1" });
    send({ _tag: "Received", now: 30, message: right, source: udp });
    expect(map.get(key)?.state._tag).toBe("Confirmed");
  });

  it("discards a TU response for a transaction that is gone", () => {
    const { send } = adapter();
    expect(tags(send({ _tag: "SendResponse", now: 0, key: "nope" as TransactionKey, response: response(invite, 200) }))).toEqual(["Discarded"]);
  });

  it("discards a request it cannot key, saying why", () => {
    const { send } = adapter();
    const bare = { ...invite, core: { ...invite.core, via: [] } };
    expect(send({ _tag: "Received", now: 0, message: bare, source: udp })).toEqual([{ _tag: "Discarded", key: O.none, reason: "INVITE has no Via" }]);
  });

  it("never writes the caller's map", () => {
    const map = new Map<TransactionKey, Transaction>();
    const readOnly = { get: (k: TransactionKey) => map.get(k) };
    const effects = layer(readOnly, { _tag: "Received", now: 0, message: invite, source: udp });
    expect(effects.length).toBeGreaterThan(0);
    expect(map.size).toBe(0);
  });
});

describe("RFC 3261 §18.1.1 the layer decides the Via once, when the request starts its transaction", () => {
  const transports = {
    sentBy: [
      { transport: "UDP", host: "198.51.100.1", port: 5070 },
      { transport: "TCP", host: "198.51.100.1", port: 5072 },
    ],
    tcpThreshold: 1300 as const,
  };
  const decided = step({ ...defaultLayerConfig, transports });
  const sentOf = (effects: ReadonlyArray<LayerEffect>): ReadonlyArray<LayerEffect & { _tag: "Transmit" }> =>
    effects.filter((e): e is LayerEffect & { _tag: "Transmit" } => e._tag === "Transmit");

  it("§18.1.1: the top Via names the destination's transport and its sent-by; Timer A resends the very same request", () => {
    const map = new Map<TransactionKey, Transaction>();
    const run = (event: LayerEvent): ReadonlyArray<LayerEffect> => {
      const effects = decided(map, event);
      for (const e of effects) if (e._tag === "Store") map.set(e.key, e.transaction);
      return effects;
    };
    const invite = request({ method: "INVITE" });
    const first = sentOf(run({ _tag: "SendRequest", now: 0, request: invite, destination: tcp }));
    const via = first[0]?.message.core.via[0];
    expect([via?.transport, via?.host.value, via?.port]).toEqual(["TCP", "198.51.100.1", 5072]);
    // Over UDP Timer A fires: the retransmission is the stored request itself, not a rewrite.
    const overUdp = sentOf(run({ _tag: "SendRequest", now: 0, request: request({ method: "INVITE", branch: "z9hG4bKudp" }), destination: udp }));
    const key = [...map.keys()].find((k) => k.includes("z9hg4bkudp"));
    expect(key).toBeDefined();
    const again = sentOf(run({ _tag: "Tick", now: 500, key: key! }));
    expect(again).toHaveLength(1);
    expect(again[0]?.message).toBe(overUdp[0]?.message);
    expect(overUdp[0]?.message.core.via[0]?.port).toBe(5070);
  });

  it("§17.1.1.3 / §18.1.1: a 2xx's ACK, sent outside any transaction, gets the same decision", () => {
    const ack = request({ method: "ACK" });
    const sent = sentOf(decided(new Map(), { _tag: "SendRequest", now: 0, request: ack, destination: udp }));
    expect(sent[0]?.message.core.via[0]?.host.value).toBe("198.51.100.1");
  });

  it("RFC3261-18.1.2-1: a response whose top Via sent-by is not one this element writes is discarded, never matched or passed up", () => {
    const map = new Map<TransactionKey, Transaction>();
    const invite = request({ method: "INVITE" });
    const started = decided(map, { _tag: "SendRequest", now: 0, request: invite, destination: udp });
    for (const e of started) if (e._tag === "Store") map.set(e.key, e.transaction);
    const transmitted = sentOf(started)[0]?.message;
    const own = transmitted?._tag === "Request" ? transmitted : invite;
    expect(own.core.via[0]?.port).toBe(5070);
    expect(tags(decided(map, { _tag: "Received", now: 10, message: response(own, 180), source: udp }))).toEqual(["Store", "Response"]);
    // The same response, its top Via naming another host or another port: silently dropped.
    const otherPort = request({ method: "INVITE", viaHost: "198.51.100.1", viaPort: 5099 });
    for (const forged of [response(invite, 180), response(otherPort, 180), response(otherPort, 200)]) {
      const effects = decided(map, { _tag: "Received", now: 20, message: forged, source: udp });
      expect(tags(effects)).toEqual(["Discarded"]);
    }
  });

  it("without transports the layer sends the request as the TU made it", () => {
    const invite = request({ method: "INVITE" });
    const sent = sentOf(layer(new Map(), { _tag: "SendRequest", now: 0, request: invite, destination: tcp }));
    expect(sent[0]?.message).toBe(invite);
  });
});
