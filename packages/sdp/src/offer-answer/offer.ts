// createOffer: an initial offer from local capabilities (RFC 3264 §5). Static codecs take
// their RFC 3551 payload type, dynamic ones the type the capability asks for or the next free
// one in 96-127.
import * as E from "fp-ts/lib/Either.js";
import type { Attribute } from "../attributes/model.js";
import type { MediaDescription, SessionDescription } from "../model.js";
import type { CodecCapability, LocalCapabilities, MediaCapability, OfferAnswerError } from "./capabilities.js";
import { offerAnswerError } from "./capabilities.js";
import { STATIC_PAYLOAD_TYPES, isRtp, sameCodec } from "./codecs.js";

const staticPayloadType = (c: CodecCapability): number | undefined => {
  for (const [pt, s] of STATIC_PAYLOAD_TYPES) if (sameCodec(s, c)) return pt;
  return undefined;
};

/** The rtpmap, fmtp and rtcp-fb lines that describe one codec under one payload type. */
export const codecAttributes = (payloadType: number, c: CodecCapability): ReadonlyArray<Attribute> => {
  const out: Array<Attribute> = [
    c.channels === undefined
      ? { _tag: "Rtpmap", payloadType, encodingName: c.encodingName, clockRate: c.clockRate }
      : { _tag: "Rtpmap", payloadType, encodingName: c.encodingName, clockRate: c.clockRate, encodingParameters: c.channels },
  ];
  if (c.fmtp !== undefined) out.push({ _tag: "Fmtp", format: `${payloadType}`, parameters: c.fmtp });
  for (const fb of c.rtcpFeedback ?? []) {
    const sp = fb.indexOf(" ");
    out.push(
      sp < 0
        ? { _tag: "RtcpFb", payloadType: `${payloadType}`, type: fb }
        : { _tag: "RtcpFb", payloadType: `${payloadType}`, type: fb.slice(0, sp), parameter: fb.slice(sp + 1) },
    );
  }
  return out;
};

/** Payload types for a list of codecs: asked-for first, then static, then the free dynamic range. */
export const assignPayloadTypes = (
  codecs: ReadonlyArray<CodecCapability>,
  stream?: number,
): E.Either<OfferAnswerError, ReadonlyArray<number>> => {
  const taken = new Set<number>();
  const chosen: Array<number | undefined> = codecs.map((c) => c.payloadType ?? staticPayloadType(c));
  for (const pt of chosen) {
    if (pt === undefined) continue;
    if (pt < 0 || pt > 127) return E.left(offerAnswerError(`payload type ${pt} is outside 0-127`, stream));
    if (taken.has(pt)) return E.left(offerAnswerError(`payload type ${pt} is used twice`, stream));
    taken.add(pt);
  }
  let next = 96;
  const out: Array<number> = [];
  for (const pt of chosen) {
    if (pt !== undefined) {
      out.push(pt);
      continue;
    }
    while (taken.has(next)) next++;
    if (next > 127) return E.left(offerAnswerError("more dynamic codecs than payload types 96-127", stream));
    taken.add(next);
    out.push(next);
  }
  return E.right(out);
};

/** The m-line section an offer gives one media capability. */
export const offeredMedia = (cap: MediaCapability, addrType: "IP4" | "IP6", stream?: number): E.Either<OfferAnswerError, MediaDescription> => {
  const head: Array<Attribute> = cap.mid === undefined ? [] : [{ _tag: "Mid", value: cap.mid }];
  const tail: Array<Attribute> = [...(cap.attributes ?? [])];
  if (cap.rtcpMux === true) tail.push({ _tag: "RtcpMux" });
  if (cap.direction !== undefined && cap.direction !== "sendrecv") tail.push({ _tag: "Direction", value: cap.direction });
  const section = (formats: ReadonlyArray<string>, codecLines: ReadonlyArray<Attribute>): MediaDescription => ({
    media: cap.media,
    port: cap.port,
    proto: cap.proto,
    formats,
    connections: cap.address === undefined ? [] : [{ netType: "IN", addrType, address: cap.address }],
    bandwidths: [],
    attributes: [...head, ...codecLines, ...tail],
    unknown: [],
  });
  if (!isRtp(cap.proto)) {
    const formats = cap.formats ?? [];
    return formats.length === 0 ? E.left(offerAnswerError(`a ${cap.proto} stream needs formats`, stream)) : E.right(section(formats, []));
  }
  if (cap.codecs.length === 0) return E.left(offerAnswerError("an RTP stream needs at least one codec", stream));
  return E.map((pts: ReadonlyArray<number>) =>
    section(
      pts.map((pt) => `${pt}`),
      cap.codecs.flatMap((c, i) => codecAttributes(pts[i] ?? 0, c)),
    ),
  )(assignPayloadTypes(cap.codecs, stream));
};

/** The session-level part shared by offers and answers: v, o, s, c, t and the caller's attributes. */
export const sessionFrom = (caps: LocalCapabilities, media: ReadonlyArray<MediaDescription>, group: ReadonlyArray<Attribute>): SessionDescription => ({
  version: 0,
  origin: {
    username: caps.username,
    sessionId: caps.sessionId,
    sessionVersion: caps.sessionVersion ?? "0",
    netType: "IN",
    addrType: caps.addrType,
    unicastAddress: caps.address,
  },
  sessionName: caps.sessionName ?? "-",
  emails: [],
  phones: [],
  connection: { netType: "IN", addrType: caps.addrType, address: caps.address },
  bandwidths: [],
  timing: [{ start: 0, stop: 0, repeats: [] }],
  zones: [],
  attributes: [...group, ...(caps.attributes ?? [])],
  unknown: [],
  media,
});

/**
 * RFC 3264 §5: an offer with one m-line per media capability, codecs in preference order,
 * and (when `bundle` is set) an a=group:BUNDLE of the mids (RFC 9143).
 */
export const createOffer = (caps: LocalCapabilities): E.Either<OfferAnswerError, SessionDescription> => {
  const media: Array<MediaDescription> = [];
  for (const [i, cap] of caps.media.entries()) {
    const m = offeredMedia(cap, caps.addrType, i);
    if (E.isLeft(m)) return m;
    media.push(m.right);
  }
  const mids = caps.media.flatMap((m) => (m.mid === undefined ? [] : [m.mid]));
  const group: ReadonlyArray<Attribute> = caps.bundle === true && mids.length > 0 ? [{ _tag: "Group", semantics: "BUNDLE", mids }] : [];
  return E.right(sessionFrom(caps, media, group));
};
