// The media side of `puresip serve` and `puresip call`: the configured codecs as the UA core's
// `LocalCapabilities` (it makes the SDP offers and answers, RFC 3264), and one line per
// negotiated stream to print. No RTP flows: the addresses and ports are what the SDP says,
// which is all a signalling test needs.
import * as E from "fp-ts/lib/Either.js";
import type { CodecCapability, LocalCapabilities, Negotiation } from "@puresip/sdp";

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

/** `audio RTP/AVP PCMU/8000 (pt 0) 127.0.0.1:6000 <-> 127.0.0.1:40000 sendrecv`, one line a stream. */
export const describeNegotiation = (n: Negotiation): ReadonlyArray<string> =>
  n.streams.map((s) => {
    if (s._tag === "Rejected") return `${s.media} rejected`;
    const codec = s.codecs[0];
    const name = codec === undefined ? s.formats.join(" ") : `${codec.encodingName}/${codec.clockRate}${codec.channels === undefined ? "" : `/${codec.channels}`} (pt ${codec.offererPayloadType})`;
    return `${s.media} ${s.proto} ${name} ${s.offerer.address}:${s.offerer.port} <-> ${s.answerer.address}:${s.answerer.port} ${s.answerer.direction}`;
  });
