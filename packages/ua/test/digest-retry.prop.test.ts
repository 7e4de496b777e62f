// The one §22.2 digest-retry engine (src/uac/digest-retry.ts): its rule set against a model, and
// REGISTER (the registration client) and another request (the core's retry) taking the same
// verdict on the same challenges, with CSeq + 1 and the same Call-ID on every retry.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createChallenge } from "@puresip/auth";
import { printChallenge } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { stepRegistration } from "../src/index.js";
import type { RegistrationState } from "../src/index.js";
import { answersAfterChallenge, credentialFields, retryWithCredentials } from "../src/uac/digest-retry.js";
import type { Answered } from "../src/core/types.js";
import { sip } from "./fixtures.js";
import { config, field, fresh, notifications, onlyRequest, reply, responseEvent, right, sent, values } from "./registration-fixtures.js";

interface Challenge {
  readonly proxy: boolean;
  readonly realm: string;
  readonly stale: boolean;
  readonly nonce: string;
}

const arbChallenge: fc.Arbitrary<Challenge> = fc.record({
  proxy: fc.boolean(),
  realm: fc.constantFrom("atlanta.example.com", "biloxi.example.com"),
  stale: fc.boolean(),
  nonce: fc.stringMatching(/^[a-z0-9]{4,12}$/),
});

const challengeResponse = (request: SipRequest, c: Challenge): SipResponse =>
  reply(
    request,
    c.proxy ? 407 : 401,
    right(createChallenge({ realm: c.realm, nonce: c.nonce, algorithms: ["SHA-256", "MD5"], stale: c.stale })).challenges.map((v) =>
      field(c.proxy ? "Proxy-Authenticate" : "WWW-Authenticate", printChallenge(v)),
    ),
  );

/** The rule set as a model: the answers after `c`, or undefined when the challenge stands. */
const model = (carried: ReadonlyArray<Answered>, cached: boolean, c: Challenge): ReadonlyArray<readonly [boolean, string, number]> | undefined => {
  const same = (a: Answered): boolean => a.proxy === c.proxy && a.challenge.realm === c.realm;
  if (!cached && carried.some(same) && !c.stale) return undefined;
  return [...carried.filter((a) => !same(a)).map((a) => [a.proxy, a.challenge.realm, a.nc + 1] as const), [c.proxy, c.realm, 1] as const];
};

const message = sip(
  "MESSAGE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 1 MESSAGE",
  "Content-Length: 0",
);

const table = [{ username: "bob", secret: { _tag: "Password" as const, password: "zanzibar" } }];
const credentialHeaders = (r: SipRequest): number => values(r, "Authorization").length + values(r, "Proxy-Authorization").length;

describe("RFC 3261 §22.2 the one digest-retry engine", () => {
  test.prop([fc.array(arbChallenge, { minLength: 1, maxLength: 8 }), fc.boolean()])(
    "§22.2 / RFC 7616 §3.3: one retry per challenge realm unless stale=true; a challenge to cached answers is a first one; every other answer goes again with its next nonce count",
    (challenges, startCached) => {
      let carried: ReadonlyArray<Answered> = [];
      let cached = startCached;
      for (const c of challenges) {
        const expected = model(carried, cached, c);
        const got = answersAfterChallenge(carried, cached, challengeResponse(message, c));
        if (expected === undefined) {
          expect(E.isLeft(got)).toBe(true);
          return;
        }
        if (E.isLeft(got)) throw new Error(got.left);
        expect(got.right.map((a) => [a.proxy, a.challenge.realm, a.nc])).toStrictEqual(expected);
        const fields = credentialFields(() => O.some(table[0]!), message, got.right, "0a4f113b");
        expect(E.isRight(fields) && fields.right.map((f) => f.name)).toStrictEqual(got.right.map((a) => (a.proxy ? "Proxy-Authorization" : "Authorization")));
        carried = got.right;
        cached = false;
      }
    },
  );

  test.prop([fc.array(arbChallenge, { minLength: 1, maxLength: 6 })])(
    "§22.2, §8.1.3.5, §10.2: REGISTER and MESSAGE take the same verdict on the same challenges; each retry has CSeq + 1, the same Call-ID and as many credentials",
    (challenges) => {
      let registration: RegistrationState = fresh();
      let [state, effects] = stepRegistration(registration, { _tag: "Register", now: 0 });
      registration = state;
      let register = onlyRequest(effects);
      let other = message;
      let answered: ReadonlyArray<Answered> = [];
      for (const [i, c] of challenges.entries()) {
        [state, effects] = stepRegistration(registration, responseEvent(i + 1, challengeResponse(register, c)));
        registration = state;
        const seq = (other.core.cseq?.seq ?? 0) + 1;
        const outcome = retryWithCredentials(table, other, answered, challengeResponse(other, c), seq, { branch: `z9hG4bKretry${String(i)}`, cnonce: "0a4f113b" });
        const registerRetries = sent(effects).length === 1;
        expect(registerRetries).toBe(outcome._tag === "Retry");
        if (outcome._tag !== "Retry") {
          expect(notifications(effects).map((n) => n._tag)).toStrictEqual(["Failed"]);
          return;
        }
        const next = onlyRequest(effects);
        expect(next.core.cseq?.seq).toBe((register.core.cseq?.seq ?? 0) + 1);
        expect(outcome.request.core.cseq?.seq).toBe(seq);
        expect(next.core.callId).toBe(config.callId);
        expect(outcome.request.core.callId).toBe(message.core.callId);
        expect(credentialHeaders(next)).toBe(credentialHeaders(outcome.request));
        register = next;
        other = outcome.request;
        answered = outcome.answered;
      }
    },
  );
});
