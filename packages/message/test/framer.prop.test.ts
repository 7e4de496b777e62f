import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import type { FramerOutput, FramerState } from "../src/index.js";
import { initFramer, push, serializeMessage } from "../src/index.js";

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Feeds `stream` cut at `cuts` and collects every output. */
const run = (stream: Uint8Array, cuts: ReadonlyArray<number>): ReadonlyArray<FramerOutput> => {
  let state: FramerState = initFramer();
  const out: Array<FramerOutput> = [];
  let from = 0;
  for (const at of [...cuts, stream.length]) {
    const [next, outputs] = push(state, stream.subarray(from, at));
    state = next;
    out.push(...outputs);
    from = at;
  }
  return out;
};

const withoutPongs = (outputs: ReadonlyArray<FramerOutput>) => outputs.filter((o) => o._tag !== "Pong");

const CRLF = new Uint8Array([13, 10]);
const PING = new Uint8Array([13, 10, 13, 10]);

const streamArb = fc
  .array(fc.tuple(arbMessage, fc.constantFrom<ReadonlyArray<Uint8Array>>([], [CRLF], [PING])), { minLength: 1, maxLength: 4 })
  .map((items) => ({ messages: items.map(([m]) => m), stream: concat(items.flatMap(([m, keepAlive]) => [...keepAlive, serializeMessage(m)])) }));

describe("RFC 3261 §18.3 the stream framer does not depend on chunking", () => {
  test.prop([streamArb])("whole: every message comes out, in order", ({ messages, stream }) => {
    const out = run(stream, []).filter((o) => o._tag === "Message" || o._tag === "Invalid" || o._tag === "FramingError");
    expect(out).toStrictEqual(messages.map((message) => ({ _tag: "Message", message })));
  });
  // A pong is reported as soon as a CRLF ends the buffer (RFC 5626 §4.4.1: a client waits for
  // it), so a ping cut exactly in half also shows a pong first; everything else is identical.
  test.prop([streamArb])("byte by byte gives the same outputs as whole", ({ stream }) => {
    expect(withoutPongs(run(stream, Array.from({ length: stream.length }, (_, i) => i)))).toStrictEqual(withoutPongs(run(stream, [])));
  });
  test.prop([streamArb.chain((s) => fc.tuple(fc.constant(s), fc.uniqueArray(fc.nat(s.stream.length), { maxLength: 20 })))])(
    "random chunks give the same outputs as whole",
    ([{ stream }, cuts]) => {
      expect(withoutPongs(run(stream, [...cuts].sort((a, b) => a - b)))).toStrictEqual(withoutPongs(run(stream, [])));
    },
  );
});
