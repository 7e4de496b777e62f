// io-ts codecs for the model, so a description can be stored as JSON and validated when it
// comes back. Each codec's type is checked against the model's interface at compile time.
import * as t from "io-ts";
import type { Attribute, Direction, SetupRole } from "./attributes/model.js";
import type { Bandwidth, Connection, MediaDescription, Origin, Repeat, SdpError, SessionDescription, Timing, TypedTime, UnknownLine, ZoneAdjustment } from "./model.js";

const withOptional = <R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name);

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), "Int");
const Uint = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, "Uint");
const Decimal = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, "Decimal");
const DecimalString = t.refinement(t.string, (s) => /^[0-9]+$/.test(s), "DecimalString");

export const DirectionCodec: t.Type<Direction> = t.keyof({ sendrecv: null, sendonly: null, recvonly: null, inactive: null }, "Direction");
const SetupRoleCodec: t.Type<SetupRole> = t.keyof({ active: null, passive: null, actpass: null, holdconn: null }, "SetupRole");

const tag = <T extends string>(value: T) => t.literal(value);

export const AttributeCodec: t.Type<Attribute> = t.union(
  [
    withOptional({ _tag: tag("Rtpmap"), payloadType: Uint, encodingName: t.string, clockRate: Uint }, { encodingParameters: Uint }, "Rtpmap"),
    t.exact(t.type({ _tag: tag("Fmtp"), format: t.string, parameters: t.string }), "Fmtp"),
    t.exact(t.type({ _tag: tag("Ptime"), value: Decimal }), "Ptime"),
    t.exact(t.type({ _tag: tag("Maxptime"), value: Decimal }), "Maxptime"),
    t.exact(t.type({ _tag: tag("Direction"), value: DirectionCodec }), "DirectionAttribute"),
    withOptional({ _tag: tag("Rtcp"), port: Uint }, { netType: t.string, addrType: t.string, address: t.string }, "Rtcp"),
    t.exact(t.type({ _tag: tag("RtcpMux") }), "RtcpMux"),
    withOptional({ _tag: tag("RtcpFb"), payloadType: t.string, type: t.string }, { parameter: t.string }, "RtcpFb"),
    withOptional({ _tag: tag("Extmap"), id: Uint, uri: t.string }, { direction: DirectionCodec, attributes: t.string }, "Extmap"),
    t.exact(t.type({ _tag: tag("Mid"), value: t.string }), "Mid"),
    t.exact(t.type({ _tag: tag("Group"), semantics: t.string, mids: t.readonlyArray(t.string) }), "Group"),
    withOptional({ _tag: tag("Msid"), streamId: t.string }, { trackId: t.string }, "Msid"),
    withOptional({ _tag: tag("Ssrc"), ssrc: Uint, attribute: t.string }, { value: t.string }, "Ssrc"),
    t.exact(t.type({ _tag: tag("SsrcGroup"), semantics: t.string, ssrcs: t.readonlyArray(Uint) }), "SsrcGroup"),
    t.exact(t.type({ _tag: tag("Setup"), role: SetupRoleCodec }), "Setup"),
    t.exact(t.type({ _tag: tag("Fingerprint"), hashFunction: t.string, fingerprint: t.string }), "Fingerprint"),
    t.exact(t.type({ _tag: tag("IceUfrag"), value: t.string }), "IceUfrag"),
    t.exact(t.type({ _tag: tag("IcePwd"), value: t.string }), "IcePwd"),
    t.exact(t.type({ _tag: tag("IceOptions"), options: t.readonlyArray(t.string) }), "IceOptions"),
    withOptional(
      {
        _tag: tag("Candidate"),
        foundation: t.string,
        component: Uint,
        transport: t.string,
        priority: Uint,
        address: t.string,
        port: Uint,
        type: t.string,
        extensions: t.readonlyArray(t.exact(t.type({ name: t.string, value: t.string }))),
      },
      { relatedAddress: t.string, relatedPort: Uint },
      "Candidate",
    ),
    t.exact(t.type({ _tag: tag("EndOfCandidates") }), "EndOfCandidates"),
    t.exact(t.type({ _tag: tag("Crypto"), tag: Uint, suite: t.string, keyParams: t.string, sessionParams: t.readonlyArray(t.string) }), "Crypto"),
    t.exact(t.type({ _tag: tag("SctpPort"), port: Uint }), "SctpPort"),
    t.exact(t.type({ _tag: tag("MaxMessageSize"), size: Uint }), "MaxMessageSize"),
    t.exact(t.type({ _tag: tag("Label"), value: t.string }), "Label"),
    t.exact(t.type({ _tag: tag("Framerate"), value: Decimal }), "Framerate"),
    withOptional({ _tag: tag("Other"), name: t.string }, { value: t.string }, "OtherAttribute"),
  ],
  "Attribute",
);

export const UnknownLineCodec: t.Type<UnknownLine> = t.exact(t.type({ type: t.string, value: t.string }), "UnknownLine");

export const OriginCodec: t.Type<Origin> = t.exact(
  t.type({
    username: t.string,
    sessionId: DecimalString,
    sessionVersion: DecimalString,
    netType: t.string,
    addrType: t.string,
    unicastAddress: t.string,
  }),
  "Origin",
);

export const ConnectionCodec: t.Type<Connection> = withOptional(
  { netType: t.string, addrType: t.string, address: t.string },
  { ttl: Uint, count: Uint },
  "Connection",
);

const BandwidthCodec: t.Type<Bandwidth> = t.exact(t.type({ type: t.string, value: Uint }), "Bandwidth");

const TypedTimeCodec: t.Type<TypedTime> = withOptional({ value: Int }, { unit: t.keyof({ d: null, h: null, m: null, s: null }) }, "TypedTime");

const RepeatCodec: t.Type<Repeat> = t.exact(
  t.type({ interval: TypedTimeCodec, duration: TypedTimeCodec, offsets: t.readonlyArray(TypedTimeCodec) }),
  "Repeat",
);

const TimingCodec: t.Type<Timing> = t.exact(t.type({ start: Uint, stop: Uint, repeats: t.readonlyArray(RepeatCodec) }), "Timing");

const ZoneAdjustmentCodec: t.Type<ZoneAdjustment> = t.exact(t.type({ time: Uint, offset: TypedTimeCodec }), "ZoneAdjustment");

export const MediaDescriptionCodec: t.Type<MediaDescription> = withOptional(
  {
    media: t.string,
    port: Uint,
    proto: t.string,
    formats: t.readonlyArray(t.string),
    connections: t.readonlyArray(ConnectionCodec),
    bandwidths: t.readonlyArray(BandwidthCodec),
    attributes: t.readonlyArray(AttributeCodec),
    unknown: t.readonlyArray(UnknownLineCodec),
  },
  { portCount: Uint, information: t.string, key: t.string },
  "MediaDescription",
);

export const SessionDescriptionCodec: t.Type<SessionDescription> = withOptional(
  {
    version: t.literal(0),
    origin: OriginCodec,
    sessionName: t.string,
    emails: t.readonlyArray(t.string),
    phones: t.readonlyArray(t.string),
    bandwidths: t.readonlyArray(BandwidthCodec),
    timing: t.readonlyArray(TimingCodec),
    zones: t.readonlyArray(ZoneAdjustmentCodec),
    attributes: t.readonlyArray(AttributeCodec),
    unknown: t.readonlyArray(UnknownLineCodec),
    media: t.readonlyArray(MediaDescriptionCodec),
  },
  { information: t.string, uri: t.string, connection: ConnectionCodec, key: t.string },
  "SessionDescription",
);

export const SdpErrorCodec: t.Type<SdpError> = t.exact(
  t.type({ _tag: t.literal("SdpError"), line: Uint, text: t.string, message: t.string }),
  "SdpError",
);
