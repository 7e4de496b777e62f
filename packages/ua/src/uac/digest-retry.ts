// The one §22.2 digest-retry engine, for REGISTER (usages/registration/client.ts) and for every
// other request (client-responses.ts). One rule set:
// - a 401 or 407 is answered once per challenge realm: a second challenge for a realm already
//   answered means the credentials were refused, unless it says stale=true (RFC 7616 §3.3:
//   "the username and/or password are invalid" otherwise), which asks for the same credentials
//   with the new nonce; answers sent from a cache were not asked for, so a challenge to them is
//   a first one;
// - the retry is "a new request, with a new CSeq" (§8.1.3.5; §22.2 "MUST increment the CSeq"),
//   the same Call-ID, a fresh branch; the caller picks the CSeq (the registration's count, the
//   dialog's, or the request's own plus one) and builds the request;
// - every challenge answered so far goes again with its next nonce count (RFC 7616 §3.4.5), so a
//   proxy's and a server's challenges are both answered (§22.3), and answers are kept so later
//   requests can carry them again unasked (§22.1, §22.3: `nextUse`, `credentialFields`).
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { chooseChallenge, respond } from "@puresip/auth";
import {
  authorizationHeader,
  printCredentials,
  printUri,
  printVia,
  proxyAuthenticateHeader,
  proxyAuthorizationHeader,
  readHeaderList,
  replaceHeader,
  setHeader,
  wwwAuthenticateHeader,
} from "@puresip/message";
import type { DigestChallenge, HeaderField, SipRequest, SipResponse, Uri } from "@puresip/message";
import type { Answered, Credential, DigestCache } from "../core/types.js";

export type RetryOutcome =
  | { readonly _tag: "Retry"; readonly request: SipRequest; readonly answered: ReadonlyArray<Answered> }
  /** No credentials for `realm`: the application may give some (`CredentialsNeeded`). */
  | { readonly _tag: "NeedCredentials"; readonly realm: string }
  /** The 401/407 stands: what stopped the retry. */
  | { readonly _tag: "GiveUp"; readonly reason: string };

/** Why the engine gives no credential fields: a realm nobody has credentials for, or another reason the challenge stands. */
export type NoCredentials = Exclude<RetryOutcome, { readonly _tag: "Retry" }>;

export const isChallenge = (status: number): boolean => status === 401 || status === 407;

/** The entry of the credentials table for `realm`: an exact realm first, else one for any realm. */
export const credentialFor = (table: ReadonlyArray<Credential>, realm: string): O.Option<Credential> =>
  O.fromNullable(table.find((c) => c.realm === realm) ?? table.find((c) => c.realm === undefined));

const giveUp = (reason: string): NoCredentials => ({ _tag: "GiveUp", reason });

/** An answer used once more: its nonce count goes up by one (RFC 7616 §3.4.5: never twice with a nonce). */
export const nextUse = (a: Answered): Answered => ({ ...a, nc: a.nc + 1 });

/**
 * §22.2 with RFC 7616 §3.3: the answers a retry after `response` (a 401 or 407) carries, or why
 * the challenge stands. `carried` are the answers the challenged request carried; `cached` says
 * they were sent unasked (from a cache, §22.1), so a challenge to them is a first one.
 */
export const answersAfterChallenge = (carried: ReadonlyArray<Answered>, cached: boolean, response: SipResponse): E.Either<string, ReadonlyArray<Answered>> => {
  const proxy = response.status === 407;
  const challenges = readHeaderList(proxy ? proxyAuthenticateHeader : wwwAuthenticateHeader)(response);
  if (E.isLeft(challenges)) return E.left(`malformed challenge: ${challenges.left.reason}`);
  const chosen = chooseChallenge(challenges.right);
  if (O.isNone(chosen)) return E.left("no challenge we can answer (RFC 8760 §2.4)");
  const challenge: DigestChallenge = chosen.value;
  const again = !cached && carried.some((a) => a.proxy === proxy && a.challenge.realm === challenge.realm);
  if (again && challenge.stale !== true) return E.left(`credentials for realm "${challenge.realm}" refused`);
  // The new challenge replaces the one from the same realm; the others go again, counted once more.
  const kept = carried.filter((a) => a.proxy !== proxy || a.challenge.realm !== challenge.realm).map(nextUse);
  return E.right([...kept, { proxy, challenge, nc: 1 }]);
};

/** What the answers are computed over (§22.4: the method, the Request-URI, and the body for qop=auth-int). */
export interface AnswerTarget {
  readonly method: string;
  readonly uri: Uri;
  readonly body?: Uint8Array;
}

/**
 * Authorization / Proxy-Authorization for every answer, each with its own nonce count and the
 * credentials `lookup` finds for its realm; `NeedCredentials` names the first realm it finds none for.
 */
export const credentialFields = (
  lookup: (realm: string) => O.Option<Credential>,
  target: AnswerTarget,
  answers: ReadonlyArray<Answered>,
  cnonce: string,
): E.Either<NoCredentials, ReadonlyArray<HeaderField>> => {
  const fields: Array<HeaderField> = [];
  for (const a of answers) {
    const credential = lookup(a.challenge.realm);
    if (O.isNone(credential)) return E.left({ _tag: "NeedCredentials", realm: a.challenge.realm });
    const answer = respond({
      challenge: a.challenge,
      username: credential.value.username,
      secret: credential.value.secret,
      method: target.method,
      uri: printUri(target.uri),
      ...(target.body === undefined ? {} : { body: target.body }),
      nc: a.nc,
      cnonce,
    });
    if (E.isLeft(answer)) return E.left(giveUp(`cannot answer the challenge: ${answer.left._tag}`));
    fields.push({ name: (a.proxy ? proxyAuthorizationHeader : authorizationHeader).name, value: printCredentials(answer.right) });
  }
  return E.right(fields);
};

/** What the retry needs that the step mints: a branch (with the magic cookie) and a cnonce. */
export interface RetryEntropy {
  readonly branch: string;
  readonly cnonce: string;
}

const valuesOf = (fields: ReadonlyArray<HeaderField>, name: string): ReadonlyArray<string> => fields.filter((f) => f.name === name).map((f) => f.value);

/**
 * The retry of `request` after `response` (a 401 or 407), carrying `seq` as its CSeq, or why
 * there is none: the engine's answers and fields on the same request with a new CSeq and branch
 * (the Call-ID, From tag and everything else unchanged).
 */
export const retryWithCredentials = (
  table: ReadonlyArray<Credential>,
  request: SipRequest,
  answered: ReadonlyArray<Answered>,
  response: SipResponse,
  seq: number,
  entropy: RetryEntropy,
  cached = false,
): RetryOutcome => {
  const answers = answersAfterChallenge(answered, cached, response);
  if (E.isLeft(answers)) return giveUp(answers.left);
  const fields = credentialFields((realm) => credentialFor(table, realm), request, answers.right, entropy.cnonce);
  if (E.isLeft(fields)) return fields.left;
  const top = request.core.via[0];
  if (top === undefined) return giveUp("the request has no Via");
  const via = { ...top, params: [...top.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: entropy.branch }] };
  const rebuilt = E.flatMap(
    E.flatMap(
      E.flatMap(setHeader("CSeq", `${seq} ${request.method}`)(request), replaceHeader("Via", [printVia(via), ...request.core.via.slice(1).map(printVia)])),
      replaceHeader(authorizationHeader.name, valuesOf(fields.right, authorizationHeader.name)),
    ),
    replaceHeader(proxyAuthorizationHeader.name, valuesOf(fields.right, proxyAuthorizationHeader.name)),
  );
  return E.isLeft(rebuilt) ? giveUp(`cannot rebuild the request: ${rebuilt.left.reason}`) : { _tag: "Retry", request: rebuilt.right, answered: answers.right };
};

/**
 * §22.2, §22.3: `request` (a later one in the call, not yet challenged) with the cached answers
 * added unasked, each with its next nonce count, and the cache as it is after this use; none
 * when an answer can no longer be made (the request then goes without, and a challenge to it is
 * answered as usual).
 */
export const withCachedCredentials = (
  table: ReadonlyArray<Credential>,
  request: SipRequest,
  cache: DigestCache,
): O.Option<readonly [request: SipRequest, cache: DigestCache]> => {
  const answers = cache.answers.map(nextUse);
  const given = cache.provided ?? [];
  const fields = credentialFields((realm) => credentialFor([...given, ...table], realm), request, answers, cache.cnonce);
  if (E.isLeft(fields)) return O.none;
  const added = E.flatMap(
    replaceHeader(authorizationHeader.name, valuesOf(fields.right, authorizationHeader.name))(request),
    replaceHeader(proxyAuthorizationHeader.name, valuesOf(fields.right, proxyAuthorizationHeader.name)),
  );
  return E.isLeft(added) ? O.none : O.some([added.right, { ...cache, answers }] as const);
};
