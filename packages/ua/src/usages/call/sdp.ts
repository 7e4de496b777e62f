// SDP for calls when the UA has media capabilities (UaConfig.media): offers, answers and
// re-offers made with @puresip/sdp, and what an exchange agreed (RFC 3264 §6–§8).
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { decodeUtf8, encodeUtf8, headerValues } from "@puresip/message";
import type { MediaType, SipMessage } from "@puresip/message";
import type { Body } from "@puresip/dialog";
import { createAnswer, createOffer, hold, incrementDecimal, negotiate, parseSdp, reoffer, resume, serializeSdp } from "@puresip/sdp";
import type { LocalCapabilities, Negotiation, SessionDescription } from "@puresip/sdp";

export const SDP = "application/sdp";

/** application/sdp as a media type value (§20.15). */
export const SDP_TYPE: MediaType = { type: "application", subtype: "sdp", params: [] };

const isSdpType = (type: string): boolean => {
  const bare = type.split(";")[0]?.trim().toLowerCase();
  return bare === SDP;
};

/**
 * The descriptions this UA printed (`bodyOf`), by the very bytes it printed them into. The
 * session that sends our answer hands those bytes back, and the call reads them to learn what
 * it offered or answered (call.ts `localSdp`): without this, once a call, the text just printed
 * would be decoded and parsed again. Weak: an entry goes with its bytes; nothing outside sees it.
 */
const printed = new WeakMap<Uint8Array, SessionDescription>();

/** A body as a session description, when it is one (Content-Type application/sdp, §13.2.1). */
export const sdpOfBody = (body: Body): O.Option<SessionDescription> => {
  if (!isSdpType(body.type)) return O.none;
  const known = printed.get(body.content);
  if (known !== undefined) return O.some(known);
  const text = decodeUtf8(body.content);
  return E.isLeft(text) ? O.none : O.fromEither(parseSdp(text.right));
};

/** The session description a message carries, if any. */
export const sdpOf = (message: SipMessage): O.Option<SessionDescription> => {
  if (message.body.length === 0) return O.none;
  const type = headerValues("Content-Type")(message)[0] ?? headerValues("c")(message)[0];
  return type === undefined ? O.none : sdpOfBody({ type, content: message.body });
};

/** A message's body with its Content-Type, when it has one (what an opaque application relays). */
export const messageBody = (message: SipMessage): Body | undefined => {
  if (message.body.length === 0) return undefined;
  const type = headerValues("Content-Type")(message)[0] ?? headerValues("c")(message)[0];
  return type === undefined ? undefined : { type, content: message.body };
};

/** `sd` printed as an application/sdp body; reading those bytes back (`sdpOfBody`) gives `sd` itself. */
export const bodyOf = (sd: SessionDescription): Body => {
  const content = encodeUtf8(serializeSdp(sd));
  printed.set(content, sd);
  return { type: SDP, content };
};

const describe = (e: { readonly message: string }): string => `SDP: ${e.message}`;

/** The initial offer (RFC 3264 §5). */
export const initialOffer = (caps: LocalCapabilities): E.Either<string, SessionDescription> => E.mapLeft(describe)(createOffer(caps));

/**
 * Our answer to `offer` (RFC 3264 §6). After an earlier description of ours it keeps our o=
 * session id and increments the version (§8: "the version MUST be incremented").
 */
export const answerTo = (caps: LocalCapabilities, offer: SessionDescription, previous: O.Option<SessionDescription>): E.Either<string, SessionDescription> =>
  E.bimap(describe, (answer: SessionDescription): SessionDescription =>
    O.isNone(previous)
      ? answer
      : { ...answer, origin: { ...answer.origin, sessionId: previous.value.origin.sessionId, sessionVersion: incrementDecimal(previous.value.origin.sessionVersion) } },
  )(createAnswer(caps)(offer));

/**
 * True when `answer` rejects (port 0, RFC 3264 §6) every stream `offer` proposed: a "session"
 * without media, which a UAS refuses with 488 instead (§13.3.1.3).
 */
export const refusesEverything = (offer: SessionDescription, answer: SessionDescription): boolean =>
  offer.media.some((m) => m.port !== 0) && answer.media.every((m) => m.port === 0);

export type Reoffer = "Same" | "Hold" | "Resume";

/** A new offer from our last description (RFC 3264 §8; §8.4 hold and resume). */
export const reofferOf = (previous: SessionDescription, kind: Reoffer): E.Either<string, SessionDescription> => {
  const change = kind === "Hold" ? [hold()] : kind === "Resume" ? [resume()] : [];
  return E.mapLeft(describe)(reoffer(...change)(previous));
};

export const agreed = (offer: SessionDescription, answer: SessionDescription): E.Either<string, Negotiation> => E.mapLeft(describe)(negotiate(offer)(answer));
