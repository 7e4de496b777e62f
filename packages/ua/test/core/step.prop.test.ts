// The UA step is total: any message from the wire (fast-check's SIP messages, well-formed or
// not for a UA) gives effects, never an exception; the registry changes come first; what it
// transmits is a SIP status or a request; and with the application rejecting every call and
// time running on, the registry drains to nothing (no entry without a way to end).
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { arbMessage } from "@puresip/testkit";
import { createResponse } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import { initialState, step } from "../../src/index.js";
import type { StoreEntry, UaEffect, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig } from "./harness.js";

const ua = step(uaConfig("bob", "192.0.2.2"));

/** Runs `first` and every follow-up (the application rejects calls) until the registry is empty. */
const drain = (messages: ReadonlyArray<SipMessage>, seed: number): { readonly effects: ReadonlyArray<UaEffect>; readonly left: number } => {
  const store = new Map<string, { readonly entry: StoreEntry; readonly deadline: O.Option<number> }>();
  let state: UaState = initialState([seed]);
  const all: Array<UaEffect> = [];
  const queue: Array<UaEvent> = messages.map((message, i) => ({ _tag: "Received", now: i, message, source: peerOf("192.0.2.9") }));
  let now = messages.length;
  for (let guard = 0; guard < 10_000; guard++) {
    let event = queue.shift();
    if (event === undefined) {
      let next: readonly [string, number] | undefined;
      for (const [key, { deadline }] of store) if (O.isSome(deadline) && (next === undefined || deadline.value < next[1])) next = [key, deadline.value];
      if (next === undefined) break;
      now = Math.max(now, next[1]);
      event = { _tag: "Tick", now, key: next[0] };
    }
    const [after, effects] = ua({ get: (k) => store.get(k)?.entry, keys: () => store.keys() }, state, event);
    state = after;
    // Put and Forget come before anything else.
    const firstOther = effects.findIndex((e) => e._tag !== "Put" && e._tag !== "Forget");
    if (firstOther >= 0) expect(effects.slice(firstOther).some((e) => e._tag === "Put" || e._tag === "Forget")).toBe(false);
    for (const e of effects) {
      all.push(e);
      if (e._tag === "Put") store.set(e.key, { entry: e.entry, deadline: e.deadline });
      else if (e._tag === "Forget") store.delete(e.key);
      else if (e._tag === "Resolve") queue.push({ _tag: "Resolved", now, id: e.id, result: E.left("no DNS in this test") });
      else if (e._tag === "Deliver" && e.event._tag === "IncomingCall") queue.push({ _tag: "Command", now, command: { _tag: "Reject", call: e.event.call, status: 486 } });
      else if (e._tag === "Deliver" && e.event._tag === "IncomingRequest") {
        const response = createResponse(501)(e.event.request);
        if (E.isRight(response)) queue.push({ _tag: "Command", now, command: { _tag: "Respond", key: e.event.key, response: response.right } });
      }
    }
  }
  return { effects: all, left: store.size };
};

test.prop([fc.array(arbMessage, { minLength: 1, maxLength: 4 }), fc.integer()], { numRuns: 150 })(
  "any messages from the wire: no exception, statuses in 100–699, and the registry drains when the application rejects every call",
  (messages, seed) => {
    const { effects, left } = drain(messages, seed);
    for (const e of effects) if (e._tag === "Transmit" && e.message._tag === "Response") expect(e.message.status >= 100 && e.message.status <= 699).toBe(true);
    expect(left).toBe(0);
  },
);
