// RFC 3261 §9.1 through the UA step: the CANCEL goes where the INVITE went, without a second
// RFC 3263 lookup ("the destination address, port, and transport ... MUST be identical").
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { createResponse, tag } from "@puresip/message";
import { initialState, step } from "../../src/index.js";
import type { StoreEntry, UaEffect, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";

describe("RFC 3261 §9.1 CANCEL, through the UA step", () => {
  it("after the INVITE was resolved to a target, the CANCEL is sent there with no new Resolve", () => {
    const ua = step(uaConfig("alice", "10.0.0.1"));
    const store = new Map<string, StoreEntry>();
    let state: UaState = initialState([91]);
    const feed = (event: UaEvent): ReadonlyArray<UaEffect> => {
      const [next, effects] = ua(store, state, event);
      state = next;
      for (const e of effects) {
        if (e._tag === "Put") store.set(e.key, e.entry);
        if (e._tag === "Forget") store.delete(e.key);
      }
      return effects;
    };
    const made = feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } });
    const resolve = made.find((e) => e._tag === "Resolve");
    const created = made.find((e) => e._tag === "Deliver" && e.event._tag === "CallCreated");
    if (resolve?._tag !== "Resolve" || created?._tag !== "Deliver" || created.event._tag !== "CallCreated") throw new Error("no Resolve");
    const call = created.event.call;
    const target = { transport: "UDP", host: "192.0.2.77", port: 5070 };
    const sent = feed({ _tag: "Resolved", now: 1, id: resolve.id, result: E.right([target]) });
    const invite = sent.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Request" ? [[e.message, e.destination] as const] : []))[0];
    expect(invite?.[1]).toStrictEqual(target);
    const ringing = createResponse(180, { toTag: E.getOrElseW(() => { throw new Error("tag"); })(tag("ring1")) })(invite![0]);
    if (E.isLeft(ringing)) throw new Error("no 180");
    feed({ _tag: "Received", now: 2, message: ringing.right, source: peerOf("192.0.2.77") });
    const cancel = feed({ _tag: "Command", now: 3, command: { _tag: "Cancel", call } });
    expect(cancel.some((e) => e._tag === "Resolve")).toBe(false);
    const out = cancel.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Request" ? [[e.message.method, e.destination] as const] : []));
    expect(out).toStrictEqual([["CANCEL", target]]);
  });
});
