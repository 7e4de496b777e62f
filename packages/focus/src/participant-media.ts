// SDP with every participant (RFC 3264): the focus's media template with the address and port
// the owner allocated for this participant. The focus negotiates; it does not mix (the README
// says so): a mixer plugs in behind `AllocateMedia`.
import * as E from "fp-ts/lib/Either.js";
import { decodeUtf8, encodeUtf8 } from "@puresip/message";
import { createAnswer, createOffer, directionOf, parseSdp, serializeSdp } from "@puresip/sdp";
import type { LocalCapabilities, MediaCapability, SessionDescription } from "@puresip/sdp";
import type { FocusConfig } from "./config.js";
import type { MediaAddress, SentSdp } from "./model.js";

/** A message body as the UA core takes it (@puresip/dialog's `Body`). */
export interface MessageBody {
  readonly type: string;
  readonly content: Uint8Array;
}

const SDP = "application/sdp";

/** The template's streams at `media`: stream i on port + 2i (RTP and RTCP pairs, RFC 3550 §11). */
const capabilitiesAt = (config: FocusConfig, media: MediaAddress, sessionId: string, sessionVersion: string): LocalCapabilities => ({
  ...config.media,
  address: media.address,
  sessionId,
  sessionVersion,
  media: config.media.media.map((m, i): MediaCapability => {
    const { address: _ignored, ...rest } = m;
    return { ...rest, port: media.port + 2 * i };
  }),
});

/** A participant's o= session id: the template's with the participant's number, so each differs (RFC 8866 §5.2). */
export const sessionIdOf = (config: FocusConfig, participant: string): string => `${config.media.sessionId}${participant.replace(/\D/g, "")}`;

const bodyOf = (sd: SessionDescription): MessageBody => ({ type: SDP, content: encodeUtf8(serializeSdp(sd)) });

/** The offer's text, when a body is SDP (§13.2.1: Content-Type application/sdp). */
export const offerText = (type: string | undefined, content: Uint8Array): string | null => {
  if (content.length === 0 || type?.split(";")[0]?.trim().toLowerCase() !== SDP) return null;
  const text = decodeUtf8(content);
  return E.isLeft(text) ? null : text.right;
};

/** RFC 3264 §5: the focus's offer to a participant it dials out to, or answers without an offer from. */
export const offerFor = (config: FocusConfig, media: MediaAddress, sessionId: string, sessionVersion = "0"): E.Either<string, MessageBody> =>
  E.bimap((e: { readonly message: string }) => `SDP: ${e.message}`, bodyOf)(createOffer(capabilitiesAt(config, media, sessionId, sessionVersion)));

/** What answering an offer gives: the body, and whether the participant put us on hold (RFC 3264 §8.4). */
export interface Answered {
  readonly body: MessageBody;
  readonly onHold: boolean;
}

/**
 * RFC 3264 §6: the answer to a participant's offer. An offer none of whose streams the focus
 * can take is a failure (the caller answers 488, RFC 3261 §13.3.1.1 / §21.4.26).
 */
export const answerFor = (config: FocusConfig, media: MediaAddress, sessionId: string, offer: string, sessionVersion = "0"): E.Either<string, Answered> => {
  const parsed = parseSdp(offer);
  if (E.isLeft(parsed)) return E.left(`SDP: the offer does not parse (${parsed.left.message})`);
  const sd = parsed.right;
  const answered = createAnswer(capabilitiesAt(config, media, sessionId, sessionVersion))(sd);
  if (E.isLeft(answered)) return E.left(`SDP: ${answered.left.message}`);
  const live = sd.media.filter((m) => m.port !== 0);
  if (live.length > 0 && answered.right.media.every((m) => m.port === 0)) return E.left("SDP: no offered stream is acceptable");
  // §8.4: a participant holding the conference offers sendonly (or inactive) on every live stream.
  const onHold = live.length > 0 && live.every((m) => ["sendonly", "inactive"].includes(directionOf(sd, m)));
  return E.right({ body: bodyOf(answered.right), onHold });
};

const textOf = (body: MessageBody): string => {
  const text = decodeUtf8(body.content);
  return E.isRight(text) ? text.right : "";
};

/**
 * RFC 3264 §8: each description sent to a participant after the first carries "the version in
 * the origin field ... increment[ed] by one from the previous SDP. If the version in the origin
 * line does not increment, the SDP MUST be identical to the SDP with that version number."
 * `build` makes the description at a given sess-version; the result is the one to send and what
 * to remember as sent: the same version when nothing changed, the next one otherwise.
 */
export const versioned = <A extends { readonly body: MessageBody }>(previous: SentSdp | null, build: (sessionVersion: string) => E.Either<string, A>): E.Either<string, readonly [A, SentSdp]> => {
  if (previous === null) return E.map((a: A) => [a, { version: 0, text: textOf(a.body) }] as const)(build("0"));
  const same = build(String(previous.version));
  if (E.isLeft(same)) return same;
  if (textOf(same.right.body) === previous.text) return E.right([same.right, previous] as const);
  const version = previous.version + 1;
  return E.map((a: A) => [a, { version, text: textOf(a.body) }] as const)(build(String(version)));
};
