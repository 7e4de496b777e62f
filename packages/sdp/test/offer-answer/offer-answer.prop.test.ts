import { describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import fc from "fast-check";
import { codecsOf, createAnswer, createOffer, directionOf, isCompatibleAnswer, isRtp, negotiate, parseSdp, sameCodec, serializeSdp, STATIC_PAYLOAD_TYPES } from "../../src/index.js";
import type { Attribute, MediaDescription, SessionDescription } from "../../src/index.js";
import { arbCapabilities, arbOffer } from "../../src/arbitraries/index.js";

const must = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

/**
 * Adds to an accepted RTP m-line of an answer formats the offer did not list: dynamic payload
 * types unused on either side with a codec name nobody offers, and static payload types whose
 * codec the offer does not have under any number.
 */
const withExtras = (m: MediaDescription, offered: MediaDescription, dynamic: ReadonlyArray<number>, statics: ReadonlyArray<number>): MediaDescription => {
  if (m.port === 0 || !isRtp(m.proto)) return m;
  const used = new Set([...offered.formats, ...m.formats]);
  const offeredCodecs = codecsOf(offered);
  const freshStatic = statics.filter((pt) => !used.has(`${pt}`) && !offeredCodecs.some((o) => sameCodec(o, STATIC_PAYLOAD_TYPES.get(pt)!)));
  const freshDynamic = dynamic.filter((pt) => !used.has(`${pt}`));
  const rtpmaps: ReadonlyArray<Attribute> = freshDynamic.map((pt) => ({ _tag: "Rtpmap", payloadType: pt, encodingName: `x-unoffered-${pt}`, clockRate: 8000 }));
  return { ...m, formats: [...m.formats, ...freshStatic.map(String), ...freshDynamic.map(String)], attributes: [...m.attributes, ...rtpmaps] };
};

describe("RFC 3264 offer/answer properties", () => {
  test.prop([arbOffer, arbCapabilities])(
    "§6: an answer to any generated offer has the same m-lines in order, only offered codecs, compatible directions",
    (offer, answererCaps) => {
      const answer = must(createAnswer(answererCaps)(offer));
      expect(answer.media.length).toBe(offer.media.length);
      answer.media.forEach((m, i) => {
        const o = offer.media[i]!;
        expect(m.media).toBe(o.media);
        if (o.port === 0) expect(m.port).toBe(0);
        if (m.port === 0) return;
        const offered = codecsOf(o);
        for (const c of codecsOf(m)) expect(offered.some((x) => x.payloadType === c.payloadType && sameCodec(x, c))).toBe(true);
        expect(isCompatibleAnswer(directionOf(offer, o), directionOf(answer, m))).toBe(true);
      });
      expect(E.isRight(negotiate(offer)(answer))).toBe(true);
    },
  );

  test.prop([arbOffer, arbCapabilities])(
    "negotiate is symmetric: what one side sends the other receives, with the payload types the receiver listed",
    (offer, answererCaps) => {
      const answer = must(createAnswer(answererCaps)(offer));
      for (const s of must(negotiate(offer)(answer)).streams) {
        if (s._tag === "Rejected") continue;
        expect(s.offerer.sends).toBe(s.answerer.receives);
        expect(s.answerer.sends).toBe(s.offerer.receives);
        expect(s.codecs.length).toBeGreaterThan(0);
        for (const c of s.codecs) {
          expect(offer.media[s.index]!.formats).toContain(`${c.offererPayloadType}`);
          expect(answer.media[s.index]!.formats).toContain(`${c.answererPayloadType}`);
        }
      }
    },
  );

  test.prop([arbOffer, arbCapabilities, fc.uniqueArray(fc.integer({ min: 96, max: 127 }), { maxLength: 4 }), fc.uniqueArray(fc.constantFrom(...STATIC_PAYLOAD_TYPES.keys()), { maxLength: 4 })])(
    "§6.1: formats the answer adds beyond the offer change nothing the offerer uses",
    (offer, answererCaps, dynamic, statics) => {
      const answer = must(createAnswer(answererCaps)(offer));
      const padded: SessionDescription = { ...answer, media: answer.media.map((m, i) => withExtras(m, offer.media[i]!, dynamic, statics)) };
      expect(negotiate(offer)(padded)).toStrictEqual(negotiate(offer)(answer));
    },
  );

  test.prop([arbCapabilities, arbCapabilities])("offers and answers survive the wire: parse(serialize(x)) equals x", (a, b) => {
    const offer = must(createOffer(a));
    const answer: SessionDescription = must(pipe(offer, createAnswer(b)));
    expect(parseSdp(serializeSdp(offer))).toStrictEqual(E.right(offer));
    expect(parseSdp(serializeSdp(answer))).toStrictEqual(E.right(answer));
  });
});
