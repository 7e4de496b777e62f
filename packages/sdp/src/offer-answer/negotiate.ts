// negotiate: what an offer and its answer agree (RFC 3264 §6, §7): per stream, whether it is
// active, which codecs each side sends with, which way media flows, and where each side
// receives. An answer that breaks RFC 3264 is an error naming the stream, never patched up.
import * as E from "fp-ts/lib/Either.js";
import { isCompatibleAnswer, receives, sends } from "../attributes/direction.js";
import type { Direction } from "../attributes/model.js";
import type { MediaDescription, SessionDescription } from "../model.js";
import type { OfferAnswerError } from "./capabilities.js";
import { offerAnswerError } from "./capabilities.js";
import type { MediaCodec } from "./codecs.js";
import { addressOf, codecsOf, directionOf, isRtp, midOf, sameCodec } from "./codecs.js";

/** A codec both sides agreed on. Each side sends with the payload type the other listed. */
export interface NegotiatedCodec {
  readonly encodingName: string;
  readonly clockRate: number;
  readonly channels?: number;
  /** The payload type in the offer: the offerer receives it, the answerer sends with it. */
  readonly offererPayloadType: number;
  /** The payload type in the answer: the answerer receives it, the offerer sends with it. */
  readonly answererPayloadType: number;
  readonly offererFmtp?: string;
  readonly answererFmtp?: string;
}

/** One side of an active stream: where it receives, and whether it sends and receives media. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly direction: Direction;
  readonly sends: boolean;
  readonly receives: boolean;
}

/** A stream the answer rejected with port 0 (RFC 3264 §6). */
export interface RejectedStream {
  readonly _tag: "Rejected";
  readonly index: number;
  readonly media: string;
}

/** A stream both sides accepted (RFC 3264 §6): the formats in common, the direction, and where to send media. */
export interface ActiveStream {
  readonly _tag: "Active";
  readonly index: number;
  readonly media: string;
  readonly proto: string;
  readonly mid?: string;
  /** RTP codecs both sides listed, in the answerer's order; empty for non-RTP streams. */
  readonly codecs: ReadonlyArray<NegotiatedCodec>;
  /**
   * The answer's formats that the offer also listed, in the answer's order (for RTP, the
   * answerer's payload types of `codecs`). Formats only the answer lists are left out (§6.1).
   */
  readonly formats: ReadonlyArray<string>;
  readonly offerer: Endpoint;
  readonly answerer: Endpoint;
}

/** One m= line's outcome: rejected or active. */
export type NegotiatedStream = RejectedStream | ActiveStream;

/** The outcome of an offer and its answer: one entry per m= line, in order (RFC 3264 §6). */
export interface Negotiation {
  readonly streams: ReadonlyArray<NegotiatedStream>;
}

/**
 * RFC 3264 §6.1 / RFC 6337 §5.4: an address of 0.0.0.0 (or ::) means "send nothing here", an
 * old way to hold; the peer then does not send.
 */
const isBlackHole = (address: string): boolean => address === "0.0.0.0" || address === "::";

const matchCodec = (answered: MediaCodec, offered: ReadonlyArray<MediaCodec>): MediaCodec | undefined =>
  // RFC 3264 §6.1 asks for the offer's payload type but RFC 4317 §2.3 shows a dynamic codec
  // answered under another number; the codec is what must match, not the number.
  offered.find((o) => o.payloadType === answered.payloadType && (o.encodingName === undefined || answered.encodingName === undefined || sameCodec(o, answered))) ??
  offered.find((o) => sameCodec(o, answered));

const describeCodec = (c: MediaCodec): string =>
  `payload type ${c.payloadType}${c.encodingName === undefined ? "" : ` (${c.encodingName}/${c.clockRate})`}`;

/**
 * RFC 3264 §6.1: the answer "MUST contain at least one media format ... from amongst those
 * listed in the offer" and "MAY indicate additional media formats, not listed in ... the offer"
 * (most PBXes answer with their whole codec list). The offerer can use only what it offered
 * ("it will not be able to send them at this time"), so formats it did not list are left out
 * of the agreement rather than refusing the answer.
 */
const negotiateCodecs = (
  offered: MediaDescription,
  answered: MediaDescription,
  index: number,
): E.Either<OfferAnswerError, ReadonlyArray<NegotiatedCodec>> => {
  const offeredCodecs = codecsOf(offered);
  const answeredCodecs = codecsOf(answered);
  const out: Array<NegotiatedCodec> = [];
  for (const a of answeredCodecs) {
    const o = matchCodec(a, offeredCodecs);
    if (o === undefined) continue;
    const base = {
      encodingName: o.encodingName ?? a.encodingName ?? "",
      clockRate: o.clockRate,
      offererPayloadType: o.payloadType,
      answererPayloadType: a.payloadType,
    };
    const withChannels = o.channels === undefined ? base : { ...base, channels: o.channels };
    const withOffer = o.fmtp === undefined ? withChannels : { ...withChannels, offererFmtp: o.fmtp };
    out.push(a.fmtp === undefined ? withOffer : { ...withOffer, answererFmtp: a.fmtp });
  }
  if (out.length === 0)
    return E.left(offerAnswerError(`answer lists none of the offered formats (it lists ${answeredCodecs.map(describeCodec).join(", ") || answered.formats.join(" ")}) (RFC 3264 §6.1)`, index));
  return E.right(out);
};

const negotiateStream = (
  offer: SessionDescription,
  answer: SessionDescription,
  offered: MediaDescription,
  answered: MediaDescription,
  index: number,
): E.Either<OfferAnswerError, NegotiatedStream> => {
  if (offered.media !== answered.media)
    return E.left(offerAnswerError(`answer has m=${answered.media} where the offer has m=${offered.media} (RFC 3264 §6)`, index));
  if (offered.port === 0 && answered.port !== 0)
    return E.left(offerAnswerError("offered port 0 but the answer accepts the stream (RFC 3264 §6)", index));
  if (answered.port === 0) return E.right({ _tag: "Rejected", index, media: offered.media });
  if (offered.proto.toUpperCase() !== answered.proto.toUpperCase())
    return E.left(offerAnswerError(`answer uses ${answered.proto} where the offer has ${offered.proto}`, index));
  if (answered.formats.length === 0) return E.left(offerAnswerError("answer accepts the stream with no formats", index));
  const offerDirection = directionOf(offer, offered);
  const answerDirection = directionOf(answer, answered);
  if (!isCompatibleAnswer(offerDirection, answerDirection))
    return E.left(offerAnswerError(`answer direction ${answerDirection} is not allowed for an offered ${offerDirection} stream (RFC 3264 §6.1)`, index));
  const offererAddress = addressOf(offer, offered);
  const answererAddress = addressOf(answer, answered);
  if (offererAddress === undefined) return E.left(offerAnswerError("offer has no c= for this stream (RFC 8866 §5.7)", index));
  if (answererAddress === undefined) return E.left(offerAnswerError("answer has no c= for this stream (RFC 8866 §5.7)", index));
  let codecs: ReadonlyArray<NegotiatedCodec> = [];
  let formats: ReadonlyArray<string>;
  if (isRtp(offered.proto)) {
    const c = negotiateCodecs(offered, answered, index);
    if (E.isLeft(c)) return c;
    codecs = c.right;
    formats = codecs.map((x) => `${x.answererPayloadType}`);
  } else {
    // §6.1 again: formats the offer did not list are the answerer's alone; at least one must be common.
    formats = answered.formats.filter((f) => offered.formats.includes(f));
    if (formats.length === 0) return E.left(offerAnswerError(`answer lists none of the offered formats (it lists ${answered.formats.join(" ")}) (RFC 3264 §6.1)`, index));
  }
  // Media flows from offerer to answerer when the answer says the answerer receives (which
  // §6.1 allows only when the offer said the offerer sends), and nobody sends to 0.0.0.0.
  const toAnswerer = receives(answerDirection) && !isBlackHole(answererAddress);
  const toOfferer = sends(answerDirection) && !isBlackHole(offererAddress);
  const mid = midOf(answered) ?? midOf(offered);
  const stream: ActiveStream = {
    _tag: "Active",
    index,
    media: offered.media,
    proto: answered.proto,
    codecs,
    formats,
    offerer: { address: offererAddress, port: offered.port, direction: offerDirection, sends: toAnswerer, receives: toOfferer },
    answerer: { address: answererAddress, port: answered.port, direction: answerDirection, sends: toOfferer, receives: toAnswerer },
  };
  return E.right(mid === undefined ? stream : { ...stream, mid });
};

/**
 * Checks `answer` against `offer` (RFC 3264 §6: "exactly the same number of m= lines", same
 * media types in the same order, port 0 kept, at least one offered codec, a direction §6.1
 * allows)
 * and returns what they agree. Data-last: `pipe(answer, negotiate(offer))`.
 */
export const negotiate =
  (offer: SessionDescription) =>
  (answer: SessionDescription): E.Either<OfferAnswerError, Negotiation> => {
    if (offer.media.length !== answer.media.length)
      return E.left(
        offerAnswerError(`answer has ${answer.media.length} m-lines for an offer with ${offer.media.length} (RFC 3264 §6)`),
      );
    const streams: Array<NegotiatedStream> = [];
    for (const [i, offered] of offer.media.entries()) {
      const answered = answer.media[i];
      if (answered === undefined) break;
      const s = negotiateStream(offer, answer, offered, answered, i);
      if (E.isLeft(s)) return s;
      streams.push(s.right);
    }
    return E.right({ streams });
  };

/** True when `answer` is a valid RFC 3264 answer to `offer`; the Left of negotiate says why not. */
export const validateAnswer =
  (offer: SessionDescription) =>
  (answer: SessionDescription): E.Either<OfferAnswerError, SessionDescription> =>
    E.map(() => answer)(negotiate(offer)(answer));
