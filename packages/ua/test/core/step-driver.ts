// The one step driver of the UA core tests: a UA core driven through `step` with a Map as the
// shell's registry, for tests that look at every message it transmits (requests and responses,
// with their destinations) and every event it delivers; Resolve is answered with the targets
// given. `settle` ticks entries whose deadline came.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipMessage, SipRequest } from "@puresip/message";
import { clientKeyOfRequest } from "@puresip/transaction";
import type { Peer } from "@puresip/transaction";
import { initialState, nextDeadline, step } from "../../src/index.js";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaEvent, UaState } from "../../src/index.js";
import { peerOf, uaConfig } from "./harness.js";

export const must = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

export interface Sent {
  readonly message: SipMessage;
  readonly destination: Peer;
}

/** `resolveTo`: what RFC 3263 answers for every lookup, one target or an ordered list (§4.3 failover). */
export const driver = (config: UaConfig = uaConfig("alice", "10.0.0.1"), resolveTo: Peer | ReadonlyArray<Peer> = peerOf("192.0.2.77"), seedWords: ReadonlyArray<number> = [17]) => {
  const targets: ReadonlyArray<Peer> = "host" in resolveTo ? [resolveTo] : resolveTo;
  const ua = step(config);
  const store = new Map<string, StoreEntry>();
  let state: UaState = initialState(seedWords);
  const feed = (event: UaEvent): { readonly sent: ReadonlyArray<SipMessage>; readonly transmitted: ReadonlyArray<Sent>; readonly delivered: ReadonlyArray<AppEvent> } => {
    const transmitted: Array<Sent> = [];
    const delivered: Array<AppEvent> = [];
    const queue: Array<UaEvent> = [event];
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      const [next, effects] = ua(store, state, e);
      state = next;
      for (const effect of effects) {
        if (effect._tag === "Put") store.set(effect.key, effect.entry);
        else if (effect._tag === "Forget") store.delete(effect.key);
        else if (effect._tag === "Deliver") delivered.push(effect.event);
        else if (effect._tag === "Transmit") transmitted.push({ message: effect.message, destination: effect.destination });
        else queue.push({ _tag: "Resolved", now: e.now, id: effect.id, result: E.right(targets) });
      }
    }
    return { sent: transmitted.map((t) => t.message), transmitted, delivered };
  };
  /** Ticks every entry whose deadline is at or before `now`, until none is; what the ticks sent and delivered. */
  const settle = (now: number): { readonly sent: ReadonlyArray<SipMessage>; readonly delivered: ReadonlyArray<AppEvent> } => {
    const sent: Array<SipMessage> = [];
    const delivered: Array<AppEvent> = [];
    for (let round = 0; round < 20; round++) {
      const due = [...store].filter(([, entry]) => O.exists((d: number) => d <= now)(nextDeadline(entry))).map(([key]) => key);
      if (due.length === 0) break;
      for (const key of due) {
        const out = feed({ _tag: "Tick", now, key });
        sent.push(...out.sent);
        delivered.push(...out.delivered);
      }
    }
    return { sent, delivered };
  };
  return { feed, settle, store };
};

export const label = (m: SipMessage): string => (m._tag === "Request" ? m.method : `${m.status}/${m.core.cseq?.method ?? "?"}`);

export const PEER = "192.0.2.20";

/**
 * The same driver with the events it delivers and the requests it sends collected across
 * calls, a clock that moves 10 ms a command, and every lookup answered with PEER.
 */
export const ua = () => {
  const d = driver(uaConfig("alice", "192.0.2.10"), peerOf(PEER), [1, 2, 3, 4]);
  const delivered: Array<AppEvent> = [];
  const sent: Array<SipRequest> = [];
  let now = 0;
  const feed = (event: UaEvent): void => {
    const out = d.feed(event);
    delivered.push(...out.delivered);
    for (const m of out.sent) if (m._tag === "Request") sent.push(m);
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
  return { delivered, sent, command, transportError, store: d.store };
};
