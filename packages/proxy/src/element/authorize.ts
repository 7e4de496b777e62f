// §16.3 step 6 "Proxy-Authorization check": "If an element requires credentials before
// forwarding a request, the request MUST be inspected as described in Section 22.3", and §22.1
// for the proxy's own registrar. The judgement is ../authentication/digest.ts; here it meets
// the step: the salt of a fresh nonce comes from the proxy's seed, a nonce that authenticated a
// request is kept in the registry (`N <nonce>`) until it lapses, counted against `maxNonces`,
// and the proxy's own credentials leave the request before it is forwarded.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { drawHex } from "@puresip/kernel";
import { Methods, headerKey, parseCredentials, parseProxyCredentials, replaceHeader } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";
import type { Authentication, Exchange } from "../authentication/digest.js";
import { challengeHeaders, credentialsHeader, judge } from "../authentication/digest.js";
import { nonceKey } from "../context/types.js";
import { isOwnDomain } from "../self.js";
import type { Work } from "./work.js";
import { dropped } from "./work.js";

/** How the element answers the request itself: on its server transaction, or statelessly. */
export type Reply = (status: number, headers: ReadonlyArray<HeaderField>, reason?: string) => void;

/** Go on with `request` (the proxy's own credentials removed) as `identity`, or it is answered. */
export type Authorized = { readonly _tag: "Go"; readonly request: SipRequest; readonly identity: O.Option<string> } | { readonly _tag: "Answered" };

/**
 * §22.3 at this proxy: requests from its own users (the From's domain is one of ours) must carry
 * credentials, except ACK and CANCEL (§22.1: "Servers MUST NOT attempt to challenge an ACK";
 * "servers MUST NOT attempt to challenge CANCEL requests since these requests cannot be
 * resubmitted").
 */
export const fromOwnUser = (w: Work, request: SipRequest): boolean => {
  if (request.method === Methods.ACK || request.method === Methods.CANCEL) return false;
  const from = request.core.from?.uri;
  return from !== undefined && isOwnDomain(w.config, from);
};

/** §22.3: "a Proxy-Authorization header field value MUST NOT be consumed by any proxy whose realm does not match": only ours leave. */
const withoutOwnCredentials = (auth: Authentication, request: SipRequest, x: Exchange): SipRequest => {
  const key = headerKey(credentialsHeader(x));
  const parse = x === "Registrar" ? parseCredentials : parseProxyCredentials;
  const others = request.headers.flatMap((h) => {
    if (headerKey(h.name) !== key) return [];
    const c = parse(h.value);
    return E.isRight(c) && c.right._tag === "DigestCredentials" && c.right.realm === auth.realm ? [] : [h.value];
  });
  const out = replaceHeader(credentialsHeader(x), others)(request);
  return E.isRight(out) ? out.right : request;
};

const nonceCounts = (w: Work) => (nonce: string) => {
  const e = w.store.get(nonceKey(nonce));
  return e?._tag === "NonceUse" ? { highestNc: e.highestNc, window: e.window } : undefined;
};

/** The request through §22.1 (`Registrar`) or §22.3 (`Proxy`), when authentication is configured. */
export const authorize = (w: Work, request: SipRequest, x: Exchange, reply: Reply): Authorized => {
  if (O.isNone(w.config.authentication)) return { _tag: "Go", request, identity: O.none };
  const auth = w.config.authentication.value;
  // Nonce times are whole ms (RFC 7616 §3.3's timestamp); the engine's clock may have fractions.
  const now = Math.floor(w.now);
  const j = judge(auth, request, x, now, nonceCounts(w));
  switch (j._tag) {
    case "Refuse":
      reply(j.status, [], j.reason);
      return { _tag: "Answered" };
    case "Challenge": {
      const [salt, seed] = drawHex(w.seed, 2);
      w.seed = seed;
      const headers = challengeHeaders(auth, x, now, salt, j.stale, j.account);
      if (E.isLeft(headers)) {
        dropped(w, headers.left);
        reply(500, []);
      } else reply(x === "Registrar" ? 401 : 407, headers.right);
      return { _tag: "Answered" };
    }
    case "Pass": {
      if (!j.known && w.nonces >= auth.maxNonces) {
        // A full table cannot keep replays out: refuse, and say when a nonce will have lapsed.
        reply(503, [{ name: "Retry-After", value: String(Math.max(1, Math.ceil(auth.nonceLifetimeMs / 1000))) }], "Too Many Nonces in Use");
        return { _tag: "Answered" };
      }
      w.store.put(nonceKey(j.nonce), { _tag: "NonceUse", issuedAt: j.issuedAt, highestNc: j.counts.highestNc, window: j.counts.window, until: j.issuedAt + auth.nonceLifetimeMs });
      if (!j.known) w.nonces += 1;
      return { _tag: "Go", request: x === "Proxy" ? withoutOwnCredentials(auth, request, x) : request, identity: O.some(j.user) };
    }
    default:
      return absurd(j);
  }
};

/** A remembered nonce lapsed: forget it. */
export const onNonceTick = (w: Work, key: string): void => {
  const e = w.store.get(key);
  if (e?._tag !== "NonceUse" || e.until > w.now) return;
  w.store.forget(key);
  w.nonces = Math.max(0, w.nonces - 1);
};
