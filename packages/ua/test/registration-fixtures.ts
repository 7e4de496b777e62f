// Test helpers for the registration client: a config from SIP text, responses built from the
// REGISTER the client sent (message's createResponse), and a run of events through step.
import * as E from "fp-ts/lib/Either.js";
import { callId, createResponse, parseNameAddr, parseUri, parseVia, tag } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { startRegistration, stepRegistration } from "../src/index.js";
import type { RegistrationConfig, RegistrationEffect, RegistrationEvent, RegistrationState } from "../src/index.js";

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

const via = right(parseVia("SIP/2.0/TCP bobspc.biloxi.example.com:5060"))[0];
if (via === undefined) throw new Error("no Via");

/** RFC 3665 §2.1's Bob, registering with biloxi.example.com. */
export const config: RegistrationConfig = {
  registrar: right(parseUri("sips:ss2.biloxi.example.com")),
  aor: right(parseNameAddr("Bob <sips:bob@biloxi.example.com>")),
  contact: right(parseNameAddr("<sips:bob@client.biloxi.example.com>", "Contact")),
  callId: right(callId("1j9FpLxk3uxtm8tn@biloxi.example.com")),
  fromTag: right(tag("a73kszlfl")),
  via,
  branchSeed: "7f3a",
  expires: 7200,
  credentials: { username: "bob", secret: { _tag: "Password", password: "zanzibar" } },
};

export const fresh = (c: RegistrationConfig = config): RegistrationState => right(startRegistration(c));

export const sent = (effects: ReadonlyArray<RegistrationEffect>): ReadonlyArray<SipRequest> =>
  effects.flatMap((f) => (f._tag === "SendRequest" ? [f.request] : []));

/** The one REGISTER among `effects`; throws when there is none or more than one. */
export const onlyRequest = (effects: ReadonlyArray<RegistrationEffect>): SipRequest => {
  const requests = sent(effects);
  const first = requests[0];
  if (requests.length !== 1 || first === undefined) throw new Error(`expected one REGISTER, got ${String(requests.length)}`);
  return first;
};

export const notifications = (effects: ReadonlyArray<RegistrationEffect>) => effects.flatMap((f) => (f._tag === "Notify" ? [f.notification] : []));

export const reply = (request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = []): SipResponse =>
  right(createResponse(status, { toTag: right(tag("8as9f")), headers })(request));

export const responseEvent = (now: number, response: SipResponse, cnonce = "0a4f113b"): RegistrationEvent => ({ _tag: "Response", now, response, cnonce });

export const field = (name: string, value: string): HeaderField => ({ name, value });

export const values = (m: { readonly headers: ReadonlyArray<HeaderField> }, name: string): ReadonlyArray<string> =>
  m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);

/** Feeds `events` in order; the state and the effects of the last step. */
export const run = (state: RegistrationState, events: ReadonlyArray<RegistrationEvent>): readonly [RegistrationState, ReadonlyArray<RegistrationEffect>] => {
  let s = state;
  let last: ReadonlyArray<RegistrationEffect> = [];
  for (const e of events) [s, last] = stepRegistration(s, e);
  return [s, last];
};
