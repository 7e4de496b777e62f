// Graceful close (issue #14 item 4) as a command the core understands: the UA remembers it is
// closing (`UaState.closing`, read by inbound.ts's §21.5.4 rule), ends every call and removes
// every binding it made. It walks the registry once: the only command that concerns every entry.
import type { Ctx } from "./context.js";
import { isUsageKey } from "./keys.js";
import { kindOf } from "./usages.js";

export const shutdown = (ctx: Ctx, removeBindings: boolean): void => {
  ctx.closing = true;
  // Keys first: hanging up changes the registry being walked.
  for (const key of [...ctx.store.keys()]) {
    const entry = ctx.store.get(key);
    if (entry?._tag !== "Usage" || !isUsageKey(key)) continue;
    kindOf(entry.usage).close(ctx, key, entry.usage, removeBindings);
  }
};
