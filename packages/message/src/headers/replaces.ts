// The Replaces header (RFC 3891 §6.1) and its use inside a Refer-To URI (RFC 3891 §6.1's
// examples, RFC 5589 §7): a Call-ID and the two tags that name one dialog, and the early-only
// flag. Tags are read as the *recipient* of the INVITE sees them (RFC 3891 §3): to-tag is its
// local tag, from-tag its remote tag.
import type { CallId } from "../brand.js";
import type { Param } from "../model.js";
import { fail, isFail } from "../uri/error.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { isToken } from "../charset.js";
import { printParams, scanParams } from "./params.js";
import { scanCallId } from "./scalars.js";
import { trimEnd } from "./lex.js";

/** Replaces = callid *(SEMI replaces-param); exactly one to-tag and one from-tag (RFC 3891 §6.1). */
export interface Replaces {
  readonly callId: CallId;
  /** The tag the INVITE's recipient uses for itself in the dialog to replace. */
  readonly toTag: string;
  /** The tag of the recipient's peer in that dialog. */
  readonly fromTag: string;
  /** early-flag: replace only a dialog that is still early (§3: a confirmed one gets 486). */
  readonly earlyOnly: boolean;
  /** generic-params, in order. */
  readonly params: ReadonlyArray<Param>;
}


const KNOWN: ReadonlySet<string> = new Set(["to-tag", "from-tag", "early-only"]);

const scanReplaces: Scan<Replaces> = (s, start, end) => {
  let semi = s.indexOf(";", start);
  if (semi < 0 || semi > end) semi = end;
  const callId = scanCallId(s, start, trimEnd(s, start, semi));
  if (isFail(callId)) return callId;
  const params = scanParams(s, semi, end);
  if (isFail(params)) return params;
  const to = params.filter((p) => p.name.toLowerCase() === "to-tag");
  const from = params.filter((p) => p.name.toLowerCase() === "from-tag");
  const early = params.filter((p) => p.name.toLowerCase() === "early-only");
  // §6.1: "A Replaces header field MUST contain exactly one to-tag and exactly one from-tag".
  const toTag = to.length === 1 ? to[0]?.value : undefined;
  const fromTag = from.length === 1 ? from[0]?.value : undefined;
  if (toTag === undefined || !isToken(toTag)) return fail("a Replaces needs exactly one to-tag=token (RFC 3891 §6.1)", semi);
  if (fromTag === undefined || !isToken(fromTag)) return fail("a Replaces needs exactly one from-tag=token (RFC 3891 §6.1)", semi);
  if (early.length > 1 || early.some((p) => p.value !== undefined)) return fail("early-only is a flag, at most once (RFC 3891 §6.1)", semi);
  return { callId, toTag, fromTag, earlyOnly: early.length === 1, params: params.filter((p) => !KNOWN.has(p.name.toLowerCase())) };
};

/** Prints to-tag, from-tag, the flag, then the other parameters. */
export const printReplaces = (r: Replaces): string => `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ";early-only" : ""}${printParams(r.params)}`;

/** The Replaces header (RFC 3891 §6.1): one value, request only, INVITE only. */
export const replacesHeader: HeaderDef<Replaces> = defineHeader({ name: "Replaces", list: false, scan: scanReplaces, print: printReplaces });
