// fast-check arbitraries for SDP: whole session descriptions in the canonical form the
// printer writes (so parse(serialize(sd)) equals sd), typed attributes, and local
// capabilities for offer/answer properties. fast-check is an optional peer dependency used
// only by this subpath.
import * as fc from "fast-check";
import type { Attribute, Direction } from "../attributes/model.js";
import type {
  Bandwidth,
  Connection,
  MediaDescription,
  Origin,
  Repeat,
  SessionDescription,
  Timing,
  TypedTime,
  UnknownLine,
  ZoneAdjustment,
} from "../model.js";
import type { CodecCapability, LocalCapabilities, MediaCapability } from "../offer-answer/capabilities.js";
import { createOffer } from "../offer-answer/offer.js";

const lower = "abcdefghijklmnopqrstuvwxyz";
const alnum = `${lower}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`;
const fieldChars = `${alnum}-._+/=;,#@!*~{}[]`;

const word = (chars: string, min = 1, max = 8): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...Array.from(chars)), minLength: min, maxLength: max });

/** One SDP field: no space, tab, CR or LF. */
const field = word(fieldChars);
/** A field without ":" or "/" (attribute names, encoding names). */
const name = word(`${alnum}-_.`);
const digits = word("0123456789", 1, 19);
/** Free text with inner spaces, any Unicode but CR, LF and NUL, and no trailing space or tab. */
const text = fc
  .string({ unit: fc.oneof(fc.constantFrom(...Array.from(`${alnum} :/=;-`)), fc.constantFrom("é", "ü", "日", "😀")), maxLength: 24 })
  .map((s) => s.replace(/[ \t]+$/, ""));
/** Text of an s= or i= line: kept as written, trailing spaces included. */
const lineText = fc.string({ unit: fc.constantFrom(...Array.from(`${alnum} :-.'`)), maxLength: 24 });
const uint32 = fc.integer({ min: 0, max: 4294967295 });
const port = fc.integer({ min: 0, max: 65535 });
const words = fc.array(field, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));

/** fc.record with plain objects, so structural equality with parsed values holds. */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true });

const opt = <A>(a: fc.Arbitrary<A>): fc.Arbitrary<A | undefined> => fc.option(a, { nil: undefined });

/** fast-check arbitrary of a direction attribute (RFC 8866 §6.7). */
export const arbDirection: fc.Arbitrary<Direction> = fc.constantFrom("sendrecv", "sendonly", "recvonly", "inactive");

/** Decimals that print and read back as the same number: 20, 0.5, 29.97. */
const decimal = fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 0, max: 100000 }).map((n) => n / 100));

const knownNames = new Set([
  "rtpmap", "fmtp", "ptime", "maxptime", "sendrecv", "sendonly", "recvonly", "inactive", "rtcp", "rtcp-mux", "rtcp-fb",
  "extmap", "mid", "group", "msid", "ssrc", "ssrc-group", "setup", "fingerprint", "ice-ufrag", "ice-pwd", "ice-options",
  "candidate", "end-of-candidates", "crypto", "sctp-port", "max-message-size", "label", "framerate",
]);

/** Every typed attribute in canonical form, plus `Other` attributes with names nobody types. */
export const arbAttribute: fc.Arbitrary<Attribute> = fc.oneof(
  record({ pt: fc.integer({ min: 0, max: 127 }), n: name, rate: fc.integer({ min: 1, max: 2 ** 31 }), ch: opt(fc.integer({ min: 1, max: 8 })) })
    .map(({ pt, n, rate, ch }): Attribute => ch === undefined
      ? { _tag: "Rtpmap", payloadType: pt, encodingName: n, clockRate: rate }
      : { _tag: "Rtpmap", payloadType: pt, encodingName: n, clockRate: rate, encodingParameters: ch }),
  record({ format: field, parameters: words }).map(({ format, parameters }): Attribute => ({ _tag: "Fmtp", format, parameters })),
  decimal.map((value): Attribute => ({ _tag: "Ptime", value })),
  decimal.map((value): Attribute => ({ _tag: "Maxptime", value })),
  decimal.map((value): Attribute => ({ _tag: "Framerate", value })),
  arbDirection.map((value): Attribute => ({ _tag: "Direction", value })),
  record({ port, address: opt(fc.ipV4()) }).map(({ port: p, address }): Attribute =>
    address === undefined ? { _tag: "Rtcp", port: p } : { _tag: "Rtcp", port: p, netType: "IN", addrType: "IP4", address }),
  fc.constant<Attribute>({ _tag: "RtcpMux" }),
  fc.constant<Attribute>({ _tag: "EndOfCandidates" }),
  record({ pt: fc.oneof(fc.constant("*"), fc.integer({ min: 0, max: 127 }).map(String)), type: field, parameter: opt(words) })
    .map(({ pt, type, parameter }): Attribute => parameter === undefined
      ? { _tag: "RtcpFb", payloadType: pt, type }
      : { _tag: "RtcpFb", payloadType: pt, type, parameter }),
  record({ id: fc.integer({ min: 1, max: 4095 }), direction: opt(arbDirection), uri: field, attributes: opt(words) })
    .map(({ id, direction, uri, attributes }): Attribute => ({
      _tag: "Extmap", id, uri,
      ...(direction === undefined ? {} : { direction }),
      ...(attributes === undefined ? {} : { attributes }),
    })),
  field.map((value): Attribute => ({ _tag: "Mid", value })),
  record({ semantics: name, mids: fc.array(field, { maxLength: 4 }) }).map(({ semantics, mids }): Attribute => ({ _tag: "Group", semantics, mids })),
  record({ streamId: field, trackId: opt(field) }).map(({ streamId, trackId }): Attribute =>
    trackId === undefined ? { _tag: "Msid", streamId } : { _tag: "Msid", streamId, trackId }),
  record({ ssrc: uint32, attribute: name, value: opt(text) }).map(({ ssrc, attribute, value }): Attribute =>
    value === undefined ? { _tag: "Ssrc", ssrc, attribute } : { _tag: "Ssrc", ssrc, attribute, value }),
  record({ semantics: name, ssrcs: fc.array(uint32, { maxLength: 3 }) }).map(({ semantics, ssrcs }): Attribute => ({ _tag: "SsrcGroup", semantics, ssrcs })),
  fc.constantFrom("active", "passive", "actpass", "holdconn").map((role): Attribute => ({ _tag: "Setup", role })),
  record({ hashFunction: field, fingerprint: field }).map(({ hashFunction, fingerprint }): Attribute => ({ _tag: "Fingerprint", hashFunction, fingerprint })),
  field.map((value): Attribute => ({ _tag: "IceUfrag", value })),
  field.map((value): Attribute => ({ _tag: "IcePwd", value })),
  fc.array(field, { minLength: 1, maxLength: 3 }).map((options): Attribute => ({ _tag: "IceOptions", options })),
  record({
    foundation: field,
    component: fc.integer({ min: 1, max: 256 }),
    transport: fc.constantFrom("udp", "tcp", "UDP"),
    priority: uint32,
    address: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant("abc.local")),
    port,
    type: fc.constantFrom("host", "srflx", "prflx", "relay"),
    relatedAddress: opt(fc.ipV4()),
    relatedPort: opt(port),
    extensions: fc.array(record({ name: name.filter((n) => n !== "raddr" && n !== "rport"), value: field }), { maxLength: 3 }),
  }).map(({ relatedAddress, relatedPort, ...c }): Attribute => ({
    _tag: "Candidate", ...c,
    ...(relatedAddress === undefined ? {} : { relatedAddress }),
    ...(relatedPort === undefined ? {} : { relatedPort }),
  })),
  record({ tag: fc.integer({ min: 0, max: 999999999 }), suite: name, keyParams: field, sessionParams: fc.array(field, { maxLength: 2 }) })
    .map((c): Attribute => ({ _tag: "Crypto", ...c })),
  port.map((p): Attribute => ({ _tag: "SctpPort", port: p })),
  fc.integer({ min: 0, max: 2 ** 40 }).map((size): Attribute => ({ _tag: "MaxMessageSize", size })),
  text.map((value): Attribute => ({ _tag: "Label", value })),
  record({ n: name.filter((n) => !knownNames.has(n)), value: opt(text) }).map(({ n, value }): Attribute =>
    value === undefined ? { _tag: "Other", name: n } : { _tag: "Other", name: n, value }),
);

const typedTime = (signed: boolean): fc.Arbitrary<TypedTime> =>
  record({ value: signed ? fc.integer({ min: -1000000, max: 1000000 }) : fc.nat(1000000), unit: opt(fc.constantFrom<"d" | "h" | "m" | "s">("d", "h", "m", "s")) })
    .map(({ value, unit }) => (unit === undefined ? { value } : { value, unit }));

const repeat: fc.Arbitrary<Repeat> = record({
  interval: typedTime(false),
  duration: typedTime(false),
  offsets: fc.array(typedTime(false), { minLength: 1, maxLength: 3 }),
});

const timing: fc.Arbitrary<Timing> = record({ start: uint32, stop: uint32, repeats: fc.array(repeat, { maxLength: 2 }) });

const zone: fc.Arbitrary<ZoneAdjustment> = record({ time: uint32, offset: typedTime(true) });

/** c= in every form RFC 8866 §5.7 allows: unicast IPv4/IPv6/FQDN, IPv4 multicast with TTL/count, IPv6 with count. */
export const arbConnection: fc.Arbitrary<Connection> = fc.oneof(
  record({ address: fc.oneof(fc.ipV4(), fc.domain()), ttl: opt(fc.nat(255)), count: opt(fc.integer({ min: 1, max: 16 })) })
    .map(({ address, ttl, count }): Connection => ({
      netType: "IN", addrType: "IP4", address,
      ...(ttl === undefined ? {} : count === undefined ? { ttl } : { ttl, count }),
    })),
  record({ address: fc.oneof(fc.ipV6(), fc.domain()), count: opt(fc.integer({ min: 1, max: 16 })) })
    .map(({ address, count }): Connection => (count === undefined ? { netType: "IN", addrType: "IP6", address } : { netType: "IN", addrType: "IP6", address, count })),
);

const bandwidth: fc.Arbitrary<Bandwidth> = record({ type: name, value: fc.nat(10000000) });

const unknownLine: fc.Arbitrary<UnknownLine> = record({ type: fc.constantFrom("f", "g", "h", "j", "l", "n", "q", "w", "x", "y"), value: text });

/** fast-check arbitrary of a media description (RFC 8866 §5.14). */
export const arbMediaDescription: fc.Arbitrary<MediaDescription> = fc
  .record({
    media: fc.constantFrom("audio", "video", "application", "text", "message"),
    port,
    portCount: opt(fc.integer({ min: 1, max: 4 })),
    proto: fc.constantFrom("RTP/AVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "udp"),
    formats: fc.array(field, { maxLength: 5 }),
    information: opt(lineText),
    connections: fc.array(arbConnection, { maxLength: 2 }),
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    key: opt(text),
    attributes: fc.array(arbAttribute, { maxLength: 8 }),
    unknown: fc.array(unknownLine, { maxLength: 1 }),
  })
  .map(({ portCount, information, key, ...m }) => ({
    ...m,
    ...(portCount === undefined ? {} : { portCount }),
    ...(information === undefined ? {} : { information }),
    ...(key === undefined ? {} : { key }),
  }));

const origin: fc.Arbitrary<Origin> = record({
  username: field,
  sessionId: digits,
  sessionVersion: digits,
  netType: fc.constant("IN"),
  addrType: fc.constantFrom("IP4", "IP6"),
  unicastAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
});

/** Any session description in the printer's canonical form. */
export const arbSessionDescription: fc.Arbitrary<SessionDescription> = fc
  .record({
    origin,
    sessionName: lineText,
    information: opt(lineText),
    uri: opt(text),
    emails: fc.array(text, { maxLength: 2 }),
    phones: fc.array(text, { maxLength: 2 }),
    connection: opt(arbConnection),
    bandwidths: fc.array(bandwidth, { maxLength: 2 }),
    timing: fc.array(timing, { maxLength: 2 }),
    zones: fc.array(zone, { maxLength: 2 }),
    key: opt(text),
    attributes: fc.array(arbAttribute, { maxLength: 6 }),
    unknown: fc.array(unknownLine, { maxLength: 1 }),
    media: fc.array(arbMediaDescription, { maxLength: 4 }),
  })
  .map(({ information, uri, connection, key, ...sd }) => ({
    version: 0 as const,
    ...sd,
    ...(information === undefined ? {} : { information }),
    ...(uri === undefined ? {} : { uri }),
    ...(connection === undefined ? {} : { connection }),
    ...(key === undefined ? {} : { key }),
  }));

// ---- offer/answer ----

/** A pool of codecs as real agents list them; capabilities pick subsets of it. */
export const CODEC_POOL: ReadonlyArray<CodecCapability> = [
  { encodingName: "opus", clockRate: 48000, channels: 2, fmtp: "minptime=10;useinbandfec=1" },
  { encodingName: "PCMU", clockRate: 8000 },
  { encodingName: "PCMA", clockRate: 8000 },
  { encodingName: "G722", clockRate: 8000 },
  { encodingName: "iLBC", clockRate: 8000 },
  { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-16" },
  { encodingName: "VP8", clockRate: 90000, rtcpFeedback: ["nack", "nack pli"] },
  { encodingName: "H264", clockRate: 90000, fmtp: "packetization-mode=1;profile-level-id=42e01f" },
  { encodingName: "H264", clockRate: 90000, fmtp: "packetization-mode=0;profile-level-id=42e01f" },
  { encodingName: "H261", clockRate: 90000 },
];

const audioPool = CODEC_POOL.filter((c) => c.clockRate !== 90000);
const videoPool = CODEC_POOL.filter((c) => c.clockRate === 90000);

const mediaCapability = (media: "audio" | "video", mid: string | undefined): fc.Arbitrary<MediaCapability> =>
  fc
    .record({
      codecs: fc.subarray(media === "audio" ? audioPool : videoPool, { minLength: 1 }),
      port: fc.integer({ min: 1024, max: 65535 }),
      direction: opt(arbDirection),
      proto: fc.constantFrom("RTP/AVP", "RTP/SAVP"),
    })
    .map(({ direction, ...c }) => ({
      media,
      ...c,
      ...(direction === undefined ? {} : { direction }),
      ...(mid === undefined ? {} : { mid }),
    }));

/** Local capabilities with one to four audio/video streams. */
export const arbCapabilities: fc.Arbitrary<LocalCapabilities> = fc
  .record({
    username: field,
    sessionId: digits,
    address: fc.ipV4(),
    kinds: fc.array(fc.constantFrom("audio" as const, "video" as const), { minLength: 1, maxLength: 4 }),
    withMids: fc.boolean(),
  })
  .chain(({ kinds, withMids, ...rest }) =>
    fc.tuple(...kinds.map((k, i) => mediaCapability(k, withMids ? `${i}` : undefined))).map((media) => ({
      ...rest,
      addrType: "IP4" as const,
      bundle: withMids,
      media,
    })),
  );

/**
 * Offers as other agents write them: created from arbitrary capabilities, then with some
 * streams disabled (port 0) and sometimes a session-level direction (RFC 8866 §6.7).
 */
export const arbOffer: fc.Arbitrary<SessionDescription> = record({
  caps: arbCapabilities,
  disabled: fc.array(fc.boolean(), { maxLength: 4 }),
  sessionDirection: opt(arbDirection),
})
  .map(({ caps, disabled, sessionDirection }): SessionDescription | undefined => {
    const offer = createOffer(caps);
    if (offer._tag === "Left") return undefined;
    const sd = offer.right;
    const attributes: ReadonlyArray<Attribute> =
      sessionDirection === undefined ? sd.attributes : [...sd.attributes, { _tag: "Direction", value: sessionDirection }];
    return { ...sd, attributes, media: sd.media.map((m, i) => (disabled[i] === true ? { ...m, port: 0 } : m)) };
  })
  .filter((sd): sd is SessionDescription => sd !== undefined);
