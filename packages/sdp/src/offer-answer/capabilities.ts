// What a local agent can do, as plain data: the input to createOffer and createAnswer.
// Identifiers that should be random (the o= session id) are fields here: the caller draws
// them, the functions never do (DESIGN.md, "Randomness enters as data").
import type { Attribute, Direction } from "../attributes/model.js";

/** A codec this agent can send and receive (an RTP payload format, RFC 3264 §5.1). */
export interface CodecCapability {
  readonly encodingName: string;
  readonly clockRate: number;
  /** Audio channels; absent means one (RFC 8866 §6.6). */
  readonly channels?: number;
  /** The fmtp parameters this agent uses for the codec (RFC 8866 §6.15). */
  readonly fmtp?: string;
  /** A payload type to use when offering; static codecs default to RFC 3551's, dynamic to 96-127. */
  readonly payloadType?: number;
  /** RTCP feedback this agent supports for the codec, e.g. "nack", "nack pli" (RFC 4585). */
  readonly rtcpFeedback?: ReadonlyArray<string>;
}

/** One stream this agent can run: media type, transport, where it receives, what it speaks. */
export interface MediaCapability {
  readonly media: string;
  readonly proto: string;
  readonly port: number;
  /** Where this stream receives, when it differs from the session address (a media-level c=). */
  readonly address?: string;
  /** The widest direction this agent wants (default sendrecv). */
  readonly direction?: Direction;
  /** For RTP protocols: codecs in order of preference. */
  readonly codecs: ReadonlyArray<CodecCapability>;
  /** For non-RTP protocols (e.g. `UDP/DTLS/SCTP webrtc-datachannel`): the formats spoken. */
  readonly formats?: ReadonlyArray<string>;
  /** The a=mid to offer (RFC 5888); an answer echoes the offer's mid instead. */
  readonly mid?: string;
  /** Whether this stream can multiplex RTP and RTCP on one port (RFC 5761). */
  readonly rtcpMux?: boolean;
  /** Further media-level attributes to include as they are (ptime, ICE, msid, ...). */
  readonly attributes?: ReadonlyArray<Attribute>;
}

/** Everything createOffer and createAnswer need to know about the local side. */
export interface LocalCapabilities {
  /** o= username, "-" when there is none (RFC 8866 §5.2). */
  readonly username: string;
  /** o= sess-id: a decimal string the caller chose (RFC 8866 §5.2 suggests an NTP timestamp). */
  readonly sessionId: string;
  /** o= sess-version of this description (default "0"). */
  readonly sessionVersion?: string;
  /** s= (default "-"). */
  readonly sessionName?: string;
  readonly addrType: "IP4" | "IP6";
  /** The session-level connection and origin address. */
  readonly address: string;
  /** Group the offered mids into one BUNDLE group (RFC 9143). */
  readonly bundle?: boolean;
  /** Session-level attributes to include as they are (ice-ufrag, fingerprint, ...). */
  readonly attributes?: ReadonlyArray<Attribute>;
  readonly media: ReadonlyArray<MediaCapability>;
}

/** Why an offer/answer step failed, and for which m-line (0-based) when it is about one. */
export interface OfferAnswerError {
  readonly _tag: "OfferAnswerError";
  readonly stream?: number;
  readonly message: string;
}

/** An offer/answer error with its message and, when one stream is at fault, the stream's index. */
export const offerAnswerError = (message: string, stream?: number): OfferAnswerError =>
  stream === undefined ? { _tag: "OfferAnswerError", message } : { _tag: "OfferAnswerError", stream, message };
