// Graceful close (issue #14 item 4) as a command the core understands: the UA remembers it is
// closing (`UaState.closing`, read by inbound.ts's §21.5.4 rule), ends every call and removes
// every binding it made. It walks the registry once: the only command that concerns every entry.
import { runSession } from "./calls.js";
import type { Ctx } from "./context.js";
import { isUsageKey } from "./keys.js";
import type { Unsendable } from "./outbound.js";
import { unregister } from "./registrations.js";

export const shutdown = (ctx: Ctx, removeBindings: boolean, unsendable: Unsendable): void => {
  ctx.closing = true;
  // Keys first: hanging up changes the registry being walked.
  for (const key of [...ctx.store.keys()]) {
    const entry = ctx.store.get(key);
    if (entry?._tag !== "Usage" || !isUsageKey(key)) continue;
    const usage = entry.usage;
    // §15.1.1 BYE after the 2xx, §9.1 CANCEL before it: what `Hangup` does for each call.
    if (usage._tag === "Call") runSession(ctx, key, { _tag: "Hangup", now: ctx.now }, unsendable);
    // §10.2.2: our binding removed (Expires: 0), as `Unregister` does.
    else if (usage._tag === "Registration" && removeBindings) unregister(ctx, usage.id, false, unsendable);
    // Subscriptions end with their dialog, or at their expiry.
  }
};
