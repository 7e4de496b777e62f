// One user agent for the dialog tests: this package's INVITE session as the transaction user
// of @puresip/transaction's layer (`layerElement`), run by testkit's engine node — the kernel's
// engine, as in production — on the simulated network. What the test adds is only the TU
// wiring of one session and the callee's application (a policy of delayed responses).
import { SeedCodec, seedFromWords } from "@puresip/kernel";
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { parseMessage, setHeader } from "@puresip/message";
import type { Method, SipRequest } from "@puresip/message";
import type { Policy, SimNode } from "@puresip/testkit";
import { engineEndpoint, peerOf, simNode } from "@puresip/testkit";
import { clientKeyOfRequest, defaultLayerConfig, layerElement, serverKeyOfRequest } from "@puresip/transaction";
import type { LayerEntry, TuInput, TuOutput } from "@puresip/transaction";
import { InviteSessionCodec, isInDialogRequest, rejectNoDialog, sessionDeadline, startUac, startUas, stepSession } from "../src/index.js";
import type { Body, InviteSession, SessionConfig, SessionEffect, SessionEvent, SessionNotice } from "../src/index.js";
import { aliceContact, aliceInvite, bobContact, bobTag, config, sdp, via } from "./session-fixtures.js";

/** What the callee's application does with an INVITE: responses after delays (ms). */
export interface CalleeScript {
  readonly responses: ReadonlyArray<{ readonly delay: number; readonly status: number; readonly body?: Body }>;
  /** Status for a re-INVITE (answered at once, with an answer body when 2xx). */
  readonly reinvite: number;
}

/** `prackOffer`: the caller supports 100rel and offers this body in a PRACK (RFC 3262 §5). */
export type Command =
  | { readonly _tag: "Call"; readonly offer: boolean; readonly prackOffer?: Body }
  | { readonly _tag: "Cancel" }
  | { readonly _tag: "Hangup" }
  | { readonly _tag: "Reinvite" }
  | { readonly _tag: "Respond"; readonly status: number; readonly body?: Body }
  | { readonly _tag: "RespondTo"; readonly request: SipRequest; readonly status: number; readonly body: Body };

/** What the UA tells its application: the session's notices, and a new INVITE to answer. */
export type AppEvent = SessionNotice | { readonly _tag: "IncomingInvite" } | { readonly _tag: "Discarded"; readonly reason: string };

/** The TU's state: the one session, its seed, and each client transaction's method (for its Timeout). */
export interface TuState {
  readonly session: InviteSession | null;
  readonly seed: Seed;
  readonly methods: ReadonlyArray<readonly [string, string]>;
}

const TuStateCodec: t.Type<TuState, unknown> = t.readonly(
  t.type({ session: t.union([t.null, InviteSessionCodec]), seed: SeedCodec, methods: t.readonlyArray(t.readonly(t.tuple([t.string, t.string]))) }),
);

export type UaNode = SimNode<TuState, LayerEntry, Command, AppEvent>;

/** The session's effects as TU outputs: requests and responses into the layer, notices to the application. */
const outputs = (peer: string, now: number, effects: ReadonlyArray<SessionEffect>): { readonly out: ReadonlyArray<TuOutput<AppEvent>>; readonly methods: ReadonlyArray<readonly [string, string]> } => {
  const out: Array<TuOutput<AppEvent>> = [];
  const methods: Array<readonly [string, string]> = [];
  for (const e of effects) {
    switch (e._tag) {
      case "SendRequest": {
        const key = clientKeyOfRequest(e.request);
        if (E.isRight(key)) methods.push([key.right, e.request.method]);
        out.push({ _tag: "Layer", event: { _tag: "SendRequest", now, request: e.request, destination: peerOf(peer) } });
        break;
      }
      case "SendResponse": {
        const key = serverKeyOfRequest(e.request);
        if (E.isRight(key)) out.push({ _tag: "Layer", event: { _tag: "SendResponse", now, key: key.right, response: e.response } });
        break;
      }
      case "Notify":
        out.push({ _tag: "Deliver", event: e.notice });
        break;
      case "Discarded":
        out.push({ _tag: "Deliver", event: { _tag: "Discarded", reason: e.reason } });
        break;
      case "Forget":
        break;
    }
  }
  return { out, methods };
};

const commandEvent = (c: Exclude<Command, { readonly _tag: "Call" }>, now: number): SessionEvent => {
  switch (c._tag) {
    case "Reinvite":
      return { _tag: "Reinvite", now, body: sdp("v=0 new offer\r\n") };
    case "Respond":
      return { _tag: "Respond", now, status: c.status, ...(c.body === undefined ? {} : { body: c.body }) };
    case "RespondTo":
      return { _tag: "RespondTo", now, request: c.request, status: c.status, body: c.body };
    case "Cancel":
    case "Hangup":
      return { _tag: c._tag, now };
  }
};

/** The TU of one UA whose peer is `peer`; `answers`: it takes INVITEs (as the callee). */
const tu = (peer: string, answers: boolean, sessionConfig: SessionConfig) => {
  const run = (s: TuState, started: readonly [InviteSession, ReadonlyArray<SessionEffect>], now: number, extra: ReadonlyArray<TuOutput<AppEvent>> = []): readonly [TuState, ReadonlyArray<TuOutput<AppEvent>>] => {
    const [session, effects] = started;
    const { out, methods } = outputs(peer, now, effects);
    const wake: TuOutput<AppEvent> = { _tag: "WakeAt", at: sessionDeadline(session) };
    return [{ ...s, session, methods: [...s.methods, ...methods] }, [...extra, ...out, wake]];
  };
  const toSession = (s: TuState, event: SessionEvent, now: number): readonly [TuState, ReadonlyArray<TuOutput<AppEvent>>] =>
    s.session === null ? [s, []] : run(s, stepSession(s.session, event), now);
  const react = (s: TuState, input: TuInput<Command>, now: number): readonly [TuState, ReadonlyArray<TuOutput<AppEvent>>] => {
    switch (input._tag) {
      case "Command": {
        const c = input.command;
        if (c._tag !== "Call") return toSession(s, commandEvent(c, now), now);
        const invite = c.prackOffer === undefined ? E.right(aliceInvite(c.offer)) : setHeader("Supported", "100rel")(aliceInvite(c.offer));
        if (E.isLeft(invite)) return [s, []];
        return run(s, startUac({ now, invite: invite.right, localContact: aliceContact, seed: s.seed, config, ...(c.prackOffer === undefined ? {} : { prackOffer: c.prackOffer }) }), now);
      }
      case "NewRequest": {
        const request = input.request;
        if (s.session === null && request.method === "INVITE" && !isInDialogRequest(request) && answers) {
          const started = startUas({ now, invite: request, toTag: bobTag, localContact: bobContact, localVia: via("bob", "z9hG4bKx"), seed: s.seed, config: sessionConfig });
          return run(s, started, now, [{ _tag: "Deliver", event: { _tag: "IncomingInvite" } }]);
        }
        if (s.session === null || s.session._tag === "Ended") {
          // §12.2.2: nothing to match: 481.
          const outcome = rejectNoDialog(request);
          return [s, outcome._tag === "Respond" ? [{ _tag: "Layer", event: { _tag: "SendResponse", now, key: input.key, response: outcome.response } }] : []];
        }
        return toSession(s, { _tag: "Received", now, message: request }, now);
      }
      case "Response":
      case "StrayResponse":
        return toSession(s, { _tag: "Received", now, message: input.response }, now);
      case "Ack":
        return toSession(s, { _tag: "Received", now, message: input.request }, now);
      case "Timeout":
      case "TransportFailure": {
        const method = (s.methods.find(([k]) => k === input.key)?.[1] ?? "INVITE") as Method;
        return toSession(s, { _tag: "Timeout", now, method }, now);
      }
      case "Wake":
        return toSession(s, { _tag: "Tick", now }, now);
      case "Discarded":
      case "Resolved":
        return [s, []];
    }
  };
  return layerElement(defaultLayerConfig, { codec: TuStateCodec, react });
};

/** The callee's application: its script's responses, and answers to re-INVITEs, UPDATEs and PRACKs. */
const calleePolicy = (callee: CalleeScript | null): Policy<Command, AppEvent> => (event) => {
  switch (event._tag) {
    case "IncomingInvite":
      return (callee?.responses ?? []).map((r) => ({ delay: r.delay, command: { _tag: "Respond", status: r.status, ...(r.body === undefined ? {} : { body: r.body }) } }));
    case "IncomingReinvite": {
      if (callee === null) return [];
      const ok = callee.reinvite;
      return [{ delay: 0, command: { _tag: "Respond", status: ok, ...(ok < 300 ? { body: sdp("v=0 answer\r\n") } : {}) } }];
    }
    case "IncomingUpdate":
      return [{ delay: 0, command: { _tag: "RespondTo", request: event.request, status: 200, body: sdp("v=0 update answer\r\n") } }];
    case "IncomingPrack":
      return [{ delay: 0, command: { _tag: "RespondTo", request: event.request, status: 200, body: sdp("v=0 prack answer\r\n") } }];
    case "Provisional":
    case "AnswerNeeded":
    case "Established":
    case "Failed":
    case "Ended":
    case "ReinviteDone":
    case "ReinviteAcked":
    case "UpdateDone":
    case "PrackDone":
    case "InDialogRequest":
    case "SessionExpired":
    case "ProtocolError":
    case "Discarded":
      return [];
  }
};

const noticeText = (n: AppEvent): string | undefined => {
  switch (n._tag) {
    case "Provisional":
      return String(n.response.status);
    case "Failed":
    case "ReinviteDone":
    case "UpdateDone":
    case "PrackDone":
      return `${n._tag} ${String(n.status)}`;
    case "Ended":
      return `Ended ${n.reason}`;
    case "ProtocolError":
      return `ProtocolError ${n.reason}`;
    case "IncomingInvite":
      return undefined;
    case "Discarded":
      return `discarded: ${n.reason}`;
    case "AnswerNeeded":
    case "Established":
    case "IncomingReinvite":
    case "ReinviteAcked":
    case "InDialogRequest":
    case "IncomingUpdate":
    case "IncomingPrack":
    case "SessionExpired":
      return n._tag;
  }
};

/** A UA whose peer is `peer`, drawing its branches from the kernel's generator seeded with `seed`; a callee when `callee` is given. */
export const ua = (peer: string, seed: number, callee: CalleeScript | null = null, sessionConfig: SessionConfig = config): UaNode =>
  simNode({ name: peer === "bob" ? "alice" : "bob", element: tu(peer, callee !== null, sessionConfig), start: { state: { session: null, seed: seedFromWords([seed]), methods: [] }, entries: [] }, policy: calleePolicy(callee), describe: noticeText });

export const endpoint = engineEndpoint<TuState, LayerEntry, Command, AppEvent>();

/** The node's session (null before the first INVITE). */
export const sessionOf = (n: UaNode): InviteSession | null => n.engine.state().session;
/** Live transactions (the TU's own timer is not one). */
export const transactionsOf = (n: UaNode): number => [...n.engine.registry.values()].filter((e) => e._tag !== "TuTimer").length;
/** What the session told the application, in order. */
export const noticesOf = (n: UaNode): ReadonlyArray<SessionNotice> =>
  (n.log ?? []).flatMap(({ event }) => (event._tag === "IncomingInvite" || event._tag === "Discarded" ? [] : [event]));

/** A message's label on a ladder: the method, or status and reason. */
export const wireLabel = (m: Uint8Array): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : `${parsed.right.status} ${parsed.right.reason}`;
};

export type { UaNode as UaState };
