// createAnswer: RFC 3264 §6 with RFC 6337 §5.2.3. One m-line per offered m-line, in order;
// a stream is accepted with the first unused local capability of the same media type and
// transport that shares a codec with it, and rejected with port 0 otherwise.
import * as E from "fp-ts/lib/Either.js";
import { intersect, mirror } from "../attributes/direction.js";
import type { Attribute, SetupRole } from "../attributes/model.js";
import type { MediaDescription, SessionDescription } from "../model.js";
import type { CodecCapability, LocalCapabilities, MediaCapability, OfferAnswerError } from "./capabilities.js";
import { offerAnswerError } from "./capabilities.js";
import type { MediaCodec } from "./codecs.js";
import { associatedPayloadType, codecsOf, directionOf, isRtp, midOf, sameCodec } from "./codecs.js";
import { codecAttributes, sessionFrom } from "./offer.js";

/** What the caller supplies for the answer's o= line besides the capabilities. */
export interface AnswerOptions {
  /** Overrides caps.sessionId (the answerer's own o= session id). */
  readonly sessionId?: string;
  readonly sessionVersion?: string;
}

interface Accepted {
  readonly offered: MediaCodec;
  readonly local: CodecCapability;
}

/**
 * RFC 3264 §6.1: the answer lists codecs from the offer, and "if a particular codec was
 * referenced with a specific payload type number in the offer, that same payload type number
 * SHOULD be used for that codec in the answer". Kept in the offerer's order (RFC 3264 §6.1:
 * "there is no reason to change it"), so both sides prefer the same codec. An rtx codec stays
 * only when the codec it repairs (its apt) stays.
 */
const intersectCodecs = (offered: ReadonlyArray<MediaCodec>, local: ReadonlyArray<CodecCapability>): ReadonlyArray<Accepted> => {
  const out: Array<Accepted> = [];
  for (const o of offered) {
    const l = local.find((c) => sameCodec(o, c));
    if (l !== undefined) out.push({ offered: o, local: l });
  }
  const kept = new Set(out.map((a) => a.offered.payloadType));
  return out.filter((a) => {
    const apt = associatedPayloadType(a.offered);
    return apt === undefined || kept.has(apt);
  });
};

const answeredCodec = (a: Accepted): CodecCapability => {
  const o = a.offered;
  const feedback = (a.local.rtcpFeedback ?? []).filter((fb) => o.rtcpFeedback.includes(fb));
  const fmtp = a.local.fmtp ?? o.fmtp;
  const base = { encodingName: o.encodingName ?? a.local.encodingName, clockRate: o.clockRate, rtcpFeedback: feedback };
  const withChannels = o.channels === undefined ? base : { ...base, channels: o.channels };
  return fmtp === undefined ? withChannels : { ...withChannels, fmtp };
};

/** RFC 4145 §4 / RFC 8842 §5: the answerer takes the role the offer leaves it. */
const answerSetup = (offered: SetupRole): SetupRole =>
  offered === "active" ? "passive" : offered === "holdconn" ? "holdconn" : "active";

const setupOf = (attributes: ReadonlyArray<Attribute>): SetupRole | undefined => {
  for (const a of attributes) if (a._tag === "Setup") return a.role;
  return undefined;
};

/**
 * RFC 3264 §6: "An offered stream MAY be rejected in the answer, for any reason. If a stream
 * is rejected, the offerer and answerer MUST NOT generate media (or RTCP packets) for that
 * stream. To reject an offered stream, the port number in the corresponding stream in the
 * answer MUST be set to zero." The m-line keeps one offered format (RFC 8866 needs at least
 * one) and its rtpmap, and the mid (RFC 9143 keeps it for bundled streams).
 */
export const rejectedMedia = (offered: MediaDescription): MediaDescription => {
  const first = offered.formats[0];
  const attributes = offered.attributes.filter(
    (a) => a._tag === "Mid" || (a._tag === "Rtpmap" && first !== undefined && `${a.payloadType}` === first),
  );
  return {
    media: offered.media,
    port: 0,
    proto: offered.proto,
    formats: first === undefined ? [] : [first],
    connections: [],
    bandwidths: [],
    attributes,
    unknown: [],
  };
};

const acceptStream = (
  offer: SessionDescription,
  m: MediaDescription,
  cap: MediaCapability,
  addrType: "IP4" | "IP6",
): MediaDescription | undefined => {
  const head: Array<Attribute> = [];
  const mid = midOf(m);
  if (mid !== undefined) head.push({ _tag: "Mid", value: mid });
  let formats: ReadonlyArray<string>;
  const codecLines: Array<Attribute> = [];
  if (isRtp(m.proto)) {
    const accepted = intersectCodecs(codecsOf(m), cap.codecs);
    if (accepted.length === 0) return undefined;
    formats = accepted.map((a) => `${a.offered.payloadType}`);
    for (const a of accepted) codecLines.push(...codecAttributes(a.offered.payloadType, answeredCodec(a)));
  } else {
    const local = cap.formats ?? [];
    formats = m.formats.filter((f) => local.includes(f));
    if (formats.length === 0) return undefined;
  }
  const tail: Array<Attribute> = [...(cap.attributes ?? [])];
  // a=setup may sit at session level (RFC 8842 §5 allows both); the media level wins.
  const setup = setupOf(m.attributes) ?? setupOf(offer.attributes);
  if (setup !== undefined) tail.push({ _tag: "Setup", role: answerSetup(setup) });
  if (cap.rtcpMux === true && m.attributes.some((a) => a._tag === "RtcpMux")) tail.push({ _tag: "RtcpMux" });
  // RFC 3264 §6.1: the answer's direction is the mirror of the offer's, narrowed to what the
  // answerer wants. Sendrecv is the default and is left implicit.
  const direction = intersect(mirror(directionOf(offer, m)), cap.direction ?? "sendrecv");
  if (direction !== "sendrecv") tail.push({ _tag: "Direction", value: direction });
  return {
    media: m.media,
    port: cap.port,
    proto: m.proto,
    formats,
    connections: cap.address === undefined ? [] : [{ netType: "IN", addrType, address: cap.address }],
    bandwidths: [],
    attributes: [...head, ...codecLines, ...tail],
    unknown: [],
  };
};

const sameTransport = (m: MediaDescription, cap: MediaCapability): boolean =>
  m.media === cap.media && m.proto.toUpperCase() === cap.proto.toUpperCase();

/**
 * RFC 3264 §6: an answer to `offer` from the local capabilities. Each local media capability
 * answers at most one stream (it is one port). The t= line equals the offer's (§6: "The "t="
 * line in the answer MUST equal that of the offer"). An offered a=group:BUNDLE is answered
 * with the accepted mids of the group, in the group's order (RFC 9143).
 */
export const createAnswer =
  (caps: LocalCapabilities, options: AnswerOptions = {}) =>
  (offer: SessionDescription): E.Either<OfferAnswerError, SessionDescription> => {
    const used = new Set<number>();
    const media: Array<MediaDescription> = [];
    for (const [i, m] of offer.media.entries()) {
      let answered: MediaDescription | undefined;
      // §6: "If a stream is offered with a port of zero, the answer MUST also have port zero."
      if (m.port !== 0) {
        for (const [j, cap] of caps.media.entries()) {
          if (used.has(j) || !sameTransport(m, cap)) continue;
          answered = acceptStream(offer, m, cap, caps.addrType);
          if (answered !== undefined) {
            used.add(j);
            break;
          }
        }
      }
      if (answered === undefined && m.formats.length === 0 && m.port !== 0)
        return E.left(offerAnswerError("offered m-line has no formats", i));
      media.push(answered ?? rejectedMedia(m));
    }
    const group: Array<Attribute> = [];
    for (const a of offer.attributes) {
      if (a._tag !== "Group") continue;
      const accepted = new Set(media.flatMap((m) => (m.port === 0 ? [] : [midOf(m) ?? ""])));
      const mids = a.mids.filter((mid) => accepted.has(mid));
      if (mids.length > 0) group.push({ _tag: "Group", semantics: a.semantics, mids });
    }
    const local = { ...caps, ...options };
    const base = sessionFrom(local, media, group);
    return E.right({ ...base, timing: offer.timing });
  };
