// Test adapter: a SIP element on the simulated network. It owns the transaction map (the
// shell's job), runs the layer's effects in order, puts messages on the wire as bytes
// (serializeMessage) and parses what arrives (parseMessage), and plays a simple TU on top:
// - as UAS it answers each request with `plan.status` after `plan.delay` (0: at once, inside
//   the same step), optionally with a 180 first, and retransmits its 2xx to an INVITE per
//   §13.3.1.4 until the ACK arrives or 64*T1 has passed;
// - as UAC it starts the requests the test schedules, ACKs every 2xx (§13.2.2.4), and per
//   §9.1 destroys an INVITE transaction that never got a final response.
import * as O from "fp-ts/lib/Option.js";
import type { Endpoint, NodeInput, NodeOutput } from "@puresip/testkit";
import * as E from "fp-ts/lib/Either.js";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { parseMessage, serializeMessage } from "@puresip/message";
import type { LayerConfig, LayerEffect, LayerEvent, Peer, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, step } from "../src/index.js";
import { request, response } from "./sip.js";

export interface Plan {
  readonly status: number;
  readonly delay: number;
  readonly ringing: boolean;
}

/** What a TU saw, for the agreement checks. */
export type Seen =
  | { readonly _tag: "Final"; readonly at: number; readonly status: number; readonly method: string }
  | { readonly _tag: "Provisional"; readonly at: number; readonly status: number }
  | { readonly _tag: "Timeout"; readonly at: number; readonly timer: string; readonly side: "client" | "server" }
  | { readonly _tag: "NewRequest"; readonly at: number; readonly method: string }
  | { readonly _tag: "Answered"; readonly at: number; readonly status: number }
  | { readonly _tag: "Ack"; readonly at: number; readonly matched: boolean }
  | { readonly _tag: "Abandoned"; readonly at: number }
  | { readonly _tag: "Discarded"; readonly at: number; readonly reason: string };

type TuAction =
  | {
      readonly _tag: "Answer";
      readonly key: TransactionKey;
      readonly response: SipResponse;
      /** The interval before the next 2xx retransmission (§13.3.1.4); null: send once. */
      readonly retransmit: number | null;
      /** When the response was first sent; null until it is. */
      readonly firstAt: number | null;
    }
  | { readonly _tag: "GiveUp"; readonly key: TransactionKey };

export interface SimNode {
  readonly name: string;
  readonly plan: Plan;
  readonly config: LayerConfig;
  /** The transport every peer is reached over: "UDP", or a reliable one such as "TCP". */
  readonly transport: string;
  readonly store: ReadonlyMap<TransactionKey, Transaction>;
  readonly deadlines: ReadonlyMap<TransactionKey, number>;
  readonly agenda: ReadonlyArray<{ readonly at: number; readonly action: TuAction }>;
  /** Server keys of INVITEs whose 2xx the TU retransmits until an ACK (by Call-ID). */
  readonly acked: ReadonlySet<string>;
  readonly seen: ReadonlyArray<Seen>;
}

export type Command = { readonly _tag: "Send"; readonly request: SipRequest; readonly to: string };

export const simNode = (name: string, plan: Plan, transport = "UDP", config: LayerConfig = defaultLayerConfig): SimNode => ({
  name,
  transport,
  plan,
  config,
  store: new Map(),
  deadlines: new Map(),
  agenda: [],
  acked: new Set(),
  seen: [],
});

const peer = (node: SimNode, name: string): Peer => ({ transport: node.transport, host: name, port: 5060 });

/** Mutable scratch for one step; the node itself is rebuilt immutably at the end. */
interface Work {
  store: Map<TransactionKey, Transaction>;
  deadlines: Map<TransactionKey, number>;
  agenda: Array<{ at: number; action: TuAction }>;
  acked: Set<string>;
  seen: Array<Seen>;
  out: Array<NodeOutput<Uint8Array>>;
}

const callIdOf = (m: SipMessage): string => m.core.callId ?? "";

const runLayer = (node: SimNode, w: Work, first: LayerEvent): void => {
  const queue: Array<LayerEvent> = [first];
  const layer = step(node.config);
  for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
    const event = queue.shift()!;
    const now = event.now;
    for (const e of layer(w.store, event)) apply(node, w, e, now, queue);
  }
};

const apply = (node: SimNode, w: Work, e: LayerEffect, now: number, queue: Array<LayerEvent>): void => {
  const t1 = node.config.timers.t1;
  switch (e._tag) {
    case "Store":
      w.store.set(e.key, e.transaction);
      if (O.isSome(e.deadline)) w.deadlines.set(e.key, e.deadline.value);
      else w.deadlines.delete(e.key);
      return;
    case "Forget":
      w.store.delete(e.key);
      w.deadlines.delete(e.key);
      return;
    case "Transmit":
      w.out.push({ _tag: "Send", to: e.destination.host, message: serializeMessage(e.message) });
      return;
    case "NewRequest": {
      w.seen.push({ _tag: "NewRequest", at: now, method: e.request.method });
      const plan = node.plan;
      const final = response(e.request, plan.status);
      const retransmit = e.request.method === "INVITE" && plan.status < 300 ? t1 : null;
      if (plan.ringing && e.request.method === "INVITE") queue.push({ _tag: "SendResponse", now, key: e.key, response: response(e.request, 180) });
      if (plan.delay === 0) {
        queue.push({ _tag: "SendResponse", now, key: e.key, response: final });
        w.seen.push({ _tag: "Answered", at: now, status: plan.status });
        if (retransmit !== null) {
          const next = Math.min(retransmit * 2, node.config.timers.t2);
          w.agenda.push({ at: now + retransmit, action: { _tag: "Answer", key: e.key, response: final, retransmit: next, firstAt: now } });
        }
      } else {
        w.agenda.push({ at: now + plan.delay, action: { _tag: "Answer", key: e.key, response: final, retransmit, firstAt: null } });
      }
      return;
    }
    case "Response": {
      const status = e.response.status;
      const method = e.response.core.cseq?.method ?? "";
      if (status < 200) {
        w.seen.push({ _tag: "Provisional", at: now, status });
        return;
      }
      w.seen.push({ _tag: "Final", at: now, status, method });
      if (method === "INVITE" && status < 300) {
        // §13.2.2.4: the UAC core ACKs every 2xx itself, in a new transaction (new branch).
        const ack = request({ method: "ACK", branch: `z9hG4bKack${e.response.core.cseq?.seq ?? 0}`, toTag: "a6c85cf", callId: callIdOf(e.response), viaHost: node.name });
        queue.push({ _tag: "SendRequest", now, request: ack, destination: peer(node, other(node)) });
      }
      return;
    }
    case "Ack":
      w.acked.add(callIdOf(e.request));
      w.seen.push({ _tag: "Ack", at: now, matched: O.isSome(e.key) });
      return;
    case "StrayResponse":
      return;
    case "Timeout":
      w.seen.push({ _tag: "Timeout", at: now, timer: e.timer, side: e.timer === "H" ? "server" : "client" });
      return;
    case "TransportFailure":
      return;
    case "Discarded":
      w.seen.push({ _tag: "Discarded", at: now, reason: e.reason });
      return;
  }
};

/** The peer of a two-node test network. */
const other = (node: SimNode): string => (node.name === "alice" ? "bob" : "alice");

const runAgenda = (node: SimNode, w: Work, now: number): void => {
  const t = node.config.timers;
  const due = w.agenda.filter((a) => a.at <= now);
  w.agenda = w.agenda.filter((a) => a.at > now);
  for (const { action } of due) {
    switch (action._tag) {
      case "Answer": {
        // §13.3.1.4: the 2xx is retransmitted "starting with T1 ... doubled until it reaches
        // T2", until the ACK arrives or 64*T1 after the first send.
        if (action.firstAt !== null && w.acked.has(callIdOf(action.response))) break;
        if (action.firstAt === null) w.seen.push({ _tag: "Answered", at: now, status: action.response.status });
        runLayer(node, w, { _tag: "SendResponse", now, key: action.key, response: action.response });
        const firstAt = action.firstAt ?? now;
        if (action.retransmit !== null && now + action.retransmit < firstAt + 64 * t.t1) {
          w.agenda.push({
            at: now + action.retransmit,
            action: { ...action, retransmit: Math.min(action.retransmit * 2, t.t2), firstAt },
          });
        }
        break;
      }
      case "GiveUp":
        if (w.store.has(action.key)) {
          w.seen.push({ _tag: "Abandoned", at: now });
          runLayer(node, w, { _tag: "Destroy", now, key: action.key });
        }
        break;
    }
  }
};

export const endpoint: Endpoint<SimNode, Uint8Array, Command> = {
  deadline: (node) => {
    let min = Infinity;
    for (const d of node.deadlines.values()) min = Math.min(min, d);
    for (const a of node.agenda) min = Math.min(min, a.at);
    return min === Infinity ? O.none : O.some(min);
  },
  step: (node, input: NodeInput<Uint8Array, Command>) => {
    const w: Work = {
      store: new Map(node.store),
      deadlines: new Map(node.deadlines),
      agenda: [...node.agenda],
      acked: new Set(node.acked),
      seen: [...node.seen],
      out: [],
    };
    switch (input._tag) {
      case "Command": {
        runLayer(node, w, { _tag: "SendRequest", now: input.now, request: input.command.request, destination: peer(node, input.command.to) });
        // §9.1 as the TU's own guard: an INVITE with no final response is given up after 3 * 64*T1.
        for (const key of w.store.keys()) {
          if (!node.store.has(key)) w.agenda.push({ at: input.now + 3 * 64 * node.config.timers.t1, action: { _tag: "GiveUp", key } });
        }
        break;
      }
      case "Deliver": {
        const parsed = parseMessage(input.message);
        if (E.isRight(parsed)) runLayer(node, w, { _tag: "Received", now: input.now, message: parsed.right, source: peer(node, input.from) });
        else w.out.push({ _tag: "Note", text: `unparseable: ${parsed.left.detail}` });
        break;
      }
      case "Wake":
        for (const [key, at] of node.deadlines) if (at <= input.now) runLayer(node, w, { _tag: "Tick", now: input.now, key });
        runAgenda(node, w, input.now);
        break;
    }
    for (const s of w.seen.slice(node.seen.length)) if (s._tag === "Timeout") w.out.push({ _tag: "Note", text: `Timer ${s.timer} fired` });
    const next: SimNode = { ...node, store: w.store, deadlines: w.deadlines, agenda: w.agenda, acked: w.acked, seen: w.seen };
    return [next, w.out];
  },
};

/** A message as it went on the wire. */
export const decode = (bytes: Uint8Array): SipMessage | null => {
  const parsed = parseMessage(bytes);
  return E.isRight(parsed) ? parsed.right : null;
};

/** Ladder label: method for requests, status and reason for responses. */
export const label = (bytes: Uint8Array): string => {
  const m = decode(bytes);
  return m === null ? "?" : m._tag === "Request" ? m.method : `${m.status} ${m.reason}`;
};
