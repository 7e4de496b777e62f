import { describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { codecsOf, createAnswer, createOffer, directionOf, isCompatibleAnswer, negotiate, parseSdp, sameCodec, serializeSdp } from "../../src/index.js";
import type { SessionDescription } from "../../src/index.js";
import { arbCapabilities, arbOffer } from "../../src/arbitraries/index.js";

const must = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
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

  test.prop([arbCapabilities, arbCapabilities])("offers and answers survive the wire: parse(serialize(x)) equals x", (a, b) => {
    const offer = must(createOffer(a));
    const answer: SessionDescription = must(pipe(offer, createAnswer(b)));
    expect(parseSdp(serializeSdp(offer))).toStrictEqual(E.right(offer));
    expect(parseSdp(serializeSdp(answer))).toStrictEqual(E.right(answer));
  });
});
