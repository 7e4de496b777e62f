// §8.1.3.4 "Processing 3xx Responses", with UaConfig.followRedirects: "clients SHOULD use the
// URI(s) in the Contact header field to formulate one or more new requests based on the
// redirected request", trying them "in the order of the q-value" one at a time ("When a
// failure for a particular contact address is received, the client SHOULD try the next");
// each new request keeps the To, From and Call-ID ("RECOMMENDED"), and "in all other respects
// ... SHOULD re-use the header fields and bodies of the original request", with a new branch
// and, as a new request of the same call, the next CSeq. The list is kept in the client
// request's context (`ClientRequest.redirects`), so it is stored and restored with it; it never
// holds more than MAX_REDIRECT_TARGETS, and a call follows at most that many redirections.
import * as E from "fp-ts/lib/Either.js";
import { findParam, parseUri, printUri, setHeader, uriEquals, withoutUriHeaders } from "@puresip/message";
import type { SipRequest, SipResponse, Uri } from "@puresip/message";
import { withBranch } from "./resend.js";
import type { Redirects } from "../core/types.js";

/** The most targets a redirected request keeps, and the most redirections it follows. */
export const MAX_REDIRECT_TARGETS = 8;

const qOf = (params: ReadonlyArray<{ readonly name: string; readonly value?: string }>): number => {
  const q = Number(findParam(params, "q")?.value ?? "1");
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
};

const isSips = (uri: Uri): boolean => uri._tag === "SipUri" && uri.scheme === "sips";

/**
 * The 3xx's Contact URIs to try, highest q first (equal q in the order given), none already
 * known. §8.1.3.4: from a SIPS Request-URI the client "MAY choose to recurse to a non-SIPS URI,
 * but SHOULD inform the user": this UA does not recurse to one, so no call silently loses TLS.
 */
export const contactsToTry = (request: SipRequest, response: SipResponse, known: ReadonlyArray<Uri>): ReadonlyArray<Uri> => {
  const sips = isSips(request.uri);
  const ranked = response.core.contact
    .flatMap((c, i) => (c._tag === "NameAddr" ? [{ uri: withoutUriHeaders(c.uri), q: qOf(c.params), i }] : []))
    .filter((c) => c.uri._tag === "SipUri" && (!sips || isSips(c.uri)))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((c) => c.uri);
  const out: Array<Uri> = [];
  for (const u of ranked) if (![request.uri, ...known, ...out].some((k) => uriEquals(k, u))) out.push(u);
  return out;
};

/** The context's list after a 3xx: its own targets, then the new ones, bounded. */
export const afterRedirect = (redirects: Redirects | undefined, added: ReadonlyArray<Uri>): Redirects => ({
  targets: [...(redirects?.targets ?? []), ...added.map(printUri)].slice(0, MAX_REDIRECT_TARGETS),
  hops: (redirects?.hops ?? 0) + 1,
});

/** The next target of `redirects` and the list without it; none when it is empty or spent. */
export const nextTarget = (redirects: Redirects | undefined): { readonly target: Uri; readonly rest: Redirects } | undefined => {
  if (redirects === undefined || redirects.hops > MAX_REDIRECT_TARGETS) return undefined;
  for (let i = 0; i < redirects.targets.length; i++) {
    const parsed = parseUri(redirects.targets[i] ?? "");
    if (E.isRight(parsed)) return { target: parsed.right, rest: { ...redirects, targets: redirects.targets.slice(i + 1) } };
  }
  return undefined;
};

/** `request` sent to `target` instead: the same fields and body, Request-URI `target`, CSeq `seq`, a new branch. */
export const redirectedRequest = (request: SipRequest, target: Uri, seq: number, branch: string): E.Either<string, SipRequest> =>
  E.flatMap(E.mapLeft((e: { readonly reason: string }) => e.reason)(setHeader("CSeq", `${String(seq)} ${request.method}`)({ ...request, uri: target })), (r) => withBranch(r, branch));
