// Which challenge to answer. RFC 8760 §2.3 lets a server offer one challenge per algorithm and
// §2.4 tells the client to "ignore any challenge it does not understand"; among the rest this
// picks the strongest hash (SHA-512-256 > SHA-256 > MD5), and the topmost on a tie, which is the
// server's stated preference (§2.3: "starting with the most preferred algorithm at the top").
import type { Challenge, DigestChallenge } from "@puresip/message";
import * as O from "fp-ts/lib/Option.js";
import { parseAlgorithm, type Algorithm } from "./hash.js";

/** The qop-values a client can apply, in the order it prefers them. */
const APPLICABLE_QOP = ["auth", "auth-int"] as const;

/** True when a challenge's qop-options (if any) include one this package can apply. */
export const offersApplicableQop = (qop: ReadonlyArray<string> | undefined): boolean =>
  qop === undefined || qop.some((q) => (APPLICABLE_QOP as ReadonlyArray<string>).includes(q.toLowerCase()));

/**
 * The algorithm of a challenge this package can answer: a known algorithm, a qop it can apply
 * (RFC 7616 §3.3: "Unrecognized options MUST be ignored"), and qop present for "-sess"
 * (RFC 3261 §22.4 item 8).
 */
export const answerableAlgorithm = (c: DigestChallenge): O.Option<Algorithm> =>
  O.filter((a: Algorithm) => offersApplicableQop(c.qop) && (!a.session || c.qop !== undefined))(parseAlgorithm(c.algorithm));

/**
 * The strongest Digest challenge this package can answer, topmost first among equals; `none`
 * when there is none (RFC 8760 §2.4: the UAC "SHOULD abandon attempts to send the request").
 * Give it the challenges of one response in header order (WWW-Authenticate or Proxy-Authenticate).
 */
export const chooseChallenge = (challenges: ReadonlyArray<Challenge>): O.Option<DigestChallenge> => {
  let best: DigestChallenge | undefined;
  let bestStrength = 0;
  for (const c of challenges) {
    if (c._tag !== "DigestChallenge") continue;
    const a = answerableAlgorithm(c);
    if (O.isSome(a) && a.value.strength > bestStrength) {
      best = c;
      bestStrength = a.value.strength;
    }
  }
  return O.fromNullable(best);
};
