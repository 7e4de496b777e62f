// A client request sent again as a new transaction: §22.2's retry with credentials and RFC
// 3263 §4.3's failover to the next target both send "a new request" with "a different value
// of the Via branch ID". The request's owner adopts the new one, so a CANCEL (§9.1: the same
// branch as the request it cancels) or an ACK is built from what really went out.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { tagOf } from "@puresip/dialog";
import type { InviteSession } from "@puresip/dialog";
import { Methods, printVia, replaceHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { Call } from "../usages/call/call.js";
import type { Ctx } from "../core/context.js";
import type { Owner, UsageKey } from "../core/types.js";
import { kindOf, usageAt } from "../core/usages.js";

/** `request` with `branch` in its top Via (§8.1.1.7), every other Via as it was. */
export const withBranch = (request: SipRequest, branch: string): E.Either<string, SipRequest> => {
  const top = request.core.via[0];
  if (top === undefined) return E.left("the request has no Via");
  const via = { ...top, params: [...top.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: branch }] };
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(replaceHeader("Via", [printVia(via), ...request.core.via.slice(1).map(printVia)])(request));
};

/**
 * The session with `old` replaced by its retry `next` (CSeq `seq`): the INVITE a
 * CANCEL or ACK is built from, or the in-dialog request awaiting its response, whose dialog
 * now counts from `seq` (§12.2.1.1: the local sequence number only grows).
 */
const branchOf = (request: SipRequest): string | undefined => request.core.via[0]?.params.find((p) => p.name.toLowerCase() === "branch")?.value;

/** The same request: one object, or (after a restore through the codecs) the same method, CSeq and branch. */
const same = (a: SipRequest, b: SipRequest): boolean =>
  a === b || (a.method === b.method && a.core.cseq?.seq === b.core.cseq?.seq && branchOf(a) !== undefined && branchOf(a) === branchOf(b));

/** §12.2.1.1: the local sequence number only grows (a failover resends a CSeq already counted). */
const raised = (localSeq: O.Option<number>, seq: number): O.Option<number> => O.some(Math.max(seq, O.getOrElse(() => 0)(localSeq)));

export const adopt = (s: InviteSession, old: SipRequest, next: SipRequest, seq: number): InviteSession | undefined => {
  switch (s._tag) {
    case "Calling": {
      if (same(s.invite, old)) return { ...s, invite: next };
      // RFC 3262 PRACK and RFC 3311 UPDATE in an early dialog: the session keeps no copy of
      // them, only the early dialog's local count, which the retry's CSeq moves on.
      if (old.method !== Methods.PRACK && old.method !== Methods.UPDATE) return undefined;
      const remote = old.core.to === undefined ? O.none : tagOf(old.core.to);
      const index = s.early.findIndex((d) => O.isSome(remote) && O.isSome(d.id.remoteTag) && d.id.remoteTag.value === remote.value);
      return index < 0 ? undefined : { ...s, early: s.early.map((d, i) => (i === index ? { ...d, localSeq: raised(d.localSeq, seq) } : d)) };
    }
    case "Incoming":
      // RFC 3311: the UAS's own UPDATE in its early dialog.
      return old.method === Methods.UPDATE && s.early !== null ? { ...s, early: { ...s.early, localSeq: raised(s.early.localSeq, seq) } } : undefined;
    case "Established": {
      const dialog = { ...s.dialog, localSeq: raised(s.dialog.localSeq, seq) };
      if (s.pending._tag === "Sending" && same(s.pending.request, old)) return { ...s, dialog, pending: { _tag: "Sending", request: next } };
      if (s.update._tag === "Sending" && same(s.update.request, old)) return { ...s, dialog, update: { _tag: "Sending", request: next } };
      return undefined;
    }
    case "Terminating":
      return same(s.bye, old) ? { ...s, dialog: { ...s.dialog, localSeq: raised(s.dialog.localSeq, seq) }, bye: next } : undefined;
    case "Ended":
      return undefined;
  }
};

/** A call takes the resent request in place of `old` (`adopt`): false when it no longer waits for it. */
export const adoptCallRequest = (ctx: Ctx, key: UsageKey, call: Call, old: SipRequest, next: SipRequest, seq: number): boolean => {
  const session = adopt(call.session, old, next, seq);
  if (session === undefined) return false;
  ctx.store.put(key, { _tag: "Usage", usage: { ...call, session } });
  return true;
};

/**
 * The owner of `old` takes `next` (CSeq `seq`) in its place: false when it no longer waits for
 * `old` (the call moved on), and the request must not go again. A standalone MESSAGE or
 * OPTIONS keeps nothing.
 */
export const adoptResend = (ctx: Ctx, owner: Owner, old: SipRequest, next: SipRequest, seq: number): boolean => {
  if (owner._tag === "Standalone") return true;
  const usage = usageAt(ctx, owner.key);
  return usage !== undefined && kindOf(usage).adopt(ctx, owner.key, usage, old, next, seq);
};
