// The media side of `puresip serve` and `puresip call`: SDP offers and answers (RFC 3264) from
// the configured codecs, and one line per negotiated stream to print. No RTP flows: the
// addresses and ports are what the SDP says, which is all a signalling test needs.
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { CodecCapability, LocalCapabilities, Negotiation, SessionDescription } from "@puresip/sdp";
import { createAnswer, createOffer, negotiate, parseSdp, serializeSdp } from "@puresip/sdp";

/** The codecs the configuration may name, as RFC 3551 and their RTP payload formats define them. */
export const knownCodecs: ReadonlyMap<string, CodecCapability> = new Map([
  ["PCMU", { encodingName: "PCMU", clockRate: 8000, payloadType: 0 }],
  ["PCMA", { encodingName: "PCMA", clockRate: 8000, payloadType: 8 }],
  ["G722", { encodingName: "G722", clockRate: 8000, payloadType: 9 }],
  ["opus", { encodingName: "opus", clockRate: 48000, channels: 2 }],
  ["telephone-event", { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-16" }],
]);

export interface MediaConfig {
  readonly address: string;
  readonly port: number;
  readonly codecs: ReadonlyArray<string>;
}

/** Local capabilities for one audio stream; the o= session id is entropy the caller draws. */
export const capabilities = (media: MediaConfig, sessionId: string): E.Either<string, LocalCapabilities> => {
  const codecs: Array<CodecCapability> = [];
  for (const name of media.codecs) {
    const c = knownCodecs.get(name);
    if (c === undefined) return E.left(`unknown codec "${name}" (known: ${[...knownCodecs.keys()].join(", ")})`);
    codecs.push(c);
  }
  return E.right({
    username: "puresip",
    sessionId,
    addrType: media.address.includes(":") ? "IP6" : "IP4",
    address: media.address,
    media: [{ media: "audio", proto: "RTP/AVP", port: media.port, codecs }],
  });
};

const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** An offer to put in an INVITE (RFC 3264 §5). */
export const offer = (caps: LocalCapabilities): E.Either<string, string> =>
  pipe(
    createOffer(caps),
    E.bimap((e) => e.message, serializeSdp),
  );

export interface Answered {
  /** The SDP to put in the 200 (RFC 3264 §6). */
  readonly answer: string;
  readonly negotiation: Negotiation;
}

/** The answer to an INVITE's offer, and what the two agree; a Left says why it cannot be answered (488). */
export const answer = (caps: LocalCapabilities, offerBody: Uint8Array): E.Either<string, Answered> => {
  const parsedOffer = parseSdp(utf8(offerBody));
  if (E.isLeft(parsedOffer)) return E.left(`the offer does not parse: line ${parsedOffer.left.line}: ${parsedOffer.left.message}`);
  const answered = createAnswer(caps)(parsedOffer.right);
  if (E.isLeft(answered)) return E.left(answered.left.message);
  const agreed = agreedOn(parsedOffer.right, answered.right);
  if (E.isLeft(agreed)) return agreed;
  if (!agreed.right.streams.some((s) => s._tag === "Active" && s.codecs.length > 0)) return E.left("no codec in common");
  return E.right({ answer: serializeSdp(answered.right), negotiation: agreed.right });
};

const agreedOn = (o: SessionDescription, a: SessionDescription): E.Either<string, Negotiation> =>
  pipe(
    a,
    negotiate(o),
    E.mapLeft((e) => e.message),
  );

/** What an offerer learns from the answer in a 200 (`puresip call`). */
export const negotiated = (offerText: string, answerBody: Uint8Array): E.Either<string, Negotiation> => {
  const o = parseSdp(offerText);
  const a = parseSdp(utf8(answerBody));
  if (E.isLeft(o)) return E.left(`our offer does not parse: ${o.left.message}`);
  if (E.isLeft(a)) return E.left(`the answer does not parse: line ${a.left.line}: ${a.left.message}`);
  return agreedOn(o.right, a.right);
};

/** `audio RTP/AVP PCMU/8000 (pt 0) 127.0.0.1:6000 <-> 127.0.0.1:40000 sendrecv`, one line a stream. */
export const describeNegotiation = (n: Negotiation): ReadonlyArray<string> =>
  n.streams.map((s) => {
    if (s._tag === "Rejected") return `${s.media} rejected`;
    const codec = s.codecs[0];
    const name = codec === undefined ? s.formats.join(" ") : `${codec.encodingName}/${codec.clockRate}${codec.channels === undefined ? "" : `/${codec.channels}`} (pt ${codec.offererPayloadType})`;
    return `${s.media} ${s.proto} ${name} ${s.offerer.address}:${s.offerer.port} <-> ${s.answerer.address}:${s.answerer.port} ${s.answerer.direction}`;
  });
