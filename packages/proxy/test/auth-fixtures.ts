// Digest fixtures for the authentication tests: a proxy for example.com with alice's account,
// and a client's answer to a challenge (@puresip/auth's `respond`), as a UA would send it.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { respond } from "@puresip/auth";
import { parseMessage, parseProxyChallenge, printCredentials, printUri } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { Authentication, ProxyConfig } from "../src/index.js";
import { config, right } from "./sip.js";

export const REALM = "example.com";
export const LIFETIME = 30_000;

export const authentication = (over: Partial<Authentication> = {}): Authentication => ({
  realm: REALM,
  algorithms: ["SHA-256", "MD5"],
  nonceSecret: new Uint8Array(32).fill(7),
  nonceLifetimeMs: LIFETIME,
  maxNonces: 100,
  // Room for the guesses of the tests that are not about budgets (./budget.test.ts is).
  budgets: { perSource: { burst: 1000, refillMs: 1000 }, perUser: { burst: 1000, refillMs: 1000 }, maxSources: 100, maxUsers: 100 },
  account: (user) => (user === "alice" ? O.some({ secret: { _tag: "Password", password: "secret" } }) : O.none),
  ...over,
});

/** The test proxy with authentication on and its registrar checking the user part (§10.3 step 3). */
export const authConfig = (over: Partial<Authentication> = {}): ProxyConfig =>
  config({
    authentication: O.some(authentication(over)),
    registrar: O.some({ ...defaultRegistrarConfig, domains: ["example.com"], authorization: "UserPart" }),
  });

/** The first challenge of `response` (the 401's WWW-Authenticate or the 407's Proxy-Authenticate). */
export const challengeOf = (response: SipResponse) => {
  const h = response.headers.find((f) => /^(www|proxy)-authenticate$/i.test(f.name));
  if (h === undefined) throw new Error("no challenge");
  const c = right(parseProxyChallenge(h.value));
  if (c._tag !== "DigestChallenge") throw new Error("not digest");
  return c;
};

/** `request` with one more header field (as the UA's resubmission, §22.2). */
export const withHeader = (request: SipRequest, name: string, value: string): SipRequest => {
  const lines = [`${request.method} ${printUri(request.uri)} SIP/2.0`, ...request.headers.map((h) => `${h.name}: ${h.value}`), `${name}: ${value}`, "", ""];
  const parsed = right(parseMessage(lines.join("\r\n")));
  if (parsed._tag !== "Request") throw new Error("not a request");
  return parsed;
};

/** Alice's answer to `response`'s challenge for `request`, as a header value. */
export const answerTo = (response: SipResponse, request: SipRequest, password = "secret", nc = 1, user = "alice"): string => {
  const creds = respond({ challenge: challengeOf(response), username: user, secret: { _tag: "Password", password }, method: request.method, uri: printUri(request.uri), nc, cnonce: "c0ffee" });
  if (E.isLeft(creds)) throw new Error(JSON.stringify(creds.left));
  return printCredentials(creds.right);
};
