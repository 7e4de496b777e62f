// §22.2: a 401 or 407 to any request is answered once per challenge: the request goes again
// with credentials, "a new request, with a new CSeq" (§8.1.3.5) and a fresh branch. A second
// challenge for a realm already answered means the credentials were refused, unless it says
// stale=true (RFC 7616 §3.3), which asks for the same credentials with the new nonce.
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
import type { DigestChallenge, SipRequest, SipResponse } from "@puresip/message";
import type { Answered, Credential } from "../core/types.js";

export type RetryOutcome =
  | { readonly _tag: "Retry"; readonly request: SipRequest; readonly answered: ReadonlyArray<Answered> }
  /** No credentials for `realm`: the application may give some (`CredentialsNeeded`). */
  | { readonly _tag: "NeedCredentials"; readonly realm: string }
  /** The 401/407 stands: what stopped the retry. */
  | { readonly _tag: "GiveUp"; readonly reason: string };

export const isChallenge = (status: number): boolean => status === 401 || status === 407;

/** The entry of the credentials table for `realm`: an exact realm first, else one for any realm. */
export const credentialFor = (table: ReadonlyArray<Credential>, realm: string): O.Option<Credential> =>
  O.fromNullable(table.find((c) => c.realm === realm) ?? table.find((c) => c.realm === undefined));

const giveUp = (reason: string): RetryOutcome => ({ _tag: "GiveUp", reason });

/** What the retry needs that the step mints: a branch (with the magic cookie) and a cnonce. */
export interface RetryEntropy {
  readonly branch: string;
  readonly cnonce: string;
}

/**
 * The retry of `request` after `response` (a 401 or 407), carrying `seq` as its CSeq, or why
 * there is none. Every challenge answered so far goes again with its next nonce count, so a
 * proxy's and a server's challenges are both answered (§22.3).
 */
export const retryWithCredentials = (
  table: ReadonlyArray<Credential>,
  request: SipRequest,
  answered: ReadonlyArray<Answered>,
  response: SipResponse,
  seq: number,
  entropy: RetryEntropy,
): RetryOutcome => {
  const proxy = response.status === 407;
  const challenges = readHeaderList(proxy ? proxyAuthenticateHeader : wwwAuthenticateHeader)(response);
  if (E.isLeft(challenges)) return giveUp(`malformed challenge: ${challenges.left.reason}`);
  const chosen = chooseChallenge(challenges.right);
  if (O.isNone(chosen)) return giveUp("no challenge we can answer (RFC 8760 §2.4)");
  const challenge: DigestChallenge = chosen.value;
  if (answered.some((a) => a.proxy === proxy && a.challenge.realm === challenge.realm) && challenge.stale !== true) {
    return giveUp(`credentials for realm "${challenge.realm}" refused`);
  }
  const kept = answered.filter((a) => a.proxy !== proxy || a.challenge.realm !== challenge.realm).map((a) => ({ ...a, nc: a.nc + 1 }));
  const answers: ReadonlyArray<Answered> = [...kept, { proxy, challenge, nc: 1 }];
  const www: Array<string> = [];
  const prx: Array<string> = [];
  for (const a of answers) {
    const credential = credentialFor(table, a.challenge.realm);
    if (O.isNone(credential)) return { _tag: "NeedCredentials", realm: a.challenge.realm };
    const answer = respond({
      challenge: a.challenge,
      username: credential.value.username,
      secret: credential.value.secret,
      method: request.method,
      uri: printUri(request.uri),
      body: request.body,
      nc: a.nc,
      cnonce: entropy.cnonce,
    });
    if (E.isLeft(answer)) return giveUp(`cannot answer the challenge: ${answer.left._tag}`);
    (a.proxy ? prx : www).push(printCredentials(answer.right));
  }
  const top = request.core.via[0];
  if (top === undefined) return giveUp("the request has no Via");
  const via = { ...top, params: [...top.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: entropy.branch }] };
  const rebuilt = E.flatMap(
    E.flatMap(
      E.flatMap(setHeader("CSeq", `${seq} ${request.method}`)(request), replaceHeader("Via", [printVia(via), ...request.core.via.slice(1).map(printVia)])),
      replaceHeader(authorizationHeader.name, www),
    ),
    replaceHeader(proxyAuthorizationHeader.name, prx),
  );
  return E.isLeft(rebuilt) ? giveUp(`cannot rebuild the request: ${rebuilt.left.reason}`) : { _tag: "Retry", request: rebuilt.right, answered: answers };
};
