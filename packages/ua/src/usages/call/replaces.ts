// RFC 3891 §3: an INVITE with Replaces, as its recipient judges it. The header names one dialog
// from the recipient's point of view (to-tag: our tag, from-tag: the peer's); the verdict is a
// rejection (400, 403, 481, 486, 603) or the call it replaces. Pure over a lookup of calls, so
// every rule is tested without a network.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Dialog } from "@puresip/dialog";
import { Methods, headerFieldList, headerNameEquals, printUri, readHeader, readHeaderList, referredByHeader, replacesHeader, supportedHeader, warningHeader } from "@puresip/message";
import type { HeaderField, Replaces, SipRequest, SipResponse, Uri } from "@puresip/message";
import { callKey } from "../../core/keys.js";
import type { Usage, UsageKey } from "../../core/types.js";

type Call = Extract<Usage, { _tag: "Call" }>;

/** What §3 says to do with a request. */
export type ReplacesVerdict =
  /** No Replaces header: an ordinary request. */
  | { readonly _tag: "NoReplaces" }
  /** Answer with `status`; the matched dialog (if any) stays as it is. */
  | { readonly _tag: "Refuse"; readonly status: 400 | 403 | 481 | 486 | 603; readonly reason: string }
  /** Accept (the application answers) and, once the new call is confirmed, end `call`: BYE if `confirmed`, else CANCEL. */
  | { readonly _tag: "Replace"; readonly call: UsageKey; readonly confirmed: boolean };

/** How a call stands against the tags of a Replaces. */
type Match =
  | { readonly _tag: "Confirmed"; readonly dialog: Dialog }
  | { readonly _tag: "EarlyOurs"; readonly dialog: Dialog }
  | { readonly _tag: "EarlyTheirs" }
  | { readonly _tag: "Terminated" };

/** §6.1: "a tag of zero matches both tags of zero and null" (RFC 2543 peers sent no tag). */
const tagMatches = (wanted: string, tag: O.Option<string>): boolean => (O.isSome(tag) ? tag.value === wanted : wanted === "0");

/** Our call as its caller: our tag is the INVITE's From tag (the key), the peer's is each fork's To tag. */
const asCaller = (call: Call, peerTag: string): Match | undefined => {
  const s = call.session;
  switch (s._tag) {
    case "Calling": {
      const early = s.early.find((d) => tagMatches(peerTag, d.id.remoteTag));
      if (early === undefined) return undefined;
      // A CANCEL already wanted or sent: the invitation is being terminated.
      return s.cancel._tag === "No" ? { _tag: "EarlyOurs", dialog: early } : { _tag: "Terminated" };
    }
    case "Established":
      if (!tagMatches(peerTag, s.dialog.id.remoteTag)) return undefined;
      return s.hangupWanted ? { _tag: "Terminated" } : { _tag: "Confirmed", dialog: s.dialog };
    case "Terminating":
      return tagMatches(peerTag, s.dialog.id.remoteTag) ? { _tag: "Terminated" } : undefined;
    case "Ended":
      return { _tag: "Terminated" };
    case "Incoming":
      return undefined;
  }
};

/** The peer's call to us: the peer's tag is the key, ours the To tag we gave. */
const asCallee = (call: Call, ourTag: string): Match | undefined => {
  const s = call.session;
  switch (s._tag) {
    case "Incoming":
      return s.toTag === ourTag ? { _tag: "EarlyTheirs" } : undefined;
    case "Established":
      if (s.dialog.id.localTag !== ourTag) return undefined;
      return s.hangupWanted ? { _tag: "Terminated" } : { _tag: "Confirmed", dialog: s.dialog };
    case "Terminating":
      return s.dialog.id.localTag === ourTag ? { _tag: "Terminated" } : undefined;
    case "Ended":
      return { _tag: "Terminated" };
    case "Calling":
      return undefined;
  }
};

const refuse = (status: 400 | 403 | 481 | 486 | 603, reason: string): ReplacesVerdict => ({ _tag: "Refuse", status, reason });

/** The same user: scheme, user and host (case-insensitive host), parameters aside. */
const sameUser = (a: Uri, b: Uri): boolean =>
  a._tag === "SipUri" && b._tag === "SipUri" ? a.user === b.user && a.host.value.toLowerCase() === b.host.value.toLowerCase() : printUri(a) === printUri(b);

/**
 * §3: "the UA MUST verify that the initiator of the new INVITE is authorized to replace the
 * matched dialog". This UA authenticates nobody itself, so it accepts the identities it is
 * given: the new INVITE comes from the user being replaced (its From), or was sent on that
 * user's behalf (a Referred-By naming it: "the UA SHOULD treat the replacement as if the
 * replacement was authorized by the replaced party"). A shell that authenticates callers
 * (digest, an asserting proxy) makes these headers trustworthy.
 */
const authorized = (invite: SipRequest, dialog: Dialog): boolean => {
  const by = readHeader(referredByHeader)(invite);
  const referrer = E.isRight(by) && O.isSome(by.right) ? by.right.value.uri : undefined;
  const from = invite.core.from?.uri;
  return (from !== undefined && sameUser(from, dialog.remoteUri)) || (referrer !== undefined && sameUser(referrer, dialog.remoteUri));
};

/** §3: contradictory semantics: a Join (RFC 3911) asks to add to the very dialog Replaces would end. */
const CONTRADICTORY: ReadonlyArray<string> = ["Join"];

/** The Replaces of `request` read, or the 400 its presence or form earns (§3, §6.1). */
const readReplaces = (request: SipRequest): E.Either<ReplacesVerdict, O.Option<Replaces>> => {
  const fields = request.headers.filter((f) => headerNameEquals(f.name, replacesHeader.name));
  const only = fields[0];
  if (only === undefined) return E.right(O.none);
  // §3: "If more than one Replaces header field is present in an INVITE, or if a Replaces header
  // field is present in a request other than INVITE, the UAS MUST reject the request with a 400".
  if (request.method !== Methods.INVITE) return E.left(refuse(400, "Replaces is for INVITE only (RFC 3891 §3)"));
  if (fields.length > 1) return E.left(refuse(400, "more than one Replaces (RFC 3891 §3)"));
  if (request.headers.some((f) => CONTRADICTORY.some((name) => headerNameEquals(f.name, name)))) return E.left(refuse(400, "Replaces with a header of contradictory semantics (RFC 3891 §3)"));
  const parsed = replacesHeader.parse(only.value);
  return E.isLeft(parsed) ? E.left(refuse(400, `bad Replaces: ${parsed.left.reason}`)) : E.right(O.some(parsed.right));
};

/**
 * RFC 3891 §3 for one request, in the RFC's order. `callAt` reads a call from the registry.
 * Only calls are looked at: a dialog "not created with an INVITE" (a subscription) never
 * matches, which §3 also answers with 481.
 */
export const replacesVerdict = (request: SipRequest, callAt: (key: UsageKey) => Call | undefined): ReplacesVerdict => {
  const read = readReplaces(request);
  if (E.isLeft(read)) return read.left;
  if (O.isNone(read.right)) return { _tag: "NoReplaces" };
  const r = read.right.value;
  const mine = callKey("UAC", r.callId, r.toTag);
  const theirs = callKey("UAS", r.callId, r.fromTag);
  const ours = callAt(mine);
  const peers = callAt(theirs);
  const matches = [
    ...(ours === undefined ? [] : [{ key: mine, match: asCaller(ours, r.fromTag) }]),
    ...(peers === undefined ? [] : [{ key: theirs, match: asCallee(peers, r.toTag) }]),
  ].flatMap((m) => (m.match === undefined ? [] : [{ key: m.key, match: m.match }]));
  const found = matches[0];
  // §3: "If the Replaces header field matches more than one dialog, the UA MUST act as if no match is found."
  if (found === undefined || matches.length > 1) return refuse(481, matches.length > 1 ? "Replaces matches more than one dialog" : "Replaces matches no dialog");
  const m = found.match;
  switch (m._tag) {
    case "Terminated":
      // §3: "If the Replaces header field matches a dialog which has already terminated, the UA SHOULD decline the request with a 603 Declined".
      return refuse(603, "the dialog to replace has already terminated");
    case "EarlyTheirs":
      // §3: "If the Replaces header field matches an early dialog that was not initiated by this UA, it returns a 481".
      return refuse(481, "Replaces matches an early dialog this UA did not initiate");
    case "Confirmed":
    case "EarlyOurs":
      if (!authorized(request, m.dialog)) return refuse(403, "the initiator may not replace that dialog (RFC 3891 §3)");
      // §3: "If the flag is present, the UA rejects the request with a 486 Busy response."
      if (m._tag === "Confirmed" && r.earlyOnly) return refuse(486, "early-only, and the dialog is confirmed");
      return { _tag: "Replace", call: found.key, confirmed: m._tag === "Confirmed" };
  }
};

/** A Warning 399 saying why (§20.43); the text carries no double quote. */
export const warning = (agent: string, text: string): HeaderField => headerFieldList(warningHeader)([{ code: 399, agent, text: `"${text.replace(/["\\]/g, "'")}"` }]);

/** The option-tags of a message's Supported (none when it has none or it does not parse). */
export const supportedOf = (message: SipRequest | SipResponse): ReadonlyArray<string> => {
  const tags = readHeaderList(supportedHeader)(message);
  return E.isRight(tags) ? tags.right.map((t) => t.toLowerCase()) : [];
};
