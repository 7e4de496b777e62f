// RFC 4317 "SDP Offer/Answer Examples", every exchange: each SDP parses and round-trips; the
// RFC's answer is checked against its offer; an answer is computed from the answerer's
// capabilities and must mean what the RFC's answer means; and the second offers that are
// hold, resume, add or remove are rebuilt with the re-offer functions from the previous SDP.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { addStream, createAnswer, hold, negotiate, parseSdp, removeStream, reoffer, resume, serializeSdp } from "../../src/index.js";
import type { SessionDescription } from "../../src/index.js";
import { rfcExamples } from "../fixtures/rfc.js";
import { capabilitiesFromAnswer, meaning } from "../fixtures/offer-answer.js";

const SECTIONS: ReadonlyArray<readonly [string, number]> = [
  ["2.1", 140], ["2.2", 187], ["2.3", 268], ["2.4", 314], ["2.5", 370], ["2.6", 435], ["2.7", 481], ["2.8", 550],
  ["3.1", 625], ["3.2", 690], ["4.1", 795], ["4.2", 876], ["4.3", 938], ["5.1", 1020], ["5.2", 1071], ["5.3", 1127],
];

const sectionOf = (line: number): string => SECTIONS.filter(([, start]) => start < line).at(-1)![0];

const parsed = (text: string): SessionDescription => {
  const r = parseSdp(text);
  if (E.isLeft(r)) throw new Error(`${r.left.line}: ${r.left.message}`);
  return r.right;
};

interface Exchange {
  readonly section: string;
  readonly second: boolean;
  readonly offer: SessionDescription;
  readonly answer: SessionDescription;
  readonly offerText: string;
  readonly answerText: string;
}

const examples = rfcExamples("rfc4317.txt");
const exchanges: ReadonlyArray<Exchange> = examples.flatMap((e, i) => {
  const next = examples[i + 1];
  if (next === undefined || !e.label.endsWith("Offer]")) return [];
  return [{
    section: sectionOf(e.line),
    second: e.label === "[Second-Offer]",
    offer: parsed(e.sdp),
    answer: parsed(next.sdp),
    offerText: e.sdp,
    answerText: next.sdp,
  }];
});

/** RFC 4317 §3.2's second answer lists PCMU, which the second offer did not, and answers a sendonly stream with sendrecv. */
const broken = (x: Exchange) => x.section === "3.2" && x.second;

describe("RFC 4317 offer/answer examples", () => {
  it("finds all 27 exchanges of sections 2 to 5", () => {
    expect(exchanges.length).toBe(27);
    expect(new Set(exchanges.map((x) => x.section)).size).toBe(16);
  });

  for (const x of exchanges) {
    const name = `RFC 4317 §${x.section} ${x.second ? "second" : "first"} exchange`;
    it(`${name}: offer and answer round-trip exactly`, () => {
      expect(serializeSdp(x.offer)).toBe(x.offerText);
      expect(serializeSdp(x.answer)).toBe(x.answerText);
    });
    if (broken(x)) {
      it(`${name}: the RFC's answer is rejected, naming the codec the offer did not list`, () => {
        const r = negotiate(x.offer)(x.answer);
        expect(r).toMatchObject({ _tag: "Left", left: { stream: 0 } });
        expect(E.isLeft(r) && r.left.message).toMatch(/direction sendrecv|payload type 0/);
      });
      it(`${name}: the computed answer receives the held stream (recvonly, RFC 3264 §6.1)`, () => {
        const ours = pipe(x.offer, createAnswer(capabilitiesFromAnswer(x.offer, x.answer)));
        const m = E.isRight(ours) ? meaning(x.offer, ours.right) : undefined;
        expect(m?.[0]).toMatchObject({ answererDirection: "recvonly", codecs: ["ilbc/8000"] });
        expect(m?.[1]).toMatchObject({ answererDirection: "sendonly", codecs: ["telephone-event/8000"] });
      });
      continue;
    }
    it(`${name}: the RFC's answer is a valid answer to its offer`, () => {
      expect(E.isRight(negotiate(x.offer)(x.answer))).toBe(true);
    });
    it(`${name}: the answer computed from the answerer's capabilities means the same`, () => {
      const ours = pipe(x.offer, createAnswer(capabilitiesFromAnswer(x.offer, x.answer)));
      if (E.isLeft(ours)) throw new Error(ours.left.message);
      expect(meaning(x.offer, ours.right)).toStrictEqual(meaning(x.offer, x.answer));
    });
  }

  it("§2.3: the computed answer keeps the offer's payload type 97 where the RFC renumbers iLBC to 99", () => {
    const x = exchanges.find((e) => e.section === "2.3")!;
    const ours = pipe(x.offer, createAnswer(capabilitiesFromAnswer(x.offer, x.answer)));
    expect(E.isRight(ours) && ours.right.media[0]!.formats).toStrictEqual(["97"]);
    expect(x.answer.media[0]!.formats).toStrictEqual(["99"]);
  });

  it("§2.1: an answer from hand-written capabilities (PCMU and MPV only) is the RFC's answer, line for line", () => {
    const x = exchanges.find((e) => e.section === "2.1")!;
    const bob = {
      username: "bob",
      sessionId: "2808844564",
      sessionVersion: "2808844564",
      sessionName: "",
      addrType: "IP4" as const,
      address: "host.biloxi.example.com",
      media: [
        { media: "audio", proto: "RTP/AVP", port: 49174, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] },
        { media: "video", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "MPV", clockRate: 90000 }] },
      ],
    };
    expect(E.map(serializeSdp)(createAnswer(bob)(x.offer))).toStrictEqual(E.right(x.answerText));
  });
});

describe("RFC 4317 second offers rebuilt with the RFC 3264 §8 re-offer functions", () => {
  const find = (section: string) => exchanges.filter((e) => e.section === section);

  it("§3.2: Bob holds the first stream with a=sendonly (RFC 6337 §5.3); o= version +1", () => {
    const [first, second] = find("3.2");
    expect(E.map(serializeSdp)(pipe(first!.answer, reoffer(hold({ index: 0 }))))).toStrictEqual(E.right(second!.offerText));
  });

  it("§3.1: Bob resumes the stream he answered sendonly: sendrecv again", () => {
    const [first, second] = find("3.1");
    const next = pipe(first!.answer, reoffer(resume()));
    expect(E.isRight(next) && next.right.media[0]!.attributes.at(-1)).toStrictEqual({ _tag: "Direction", value: "sendrecv" });
    expect(E.isRight(next) && next.right.origin.sessionVersion).toBe(second!.offer.origin.sessionVersion);
  });

  it("§4.1: Bob adds a receive-only telephone-event stream on his media server", () => {
    const [first, second] = find("4.1");
    const added = addStream({
      media: "audio",
      proto: "RTP/AVP",
      port: 48282,
      address: "mediaserver.biloxi.example.com",
      direction: "recvonly",
      codecs: [{ encodingName: "telephone-event", clockRate: 8000, payloadType: 98 }],
    });
    expect(E.map(serializeSdp)(pipe(first!.answer, reoffer(added)))).toStrictEqual(E.right(second!.offerText));
  });

  it("§4.2: Alice adds an H.261 video stream", () => {
    const [first, second] = find("4.2");
    const added = addStream({ media: "video", proto: "RTP/AVP", port: 49172, codecs: [{ encodingName: "H261", clockRate: 90000 }] });
    expect(E.map(serializeSdp)(pipe(first!.offer, reoffer(added)))).toStrictEqual(E.right(second!.offerText));
  });

  it("§4.3: Bob removes the video stream with port 0 (RFC 3264 §8.2)", () => {
    const [first, second] = find("4.3");
    expect(E.map(serializeSdp)(pipe(first!.answer, reoffer(removeStream(1))))).toStrictEqual(E.right(second!.offerText));
  });

  it("§2.5: an unchanged description keeps its version (RFC 3264 §8)", () => {
    const [first] = find("2.5");
    expect(pipe(first!.offer, reoffer())).toStrictEqual(E.right(first!.offer));
  });
});
