// Properties of the registrar (RFC 3261 §10.3), alone and against the registration client
// (§10.2) of this package: whatever a client asks, the two agree on the binding.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { parseNameAddr, uriEquals } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { nextRegistrationDeadline, stepRegistration } from "../../src/index.js";
import { BindingsCodec, activeBindings, defaultRegistrarConfig, processRegister } from "../../src/usages/registrar/index.js";
import type { RegistrationEffect, RegistrationEvent, RegistrationState } from "../../src/index.js";
import type { Binding, RegistrarConfig } from "../../src/usages/registrar/index.js";
import { fieldValues, sip, toTag } from "../fixtures.js";
import { config as clientConfig, fresh, right } from "../registration-fixtures.js";

const contactPool = ["<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5;transport=tcp>", "<sips:bob@client.biloxi.example.com>", "*"];

const arbRegister = fc.record({
  contacts: fc.subarray(contactPool, { minLength: 0, maxLength: 3 }),
  expires: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  callId: fc.constantFrom("a@h", "b@h"),
  cseq: fc.integer({ min: 1, max: 20 }),
  at: fc.integer({ min: 0, max: 5_000_000 }),
});

const registerOf = (r: { readonly contacts: ReadonlyArray<string>; readonly expires: number | undefined; readonly callId: string; readonly cseq: number }): SipRequest =>
  sip(
    "REGISTER sip:biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP bobspc.biloxi.example.com;branch=z9hG4bK77",
    "To: <sip:bob@biloxi.example.com>",
    "From: <sip:bob@biloxi.example.com>;tag=1",
    `Call-ID: ${r.callId}`,
    `CSeq: ${String(r.cseq)} REGISTER`,
    ...r.contacts.map((c) => `Contact: ${c}`),
    ...(r.expires === undefined ? [] : [`Expires: ${String(r.expires)}`]),
  );

const arbConfig: fc.Arbitrary<RegistrarConfig> = fc
  .record({ min: fc.integer({ min: 1, max: 4000 }), extra: fc.integer({ min: 0, max: 20_000 }), dflt: fc.integer({ min: 1, max: 9000 }) })
  .map(({ min, extra, dflt }) => ({ ...defaultRegistrarConfig, minExpires: min, maxExpires: min + extra, defaultExpires: dflt }));

test.prop([arbConfig, fc.array(arbRegister, { maxLength: 25 })])(
  "RFC 3261 §10.3: any REGISTER sequence keeps the bindings unique, live, and listed in every 200",
  (config, requests) => {
    let bindings: ReadonlyArray<Binding> = [];
    let now = 0;
    for (const r of requests) {
      now += r.at;
      const out = processRegister(config)(bindings, registerOf(r), { now, toTag });
      expect(E.isRight(out)).toBe(true);
      if (E.isLeft(out)) return;
      const o = out.right;
      expect([200, 400, 423]).toContain(o.response.status);
      if (o._tag === "Rejected") continue;
      bindings = o.bindings;
      for (const b of bindings) expect(b.expiresAt).toBeGreaterThan(now);
      for (const [i, b] of bindings.entries())
        expect(bindings.slice(i + 1).some((c) => uriEquals(b.contact.uri, c.contact.uri))).toBe(false);
      expect(fieldValues(o.response, "Contact")).toHaveLength(bindings.length);
      expect(right(BindingsCodec.decode(BindingsCodec.encode(bindings)))).toEqual(bindings);
    }
  },
);

/** One client step; its REGISTER, if any, goes to the registrar and the answer comes back. */
const exchange = (
  registrar: RegistrarConfig,
  state: RegistrationState,
  bindings: ReadonlyArray<Binding>,
  event: RegistrationEvent,
): readonly [RegistrationState, ReadonlyArray<Binding>] => {
  let [s, effects] = stepRegistration(state, event);
  let b = bindings;
  for (let guard = 0; guard < 10; guard++) {
    const sent = effects.find((f): f is Extract<RegistrationEffect, { _tag: "SendRequest" }> => f._tag === "SendRequest");
    if (sent === undefined) break;
    const out = right(processRegister(registrar)(b, sent.request, { now: event.now, toTag }));
    if (out._tag === "Accepted") b = out.bindings;
    [s, effects] = stepRegistration(s, { _tag: "Response", now: event.now, response: out.response, cnonce: "0a4f113b" });
  }
  return [s, b];
};

const contactUri = right(parseNameAddr("<sips:bob@client.biloxi.example.com>", "Contact")).uri;

test.prop([arbConfig, fc.array(fc.oneof(fc.integer({ min: 1, max: 10_000 }).map((e) => ({ _tag: "Register" as const, expires: e })), fc.constant({ _tag: "Unregister" as const }), fc.constant({ _tag: "Wait" as const })), { maxLength: 12 })])(
  "RFC 3261 §10.2 client and §10.3 registrar agree on the binding after every command (423 included)",
  (registrar, commands) => {
    let state = fresh(clientConfig);
    let bindings: ReadonlyArray<Binding> = [];
    let now = 0;
    for (const c of commands) {
      if (c._tag === "Wait") {
        // Let time run to the client's next deadline (a refresh): it must keep the binding alive.
        const due = nextRegistrationDeadline(state);
        if (O.isNone(due)) continue;
        now = Math.max(now, due.value);
        [state, bindings] = exchange(registrar, state, bindings, { _tag: "Tick", now });
      } else if (c._tag === "Register") [state, bindings] = exchange(registrar, state, bindings, { _tag: "Register", now, expires: c.expires });
      else [state, bindings] = exchange(registrar, state, bindings, { _tag: "Unregister", now });
      const mine = activeBindings(bindings, now).filter((b) => uriEquals(b.contact.uri, contactUri));
      if (state._tag === "Registered") {
        expect(mine).toHaveLength(1);
        expect(mine[0]?.expiresAt).toBe(state.expiresAt);
      } else expect(mine).toHaveLength(0);
    }
  },
);
