// §16.3 step 6 "Proxy-Authorization check": "If an element requires credentials before
// forwarding a request, the request MUST be inspected as described in Section 22.3", and §22.1
// for the proxy's own registrar. The judgement is ../authentication/digest.ts; here it meets
// the step: the salt of a fresh nonce comes from the proxy's seed; a nonce that authenticated a
// request is kept in the registry (`N <nonce>`) until it lapses, in a table of at most
// `maxNonces` that forgets the first remembered when full (./bounded.ts) and marks every nonce
// issued up to it stale; failed verifications are counted per source host and per user
// (`B S <host>`, `B U <user>`, RFC 7616 §5.7) until their budget is whole again, in tables as
// bounded; and the proxy's own credentials leave the request before it is forwarded.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import { drawHex } from "@puresip/kernel";
import { Methods, headerKey, parseCredentials, parseProxyCredentials, replaceHeader } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";
import type { Authentication, Exchange } from "../authentication/digest.js";
import { challengeHeaders, credentialsHeader, judge } from "../authentication/digest.js";
import type { AuthMemory, BudgetScope, Failure } from "../authentication/memory.js";
import { DEFAULT_FAILURE_BUDGETS, policyOf } from "../authentication/memory.js";
import type { BoundedTable } from "../context/types.js";
import { budgetKey, nonceKey } from "../context/types.js";
import { fileInSlot, leaveSlot } from "./bounded.js";
import { isOwnDomain } from "../self.js";
import type { Work } from "./work.js";
import { dropped } from "./work.js";

/** How the element answers the request itself: on its server transaction, or statelessly. */
export type Reply = (status: number, headers: ReadonlyArray<HeaderField>, reason?: string) => void;

/** Go on with `request` (the proxy's own credentials removed) as `identity`, or it is answered. */
export type Authorized = { readonly _tag: "Go"; readonly request: SipRequest; readonly identity: O.Option<string> } | { readonly _tag: "Answered" };

/**
 * §22.3 at this proxy: which requests must carry credentials before they are forwarded. Those
 * from its own users (the From's domain is one of ours), or with `challenge: "Everyone"` every
 * request (RFC 3665 §3.3's Proxy 2 challenges a caller from another domain); never ACK and
 * CANCEL (§22.1: "Servers MUST NOT attempt to challenge an ACK"; "servers MUST NOT attempt to
 * challenge CANCEL requests since these requests cannot be resubmitted").
 */
export const mustAuthenticate = (w: Work, request: SipRequest): boolean => {
  if (request.method === Methods.ACK || request.method === Methods.CANCEL) return false;
  if (O.isNone(w.config.authentication)) return false;
  if (w.config.authentication.value.challenge === "Everyone") return true;
  const from = request.core.from?.uri;
  return from !== undefined && isOwnDomain(w.config, from);
};

/**
 * A request this proxy does not authenticate, with the proxy's own Proxy-Authorization removed:
 * the 2xx ACK repeats the INVITE's credentials (§13.2.2.4), which were for this proxy alone.
 */
export const withoutOwnProxyCredentials = (w: Work, request: SipRequest): SipRequest =>
  O.isNone(w.config.authentication) ? request : withoutOwnCredentials(w.config.authentication.value, request, "Proxy");

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

/** The registry as the judgement reads it. */
const memoryOf = (w: Work): AuthMemory => ({
  counts: (nonce) => {
    const e = w.store.get(nonceKey(nonce));
    return e?._tag === "NonceUse" ? { highestNc: e.highestNc, window: e.window } : undefined;
  },
  forgottenBefore: w.forgottenBefore,
  failures: (scope, key) => {
    const e = w.store.get(budgetKey(scope, key));
    return e?._tag === "FailureBudget" ? { tokens: e.tokens, at: e.at } : undefined;
  },
});

const tableOf = (scope: BudgetScope): BoundedTable => (scope === "Source" ? "Sources" : "Users");

/** Remembers a failure until its bucket is whole again; a key new to its table may push the first remembered out (its burst comes back). */
const rememberFailure = (w: Work, auth: Authentication, f: Failure): void => {
  const budgets = auth.budgets ?? DEFAULT_FAILURE_BUDGETS;
  const policy = policyOf(budgets, f.scope);
  const k = budgetKey(f.scope, f.key);
  const until = f.bucket.at + Math.max(0, policy.burst - f.bucket.tokens) * Math.max(0, policy.refillMs);
  const had = w.store.get(k);
  if (had?._tag === "FailureBudget") {
    w.store.put(k, { ...had, tokens: f.bucket.tokens, at: f.bucket.at, until });
    return;
  }
  const table = tableOf(f.scope);
  const filed = fileInSlot(w, table, f.scope === "Source" ? budgets.maxSources : budgets.maxUsers, k);
  if (filed.evicted !== undefined) {
    const out = w.store.get(filed.evicted);
    if (out?._tag === "FailureBudget" && out.slot === filed.slot) w.store.forget(filed.evicted);
  }
  w.store.put(k, { _tag: "FailureBudget", tokens: f.bucket.tokens, at: f.bucket.at, until, slot: filed.slot });
};

/**
 * Remembers the counts of a nonce that authenticated. A nonce new to the table may push the
 * first remembered out: its counts are gone, so every nonce issued up to it becomes stale
 * (auth's `countsForUse`), and a replay of it gets a fresh challenge, never a pass.
 */
const rememberNonce = (w: Work, auth: Authentication, nonce: string, issuedAt: number, counts: { readonly highestNc: number; readonly window: number }): void => {
  const k = nonceKey(nonce);
  const use = { _tag: "NonceUse" as const, issuedAt, highestNc: counts.highestNc, window: counts.window, until: issuedAt + auth.nonceLifetimeMs };
  const had = w.store.get(k);
  if (had?._tag === "NonceUse") {
    w.store.put(k, { ...use, ...(had.slot === undefined ? {} : { slot: had.slot }) });
    return;
  }
  const filed = fileInSlot(w, "Nonces", auth.maxNonces, k);
  if (filed.evicted !== undefined) {
    const out = w.store.get(filed.evicted);
    if (out?._tag === "NonceUse" && out.slot === filed.slot) {
      w.store.forget(filed.evicted);
      if (out.issuedAt + 1 > w.forgottenBefore) w.forgottenBefore = out.issuedAt + 1;
    }
  }
  w.store.put(k, { ...use, slot: filed.slot });
};

/** The request from `source` through §22.1 (`Registrar`) or §22.3 (`Proxy`), when authentication is configured. */
export const authorize = (w: Work, request: SipRequest, source: Peer, x: Exchange, reply: Reply): Authorized => {
  if (O.isNone(w.config.authentication)) return { _tag: "Go", request, identity: O.none };
  const auth = w.config.authentication.value;
  // Nonce times are whole ms (RFC 7616 §3.3's timestamp); the engine's clock may have fractions.
  const now = Math.floor(w.now);
  // A source is its host: a port costs an attacker nothing to change.
  const j = judge(auth, request, x, now, memoryOf(w), source.host);
  switch (j._tag) {
    case "OverBudget":
      reply(503, [{ name: "Retry-After", value: String(j.retryAfter) }], "Too Many Failed Authentications");
      return { _tag: "Answered" };
    case "Refuse":
      for (const f of j.failed) rememberFailure(w, auth, f);
      reply(j.status, [], j.reason);
      return { _tag: "Answered" };
    case "Challenge": {
      for (const f of j.failed) rememberFailure(w, auth, f);
      const [salt, seed] = drawHex(w.seed, 2);
      w.seed = seed;
      const headers = challengeHeaders(auth, x, now, salt, j.stale, j.account);
      if (E.isLeft(headers)) {
        dropped(w, headers.left);
        reply(500, []);
      } else reply(x === "Registrar" ? 401 : 407, headers.right);
      return { _tag: "Answered" };
    }
    case "Pass":
      rememberNonce(w, auth, j.nonce, j.issuedAt, j.counts);
      return { _tag: "Go", request: x === "Proxy" ? withoutOwnCredentials(auth, request, x) : request, identity: O.some(j.user) };
    default:
      return absurd(j);
  }
};

/** A remembered nonce lapsed: forget it and free its slot. */
export const onNonceTick = (w: Work, key: string): void => {
  const e = w.store.get(key);
  if (e?._tag !== "NonceUse" || e.until > w.now) return;
  w.store.forget(key);
  leaveSlot(w, "Nonces", e.slot, key);
};

/** A failure budget is whole again: forget it (no entry means a whole budget) and free its slot. */
export const onBudgetTick = (w: Work, key: string): void => {
  const e = w.store.get(key);
  if (e?._tag !== "FailureBudget" || e.until > w.now) return;
  w.store.forget(key);
  leaveSlot(w, key.startsWith(budgetKey("Source", "")) ? "Sources" : "Users", e.slot, key);
};
