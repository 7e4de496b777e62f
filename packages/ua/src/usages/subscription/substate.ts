// The Subscription-State header (RFC 6665 §4.1.3, §4.2.2, §8.2.3): what a NOTIFY says about
// the subscription, and what a subscriber should do after "terminated".
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { findParam, readHeader, subscriptionStateHeader } from "@puresip/message";
import type { HasHeaders, HeaderField, Param } from "@puresip/message";

export type SubscriptionState =
  /** "active": accepted and authorized; `expires` (seconds) is authoritative when given. */
  | { readonly _tag: "Active"; readonly expires: number | null }
  /** "pending": received, no policy decision yet. */
  | { readonly _tag: "Pending"; readonly expires: number | null }
  /** "terminated": `reason` (deactivated, probation, rejected, timeout, giveup, noresource, invariant, or another token) and `retryAfter` seconds. */
  | { readonly _tag: "Terminated"; readonly reason: string | null; readonly retryAfter: number | null };

const MAX_DELTA_SECONDS = 0xffffffff;

const seconds = (value: string | undefined): number | null => {
  if (value === undefined || value.length === 0 || value.length > 10) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const n = Number(value);
  return n <= MAX_DELTA_SECONDS ? n : null;
};

/**
 * The Subscription-State of a NOTIFY. §4.1.3: "NOTIFY requests MUST contain
 * "Subscription-State" header fields"; a missing or malformed one, or a substate other than
 * the three of §4.2.2, is a Left with the reason (answered 400). §4.1.3: for "terminated",
 * "subscribers MUST ignore" an expires parameter; "retry-after" and "reason" mean nothing
 * for "active" and "pending".
 */
export const subscriptionStateOf = (message: HasHeaders): E.Either<string, SubscriptionState> => {
  const read = readHeader(subscriptionStateHeader)(message);
  if (E.isLeft(read)) return E.left(`Subscription-State: ${read.left.reason}`);
  if (O.isNone(read.right)) return E.left("a NOTIFY must carry Subscription-State (RFC 6665 §4.1.3)");
  const { value, params } = read.right.value;
  switch (value.toLowerCase()) {
    case "active":
      return E.right({ _tag: "Active", expires: seconds(findParam(params, "expires")?.value) });
    case "pending":
      return E.right({ _tag: "Pending", expires: seconds(findParam(params, "expires")?.value) });
    case "terminated":
      return E.right({ _tag: "Terminated", reason: findParam(params, "reason")?.value?.toLowerCase() ?? null, retryAfter: seconds(findParam(params, "retry-after")?.value) });
    default:
      return E.left(`unknown Subscription-State "${value}" (RFC 6665 §4.2.2: active, pending or terminated)`);
  }
};

/**
 * §4.2.2: "If the value ... is "active" or "pending", the notifier MUST also include ... an
 * "expires" parameter"; for "terminated" it "SHOULD also include a "reason" parameter" and
 * "MAY also include a "retry-after" parameter".
 */
export const subscriptionStateField = (state: SubscriptionState): HeaderField => {
  const params: Array<Param> = [];
  if (state._tag === "Terminated") {
    if (state.reason !== null) params.push({ name: "reason", value: state.reason });
    if (state.retryAfter !== null) params.push({ name: "retry-after", value: String(state.retryAfter) });
  } else if (state.expires !== null) {
    params.push({ name: "expires", value: String(state.expires) });
  }
  return { name: subscriptionStateHeader.name, value: [state._tag.toLowerCase(), ...params.map((p) => `${p.name}=${p.value ?? ""}`)].join(";") };
};

/** What a subscriber may do once its subscription is terminated. */
export type Resubscribe =
  /** Re-subscribe (with a new initial SUBSCRIBE) no sooner than `afterSeconds` from now; 0 means at once. */
  | { readonly _tag: "Retry"; readonly afterSeconds: number }
  | { readonly _tag: "DoNotRetry" };

/**
 * §4.1.3, the reason codes: deactivated "SHOULD retry immediately"; probation "SHOULD retry
 * at some later time ... wait at least the number of seconds specified by" retry-after;
 * rejected, noresource and invariant "SHOULD NOT attempt to re-subscribe"; timeout "MAY
 * re-subscribe immediately"; giveup waits for retry-after if any; with "no reason code or an
 * unknown reason code ... MAY attempt to re-subscribe at any time (unless a "retry-after"
 * parameter is present".
 */
export const resubscribeAdvice = (reason: string | null, retryAfter: number | null): Resubscribe => {
  switch (reason) {
    case "rejected":
    case "noresource":
    case "invariant":
      return { _tag: "DoNotRetry" };
    case "deactivated":
    case "timeout":
      return { _tag: "Retry", afterSeconds: 0 };
    case null:
    default:
      return { _tag: "Retry", afterSeconds: retryAfter ?? 0 };
  }
};
