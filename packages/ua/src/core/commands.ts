// The application's commands: calls (make, ring, answer, reject, cancel, hang up, re-offer,
// hold, resume), registrations, MESSAGE and OPTIONS, and the graceful close (shutdown.ts).
import { absurd } from "fp-ts/lib/function.js";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { startUac } from "@puresip/dialog";
import type { Body, SessionEvent } from "@puresip/dialog";
import { Methods, createResponse, headerField, printUri, referredByHeader, replacesHeader, withoutUriHeaders } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";
import { serverKeyOfRequest } from "@puresip/transaction";
import type { SessionDescription } from "@puresip/sdp";
import { applySession, callOf, invitationExpiry, runSession } from "../usages/call/call.js";
import type { Ctx } from "./context.js";
import { deliver, mintSessionId, mintUsageSeed, problem, toLayer } from "./context.js";
import { callKey } from "./keys.js";
import type { Reoffer } from "../usages/call/sdp.js";
import { answerTo, bodyOf, initialOffer, refusesEverything, reofferOf } from "../usages/call/sdp.js";
import { sendMessage, sendOptions } from "../usages/pager/pager.js";
import { declineCredentials, provideCredentials } from "../uac/client-responses.js";
import { fetchBindings, register, unregister } from "../usages/registration/usage.js";
import { shutdown } from "./shutdown.js";
import { sendInDialog } from "../usages/call/in-dialog.js";
import { subscriptionCommand } from "../usages/subscription/usage.js";
import type { SubscriptionCommand } from "../usages/subscription/usage.js";
import type { UaCommand, UsageKey } from "./types.js";
import { localContact, outOfDialog } from "../uac/out-of-dialog.js";
import { requestFromUri } from "../uac/uri-headers.js";

/**
 * The application's headers, then RFC 3891 §4's Replaces ("places the Call-ID, to-tag, and
 * from-tag information for the target dialog in a single Replaces header field") and RFC 3892
 * §5's Referred-By (the referee copies the REFER's into the request it triggers).
 */
const withHeaders = (command: Extract<UaCommand, { _tag: "MakeCall" }>): { readonly headers?: ReadonlyArray<HeaderField> } => {
  const extra = [...(command.replaces === undefined ? [] : [headerField(replacesHeader)(command.replaces)]), ...(command.referredBy === undefined ? [] : [headerField(referredByHeader)(command.referredBy)])];
  const headers = [...(command.headers ?? []), ...extra];
  return headers.length === 0 ? {} : { headers };
};

/** §13.2.1: the INVITE, with our SDP offer when the UA makes SDP and the application gave no body. */
const makeCall = (ctx: Ctx, asked: Extract<UaCommand, { _tag: "MakeCall" }>): void => {
  // §19.1.5: headers and a body in the target URI are wanted in the INVITE, as far as they may be.
  const fromUri = requestFromUri(asked.to);
  if (E.isLeft(fromUri)) {
    deliver(ctx, { _tag: "CallNotMade", to: asked.to, reason: `§19.1.5: ${fromUri.left}` });
    return;
  }
  const uriBody = asked.body ?? fromUri.right.body;
  const command = { ...asked, to: withoutUriHeaders(asked.to), headers: [...fromUri.right.headers, ...(asked.headers ?? [])], ...(uriBody === undefined ? {} : { body: uriBody }) };
  let offer: O.Option<SessionDescription> = O.none;
  if (command.body === undefined && ctx.config.media !== undefined) {
    const made = initialOffer({ ...ctx.config.media, sessionId: mintSessionId(ctx) });
    if (E.isLeft(made)) {
      deliver(ctx, { _tag: "CallNotMade", to: command.to, reason: made.left });
      return;
    }
    offer = O.some(made.right);
  }
  const body = command.body ?? (O.isSome(offer) ? bodyOf(offer.value) : undefined);
  const invite = outOfDialog(ctx, {
    method: Methods.INVITE,
    to: command.to,
    contact: true,
    ...(command.contactUser === undefined ? {} : { contactUser: command.contactUser }),
    ...(command.toName === undefined ? {} : { toName: command.toName }),
    ...(body === undefined ? {} : { body }),
    ...withHeaders(command),
  });
  if (E.isLeft(invite)) {
    deliver(ctx, { _tag: "CallNotMade", to: command.to, reason: invite.left });
    return;
  }
  const request = invite.right;
  const fromTag = request.core.from?.params.find((p) => p.name.toLowerCase() === "tag")?.value ?? "";
  const key = callKey("UAC", request.core.callId ?? "", fromTag);
  const [session, effects] = startUac({ now: ctx.now, invite: request, localContact: localContact(ctx, command.contactUser), seed: mintUsageSeed(ctx), config: ctx.config.session });
  deliver(ctx, { _tag: "CallCreated", call: key, invite: request });
  applySession(ctx, key, session, { _tag: "Call", session, media: { local: offer, remote: O.none }, ...invitationExpiry(ctx.now, request) }, effects);
};

/** The body for answering the peer's offer (or for offering, when its INVITE had none). */
const answerBody = (ctx: Ctx, key: UsageKey): E.Either<string, Body | undefined> => {
  const call = callOf(ctx, key);
  const caps = ctx.config.media;
  if (call === undefined || caps === undefined) return E.right(undefined);
  if (O.isSome(call.media.local)) return E.right(bodyOf(call.media.local.value));
  const fresh = { ...caps, sessionId: mintSessionId(ctx) };
  const remote = call.media.remote;
  if (O.isNone(remote)) return E.map(bodyOf)(initialOffer(fresh));
  return E.flatMap(answerTo(fresh, remote.value, O.none), (answer) =>
    refusesEverything(remote.value, answer) ? E.left("no stream of the offer is acceptable to UaConfig.media") : E.right(bodyOf(answer)),
  );
};

/** A re-offer from our last SDP: the application's body, or ours changed by `kind`. */
const reofferBody = (ctx: Ctx, key: UsageKey, body: Body | undefined, kind: Reoffer): E.Either<string, Body | undefined> => {
  if (body !== undefined) return E.right(body);
  const call = callOf(ctx, key);
  if (call === undefined || O.isNone(call.media.local)) return kind === "Same" ? E.right(undefined) : E.left("hold and resume need the UA's own SDP (UaConfig.media)");
  return E.map(bodyOf)(reofferOf(call.media.local.value, kind));
};

const withBody = (body: Body | undefined): { readonly body?: Body } => (body === undefined ? {} : { body });

/**
 * `Reject` as the session's final response: its reason phrase as given, and for a 3xx the
 * Contacts §13.3.1.2 (and §21.3.1: "the choices SHOULD also be listed as Contact fields") asks for.
 */
const rejection = (command: Extract<UaCommand, { _tag: "Reject" }>, now: number): E.Either<string, SessionEvent> => {
  const { status, reason, contacts = [] } = command;
  if (status < 300 || status > 699) return E.left(`${String(status)} is not a final failure`);
  if (status < 400 && contacts.length === 0) return E.left(`a ${String(status)} needs the contacts to try instead (§13.3.1.2)`);
  if (reason !== undefined && /[\r\n]/.test(reason)) return E.left("a reason phrase cannot hold CR or LF (§25.1)");
  const headers = status < 400 ? [{ name: "Contact", value: contacts.map((c) => `<${printUri(c)}>`).join(", ") }] : [];
  return E.right({ _tag: "Respond", now, status, ...(reason === undefined ? {} : { reason }), ...(headers.length === 0 ? {} : { headers }) });
};

/** A command for the call `key`, as a session event. */
const callEvent = (ctx: Ctx, command: Exclude<UaCommand, { _tag: "MakeCall" | "SendInDialog" | "Register" | "Unregister" | "FetchBindings" | "SendMessage" | "Options" | "Respond" | "ProvideCredentials" | "DeclineCredentials" | "Shutdown" } | SubscriptionCommand>): E.Either<string, SessionEvent> => {
  const now = ctx.now;
  switch (command._tag) {
    case "Ring": {
      const status = command.status ?? (command.earlyMedia === true || command.body !== undefined ? 183 : 180);
      if (command.body !== undefined) return E.right({ _tag: "Respond", now, status, body: command.body });
      if (command.earlyMedia !== true) return E.right({ _tag: "Respond", now, status });
      return E.map((body: Body | undefined): SessionEvent => ({ _tag: "Respond", now, status, ...withBody(body) }))(answerBody(ctx, command.call));
    }
    case "Answer": {
      if (command.body !== undefined) return E.right({ _tag: "Respond", now, status: 200, body: command.body });
      const body = answerBody(ctx, command.call);
      if (E.isRight(body)) return E.right({ _tag: "Respond", now, status: 200, ...withBody(body.right) });
      // §13.3.1.3: "A UAS rejecting an offer contained in an INVITE SHOULD return a 488 (Not
      // Acceptable Here) response", rather than leave the caller ringing.
      problem(ctx, `Answer: ${body.left}; the offer is refused with 488`);
      return E.right({ _tag: "Respond", now, status: 488 });
    }
    case "Reject":
      return rejection(command, now);
    case "Hangup":
      return E.right({ _tag: "Hangup", now });
    case "Cancel":
      return E.right({ _tag: "Cancel", now });
    case "Reoffer":
      if (command.offerless === true && command.via !== "UPDATE") return E.right({ _tag: "Reinvite", now });
      return E.map((body: Body | undefined): SessionEvent => ({ _tag: command.via === "UPDATE" ? "Update" : "Reinvite", now, ...withBody(body) }))(
        reofferBody(ctx, command.call, command.body, "Same"),
      );
    case "Hold":
    case "Resume":
      return E.map((body: Body | undefined): SessionEvent => ({ _tag: command.via === "UPDATE" ? "Update" : "Reinvite", now, ...withBody(body) }))(
        reofferBody(ctx, command.call, undefined, command._tag),
      );
    case "RespondTo":
      // §14.2: the pending re-INVITE is answered through the session's own INVITE path (Respond).
      return E.right(
        command.request.method === Methods.INVITE
          ? { _tag: "Respond", now, status: command.status, ...withBody(command.body) }
          : { _tag: "RespondTo", now, request: command.request, status: command.status, ...withBody(command.body) },
      );
    default:
      return absurd(command);
  }
};

/** A final response to `request` through its server transaction, without the call (it ended). */
const answerAfterCall = (ctx: Ctx, request: SipRequest, status: number): void => {
  const key = serverKeyOfRequest(request);
  const response = createResponse(status)(request);
  if (E.isLeft(key) || E.isLeft(response)) {
    problem(ctx, `RespondTo: no response for a ${request.method} of an ended call`);
    return;
  }
  toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key: key.right, response: response.right });
};

export const runCommand = (ctx: Ctx, command: UaCommand): void => {
  switch (command._tag) {
    case "MakeCall":
      makeCall(ctx, command);
      return;
    case "Register":
      register(ctx, command.id, command.registrar ?? ctx.config.aor, command.expires);
      return;
    case "Unregister":
      unregister(ctx, command.id, command.all === true);
      return;
    case "FetchBindings":
      fetchBindings(ctx, command.id);
      return;
    case "SendMessage":
      sendMessage(ctx, command.ref, command.to, command.body);
      return;
    case "Options":
      sendOptions(ctx, command.ref, command.to);
      return;
    case "ProvideCredentials":
      provideCredentials(ctx, command.id, { username: command.username, secret: command.secret });
      return;
    case "DeclineCredentials":
      declineCredentials(ctx, command.id);
      return;
    case "Subscribe":
    case "Unsubscribe":
    case "RefreshSubscription":
    case "Refer":
    case "ReferOutOfDialog":
    case "AcceptSubscription":
    case "RejectSubscription":
    case "UpdateSubscription":
    case "TerminateSubscription":
    case "TransferProgress":
      subscriptionCommand(ctx, command);
      return;
    case "Shutdown":
      shutdown(ctx, command.unregister !== false);
      return;
    case "SendInDialog":
      sendInDialog(ctx, command.call, command.method, command.body, command.headers ?? []);
      return;
    case "Respond":
      // The layer checks that `key` is a live server transaction and discards the response otherwise.
      toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key: command.key, response: command.response });
      return;
    case "Ring":
    case "Answer":
    case "Reject":
    case "Hangup":
    case "Cancel":
    case "Reoffer":
    case "Hold":
    case "Resume":
    case "RespondTo": {
      // §15.1.2: "the UAS MUST still respond to any pending requests received for that dialog":
      // an in-dialog request (not the INVITE session's own) still gets its answer after the call ended.
      if (command._tag === "RespondTo" && callOf(ctx, command.call) === undefined && command.request.method !== Methods.INVITE && command.request.method !== Methods.UPDATE) {
        answerAfterCall(ctx, command.request, command.status);
        return;
      }
      if (callOf(ctx, command.call) === undefined) {
        problem(ctx, `${command._tag}: no call ${command.call}`);
        return;
      }
      const event = callEvent(ctx, command);
      if (E.isLeft(event)) problem(ctx, `${command._tag}: ${event.left}`);
      else runSession(ctx, command.call, event.right);
      return;
    }
    default:
      absurd(command);
  }
};
