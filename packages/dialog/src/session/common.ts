// What the parts of the INVITE session share: effect constructors, responses, BYE, ACK.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse, headerKey, headerValues, printContact } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse, Tag, Via } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { offerAnswerOn } from "../offer-answer.js";
import type { OfferAnswerState, Party } from "../offer-answer.js";
import { buildAck, buildRequest } from "../request.js";
import { tagOf } from "../tags.js";
import { mintBranch } from "@puresip/kernel";
import type { Seed } from "@puresip/kernel";
import type { AwaitingAck, Body, Calling, EndReason, Established, Incoming, InviteSession, SessionConfig, SessionEffect, SessionNotice, SessionStep, Terminating } from "./types.js";

/** RFC 3261's default timer values (T1 500 ms, T2 4 s) over an unreliable transport. */
export const defaultSessionConfig: SessionConfig = { t1: 500, t2: 4000, reliable: false, overTls: false };

export const notify = (notice: SessionNotice): SessionEffect => ({ _tag: "Notify", notice });
export const sendRequest = (request: SipRequest): SessionEffect => ({ _tag: "SendRequest", request });
export const sendResponse = (request: SipRequest, response: SipResponse): SessionEffect => ({ _tag: "SendResponse", request, response });
export const discard = (s: InviteSession, reason: string): SessionStep => [s, [{ _tag: "Discarded", reason }]];
export const ended = (reason: EndReason, effects: ReadonlyArray<SessionEffect>, status?: number): SessionStep => [
  { _tag: "Ended", reason },
  [...effects, notify({ _tag: "Ended", reason, ...(status === undefined ? {} : { status }) }), { _tag: "Forget" }],
];

export const isProvisional = (status: number): boolean => status >= 100 && status < 200;
export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
export const sixtyFourT1 = (c: SessionConfig): number => 64 * c.t1;

export const bodyFields = (body: Body | undefined | null): { headers: ReadonlyArray<HeaderField>; body?: Uint8Array } =>
  body === undefined || body === null ? { headers: [] } : { headers: [{ name: "Content-Type", value: body.type }], body: body.content };

/** The Via with a fresh branch (§8.1.1.7) for a request a session or usage sends, drawn from its seed with the kernel's `mintBranch`. */
export const nextVia = (via: Via, seed: Seed): readonly [Via, Seed] => {
  const [branch, next] = mintBranch(seed);
  return [{ ...via, params: [...via.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: branch }] }, next];
};

/** Offer/answer for a message, reported rather than fatal when the peer broke the rules. */
export const trackBody = (oa: OfferAnswerState, from: Party, message: SipRequest | SipResponse): readonly [OfferAnswerState, ReadonlyArray<SessionEffect>] => {
  const r = offerAnswerOn(from, message)(oa);
  return E.isRight(r) ? [r.right[0], []] : [oa, [notify({ _tag: "ProtocolError", reason: `offer/answer: ${r.left._tag}` })]];
};

/**
 * RFC 3311 §4: "The Allow header field is used to indicate support for the UPDATE method."
 * Some(true/false) when `message` has an Allow (its latest word on it), none without one.
 */
export const allowsUpdate = (message: SipRequest | SipResponse): O.Option<boolean> => {
  const values = headerValues("Allow")(message);
  return values.length === 0 ? O.none : O.some(values.some((v) => v.split(",").some((m) => m.trim() === Methods.UPDATE)));
};

/** What the peer's `message` says about UPDATE, or what was known before. */
export const learnAllow = (known: boolean, message: SipRequest | SipResponse): boolean => O.getOrElse(() => known)(allowsUpdate(message));

export const toTagOf = (response: SipResponse): O.Option<Tag> => (response.core.to === undefined ? O.none : tagOf(response.core.to));

export const sameRemoteTag = (dialog: Dialog, tag: O.Option<Tag>): boolean =>
  O.isSome(tag) && O.isSome(dialog.id.remoteTag) && dialog.id.remoteTag.value === tag.value;

// ---------------------------------------------------------------- helpers in a dialog

export const common = (s: Calling | Incoming | Established | Terminating) => ({
  role: s.role,
  config: s.config,
  invite: s.invite,
  localContact: s.localContact,
  localVia: s.localVia,
  seed: s.seed,
  offerAnswer: s.offerAnswer,
});

/** §15.1.1: BYE in the dialog, with a fresh branch. */
export const sendBye = (s: Established, now: number, extra: ReadonlyArray<SessionEffect> = []): SessionStep => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  const built = buildRequest({ method: Methods.BYE, via, initialSeq: 1 })(s.dialog);
  if (E.isLeft(built)) return ended("LocalBye", [...extra, { _tag: "Discarded", reason: `BYE could not be built: ${built.left._tag}` }]);
  const [bye, dialog] = built.right;
  const terminating: Terminating = { _tag: "Terminating", ...common(s), seed, dialog, bye, lastAck: s.lastAck, giveUpAt: now + sixtyFourT1(s.config) };
  return [terminating, [...extra, sendRequest(bye)]];
};

/** A response from this UA, with its Contact when it is a 101–299 to INVITE (§12.1.1, §13.3.1.4). */
export const answer = (
  s: { readonly localContact: NameAddr },
  request: SipRequest,
  status: number,
  body: Body | undefined,
  toTag?: Tag,
  extra: ReadonlyArray<HeaderField> = [],
  reason?: string,
): E.Either<string, SipResponse> => {
  const b = bodyFields(body);
  const contact: ReadonlyArray<HeaderField> =
    request.method === Methods.INVITE && status > 100 && status < 300 ? [{ name: "Contact", value: printContact([s.localContact]) }] : [];
  const r = createResponse(status, { ...(toTag === undefined ? {} : { toTag }), ...(reason === undefined ? {} : { reason }), headers: [...contact, ...extra, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(request);
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(r);
};

/** §13.3.1.4: "an interval that starts at T1 seconds and doubles for each retransmission until it reaches T2". */
export const awaitAck = (s: InviteSession & { readonly config: SessionConfig }, request: SipRequest, ok: SipResponse, now: number, initial: boolean): AwaitingAck => ({
  _tag: "AwaitingAck",
  request,
  ok,
  retransmitAt: s.config.reliable ? now + sixtyFourT1(s.config) : now + s.config.t1,
  interval: s.config.t1,
  giveUpAt: now + sixtyFourT1(s.config),
  initial,
});

/**
 * §13.2.2.4: "The ACK MUST contain the same credentials as the INVITE": the Authorization and
 * Proxy-Authorization fields of the INVITE it acknowledges (a retry after 401/407 carries them).
 */
export const credentialsOf = (invite: SipRequest): ReadonlyArray<HeaderField> =>
  invite.headers.filter((h) => {
    const key = headerKey(h.name);
    return key === "authorization" || key === "proxy-authorization";
  });

/** §13.2.2.4: ACK a 2xx to `invite` on its dialog with a fresh branch and the INVITE's credentials; the ACK is kept for retransmissions. */
export const ackFor = (s: { readonly localVia: Via; readonly seed: Seed }, invite: SipRequest, dialog: Dialog): E.Either<string, readonly [SipRequest, Seed]> => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  const seq = invite.core.cseq?.seq ?? 0;
  return E.bimap((e: { readonly _tag: string }) => `ACK could not be built: ${e._tag}`, (ack: SipRequest) => [ack, seed] as const)(buildAck(seq, { via, headers: credentialsOf(invite) })(dialog));
};

// ---------------------------------------------------------------- in the dialog

export const respondSimple = (s: Established | Terminating, request: SipRequest, status: number, extra: ReadonlyArray<HeaderField> = []): ReadonlyArray<SessionEffect> => {
  const r = createResponse(status, { headers: extra })(request);
  return E.isRight(r) ? [sendResponse(request, r.right)] : [{ _tag: "Discarded", reason: `no ${status} for ${request.method}: ${r.left.reason}` }];
};
