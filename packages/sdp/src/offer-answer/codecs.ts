// The codecs of an m-line: payload type, rtpmap, fmtp and rtcp-fb gathered per format, and
// the rules for when two codecs are the same (RFC 3264 §6.1, RFC 8866 §6.6).
import type { Attribute, Direction } from "../attributes/model.js";
import { fmtpParameters } from "../attributes/rtp.js";
import { uint } from "../attributes/scan.js";
import type { MediaDescription, SessionDescription } from "../model.js";

/** One payload format of an RTP m-line with everything the description says about it. */
export interface MediaCodec {
  readonly payloadType: number;
  /** Absent for a dynamic payload type without an rtpmap: such a codec matches nothing. */
  readonly encodingName?: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly fmtp?: string;
  readonly rtcpFeedback: ReadonlyArray<string>;
}

interface StaticCodec {
  readonly encodingName: string;
  readonly clockRate: number;
  readonly channels?: number;
}

/** RFC 3551 §6 Tables 4 and 5: the static payload types. */
export const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, StaticCodec> = new Map([
  [0, { encodingName: "PCMU", clockRate: 8000 }],
  [3, { encodingName: "GSM", clockRate: 8000 }],
  [4, { encodingName: "G723", clockRate: 8000 }],
  [5, { encodingName: "DVI4", clockRate: 8000 }],
  [6, { encodingName: "DVI4", clockRate: 16000 }],
  [7, { encodingName: "LPC", clockRate: 8000 }],
  [8, { encodingName: "PCMA", clockRate: 8000 }],
  [9, { encodingName: "G722", clockRate: 8000 }],
  [10, { encodingName: "L16", clockRate: 44100, channels: 2 }],
  [11, { encodingName: "L16", clockRate: 44100 }],
  [12, { encodingName: "QCELP", clockRate: 8000 }],
  [13, { encodingName: "CN", clockRate: 8000 }],
  [14, { encodingName: "MPA", clockRate: 90000 }],
  [15, { encodingName: "G728", clockRate: 8000 }],
  [16, { encodingName: "DVI4", clockRate: 11025 }],
  [17, { encodingName: "DVI4", clockRate: 22050 }],
  [18, { encodingName: "G729", clockRate: 8000 }],
  [25, { encodingName: "CelB", clockRate: 90000 }],
  [26, { encodingName: "JPEG", clockRate: 90000 }],
  [28, { encodingName: "nv", clockRate: 90000 }],
  [31, { encodingName: "H261", clockRate: 90000 }],
  [32, { encodingName: "MPV", clockRate: 90000 }],
  [33, { encodingName: "MP2T", clockRate: 90000 }],
  [34, { encodingName: "H263", clockRate: 90000 }],
]);

/** True for an RTP-based transport (RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF, ...), whose formats are payload types. */
export const isRtp = (proto: string): boolean => proto.includes("RTP/");

/** The codecs of an RTP m-line in m-line order; formats that are not payload types are skipped. */
export const codecsOf = (m: MediaDescription): ReadonlyArray<MediaCodec> => {
  const out: Array<MediaCodec> = [];
  for (const format of m.formats) {
    const payloadType = uint(format, 3);
    if (payloadType < 0 || payloadType > 127) continue;
    let rtpmap: StaticCodec | undefined = STATIC_PAYLOAD_TYPES.get(payloadType);
    let fmtp: string | undefined;
    const rtcpFeedback: Array<string> = [];
    for (const a of m.attributes) {
      if (a._tag === "Rtpmap" && a.payloadType === payloadType) {
        rtpmap =
          a.encodingParameters === undefined
            ? { encodingName: a.encodingName, clockRate: a.clockRate }
            : { encodingName: a.encodingName, clockRate: a.clockRate, channels: a.encodingParameters };
      } else if (a._tag === "Fmtp" && a.format === format) fmtp = a.parameters;
      else if (a._tag === "RtcpFb" && (a.payloadType === format || a.payloadType === "*"))
        rtcpFeedback.push(a.parameter === undefined ? a.type : `${a.type} ${a.parameter}`);
    }
    const base = rtpmap === undefined ? { payloadType, clockRate: 0, rtcpFeedback } : { payloadType, ...rtpmap, rtcpFeedback };
    out.push(fmtp === undefined ? base : { ...base, fmtp });
  }
  return out;
};

const parameter = (fmtp: string | undefined, name: string, fallback: string): string => {
  if (fmtp === undefined) return fallback;
  for (const p of fmtpParameters(fmtp)) if (p.name.toLowerCase() === name) return (p.value ?? "").toLowerCase();
  return fallback;
};

/**
 * RFC 3264 §6.1: some fmtp parameters "describe specific configurations of the media format,
 * and should therefore be processed as the media format value itself would be". These are the
 * ones that do for the common codecs: H.264's packetization-mode and profile (RFC 6184 §8.2.2:
 * profile_idc and profile-iop, the first four hex digits of profile-level-id; the level may
 * differ), VP9's profile-id and AV1's profile.
 */
export const sameFormatConfiguration = (encodingName: string, a: string | undefined, b: string | undefined): boolean => {
  switch (encodingName.toLowerCase()) {
    case "h264":
      return (
        parameter(a, "packetization-mode", "0") === parameter(b, "packetization-mode", "0") &&
        parameter(a, "profile-level-id", "420010").slice(0, 4) === parameter(b, "profile-level-id", "420010").slice(0, 4)
      );
    case "vp9":
      return parameter(a, "profile-id", "0") === parameter(b, "profile-id", "0");
    case "av1":
      return parameter(a, "profile", "0") === parameter(b, "profile", "0");
    default:
      return true;
  }
};

interface CodecIdentity {
  readonly encodingName?: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly fmtp?: string;
}

/** Same codec: encoding name (case-insensitive, RFC 8866 §6.6), clock rate, channels, and the fmtp that matters. */
export const sameCodec = (a: CodecIdentity, b: CodecIdentity): boolean =>
  a.encodingName !== undefined &&
  b.encodingName !== undefined &&
  a.encodingName.toLowerCase() === b.encodingName.toLowerCase() &&
  a.clockRate === b.clockRate &&
  (a.channels ?? 1) === (b.channels ?? 1) &&
  sameFormatConfiguration(a.encodingName, a.fmtp, b.fmtp);

/** The payload type an rtx (RFC 4588 §8.1) or red codec's `apt` parameter points at, if any. */
export const associatedPayloadType = (c: MediaCodec): number | undefined => {
  if (c.encodingName?.toLowerCase() !== "rtx") return undefined;
  const apt = uint(parameter(c.fmtp, "apt", ""), 3);
  return apt < 0 ? undefined : apt;
};

const directionIn = (attributes: ReadonlyArray<Attribute>): Direction | undefined => {
  for (const a of attributes) if (a._tag === "Direction") return a.value;
  return undefined;
};

/** RFC 8866 §6.7: the media-level direction, else the session-level one, else sendrecv. */
export const directionOf = (sd: SessionDescription, m: MediaDescription): Direction =>
  directionIn(m.attributes) ?? directionIn(sd.attributes) ?? "sendrecv";

/** The address a stream receives on: its own c= or the session's (RFC 8866 §5.7). */
export const addressOf = (sd: SessionDescription, m: MediaDescription): string | undefined =>
  (m.connections[0] ?? sd.connection)?.address;

/** The stream's a=mid, if any (RFC 5888 §4). */
export const midOf = (m: MediaDescription): string | undefined => {
  for (const a of m.attributes) if (a._tag === "Mid") return a.value;
  return undefined;
};
