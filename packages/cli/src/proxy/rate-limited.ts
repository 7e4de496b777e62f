// The proxy element behind the per-source budget (./rate-limit.ts): a request from a source over
// budget never reaches the element; it is answered 503 with Retry-After (§21.5.4: "temporarily
// unable to process the request"; §20.33) or dropped. Responses and ACKs are never refused: they
// answer or finish what the proxy already started, and an ACK cannot be answered (§17.1.1.3).
import * as E from "fp-ts/lib/Either.js";
import type { Element } from "@puresip/kernel";
import { Methods, createResponse } from "@puresip/message";
import type { Tag } from "@puresip/message";
import type { RatePolicy, SourceTable } from "./rate-limit.js";

/** `inner` with `table` checking every request first; `note` hears when a source should be logged. */
export const rateLimited = <S, Entry, Cmd, App>(
  inner: Element<S, Entry, Cmd, App>,
  policy: RatePolicy,
  table: SourceTable,
  toTag: () => Tag,
  note: (source: string, over: number) => void,
): Element<S, Entry, Cmd, App> => ({
  ...inner,
  step: (registry, state, event) => {
    if (event._tag !== "Received" || event.message._tag !== "Request" || event.message.method === Methods.ACK) return inner.step(registry, state, event);
    const source = event.source.host;
    const verdict = table.check(policy, source, event.now);
    if (verdict._tag === "Admit") return inner.step(registry, state, event);
    if (verdict.log !== undefined) note(source, verdict.log);
    if (policy.over === "drop") return [state, []];
    const busy = createResponse(503, { toTag: toTag(), headers: [{ name: "Retry-After", value: String(verdict.retryAfter) }] })(event.message);
    return E.isRight(busy) ? [state, [{ _tag: "Transmit", message: busy.right, destination: event.source }]] : [state, []];
  },
});
