import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { LayerEffect, LayerEvent, Transaction, TransactionKey } from "../src/index.js";
import {
  InviteClient,
  InviteServer,
  LayerEffectCodec,
  LayerEventCodec,
  NonInviteClient,
  NonInviteServer,
  TransactionCodec,
  defaultLayerConfig,
  step,
} from "../src/index.js";
import { request, response, udp } from "./sip.js";

const invite = request({ method: "INVITE" });
const bye = request({ method: "BYE", toTag: "x" });

/** One live transaction in every state the machines have. */
const samples: ReadonlyArray<Transaction> = [
  { _tag: "InviteClient", state: InviteClient.start({ now: 0, request: invite, destination: udp })[0] },
  { _tag: "InviteClient", state: InviteClient.step(InviteClient.start({ now: 0, request: invite, destination: udp })[0], { _tag: "Response", now: 5, response: response(invite, 180) })[0] },
  { _tag: "InviteClient", state: InviteClient.step(InviteClient.start({ now: 0, request: invite, destination: udp })[0], { _tag: "Response", now: 5, response: response(invite, 486) })[0] },
  { _tag: "InviteClient", state: InviteClient.step(InviteClient.start({ now: 0, request: invite, destination: udp })[0], { _tag: "Response", now: 5, response: response(invite, 200) })[0] },
  { _tag: "NonInviteClient", state: NonInviteClient.start({ now: 0, request: bye, destination: udp })[0] },
  { _tag: "NonInviteClient", state: NonInviteClient.step(NonInviteClient.start({ now: 0, request: bye, destination: udp })[0], { _tag: "Response", now: 5, response: response(bye, 100) })[0] },
  { _tag: "NonInviteClient", state: NonInviteClient.step(NonInviteClient.start({ now: 0, request: bye, destination: udp })[0], { _tag: "Response", now: 5, response: response(bye, 200) })[0] },
  { _tag: "InviteServer", state: InviteServer.start({ now: 0, request: invite, source: udp })[0] },
  { _tag: "InviteServer", state: InviteServer.step(InviteServer.start({ now: 0, request: invite, source: udp })[0], { _tag: "Respond", now: 5, response: response(invite, 486) })[0] },
  { _tag: "InviteServer", state: InviteServer.step(InviteServer.start({ now: 0, request: invite, source: udp })[0], { _tag: "Respond", now: 5, response: response(invite, 200) })[0] },
  { _tag: "InviteServer", state: { _tag: "Confirmed", timerI: 5000 } },
  { _tag: "NonInviteServer", state: NonInviteServer.start({ now: 0, request: bye, source: udp })[0] },
  { _tag: "NonInviteServer", state: NonInviteServer.step(NonInviteServer.start({ now: 0, request: bye, source: udp })[0], { _tag: "Respond", now: 5, response: response(bye, 180) })[0] },
  { _tag: "NonInviteServer", state: NonInviteServer.step(NonInviteServer.start({ now: 0, request: bye, source: udp })[0], { _tag: "Respond", now: 5, response: response(bye, 200) })[0] },
];

describe("transaction state codecs (stored and restored through JSON)", () => {
  it.each(samples.map((s) => [`${s._tag} ${s.state._tag}`, s] as const))("%s survives JSON", (_name, tx) => {
    const json: unknown = JSON.parse(JSON.stringify(TransactionCodec.encode(tx)));
    expect(TransactionCodec.decode(json)).toEqual(E.right(tx));
  });

  it("covers every state of every machine", () => {
    expect(new Set(samples.map((s) => `${s._tag} ${s.state._tag}`)).size).toBe(14);
  });

  it("rejects malformed input with a Left, without throwing", () => {
    for (const bad of [null, 1, "x", {}, { _tag: "InviteClient" }, { _tag: "InviteClient", state: { _tag: "Calling" } }, { _tag: "InviteServer", state: { _tag: "Confirmed", timerI: "soon" } }]) {
      expect(E.isLeft(TransactionCodec.decode(bad))).toBe(true);
    }
  });

  it("rejects a stored message whose body is not canonical base64 or whose headers do not parse", () => {
    const tx = samples[0]!;
    const json = (): { state: { request: { body: unknown; headers: Array<{ name: string; value: string }> } } } =>
      JSON.parse(JSON.stringify(TransactionCodec.encode(tx))) as never;
    const badBody = json();
    badBody.state.request.body = "!!!";
    expect(E.isLeft(TransactionCodec.decode(badBody))).toBe(true);
    const badCSeq = json();
    badCSeq.state.request.headers = badCSeq.state.request.headers.map((h) => (h.name === "CSeq" ? { ...h, value: "not a cseq" } : h));
    expect(E.isLeft(TransactionCodec.decode(badCSeq))).toBe(true);
  });

  it("a request where a response belongs is rejected", () => {
    const tx = samples[8]!; // INVITE server, Completed: holds its final response
    const json = JSON.parse(JSON.stringify(TransactionCodec.encode(tx))) as { state: { response: unknown; request?: unknown } };
    const other = JSON.parse(JSON.stringify(TransactionCodec.encode(samples[0]!))) as { state: { request: unknown } };
    json.state.response = other.state.request;
    expect(E.isLeft(TransactionCodec.decode(json))).toBe(true);
  });
});

describe("layer event and effect codecs (queued or journaled as JSON)", () => {
  const layer = step(defaultLayerConfig);
  const events: Array<LayerEvent> = [];
  const effects: Array<LayerEffect> = [];
  const uac = new Map<TransactionKey, Transaction>();
  const uas = new Map<TransactionKey, Transaction>();
  const run = (map: Map<TransactionKey, Transaction>, event: LayerEvent): ReadonlyArray<LayerEffect> => {
    events.push(event);
    const out = layer(map, event);
    for (const e of out) {
      effects.push(e);
      if (e._tag === "Store") map.set(e.key, e.transaction);
      if (e._tag === "Forget") map.delete(e.key);
    }
    return out;
  };
  const nr = run(uas, { _tag: "Received", now: 0, message: invite, source: udp }).find((e) => e._tag === "NewRequest");
  const key = nr?._tag === "NewRequest" ? nr.key : ("" as TransactionKey);
  run(uas, { _tag: "Received", now: 1, message: request({ method: "CANCEL" }), source: udp });
  run(uas, { _tag: "SendResponse", now: 2, key, response: response(invite, 486) });
  run(uas, { _tag: "TransportError", now: 3, key });
  run(uas, { _tag: "Tick", now: 40_000, key });
  run(uas, { _tag: "Received", now: 40_002, message: request({ method: "ACK", branch: "z9hG4bK2xx" }), source: udp });
  run(uac, { _tag: "SendRequest", now: 0, request: bye, destination: udp });
  run(uac, { _tag: "Received", now: 5, message: response(bye, 200), source: udp });
  run(uac, { _tag: "Received", now: 6, message: response(invite, 200), source: udp });
  run(uac, { _tag: "Destroy", now: 7, key: "gone" as TransactionKey });
  run(uac, { _tag: "SendResponse", now: 8, key: "gone" as TransactionKey, response: response(bye, 200) });

  it("the exchange produced every kind of event and of effect", () => {
    expect(new Set(events.map((e) => e._tag)).size).toBe(6);
    expect(new Set(effects.map((e) => e._tag))).toEqual(
      new Set(["Store", "Forget", "Transmit", "NewRequest", "Response", "Ack", "StrayResponse", "Timeout", "TransportFailure", "Discarded"]),
    );
  });

  it("every event survives JSON", () => {
    for (const e of events) expect(LayerEventCodec.decode(JSON.parse(JSON.stringify(LayerEventCodec.encode(e))))).toEqual(E.right(e));
  });

  it("every effect survives JSON", () => {
    for (const e of effects) expect(LayerEffectCodec.decode(JSON.parse(JSON.stringify(LayerEffectCodec.encode(e))))).toEqual(E.right(e));
  });
});
