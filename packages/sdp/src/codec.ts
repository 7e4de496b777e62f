// io-ts codecs for the model, so a description can be stored as JSON and validated when it
// comes back. Each codec's type is checked against the model's interface at compile time.
import * as t from "io-ts";
import type { Attribute, Direction, SetupRole } from "./attributes/model.js";
import type { Bandwidth, Connection, MediaDescription, Origin, Repeat, SdpError, SessionDescription, Timing, TypedTime, UnknownLine, ZoneAdjustment } from "./model.js";

const withOptional = <R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name);

/**
 * Text that stays on one SDP line: no CR, LF or NUL (RFC 8866 §5). A stored description with a
 * line break in a field could smuggle extra lines into the printed SDP, so it is rejected.
 */
const hasNoLineBreak = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 13 || c === 10 || c === 0) return false;
  }
  return true;
};
const Text = t.refinement(t.string, hasNoLineBreak, "SdpText");

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), "Int");
const Uint = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, "Uint");
const Decimal = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, "Decimal");
const DecimalString = t.refinement(t.string, (s) => /^[0-9]+$/.test(s), "DecimalString");

/** io-ts codec for Direction. */
export const DirectionCodec: t.Type<Direction> = t.keyof({ sendrecv: null, sendonly: null, recvonly: null, inactive: null }, "Direction");
const SetupRoleCodec: t.Type<SetupRole> = t.keyof({ active: null, passive: null, actpass: null, holdconn: null }, "SetupRole");

const tag = <T extends string>(value: T) => t.literal(value);

/** io-ts codec for Attribute. */
export const AttributeCodec: t.Type<Attribute> = t.union(
  [
    withOptional({ _tag: tag("Rtpmap"), payloadType: Uint, encodingName: Text, clockRate: Uint }, { encodingParameters: Uint }, "Rtpmap"),
    t.exact(t.type({ _tag: tag("Fmtp"), format: Text, parameters: Text }), "Fmtp"),
    t.exact(t.type({ _tag: tag("Ptime"), value: Decimal }), "Ptime"),
    t.exact(t.type({ _tag: tag("Maxptime"), value: Decimal }), "Maxptime"),
    t.exact(t.type({ _tag: tag("Direction"), value: DirectionCodec }), "DirectionAttribute"),
    withOptional({ _tag: tag("Rtcp"), port: Uint }, { netType: Text, addrType: Text, address: Text }, "Rtcp"),
    t.exact(t.type({ _tag: tag("RtcpMux") }), "RtcpMux"),
    withOptional({ _tag: tag("RtcpFb"), payloadType: Text, type: Text }, { parameter: Text }, "RtcpFb"),
    withOptional({ _tag: tag("Extmap"), id: Uint, uri: Text }, { direction: DirectionCodec, attributes: Text }, "Extmap"),
    t.exact(t.type({ _tag: tag("Mid"), value: Text }), "Mid"),
    t.exact(t.type({ _tag: tag("Group"), semantics: Text, mids: t.readonlyArray(Text) }), "Group"),
    withOptional({ _tag: tag("Msid"), streamId: Text }, { trackId: Text }, "Msid"),
    withOptional({ _tag: tag("Ssrc"), ssrc: Uint, attribute: Text }, { value: Text }, "Ssrc"),
    t.exact(t.type({ _tag: tag("SsrcGroup"), semantics: Text, ssrcs: t.readonlyArray(Uint) }), "SsrcGroup"),
    t.exact(t.type({ _tag: tag("Setup"), role: SetupRoleCodec }), "Setup"),
    t.exact(t.type({ _tag: tag("Fingerprint"), hashFunction: Text, fingerprint: Text }), "Fingerprint"),
    t.exact(t.type({ _tag: tag("IceUfrag"), value: Text }), "IceUfrag"),
    t.exact(t.type({ _tag: tag("IcePwd"), value: Text }), "IcePwd"),
    t.exact(t.type({ _tag: tag("IceOptions"), options: t.readonlyArray(Text) }), "IceOptions"),
    withOptional(
      {
        _tag: tag("Candidate"),
        foundation: Text,
        component: Uint,
        transport: Text,
        priority: Uint,
        address: Text,
        port: Uint,
        type: Text,
        extensions: t.readonlyArray(t.exact(t.type({ name: Text, value: Text }))),
      },
      { relatedAddress: Text, relatedPort: Uint },
      "Candidate",
    ),
    t.exact(t.type({ _tag: tag("EndOfCandidates") }), "EndOfCandidates"),
    t.exact(t.type({ _tag: tag("Crypto"), tag: Uint, suite: Text, keyParams: Text, sessionParams: t.readonlyArray(Text) }), "Crypto"),
    t.exact(t.type({ _tag: tag("SctpPort"), port: Uint }), "SctpPort"),
    t.exact(t.type({ _tag: tag("MaxMessageSize"), size: Uint }), "MaxMessageSize"),
    t.exact(t.type({ _tag: tag("Label"), value: Text }), "Label"),
    t.exact(t.type({ _tag: tag("Framerate"), value: Decimal }), "Framerate"),
    withOptional({ _tag: tag("Other"), name: Text }, { value: Text }, "OtherAttribute"),
  ],
  "Attribute",
);

/** io-ts codec for UnknownLine. */
export const UnknownLineCodec: t.Type<UnknownLine> = t.exact(t.type({ type: Text, value: Text }), "UnknownLine");

/** io-ts codec for Origin. */
export const OriginCodec: t.Type<Origin> = t.exact(
  t.type({
    username: Text,
    sessionId: DecimalString,
    sessionVersion: DecimalString,
    netType: Text,
    addrType: Text,
    unicastAddress: Text,
  }),
  "Origin",
);

/** io-ts codec for Connection. */
export const ConnectionCodec: t.Type<Connection> = withOptional(
  { netType: Text, addrType: Text, address: Text },
  { ttl: Uint, count: Uint },
  "Connection",
);

const BandwidthCodec: t.Type<Bandwidth> = t.exact(t.type({ type: Text, value: Uint }), "Bandwidth");

const TypedTimeCodec: t.Type<TypedTime> = withOptional({ value: Int }, { unit: t.keyof({ d: null, h: null, m: null, s: null }) }, "TypedTime");

const RepeatCodec: t.Type<Repeat> = t.exact(
  t.type({ interval: TypedTimeCodec, duration: TypedTimeCodec, offsets: t.readonlyArray(TypedTimeCodec) }),
  "Repeat",
);

const TimingCodec: t.Type<Timing> = t.exact(t.type({ start: Uint, stop: Uint, repeats: t.readonlyArray(RepeatCodec) }), "Timing");

const ZoneAdjustmentCodec: t.Type<ZoneAdjustment> = t.exact(t.type({ time: Uint, offset: TypedTimeCodec }), "ZoneAdjustment");

/** io-ts codec for MediaDescription. */
export const MediaDescriptionCodec: t.Type<MediaDescription> = withOptional(
  {
    media: Text,
    port: Uint,
    proto: Text,
    formats: t.readonlyArray(Text),
    connections: t.readonlyArray(ConnectionCodec),
    bandwidths: t.readonlyArray(BandwidthCodec),
    attributes: t.readonlyArray(AttributeCodec),
    unknown: t.readonlyArray(UnknownLineCodec),
  },
  { portCount: Uint, information: Text, key: Text },
  "MediaDescription",
);

/** io-ts codec for SessionDescription. */
export const SessionDescriptionCodec: t.Type<SessionDescription> = withOptional(
  {
    version: t.literal(0),
    origin: OriginCodec,
    sessionName: Text,
    emails: t.readonlyArray(Text),
    phones: t.readonlyArray(Text),
    bandwidths: t.readonlyArray(BandwidthCodec),
    timing: t.readonlyArray(TimingCodec),
    zones: t.readonlyArray(ZoneAdjustmentCodec),
    attributes: t.readonlyArray(AttributeCodec),
    unknown: t.readonlyArray(UnknownLineCodec),
    media: t.readonlyArray(MediaDescriptionCodec),
  },
  { information: Text, uri: Text, connection: ConnectionCodec, key: Text },
  "SessionDescription",
);

/** io-ts codec for SdpError. */
export const SdpErrorCodec: t.Type<SdpError> = t.exact(
  t.type({ _tag: t.literal("SdpError"), line: Uint, text: Text, message: Text }),
  "SdpError",
);
