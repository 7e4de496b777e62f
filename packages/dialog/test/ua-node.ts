// A test shell: one user agent on the simulated network of @puresip/testkit, composing the
// transaction layer of @puresip/transaction with this package's INVITE session reducer. It is
// the adapter DESIGN.md describes, in miniature: it keeps the registry (a map of transactions
// and one session), interprets effects in order and feeds follow-up events back in.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseMessage, serializeMessage, setHeader } from "@puresip/message";
import type { Method, SipMessage, SipRequest } from "@puresip/message";
import type { Endpoint, NodeInput, NodeOutput } from "@puresip/testkit";
import { defaultLayerConfig, serverKeyOfRequest, step as layerStep } from "@puresip/transaction";
import type { LayerEffect, LayerEvent, Peer, Transaction, TransactionKey } from "@puresip/transaction";
import { isInDialogRequest, rejectNoDialog, sessionDeadline, startUac, startUas, stepSession } from "../src/index.js";
import type { Body, InviteSession, SessionConfig, SessionEffect, SessionEvent, SessionNotice } from "../src/index.js";
import { aliceContact, aliceInvite, bobContact, bobTag, config, sdp, via } from "./session-fixtures.js";

/** What the callee's application does with an INVITE: responses after delays (ms). */
export interface CalleeScript {
  readonly responses: ReadonlyArray<{ readonly delay: number; readonly status: number; readonly body?: Body }>;
  /** Status for a re-INVITE (answered at once, with an answer body when 2xx). */
  readonly reinvite: number;
}

/** `prackOffer`: the caller supports 100rel and offers this body in a PRACK (RFC 3262 §5). */
export type Command = { readonly _tag: "Call"; readonly offer: boolean; readonly prackOffer?: Body } | { readonly _tag: "Cancel" } | { readonly _tag: "Hangup" } | { readonly _tag: "Reinvite" };

export interface UaState {
  readonly peer: string;
  readonly txs: ReadonlyMap<TransactionKey, { readonly tx: Transaction; readonly deadline: O.Option<number>; readonly method: Method }>;
  readonly session: InviteSession | null;
  readonly callee: CalleeScript | null;
  readonly appAgenda: ReadonlyArray<{ readonly at: number; readonly event: SessionEvent }>;
  readonly notices: ReadonlyArray<SessionNotice>;
  readonly seed: number;
  readonly config: SessionConfig;
}

export const ua = (peer: string, seed: number, callee: CalleeScript | null = null, sessionConfig: SessionConfig = config): UaState => ({
  peer,
  txs: new Map(),
  session: null,
  callee,
  appAgenda: [],
  notices: [],
  seed,
  config: sessionConfig,
});

type Wire = Uint8Array;

const peerOf = (name: string): Peer => ({ transport: "UDP", host: name, port: 5060 });

const noticeText = (n: SessionNotice): string => {
  switch (n._tag) {
    case "Provisional":
      return `app: ${n.response.status}`;
    case "AnswerNeeded":
      return "app: AnswerNeeded";
    case "Failed":
    case "ReinviteDone":
    case "UpdateDone":
    case "PrackDone":
      return `app: ${n._tag} ${n.status}`;
    case "Ended":
      return `app: Ended ${n.reason}`;
    case "ProtocolError":
      return `app: ProtocolError ${n.reason}`;
    case "Established":
    case "IncomingReinvite":
    case "InDialogRequest":
    case "IncomingUpdate":
    case "IncomingPrack":
    case "SessionExpired":
      return `app: ${n._tag}`;
  }
};

/** Runs one input through the layer and the session until no follow-up is left. */
const react = (start: UaState, now: number, first: ReadonlyArray<{ readonly layer?: LayerEvent; readonly session?: SessionEvent }>): readonly [UaState, ReadonlyArray<NodeOutput<Wire>>] => {
  let s = start;
  const txs = new Map(s.txs);
  const out: Array<NodeOutput<Wire>> = [];
  const queue = [...first];
  const methods = new Map<TransactionKey, Method>([...s.txs].map(([k, v]) => [k, v.method]));
  const toSession = (event: SessionEvent): void => {
    if (s.session === null) return;
    const [session, effects] = stepSession(s.session, event);
    s = { ...s, session };
    for (const e of effects) sessionEffect(e);
  };
  const sessionEffect = (e: SessionEffect): void => {
    switch (e._tag) {
      case "SendRequest":
        queue.push({ layer: { _tag: "SendRequest", now, request: e.request, destination: peerOf(s.peer) } });
        break;
      case "SendResponse": {
        const key = serverKeyOfRequest(e.request);
        if (E.isRight(key)) queue.push({ layer: { _tag: "SendResponse", now, key: key.right, response: e.response } });
        break;
      }
      case "Notify":
        s = { ...s, notices: [...s.notices, e.notice] };
        out.push({ _tag: "Note", text: noticeText(e.notice) });
        if (e.notice._tag === "IncomingUpdate") {
          const request = e.notice.request;
          s = { ...s, appAgenda: [...s.appAgenda, { at: now, event: { _tag: "RespondTo", now, request, status: 200, body: sdp("v=0 update answer\r\n") } }] };
        }
        if (e.notice._tag === "IncomingPrack") {
          const request = e.notice.request;
          s = { ...s, appAgenda: [...s.appAgenda, { at: now, event: { _tag: "RespondTo", now, request, status: 200, body: sdp("v=0 prack answer\r\n") } }] };
        }
        if (e.notice._tag === "IncomingReinvite" && s.callee !== null) {
          const ok = s.callee.reinvite;
          s = { ...s, appAgenda: [...s.appAgenda, { at: now, event: { _tag: "Respond", now, status: ok, ...(ok < 300 ? { body: sdp("v=0 answer\r\n") } : {}) } }] };
        }
        break;
      case "Forget":
      case "Discarded":
        if (e._tag === "Discarded") out.push({ _tag: "Note", text: `discarded: ${e.reason}` });
        break;
    }
  };
  const newRequest = (request: SipRequest, key: TransactionKey): void => {
    if (s.session === null && request.method === "INVITE" && !isInDialogRequest(request) && s.callee !== null) {
      const [session, effects] = startUas({ now, invite: request, toTag: bobTag, localContact: bobContact, localVia: via("bob", "z9hG4bKx"), seed: s.seed, config: s.config });
      s = { ...s, session, appAgenda: [...s.appAgenda, ...s.callee.responses.map((r) => ({ at: now + r.delay, event: { _tag: "Respond" as const, now: now + r.delay, status: r.status, ...(r.body === undefined ? {} : { body: r.body }) } }))] };
      for (const e of effects) sessionEffect(e);
      return;
    }
    if (s.session === null || s.session._tag === "Ended") {
      // §12.2.2: nothing to match: 481.
      const outcome = rejectNoDialog(request);
      if (outcome._tag === "Respond") queue.push({ layer: { _tag: "SendResponse", now, key, response: outcome.response } });
      return;
    }
    toSession({ _tag: "Received", now, message: request });
  };
  const layerEffect = (e: LayerEffect): void => {
    switch (e._tag) {
      case "Store":
        txs.set(e.key, { tx: e.transaction, deadline: e.deadline, method: methods.get(e.key) ?? ("INVITE" as Method) });
        break;
      case "Forget":
        txs.delete(e.key);
        break;
      case "Transmit":
        out.push({ _tag: "Send", to: e.destination.host, message: serializeMessage(e.message) });
        break;
      case "NewRequest":
        newRequest(e.request, e.key);
        break;
      case "Response":
      case "StrayResponse":
        toSession({ _tag: "Received", now, message: e.response });
        break;
      case "Ack":
        toSession({ _tag: "Received", now, message: e.request });
        break;
      case "Timeout":
      case "TransportFailure":
        toSession({ _tag: "Timeout", now, method: methods.get(e.key) ?? ("INVITE" as Method) });
        break;
      case "Discarded":
        break;
    }
  };
  for (let i = 0; i < 1000 && queue.length > 0; i++) {
    const item = queue.shift()!;
    if (item.session !== undefined) toSession(item.session);
    if (item.layer !== undefined) {
      const ev = item.layer;
      const effects = layerStep(defaultLayerConfig)({ get: (k) => txs.get(k)?.tx }, ev);
      // Remember each client transaction's method, for its Timeout.
      if (ev._tag === "SendRequest") for (const e of effects) if (e._tag === "Store") methods.set(e.key, ev.request.method);
      for (const e of effects) layerEffect(e);
    }
  }
  return [{ ...s, txs: new Map([...txs].map(([k, v]) => [k, { ...v, method: methods.get(k) ?? v.method }])) }, out];
};

const earliest = (values: ReadonlyArray<number>): O.Option<number> => (values.length === 0 ? O.none : O.some(Math.min(...values)));

export const endpoint: Endpoint<UaState, Wire, Command> = {
  deadline: (s) => {
    const times: Array<number> = [];
    for (const { deadline } of s.txs.values()) if (O.isSome(deadline)) times.push(deadline.value);
    if (s.session !== null) {
      const d = sessionDeadline(s.session);
      if (O.isSome(d)) times.push(d.value);
    }
    for (const a of s.appAgenda) times.push(a.at);
    return earliest(times);
  },
  step: (s, input: NodeInput<Wire, Command>) => {
    const now = input.now;
    switch (input._tag) {
      case "Deliver": {
        const parsed = parseMessage(input.message);
        if (E.isLeft(parsed)) return [s, [{ _tag: "Note", text: "unparsable message dropped" }]];
        const message: SipMessage = parsed.right;
        return react(s, now, [{ layer: { _tag: "Received", now, message, source: peerOf(input.from) } }]);
      }
      case "Wake": {
        const due: Array<{ layer?: LayerEvent; session?: SessionEvent }> = [];
        for (const [key, { deadline }] of s.txs) if (O.isSome(deadline) && deadline.value <= now) due.push({ layer: { _tag: "Tick", now, key } });
        if (s.session !== null && O.exists((d: number) => d <= now)(sessionDeadline(s.session))) due.push({ session: { _tag: "Tick", now } });
        const app = s.appAgenda.filter((a) => a.at <= now);
        for (const a of app) due.push({ session: { ...a.event, now } });
        return react({ ...s, appAgenda: s.appAgenda.filter((a) => a.at > now) }, now, due);
      }
      case "Command": {
        const c = input.command;
        if (c._tag === "Call") {
          const invite = c.prackOffer === undefined ? E.right(aliceInvite(c.offer)) : setHeader("Supported", "100rel")(aliceInvite(c.offer));
          if (E.isLeft(invite)) return [s, [{ _tag: "Note", text: "INVITE could not be built" }]];
          const [session, effects] = startUac({ now, invite: invite.right, localContact: aliceContact, seed: s.seed, config, ...(c.prackOffer === undefined ? {} : { prackOffer: c.prackOffer }) });
          const sends = effects.flatMap((e) => (e._tag === "SendRequest" ? [{ layer: { _tag: "SendRequest" as const, now, request: e.request, destination: peerOf(s.peer) } }] : []));
          return react({ ...s, session }, now, sends);
        }
        return react(s, now, [{ session: c._tag === "Reinvite" ? { _tag: "Reinvite", now, body: sdp("v=0 new offer\r\n") } : { _tag: c._tag, now } }]);
      }
    }
  },
};

/** A message's label on a ladder: the method, or status and reason. */
export const wireLabel = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : `${parsed.right.status} ${parsed.right.reason}`;
};
