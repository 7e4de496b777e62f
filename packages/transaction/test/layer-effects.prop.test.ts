// `sortLayerEffects`, which the layer element and the UA core both use to run the layer's
// effects through their one queue: every effect of a real layer step lands in exactly one
// place (the registry, the wire, the TU) and each place keeps the layer's order.
import * as O from "fp-ts/lib/Option.js";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { LayerEffect, LayerEvent, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, sortLayerEffects, step } from "../src/index.js";
import { request, response, udp } from "./sip.js";

const layer = step(defaultLayerConfig);
const invite = request({ method: "INVITE" });
const options = request({ method: "OPTIONS", branch: "z9hG4bKsort" });

type MakeEvent = (now: number, keys: ReadonlyArray<TransactionKey>) => LayerEvent;
const pick = (keys: ReadonlyArray<TransactionKey>, i: number): TransactionKey => keys[i % Math.max(1, keys.length)] ?? ("gone" as TransactionKey);

const eventArb: fc.Arbitrary<MakeEvent> = fc.oneof(
  fc.constantFrom(invite, options, request({ method: "CANCEL" })).map((m): MakeEvent => (now) => ({ _tag: "Received", now, message: m, source: udp })),
  fc.tuple(fc.constantFrom(invite, options), fc.constantFrom(100, 180, 200, 486)).map(([req, status]): MakeEvent => (now) => ({ _tag: "Received", now, message: response(req, status), source: udp })),
  fc.constantFrom(invite, options).map((req): MakeEvent => (now) => ({ _tag: "SendRequest", now, request: req, destination: udp })),
  fc.tuple(fc.nat(), fc.constantFrom(invite, options), fc.constantFrom(180, 200, 486)).map(([i, req, status]): MakeEvent => (now, keys) => ({ _tag: "SendResponse", now, key: pick(keys, i), response: response(req, status) })),
  fc.tuple(fc.nat(), fc.constantFrom<"Tick" | "TransportError">("Tick", "TransportError")).map(([i, tag]): MakeEvent => (now, keys) => ({ _tag: tag, now, key: pick(keys, i) })),
);

test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 40_000 }), eventArb), { maxLength: 40 })])(
  "RFC 3665 §3.3 order: each effect of the layer goes to the registry, the wire or the TU, once, in the layer's order",
  (events) => {
    const map = new Map<TransactionKey, Transaction>();
    let now = 0;
    for (const [dt, make] of events) {
      now += dt;
      const effects: ReadonlyArray<LayerEffect> = layer({ get: (k) => map.get(k) }, make(now, [...map.keys()]));
      const filed: Array<LayerEffect> = [];
      const [sends, reports] = sortLayerEffects(effects, {
        put: (key, transaction) => {
          filed.push({ _tag: "Store", key, transaction, deadline: O.none });
          map.set(key, transaction);
        },
        forget: (key) => {
          filed.push({ _tag: "Forget", key });
          map.delete(key);
        },
      });
      expect(filed.map((e) => [e._tag, "key" in e ? e.key : null])).toStrictEqual(effects.filter((e) => e._tag === "Store" || e._tag === "Forget").map((e) => [e._tag, e.key]));
      expect(sends).toStrictEqual(effects.filter((e) => e._tag === "Transmit"));
      expect(reports).toStrictEqual(effects.filter((e) => e._tag !== "Store" && e._tag !== "Forget" && e._tag !== "Transmit"));
    }
  },
);
