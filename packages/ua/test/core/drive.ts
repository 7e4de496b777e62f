// One UA core driven through `step` with a Map as the shell's registry, for tests that look at
// what it sends and delivers without a network: Resolve is answered with PEER at once.
import type { SipRequest } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import { initialState, step } from "../../src/index.js";
import type { AppEvent, StoreEntry, UaCommand, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig } from "./harness.js";

export const PEER = "192.0.2.20";

/** One UA core with its registry; `run` applies Put/Forget, answers Resolve with the peer, collects the rest. */
export const ua = () => {
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

