// The RFC 3725 third-party call controller as an application on the UA core: it makes a call
// to A and one to B and hands each the other's session description, so the media runs between
// A and B while the controller stays in both dialogs ("it is a Back-to-Back User Agent", §7).
// Flow I (§4.1, Figure 1) and Flow IV (§4.4, Figure 4, recommended by §5), the reconnect of A
// to a third party C (§7 Figure 7's sequence), and the error handling of §6.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { Application, ApplicationInput, ApplicationOutput, Registry, Step } from "@puresip/kernel";
import { Methods } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { Origin } from "@puresip/sdp";
import type { AppEvent, Body, UaCommand, UsageKey } from "@puresip/ua";
import { bodyOfMessage, withBody } from "../body.js";
import { continueOrigin, noMediaOffer } from "./sdp.js";
import type { CallOf, ControllerCommand, ControllerEntry, ControllerEvent, ControllerSession, ControllerState, Party, Role } from "./types.js";
import { ControllerEntryCodec, ControllerStateCodec } from "./types.js";

type Out = ApplicationOutput<UaCommand, ControllerEntry, ControllerEvent>;

/** How the controller writes its own o= lines (RFC 8866 §5.2): its address; and the most sessions it runs at once (default 1000). */
export interface ControllerOptions {
  readonly address: string;
  readonly maxSessions?: number;
}

/** The controller's starting state. */
export const initialControllerState: ControllerState = { making: [], sessions: 0, live: 0 };

/** The default cap on sessions at once. */
export const DEFAULT_MAX_SESSIONS = 1000;

const sessionKey = (id: string): string => `3pcc ${id}`;
const callKey = (call: UsageKey): string => `3pcc-call ${call}`;
const command = (c: UaCommand): Out => ({ _tag: "Command", command: c });
const fresh: Party = { call: null, ended: false, origin: null };

/** A working copy of one step: the outputs so far and the controller's state. */
interface Work {
  readonly out: Array<Out>;
  state: ControllerState;
}

const tell = (w: Work, event: ControllerEvent): void => {
  w.out.push({ _tag: "Deliver", event });
};

/** The session back in the registry, or — once neither party is left — forgotten. */
const save = (w: Work, s: ControllerSession): void => {
  const gone = (p: Party): boolean => p.call === null || p.ended;
  if (s.phase === "Ending" && gone(s.a) && gone(s.b)) {
    w.out.push({ _tag: "Forget", key: sessionKey(s.id) });
    w.state = { ...w.state, live: Math.max(0, w.state.live - 1) };
    tell(w, { _tag: "Ended", session: s.id });
    return;
  }
  w.out.push({ _tag: "Put", key: sessionKey(s.id), entry: s });
};

/** MakeCall for `role` of `session`; `CallCreated` (same step, in order) names the call. */
const makeCall = (w: Work, session: string, role: Role, to: Uri, body: Body | undefined): void => {
  w.out.push(command({ _tag: "MakeCall", to, ...withBody(body) }));
  w.state = { ...w.state, making: [...w.state.making, { session, role }] };
};

/** Our own o= line for a new party (RFC 8866 §5.2: a session id unique to this controller). */
const ownOrigin = (w: Work, options: ControllerOptions): Origin => {
  w.state = { ...w.state, sessions: w.state.sessions + 1 };
  return { username: "-", sessionId: String(w.state.sessions), sessionVersion: "1", netType: "IN", addrType: "IP4", unicastAddress: options.address };
};

/** Hang up every party of `s` still there, and end it (RFC 3725 §6, §7 Figure 6). */
const endAll = (w: Work, s: ControllerSession): void => {
  for (const p of [s.a, s.b]) if (p.call !== null && !p.ended) w.out.push(command({ _tag: "Hangup", call: p.call }));
  save(w, { ...s, phase: "Ending" });
};

/** Passes `body` to a party with our o= line continued; an unreadable body ends the session. */
const relayed = (w: Work, s: ControllerSession, body: Body | undefined, previous: Origin | null): readonly [Body, Origin] | undefined => {
  const sent = body === undefined ? E.left("no session description") : continueOrigin(body, previous);
  if (E.isRight(sent)) return sent.right;
  tell(w, { _tag: "Refused", session: s.id, reason: sent.left });
  endAll(w, s);
  return undefined;
};

const onCommand = (w: Work, registry: Registry<ControllerEntry>, options: ControllerOptions, c: ControllerCommand): void => {
  const existing = registry.get(sessionKey(c.session));
  const s = existing?._tag === "Session" ? existing : undefined;
  switch (c._tag) {
    case "Connect": {
      if (s !== undefined) {
        tell(w, { _tag: "Refused", session: c.session, reason: "a session of that name runs" });
        return;
      }
      if (w.state.live >= (options.maxSessions ?? DEFAULT_MAX_SESSIONS)) {
        tell(w, { _tag: "Refused", session: c.session, reason: "too many sessions at once" });
        return;
      }
      w.state = { ...w.state, live: w.state.live + 1 };
      if (c.flow === "I") {
        // Figure 1 (1): "INVITE no SDP" to A.
        makeCall(w, c.session, "A", c.a, undefined);
        save(w, { _tag: "Session", id: c.session, flow: "I", phase: "AOffer", reconnect: false, target: c.b, held: null, a: fresh, b: fresh });
      } else {
        // Figure 4 (1): "INVITE offer1 no media" to A.
        const [body, origin] = noMediaOffer(ownOrigin(w, options));
        makeCall(w, c.session, "A", c.a, body);
        save(w, { _tag: "Session", id: c.session, flow: "IV", phase: "NoMedia", reconnect: false, target: c.b, held: null, a: { ...fresh, origin }, b: fresh });
      }
      return;
    }
    case "Reconnect": {
      if (s === undefined || s.phase !== "Connected" || s.a.call === null) { tell(w, { _tag: "Refused", session: c.session, reason: "no connected session of that name" }); return; }
      // Figure 7 with the parties' roles turned: B is let go, C gets "INV no media" (3).
      if (s.b.call !== null && !s.b.ended) {
        w.out.push(command({ _tag: "Hangup", call: s.b.call }), { _tag: "Put", key: callKey(s.b.call), entry: { _tag: "CallOf", session: s.id, role: "Old" } });
      }
      const [body, origin] = noMediaOffer(ownOrigin(w, options));
      makeCall(w, c.session, "B", c.to, body);
      save(w, { ...s, phase: "NoMedia", reconnect: true, target: null, b: { ...fresh, origin } });
      return;
    }
    case "Disconnect":
      if (s === undefined) { tell(w, { _tag: "Refused", session: c.session, reason: "no session of that name" }); return; }
      endAll(w, s);
      return;
  }
};

const find = (registry: Registry<ControllerEntry>, call: UsageKey): readonly [CallOf, ControllerSession | undefined] | undefined => {
  const back = registry.get(callKey(call));
  if (back?._tag !== "CallOf") return undefined;
  const s = registry.get(sessionKey(back.session));
  return [back, s?._tag === "Session" ? s : undefined];
};

const party = (s: ControllerSession, role: "A" | "B"): Party => (role === "A" ? s.a : s.b);
const withParty = (s: ControllerSession, role: "A" | "B", p: Party): ControllerSession => (role === "A" ? { ...s, a: p } : { ...s, b: p });

/** The other party's final response to a re-offer relayed from `held.from`: its answer (our o= line continued) or its failure. */
const relayAnswer = (w: Work, s: ControllerSession, held: NonNullable<ControllerSession["held"]>, status: number, body: Body | undefined): void => {
  const first = party(s, held.from);
  const next = { ...s, held: null };
  if (first.call === null || first.ended) {
    save(w, next);
    return;
  }
  const ok = status >= 200 && status < 300;
  const sent = ok && body !== undefined ? continueOrigin(body, first.origin) : undefined;
  if (sent !== undefined && E.isRight(sent)) {
    w.out.push(command({ _tag: "RespondTo", call: first.call, request: held.request, status: 200, body: sent.right[0] }));
    save(w, withParty(next, held.from, { ...first, origin: sent.right[1] }));
    return;
  }
  // A failure is the first party's too; a 2xx without a readable answer is a 500 (§21.5.1).
  w.out.push(command({ _tag: "RespondTo", call: first.call, request: held.request, status: ok ? 500 : status }));
  save(w, next);
};

/** `CallCreated`/`CallNotMade` for the oldest call asked for. */
const onMade = (w: Work, registry: Registry<ControllerEntry>, e: Extract<AppEvent, { _tag: "CallCreated" | "CallNotMade" }>): void => {
  const [first, ...rest] = w.state.making;
  w.state = { ...w.state, making: rest };
  if (first === undefined || first.role === "Old") return;
  const found = registry.get(sessionKey(first.session));
  const s = found?._tag === "Session" ? found : undefined;
  if (e._tag === "CallNotMade") {
    if (s === undefined) return;
    tell(w, { _tag: "Failed", session: s.id, leg: first.role, status: 500 });
    endAll(w, s);
    return;
  }
  if (s === undefined) {
    w.out.push(command({ _tag: "Hangup", call: e.call }));
    return;
  }
  w.out.push({ _tag: "Put", key: callKey(e.call), entry: { _tag: "CallOf", session: s.id, role: first.role } });
  save(w, withParty(s, first.role, { ...party(s, first.role), call: e.call }));
};

/** The flows' steps, by what the session waits for (RFC 3725 Figures 1, 4 and 7). */
/** The events of a call in a session. */
type CallEvent = Extract<AppEvent, { readonly _tag: "AnswerNeeded" | "CallEstablished" | "ReofferDone" | "CallFailed" | "CallEnded" | "InDialogRequest" | "CallProgress" | "CallMedia" | "InDialogDone" }>;
const callEvents: ReadonlySet<string> = new Set(["AnswerNeeded", "CallEstablished", "ReofferDone", "CallFailed", "CallEnded", "InDialogRequest", "CallProgress", "CallMedia", "InDialogDone"]);
const isCallEvent = (e: AppEvent): e is CallEvent => callEvents.has(e._tag);

const onCall = (w: Work, role: "A" | "B", s: ControllerSession, e: CallEvent): void => {
  switch (e._tag) {
    case "AnswerNeeded": {
      const offer = bodyOfMessage(e.response);
      if (role === "A" && s.phase === "AOffer" && s.target !== null) {
        // Figure 1 (2)→(3): A's 200 carries offer1; it goes to B in an INVITE, as it is.
        const sent = relayed(w, s, offer, null);
        if (sent === undefined) return;
        makeCall(w, s.id, "B", s.target, sent[0]);
        save(w, { ...s, phase: "BAnswer", target: null, b: { ...s.b, origin: sent[1] } });
        return;
      }
      if (role === "B" && s.phase === "BOffer") {
        // Figure 4 (5)→(6): B's 200 carries offer2; A gets it as offer2', our o= line one version on.
        const sent = relayed(w, s, offer, s.a.origin);
        if (sent === undefined || s.a.call === null) return;
        w.out.push(command({ _tag: "Reoffer", call: s.a.call, body: sent[0] }));
        save(w, { ...s, phase: "AAnswer", a: { ...s.a, origin: sent[1] } });
        return;
      }
      if (role === "A" && s.phase === "AReoffer") {
        // Figure 7 (7)→(8): A's 200 to the offerless re-INVITE carries offer3; C gets offer3'.
        const sent = relayed(w, s, offer, s.b.origin);
        if (sent === undefined || s.b.call === null) return;
        w.out.push(command({ _tag: "Reoffer", call: s.b.call, body: sent[0] }));
        save(w, { ...s, phase: "CAnswer", b: { ...s.b, origin: sent[1] } });
      }
      return;
    }
    case "CallEstablished": {
      if (role === "B" && s.phase === "BAnswer" && s.a.call !== null) {
        // Figure 1 (4)→(5),(6): B's 200 carries answer1; the UA core ACKs B, A gets answer1 in its ACK.
        const sent = relayed(w, s, e.body, s.a.origin);
        if (sent === undefined) return;
        w.out.push(command({ _tag: "Answer", call: s.a.call, body: sent[0] }));
        tell(w, { _tag: "Connected", session: s.id });
        save(w, { ...s, phase: "Connected", a: { ...s.a, origin: sent[1] } });
        return;
      }
      if (s.phase !== "NoMedia") return;
      if (role === "A" && !s.reconnect && s.target !== null) {
        // Figure 4 (2)→(3),(4): A answered with no media (the UA core ACKs); B gets an INVITE without SDP.
        makeCall(w, s.id, "B", s.target, undefined);
        save(w, { ...s, phase: "BOffer", target: null });
        return;
      }
      if (role === "B" && s.reconnect && s.a.call !== null) {
        // Figure 7 (4)→(5),(6): C answered with no media (the UA core ACKs); A gets a re-INVITE without SDP.
        w.out.push(command({ _tag: "Reoffer", call: s.a.call, offerless: true }));
        save(w, { ...s, phase: "AReoffer" });
      }
      return;
    }
    case "ReofferDone": {
      if (s.held !== null && s.held.from !== role) {
        relayAnswer(w, s, s.held, e.status, e.body);
        return;
      }
      const waiting = (role === "A" && s.phase === "AAnswer") || (role === "B" && s.phase === "CAnswer");
      if (!waiting) return;
      if (e.status < 200 || e.status >= 300) {
        tell(w, { _tag: "Failed", session: s.id, leg: role, status: e.status });
        endAll(w, s);
        return;
      }
      // Figure 4 (7)→(8): answer2' goes to B in its ACK. Figure 7 (9)→(11): answer3' to A in its ACK, as answer3.
      const to: "A" | "B" = role === "A" ? "B" : "A";
      const target = party(s, to);
      const sent = relayed(w, s, e.body, target.origin);
      if (sent === undefined || target.call === null) return;
      w.out.push(command({ _tag: "Answer", call: target.call, body: sent[0] }));
      tell(w, { _tag: s.reconnect ? "Reconnected" : "Connected", session: s.id });
      save(w, withParty({ ...s, phase: "Connected", reconnect: false }, to, { ...target, origin: sent[1] }));
      return;
    }
    case "CallFailed": {
      if (s.phase === "Ending" || s.phase === "Connected") return;
      // §6: "If the call attempt to B should fail, it is RECOMMENDED that the controller send a BYE to A."
      tell(w, { _tag: "Failed", session: s.id, leg: role, status: e.status });
      endAll(w, s);
      return;
    }
    case "CallEnded": {
      // §15.1.2: a re-offer held for the party that left is answered (481: that dialog is gone).
      const survivor = party(s, role === "A" ? "B" : "A");
      if (s.held !== null && s.held.from !== role && survivor.call !== null) w.out.push(command({ _tag: "RespondTo", call: survivor.call, request: s.held.request, status: 481 }));
      const ended = withParty({ ...s, held: null }, role, { ...party(s, role), ended: true });
      // §7 Figure 6: a BYE from one party; the controller hangs up the other.
      endAll(w, ended);
      return;
    }
    case "InDialogRequest": {
      const reoffer = e.request.method === Methods.INVITE || e.request.method === Methods.UPDATE;
      const to: "A" | "B" = role === "A" ? "B" : "A";
      const other = party(s, to);
      const offer = bodyOfMessage(e.request);
      if (reoffer && s.phase === "Connected" && s.held === null && other.call !== null && !other.ended && offer !== undefined) {
        // §7: "if it receives a re-INVITE from one of the participants, it can forward it to the
        // other participant", with our o= line toward that participant continued.
        const sent = continueOrigin(offer, other.origin);
        if (E.isRight(sent)) {
          w.out.push(command({ _tag: "Reoffer", call: other.call, via: e.request.method === Methods.UPDATE ? "UPDATE" : "INVITE", body: sent.right[0] }));
          save(w, withParty({ ...s, held: { from: role, request: e.request } }, to, { ...other, origin: sent.right[1] }));
          return;
        }
      }
      // §6 (Figure 5): a re-offer the controller cannot pass on now gets 491; other requests are not relayed (501).
      w.out.push(command({ _tag: "RespondTo", call: e.call, request: e.request, status: reoffer ? (offer === undefined ? 488 : 491) : 501 }));
      return;
    }
    case "CallProgress":
    case "CallMedia":
    case "InDialogDone":
      // The parties ring and negotiate with each other; the flows need neither.
      return;
    default:
      absurd(e);
  }
};

const onDelivered = (w: Work, registry: Registry<ControllerEntry>, e: AppEvent): void => {
  if (e._tag === "CallCreated" || e._tag === "CallNotMade") { onMade(w, registry, e); return; }
  // The controller only calls out: an incoming call is declined (§21.6.4 603).
  if (e._tag === "IncomingCall") {
    w.out.push(command({ _tag: "Reject", call: e.call, status: 603 }));
    return;
  }
  if (!isCallEvent(e)) return;
  const found = find(registry, e.call);
  if (found === undefined) {
    if (e._tag === "InDialogRequest") w.out.push(command({ _tag: "RespondTo", call: e.call, request: e.request, status: 481 }));
    return;
  }
  const [back, s] = found;
  if (e._tag === "CallEnded") w.out.push({ _tag: "Forget", key: callKey(e.call) });
  if (back.role === "Old" || s === undefined) {
    if (e._tag === "InDialogRequest") w.out.push(command({ _tag: "RespondTo", call: e.call, request: e.request, status: 481 }));
    return;
  }
  onCall(w, back.role, s, e);
};

/**
 * The RFC 3725 controller as an application on the UA core: `withApplication(uaElement(config),
 * thirdPartyController({ address }))`, the UA core without `media` (the parties' SDP is passed
 * between them). The owner speaks `ControllerCommand` and hears `ControllerEvent`.
 */
export const thirdPartyController = (options: ControllerOptions): Application<ControllerState, ControllerEntry, UaCommand, AppEvent, ControllerCommand, ControllerEvent> => ({
  step: (registry, state, input: ApplicationInput<AppEvent, ControllerCommand>): Step<ControllerState, Out> => {
    const w: Work = { out: [], state };
    if (input._tag === "Command") onCommand(w, registry, options, input.command);
    else if (input._tag === "Delivered") onDelivered(w, registry, input.event);
    return [w.state, w.out];
  },
  nextDeadline: () => O.none,
  codec: { state: ControllerStateCodec, entry: ControllerEntryCodec },
});
