// Randomness enters as data (DESIGN.md): the UA's identifiers come from the seed in its state.
// Equal seeds mint equal requests; different seeds mint different branches, tags and Call-IDs.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { drawHex, initialState, step } from "../../src/index.js";
import type { SipRequest } from "@puresip/message";
import { uaConfig, uri } from "./harness.js";

const invite = (words: ReadonlyArray<number>): SipRequest => {
  const [, effects] = step(uaConfig("alice", "10.0.0.1"))(new Map(), initialState(words), { _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@10.0.0.2") } });
  for (const e of effects) if (e._tag === "Transmit" && e.message._tag === "Request") return e.message;
  throw new Error("no INVITE");
};

const ids = (r: SipRequest) => ({
  branch: r.core.via[0]?.params.find((p) => p.name === "branch")?.value,
  tag: r.core.from?.params.find((p) => p.name === "tag")?.value,
  callId: r.core.callId,
});

const word = fc.integer({ min: 0, max: 0xffffffff });

test.prop([fc.array(word, { minLength: 1, maxLength: 4 })])("equal entropy mints the same INVITE (RFC 3261 §8.1.1 identifiers from the seed)", (words) => {
  expect(ids(invite(words))).toStrictEqual(ids(invite([...words])));
});

test.prop([fc.tuple(word, word).filter(([a, b]) => a !== b)])("different entropy mints a different branch, From tag and Call-ID (§8.1.1.7, §19.3, §8.1.1.4)", ([a, b]) => {
  const x = ids(invite([a]));
  const y = ids(invite([b]));
  expect(x.branch).not.toBe(y.branch);
  expect(x.tag).not.toBe(y.tag);
  expect(x.callId).not.toBe(y.callId);
});

test.prop([fc.array(word, { minLength: 1, maxLength: 4 })], { numRuns: 20 })("a seed never repeats a 64-bit draw within 1,000 draws", (words) => {
  let seed = initialState(words).seed;
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const [hex, next] = drawHex(seed, 2);
    expect(hex).toMatch(/^[0-9a-f]{16}$/);
    seen.add(hex);
    seed = next;
  }
  expect(seen.size).toBe(1000);
});
