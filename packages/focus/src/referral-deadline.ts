// RFC 3515 §2.4.7: the REFER's implicit subscription is where the referrer hears how the
// referenced request ended, and it lasts `REFER_SUBSCRIPTION_SECONDS` (§2.4.4). The focus's
// dial-out ring ends inside it (`checkFocusConfig`), but a callee that sent a 1xx and then
// answers nothing, not even the CANCEL, is only given up 64*T1 after that CANCEL (RFC 3261
// §9.1): 67 s after the REFER with the defaults. So the focus keeps its own deadline, and when
// it comes with no final outcome heard, the referrer gets its final NOTIFY from the focus then;
// the call itself is left to the UA core, whose CallFailed later only updates the roster.
import { REFER_SUBSCRIPTION_SECONDS } from "@puresip/ua";
import type { UsageKey } from "@puresip/ua";
import type { Participant } from "./model.js";
import type { Turn } from "./turn.js";
import { command, keepParticipant } from "./turn.js";

/** How long before the subscription ends the final NOTIFY goes out: time for it to arrive while the referrer still listens. */
export const REPORT_MARGIN_MS = 1000;

/** When a referral taken at `now` must have heard its final outcome. */
export const reportDeadline = (now: number): number => now + REFER_SUBSCRIPTION_SECONDS * 1000 - REPORT_MARGIN_MS;

/** The deadline of a participant's referral, while it has one. */
export const reportDue = (p: Participant): number | null => (p.referral === null ? null : p.reportBy);

/**
 * The sipfrag status a referrer hears when the deadline comes first: a dial-out still ringing
 * was cancelled by its ring limit (the INVITE's Expires), so 487 Request Terminated; a BYE or
 * CANCEL for RFC 4579 §5.11 that got no final response is 408 Request Timeout.
 */
const overdueStatus = (p: Participant): number => (p.status === "disconnecting" ? 408 : 487);

/** The referral's deadline came: its referrer hears a final status now and nothing more; the participant stays until its call ends. */
export const reportOverdue = (turn: Turn, name: string, p: Participant): void => {
  const due = reportDue(p);
  if (due === null || due > turn.now || p.referral === null) return;
  command(turn, { _tag: "TransferProgress", subscription: p.referral as UsageKey, status: overdueStatus(p) });
  keepParticipant(turn, name, { ...p, referral: null, reportBy: null });
};
