// RFC 5057 §5.1 in the UA core: after a usage has taken a final failure response to a request
// it sent inside a dialog, the survey's outcome (./failure-impact.ts) is applied to the dialog's
// entry (./dialogs.ts): the transaction alone, the usage, or the dialog "and all usages sharing
// it". One place for every usage: each kind's row (./usages.ts) says which methods are its own,
// what ends it gracefully, and how it ends.
import * as O from "fp-ts/lib/Option.js";
import { dialogIdOf, dialogKey } from "@puresip/dialog";
import { Methods, headerValues } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Ctx } from "./context.js";
import { problem } from "./context.js";
import { failureImpact } from "./failure-impact.js";
import type { FailureImpact } from "./failure-impact.js";
import type { Usage, UsageKey } from "./types.js";
import { kindOf, usageAt } from "./usages.js";

/** The outcome of `response` to `request`, which `usage` sent; none outside a dialog (§12.2.1.1: a request in one has a To tag). */
export const impactOn = (usage: Usage, request: SipRequest, response: SipResponse): O.Option<FailureImpact> => {
  const id = dialogIdOf("UAC")(request);
  if (response.status < 300 || request.method === Methods.ACK || O.isNone(id) || O.isNone(id.value.remoteTag)) return O.none;
  const kind = kindOf(usage);
  return O.some(
    failureImpact(response.status, {
      method: request.method,
      integral: kind.methods.has(request.method),
      terminating: kind.ending(request),
      retryAfter: headerValues("Retry-After")(response).length > 0,
    }),
  );
};

/** The usages filed under the dialog `request` was sent in (those its failure has left). */
const usagesOfRequestDialog = (ctx: Ctx, request: SipRequest): ReadonlyArray<UsageKey> => {
  const id = dialogIdOf("UAC")(request);
  if (O.isNone(id) || O.isNone(id.value.remoteTag)) return [];
  const entry = ctx.store.get(dialogKey(id.value));
  return entry?._tag === "Dialog" ? entry.usages : [];
};

/**
 * `usage` (filed under `key` when it sent `request`) has been given `response`: what §5.1 says
 * the response does beyond the transaction. The usage's own machine has already reacted (and
 * may have ended itself); whatever the outcome leaves alive of the usage, or of its dialog, ends.
 */
export const afterFailure = (ctx: Ctx, key: UsageKey, usage: Usage, request: SipRequest, response: SipResponse): void => {
  const impact = impactOn(usage, request, response);
  if (O.isNone(impact) || impact.value === "Transaction") return;
  const end = { scope: impact.value, status: response.status };
  const keys = impact.value === "Usage" ? [key] : [key, ...usagesOfRequestDialog(ctx, request).filter((k) => k !== key)];
  if (impact.value === "Dialog") problem(ctx, `a ${String(response.status)} to ${request.method} destroys its dialog and the ${String(keys.length)} usage(s) in it (RFC 5057 §5.1)`);
  for (const k of keys) {
    const alive = usageAt(ctx, k);
    if (alive !== undefined) kindOf(alive).end(ctx, k, end);
  }
};

