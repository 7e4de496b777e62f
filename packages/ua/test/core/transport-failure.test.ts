// RFC 3261 §8.1.3.1: a transport failure is a 503 to the request's owner, a timeout a 408.
// Driven through `step` with a Map as the shell's registry: each request is resolved, sent,
// and then its client transaction hears `TransportError` (an ICMP error, a refused connection).
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { initialState, step } from "../../src/index.js";
import type { AppEvent, StoreEntry, UaCommand, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";

const PEER = "192.0.2.20";

/** One UA core with its registry; `run` applies Put/Forget, answers Resolve with the peer, collects the rest. */
const ua = () => {
  const store = new Map<string, StoreEntry>();
  const run = step(uaConfig("alice", "192.0.2.10"));
  let state: UaState = initialState([1, 2, 3, 4]);
  const delivered: Array<AppEvent> = [];
  const sent: Array<SipRequest> = [];
  let now = 0;
  const feed = (event: UaEvent): void => {
    const queue: Array<UaEvent> = [event];
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      const [next, effects] = run(store, state, e);
      state = next;
      for (const effect of effects) {
        if (effect._tag === "Put") store.set(effect.key, effect.entry);
        else if (effect._tag === "Forget") store.delete(effect.key);
        else if (effect._tag === "Deliver") delivered.push(effect.event);
        else if (effect._tag === "Resolve") queue.push({ _tag: "Resolved", now, id: effect.id, result: { _tag: "Right", right: [peerOf(PEER)] } });
        else if (effect.message._tag === "Request") sent.push(effect.message);
      }
    }
  };
  const command = (c: UaCommand): void => {
    now += 10;
    feed({ _tag: "Command", now, command: c });
  };
  /** The transport could not deliver the last request sent. */
  const transportError = (): void => {
    const request = sent.at(-1);
    if (request === undefined) throw new Error("nothing sent");
    const key = clientKeyOfRequest(request);
    if (key._tag === "Left") throw new Error("no key");
    now += 10;
    feed({ _tag: "TransportError", now, key: key.right });
  };
  return { delivered, sent, command, transportError, store };
};

describe("RFC 3261 §8.1.3.1 a fatal transport error is treated as a 503", () => {
  it("MESSAGE and OPTIONS: the result is 503, with no response from the peer", () => {
    const a = ua();
    a.command({ _tag: "SendMessage", ref: "m1", to: uri(`sip:bob@${PEER}`), body: { type: "text/plain", content: new TextEncoder().encode("hi") } });
    a.transportError();
    a.command({ _tag: "Options", ref: "o1", to: uri(`sip:bob@${PEER}`) });
    a.transportError();
    expect(a.delivered).toContainEqual({ _tag: "MessageResult", ref: "m1", status: 503 });
    expect(a.delivered).toContainEqual({ _tag: "OptionsResult", ref: "o1", status: 503, response: O.none });
    expect([...a.store.values()].filter((e) => e._tag === "ClientRequest")).toEqual([]);
  });

  it("INVITE: the call fails with 503, not 408", () => {
    const a = ua();
    a.command({ _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) });
    expect(a.sent.at(-1)?.method).toBe("INVITE");
    a.transportError();
    const failed = a.delivered.find((e) => e._tag === "CallFailed");
    expect(failed).toMatchObject({ _tag: "CallFailed", status: 503 });
  });

  it("REGISTER: the registration fails with 503", () => {
    const a = ua();
    a.command({ _tag: "Register", id: "home", registrar: uri(`sip:${PEER}`) });
    expect(a.sent.at(-1)?.method).toBe("REGISTER");
    a.transportError();
    expect(a.delivered.find((e) => e._tag === "RegistrationFailed")).toMatchObject({ _tag: "RegistrationFailed", id: "home", status: 503 });
  });
});
