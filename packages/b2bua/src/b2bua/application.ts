// The B2BUA building block (RFC 3261 §6: "a logical entity that receives a request and
// processes it as a user agent server (UAS). In order to determine how the request should be
// answered, it acts as a user agent client (UAC) and generates requests"): an `Application`
// on the UA core. Each side keeps its own dialog state in the UA core (CSeq, tags, route set);
// the application only links the two calls and relays what one side says to the other, bodies
// passed through unchanged. The user's routing is a pure function (`B2buaLogic`).
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { Application, ApplicationInput, ApplicationOutput, Registry, Step } from "@puresip/kernel";
import { Methods } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Body } from "@puresip/dialog";
import type { AppEvent, UaCommand, UsageKey } from "@puresip/ua";
import { bodyOfMessage, withBody } from "../body.js";
import { legKey, linkKey } from "./keys.js";
import type { B2buaEntry, B2buaEvent, B2buaOptions, B2buaState, Link, Relay, Side } from "./types.js";
import { B2buaEntryCodec, B2buaStateCodec } from "./types.js";

type Out = ApplicationOutput<UaCommand, B2buaEntry, B2buaEvent>;
type Found = { readonly link: Link; readonly side: Side };

/** The events of a call in a link. */
type LegEvent = Extract<
  AppEvent,
  { readonly _tag: "CallProgress" | "AnswerNeeded" | "CallEstablished" | "CallFailed" | "CallEnded" | "InDialogRequest" | "ReofferDone" | "ReinviteAcked" | "InDialogDone" | "CallMedia" }
>;
const legEvents: ReadonlySet<string> = new Set(["CallProgress", "AnswerNeeded", "CallEstablished", "CallFailed", "CallEnded", "InDialogRequest", "ReofferDone", "ReinviteAcked", "InDialogDone", "CallMedia"]);
const isLegEvent = (e: AppEvent): e is LegEvent => legEvents.has(e._tag);

/** The B2BUA's starting state. */
export const initialB2buaState: B2buaState = { links: 0, making: [] };

/** The default cap on links. */
export const DEFAULT_MAX_LINKS = 1000;

/** The link a call belongs to, and which side of it the call is. */
const find = (registry: Registry<B2buaEntry>, call: UsageKey): Found | undefined => {
  const own = registry.get(linkKey(call));
  if (own?._tag === "Link") return { link: own, side: "A" };
  const back = registry.get(legKey(call));
  if (back?._tag !== "LegOf") return undefined;
  const link = registry.get(linkKey(back.a));
  return link?._tag === "Link" && link.b === call ? { link, side: "B" } : undefined;
};

const command = (c: UaCommand): Out => ({ _tag: "Command", command: c });

/**
 * The link after a change: put back, or — once neither call is left — forgotten with its
 * reverse entry ("nothing left behind when both legs end").
 */
const settle = (state: B2buaState, link: Link, out: Array<Out>): B2buaState => {
  const bGone = link.b === null || link.bState === "Ended";
  if (link.aState !== "Ended" || !bGone) {
    out.push({ _tag: "Put", key: linkKey(link.a), entry: link });
    return state;
  }
  out.push({ _tag: "Forget", key: linkKey(link.a) });
  if (link.b !== null) out.push({ _tag: "Forget", key: legKey(link.b) });
  out.push({ _tag: "Deliver", event: { _tag: "Unlinked", a: link.a } });
  return { ...state, links: Math.max(0, state.links - 1) };
};

/** §13.3.1: a new incoming call is routed by the user's logic, or refused. */
const incoming = (options: B2buaOptions, state: B2buaState, e: Extract<AppEvent, { _tag: "IncomingCall" }>, out: Array<Out>): B2buaState => {
  const refuse = (status: number): B2buaState => {
    out.push(command({ _tag: "Reject", call: e.call, status }), { _tag: "Deliver", event: { _tag: "Refused", a: e.call, status } });
    return state;
  };
  // §21.5.4 503 Service Unavailable: "temporarily unable to process the request due to a temporary overloading".
  if (state.links >= (options.maxLinks ?? DEFAULT_MAX_LINKS)) return refuse(503);
  const decision = options.logic(e.invite, e.offer);
  if (decision._tag === "Reject") return refuse(decision.status >= 300 && decision.status <= 699 ? decision.status : 500);
  const link: Link = { _tag: "Link", a: e.call, b: null, aState: "Ringing", bState: "Calling", ackOwed: false, relay: null, info: null };
  out.push(
    { _tag: "Put", key: linkKey(e.call), entry: link },
    command({
      _tag: "MakeCall",
      to: decision.target,
      ...(decision.toName === undefined ? {} : { toName: decision.toName }),
      ...(decision.headers === undefined ? {} : { headers: decision.headers }),
      ...withBody(bodyOfMessage(e.invite)),
    }),
  );
  return { links: state.links + 1, making: [...state.making, e.call] };
};

/** The B-leg's INVITE went out (or could not be made): the link learns its other half. */
const made = (registry: Registry<B2buaEntry>, state: B2buaState, e: Extract<AppEvent, { _tag: "CallCreated" | "CallNotMade" }>, out: Array<Out>): B2buaState => {
  const [a, ...rest] = state.making;
  if (a === undefined) {
    out.push({ _tag: "Deliver", event: { _tag: "Problem", reason: `${e._tag} without a pending B-leg` } });
    return state;
  }
  const next = { ...state, making: rest };
  const link = registry.get(linkKey(a));
  if (link?._tag !== "Link") return next;
  if (e._tag === "CallNotMade") {
    // §21.5.1 500: the B2BUA could not make its own request.
    out.push(command({ _tag: "Reject", call: a, status: 500 }), { _tag: "Deliver", event: { _tag: "Problem", reason: `B-leg not made: ${e.reason}` } });
    return settle(next, { ...link, bState: "Ended" }, out);
  }
  out.push({ _tag: "Put", key: legKey(e.call), entry: { _tag: "LegOf", a } }, { _tag: "Deliver", event: { _tag: "Linked", a, b: e.call } });
  return settle(next, { ...link, b: e.call }, out);
};

const other = (link: Link, side: Side): UsageKey | null => (side === "A" ? link.b : link.a);
const alive = (link: Link, side: Side): boolean => (side === "A" ? link.aState !== "Ended" : link.b !== null && link.bState !== "Ended");
const bothUp = (link: Link): boolean => link.aState === "Answered" && link.bState === "Established";

/**
 * §13.2.1: `from`'s ACK brought the answer to the offer the other side made in its 2xx; it goes
 * in the ACK the other side is owed. An ACK without it leaves neither session able to go on.
 */
const passAnswer = (from: UsageKey, to: UsageKey, body: Body | undefined, out: Array<Out>): void => {
  if (body === undefined) out.push(command({ _tag: "Hangup", call: from }), command({ _tag: "Hangup", call: to }));
  else out.push(command({ _tag: "Answer", call: to, body }));
};

/** §14.2: the other side's 2xx to our offerless re-INVITE offered; that offer answers the held re-INVITE of `relay.from` (its ACK will bring the answer). */
const offerArrived = (state: B2buaState, link: Link, relay: Relay, response: SipResponse, out: Array<Out>): B2buaState => {
  const to = relay.from === "A" ? link.a : link.b;
  if (to === null || !alive(link, relay.from)) return state;
  out.push(command({ _tag: "RespondTo", call: to, request: relay.request, status: 200, ...withBody(bodyOfMessage(response)) }));
  return settle(state, { ...link, relay: { ...relay, offerless: "Answered" } }, out);
};

/** One event of a call the B2BUA links. */
const onLeg = (state: B2buaState, { link, side }: Found, e: LegEvent, out: Array<Out>): B2buaState => {
  const b = link.b;
  switch (e._tag) {
    case "CallProgress": {
      // §13.2.2.1 → §13.3.1.1: the B-leg's 1xx (and its early-media SDP) becomes the A-leg's.
      if (side === "A" || e.status <= 100 || link.aState !== "Ringing") return state;
      out.push(command({ _tag: "Ring", call: link.a, status: e.status, ...withBody(bodyOfMessage(e.response)) }));
      return state;
    }
    case "AnswerNeeded": {
      if (link.relay?.offerless === "Asking" && link.relay.from !== side) return offerArrived(state, link, link.relay, e.response, out);
      // §13.2.1: A's INVITE had no offer, so B's 2xx offers: A gets it in its 200, B its answer in A's ACK.
      if (side === "A" || link.aState !== "Ringing") return state;
      out.push(command({ _tag: "Answer", call: link.a, ...withBody(bodyOfMessage(e.response)) }));
      return settle(state, { ...link, aState: "Answered", ackOwed: true }, out);
    }
    case "CallEstablished": {
      if (side === "A") {
        if (!link.ackOwed || b === null) return state;
        passAnswer(link.a, b, e.body, out);
        return settle(state, { ...link, ackOwed: false }, out);
      }
      if (link.aState === "Ended") {
        out.push(command({ _tag: "Hangup", call: e.call }));
        return settle(state, { ...link, bState: "Established" }, out);
      }
      if (link.aState === "Ringing") out.push(command({ _tag: "Answer", call: link.a, ...withBody(e.body) }));
      return settle(state, { ...link, aState: "Answered", bState: "Established" }, out);
    }
    case "CallFailed": {
      // §16.7-like: the B-leg's final failure is the A-leg's (a 487 after A cancelled is A's own).
      if (side === "B" && link.aState === "Ringing") out.push(command({ _tag: "Reject", call: link.a, status: e.status }));
      return state;
    }
    case "CallEnded":
      return ended(state, link, side, out);
    case "InDialogRequest":
      return inDialog(state, link, side, e.request, out);
    case "ReofferDone": {
      const relay = link.relay;
      if (relay === null || relay.from === side) return state;
      const ok = e.status >= 200 && e.status < 300;
      // The 2xx's offer already answered the first side (AnswerNeeded); its ACK ends the exchange.
      if (ok && relay.offerless === "Answered") return state;
      const to = relay.from === "A" ? link.a : b;
      if (to !== null && alive(link, relay.from)) {
        // A 2xx to our offerless re-INVITE without the offer §14.2 says it must carry leaves nothing to answer with: 500 (§21.5.1).
        const status = ok ? (relay.offerless === "Asking" ? 500 : 200) : e.status;
        out.push(command({ _tag: "RespondTo", call: to, request: relay.request, status, ...(status === 200 ? withBody(e.body) : {}) }));
      }
      return settle(state, { ...link, relay: null }, out);
    }
    case "ReinviteAcked": {
      // §13.2.1: the ACK to our 2xx (which carried the other side's offer) brings the answer for the other side's ACK.
      const relay = link.relay;
      const to = other(link, side);
      if (relay?.offerless !== "Answered" || relay.from !== side || to === null) return state;
      passAnswer(e.call, to, e.body, out);
      return settle(state, { ...link, relay: null }, out);
    }
    case "InDialogDone": {
      // RFC 6086 §4.2: the far side's final response to the relayed INFO answers the first side's.
      const info = link.info;
      if (info === null || info.from === side) return state;
      const to = info.from === "A" ? link.a : b;
      // RFC 6086 allows a body in the response (and RFC 3261 §7.4 any response one): it goes back as it came.
      if (to !== null && alive(link, info.from)) out.push(command({ _tag: "RespondTo", call: to, request: info.request, status: e.status, ...withBody(e.body) }));
      return settle(state, { ...link, info: null }, out);
    }
    case "CallMedia":
      // The two parties negotiated with each other; the B2BUA only passed the bodies.
      return state;
    default:
      return absurd(e);
  }
};

/** §15.1.2: one side ended; the other is hung up (a BYE, or a CANCEL or a final response before its 2xx). */
const ended = (state: B2buaState, link: Link, side: Side, out: Array<Out>): B2buaState => {
  // §12.2.2 / §15.1.2: a request the survivor sent, held for the side that is gone, is answered
  // now (481: that dialog no longer exists) — its server transaction would otherwise wait forever.
  // One the ended side sent itself gets 487, as §15.1.2 recommends for requests pending at a BYE.
  const survivor = side === "A" ? link.b : link.a;
  const self = side === "A" ? link.a : link.b;
  for (const held of [link.relay, link.info]) {
    if (held === null) continue;
    // A survivor's offerless re-INVITE already answered (its ACK is awaited) has nothing left to answer.
    if (held.from !== side && survivor !== null && held.offerless !== "Answered") out.push(command({ _tag: "RespondTo", call: survivor, request: held.request, status: 481 }));
    if (held.from === side && self !== null && held.request.method !== Methods.INVITE) out.push(command({ _tag: "RespondTo", call: self, request: held.request, status: 487 }));
  }
  if (side === "A") {
    // §9.2 CANCEL from A (or A's BYE, or the failure A was given): B goes too, §9.1 CANCEL before its 2xx.
    if (alive(link, "B") && link.b !== null) out.push(command({ _tag: link.bState === "Established" ? "Hangup" : "Cancel", call: link.b }));
    return settle(state, { ...link, aState: "Ended", relay: null, info: null }, out);
  }
  if (link.aState === "Answered") out.push(command({ _tag: "Hangup", call: link.a }));
  // A B-leg that ended without a final failure for A (a transport failure after a 1xx): A still needs one.
  else if (link.aState === "Ringing") out.push(command({ _tag: "Reject", call: link.a, status: 480 }));
  return settle(state, { ...link, bState: "Ended", relay: null, info: null }, out);
};

/**
 * RFC 6086 §4: an INFO (or another request of the application's in the dialog) goes to the
 * other side as the B2BUA's own request in that dialog; its final response answers the first.
 * One at a time per link: a second while one is out gets 500 (§21.5.1; the sender retries).
 */
const relayInfo = (state: B2buaState, link: Link, side: Side, self: UsageKey, to: UsageKey | null, request: SipRequest, out: Array<Out>): B2buaState => {
  if (to === null || !bothUp(link)) {
    // §12.2.2: the other dialog is not (or no longer) there.
    out.push(command({ _tag: "RespondTo", call: self, request, status: 481 }));
    return state;
  }
  if (link.info !== null) {
    out.push(command({ _tag: "RespondTo", call: self, request, status: 500 }));
    return state;
  }
  out.push(command({ _tag: "SendInDialog", call: to, method: request.method, ...withBody(bodyOfMessage(request)) }));
  return settle(state, { ...link, info: { from: side, request } }, out);
};

/**
 * §14 / RFC 3311: a re-INVITE or UPDATE from one side re-offers the other with its body, and
 * the other's answer answers the first; RFC 3725 §6: while the other side has an exchange in
 * progress, 491. A re-INVITE without an offer (§14.1) re-INVITEs the other side without one:
 * its 2xx's offer answers the first side, whose ACK brings the answer for the other's ACK
 * (`offerArrived`, `ReinviteAcked`). Any other request goes through `relayInfo`.
 */
const inDialog = (state: B2buaState, link: Link, side: Side, request: SipRequest, out: Array<Out>): B2buaState => {
  const self = side === "A" ? link.a : link.b;
  if (self === null) return state;
  const to = other(link, side);
  const reoffer = request.method === Methods.INVITE || request.method === Methods.UPDATE;
  if (!reoffer) return relayInfo(state, link, side, self, to, request, out);
  const body = bodyOfMessage(request);
  // An UPDATE without an offer is a refresh the UA core answers itself; one reaching here has nothing to relay.
  const nothing = body === undefined && request.method !== Methods.INVITE;
  if (to === null || !bothUp(link) || link.relay !== null || nothing) {
    // §14.2 / RFC 3725 §6: the other side cannot take a new offer now: 491 and the sender retries.
    out.push(command({ _tag: "RespondTo", call: self, request, status: nothing ? 488 : 491 }));
    return state;
  }
  if (body === undefined) {
    out.push(command({ _tag: "Reoffer", call: to, via: "INVITE", offerless: true }));
    return settle(state, { ...link, relay: { from: side, request, offerless: "Asking" } }, out);
  }
  out.push(command({ _tag: "Reoffer", call: to, via: request.method === Methods.UPDATE ? "UPDATE" : "INVITE", body }));
  return settle(state, { ...link, relay: { from: side, request } }, out);
};

/**
 * The B2BUA as an application on the UA core: `withApplication(uaElement(config),
 * b2buaApplication({ logic }))`. The UA core should run without `media` (bodies are the
 * B2BUA's, passed through). The owner's commands go to the UA core unchanged.
 */
export const b2buaApplication = (options: B2buaOptions): Application<B2buaState, B2buaEntry, UaCommand, AppEvent, UaCommand, B2buaEvent> => ({
  step: (registry, state, input: ApplicationInput<AppEvent, UaCommand>): Step<B2buaState, Out> => {
    const out: Array<Out> = [];
    switch (input._tag) {
      case "Command":
        return [state, [command(input.command)]];
      case "Tick":
        return [state, []];
      case "Delivered": {
        const e = input.event;
        if (e._tag === "IncomingCall") return [incoming(options, state, e, out), out];
        if (e._tag === "CallCreated" || e._tag === "CallNotMade") return [made(registry, state, e, out), out];
        if (!isLegEvent(e)) return [state, []];
        const found = find(registry, e.call);
        if (found === undefined) {
          // A request in a call the B2BUA no longer links still gets its answer (§12.2.2: 481).
          if (e._tag === "InDialogRequest") out.push(command({ _tag: "RespondTo", call: e.call, request: e.request, status: 481 }));
          return [state, out];
        }
        return [onLeg(state, found, e, out), out];
      }
    }
  },
  nextDeadline: () => O.none,
  codec: { state: B2buaStateCodec, entry: B2buaEntryCodec },
});
