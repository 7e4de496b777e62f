// RFC 3261 §8.2.2.2 through the UA step: a request outside a dialog that arrives again by
// another path of a fork (same From tag, Call-ID and CSeq, another branch) gets 482, while a
// retransmission (same branch) is absorbed by its server transaction.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import { initialState, step } from "../../src/index.js";
import type { StoreEntry, UaEffect, UaState } from "../../src/index.js";
import { peerOf, uaConfig } from "./harness.js";

const message = (branch: string): SipMessage => {
  const text = [
    "MESSAGE sip:bob@192.0.2.2 SIP/2.0",
    `Via: SIP/2.0/UDP 192.0.2.7:5060;branch=${branch}`,
    "Max-Forwards: 69",
    "From: <sip:alice@example.com>;tag=49583",
    "To: <sip:bob@example.com>",
    "Call-ID: asd88asd77a@1.2.3.4",
    "CSeq: 1 MESSAGE",
    "Content-Type: text/plain",
    "Content-Length: 2",
    "",
    "hi",
  ].join("\r\n");
  const parsed = parseMessage(text);
  if (E.isLeft(parsed)) throw new Error("bad fixture");
  return parsed.right;
};

describe("RFC 3261 §8.2.2.2 merged requests, through the UA step", () => {
  it("the same MESSAGE by a second path gets 482; a retransmission by the first path is absorbed; the record expires", () => {
    const ua = step(uaConfig("bob", "192.0.2.2"));
    const store = new Map<string, { readonly entry: StoreEntry; readonly deadline: number | undefined }>();
    let state: UaState = initialState([82]);
    const feed = (event: Parameters<typeof ua>[2]): ReadonlyArray<UaEffect> => {
      const [next, effects] = ua({ get: (k) => store.get(k)?.entry, keys: () => store.keys() }, state, event);
      state = next;
      for (const e of effects) {
        if (e._tag === "Put") store.set(e.key, { entry: e.entry, deadline: e.deadline._tag === "Some" ? e.deadline.value : undefined });
        if (e._tag === "Forget") store.delete(e.key);
      }
      return effects;
    };
    const statuses = (effects: ReadonlyArray<UaEffect>) => effects.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Response" ? [e.message.status] : []));
    const received = (now: number, branch: string) => feed({ _tag: "Received", now, message: message(branch), source: peerOf("192.0.2.7") });
    expect(statuses(received(0, "z9hG4bKpath1"))).toStrictEqual([200]);
    expect(statuses(received(10, "z9hG4bKpath2"))).toStrictEqual([482]);
    // The first path's retransmission: the server transaction sends its 200 again (§17.2.2).
    expect(statuses(received(20, "z9hG4bKpath1"))).toStrictEqual([200]);
    // Tick every deadline until nothing is left: the record goes with the transactions.
    for (let guard = 0; store.size > 0 && guard < 100; guard++) {
      const [key, { deadline }] = [...store].filter(([, v]) => v.deadline !== undefined).sort((a, b) => (a[1].deadline ?? 0) - (b[1].deadline ?? 0))[0]!;
      feed({ _tag: "Tick", now: deadline ?? 0, key });
    }
    expect(store.size).toBe(0);
    // After 64*T1 the same request is new again.
    expect(statuses(received(100_000, "z9hG4bKpath2"))).toStrictEqual([200]);
  });
});
