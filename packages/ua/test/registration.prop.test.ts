import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createChallenge } from "@puresip/auth";
import { printChallenge } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";
import { stepRegistration } from "../src/index.js";
import type { RegistrationEvent } from "../src/index.js";
import { field, fresh, reply, right, sent } from "./registration-fixtures.js";

/** What happens next, independent of time: a command, a reply to the latest REGISTER or an older one, a timeout, a tick. */
type Script =
  | { readonly _tag: "Register"; readonly expires: number }
  | { readonly _tag: "Unregister" }
  | { readonly _tag: "UnregisterAll" }
  | { readonly _tag: "FetchBindings" }
  | { readonly _tag: "Reply"; readonly status: number; readonly headers: ReadonlyArray<HeaderField>; readonly stale: boolean }
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Tick" };

const challengeHeaders = (name: string, nonce: string, stale: boolean): ReadonlyArray<HeaderField> =>
  right(createChallenge({ realm: "biloxi.example.com", nonce, algorithms: ["MD5"], stale })).challenges.map((c) => field(name, printChallenge(c)));

const script: fc.Arbitrary<Script> = fc.oneof(
  fc.record({ _tag: fc.constant("Register" as const), expires: fc.integer({ min: 0, max: 7200 }) }),
  fc.constant({ _tag: "Unregister" as const }),
  fc.constant({ _tag: "UnregisterAll" as const }),
  fc.constant({ _tag: "FetchBindings" as const }),
  fc.record({
    _tag: fc.constant("Reply" as const),
    status: fc.constantFrom(100, 200, 401, 407, 423, 403, 503),
    headers: fc.oneof(
      fc.constant([]),
      fc.integer({ min: 0, max: 9000 }).map((n) => [field("Min-Expires", String(n))]),
      fc.integer({ min: 0, max: 9000 }).map((n) => [field("Contact", `<sips:bob@client.biloxi.example.com>;expires=${String(n)}`)]),
      fc.constantFrom("n1", "n2").map((nonce) => [...challengeHeaders("WWW-Authenticate", nonce, false), ...challengeHeaders("Proxy-Authenticate", nonce, false)]),
    ),
    stale: fc.boolean(),
  }),
  fc.constant({ _tag: "Timeout" as const }),
  fc.constant({ _tag: "Tick" as const }),
);

test.prop([fc.array(fc.tuple(script, fc.integer({ min: 0, max: 4_000_000 }), fc.boolean()), { maxLength: 40 })])(
  "RFC 3261 §10.2: under any responses and timeouts CSeq only grows and at most one REGISTER is outstanding",
  (steps) => {
    let state = fresh();
    let now = 0;
    let lastSeq = 0;
    let outstanding: SipRequest | undefined;
    const all: Array<SipRequest> = [];
    for (const [next, advance, toOlder] of steps) {
      now += advance;
      let event: RegistrationEvent;
      if (next._tag === "Reply") {
        const target = toOlder ? (all[0] ?? outstanding) : outstanding;
        if (target === undefined) continue;
        const headers = next.stale ? challengeHeaders("WWW-Authenticate", "n3", true) : next.headers;
        event = { _tag: "Response", now, response: reply(target, next.status, headers), cnonce: "c0ffee" };
        if (target === outstanding && next.status >= 200) outstanding = undefined;
      } else if (next._tag === "Register") event = { _tag: "Register", now, expires: next.expires };
      else {
        if (next._tag === "Timeout") outstanding = undefined;
        event = { _tag: next._tag, now };
      }
      const [after, effects] = stepRegistration(state, event);
      const requests = sent(effects);
      expect(requests.length).toBeLessThanOrEqual(1);
      for (const request of requests) {
        expect(outstanding).toBeUndefined();
        const seq = request.core.cseq?.seq ?? 0;
        expect(seq).toBe(lastSeq + 1);
        lastSeq = seq;
        outstanding = request;
        all.push(request);
      }
      expect(after._tag === "Pending").toBe(outstanding !== undefined);
      state = after;
    }
  },
);
