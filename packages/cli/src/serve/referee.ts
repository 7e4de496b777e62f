// `puresip serve` as a transferee (RFC 3515 §2.4.2, RFC 5589): a REFER in one of its calls is
// accepted (202 and NOTIFY "100 Trying"), the Refer-To is called (with its Replaces for an
// attended transfer, RFC 3891 §6.1, and the REFER's Referred-By, RFC 3892 §2.2), and each
// response to that INVITE is reported in a sipfrag NOTIFY until the final one (§2.4.5).
import * as E from "fp-ts/lib/Either.js";
import { headerField, printUri, referredByHeader, replacesHeader } from "@puresip/message";
import type { Stack } from "@puresip/node";
import { referredCall } from "@puresip/ua";
import type { UsageKey } from "@puresip/ua";

/** Wires the referee into `stack`; `note` says what happened. */
export const serveRefers = (stack: Stack, note: (text: string) => void): void => {
  /** The calls made for a REFER, with the subscription that reports on each. */
  const reporting = new Map<UsageKey, UsageKey>();
  const report = (call: UsageKey, status: number, final: boolean): void => {
    const subscription = reporting.get(call);
    if (subscription === undefined) return;
    stack.command({ _tag: "TransferProgress", subscription, status });
    if (final) reporting.delete(call);
  };
  stack.on("Subscription", (e) => {
    if (e.notice._tag !== "Refer") return;
    const made = referredCall(e.notice);
    if (E.isLeft(made)) {
      note(`REFER refused: ${made.left}`);
      stack.command({ _tag: "RejectSubscription", subscription: e.subscription, status: 400 });
      return;
    }
    const { to, replaces, referredBy } = made.right;
    stack.command({ _tag: "AcceptSubscription", subscription: e.subscription });
    note(`REFER to ${printUri(to)}${replaces === undefined ? "" : ` replacing ${replaces.callId}`}`);
    const headers = [...(replaces === undefined ? [] : [headerField(replacesHeader)(replaces)]), ...(referredBy === undefined ? [] : [headerField(referredByHeader)(referredBy)])];
    stack.call(to, { headers }).then(
      (call) => {
        reporting.set(call, e.subscription);
      },
      (error: unknown) => {
        note(`the referred call was not made: ${String(error)}`);
        stack.command({ _tag: "TransferProgress", subscription: e.subscription, status: 503 });
      },
    );
  });
  stack.on("CallProgress", (e) => {
    report(e.call, e.status, false);
  });
  stack.on("CallEstablished", (e) => {
    report(e.call, 200, true);
  });
  stack.on("CallFailed", (e) => {
    report(e.call, e.status, true);
  });
  stack.on("CallEnded", (e) => {
    // Ended before any final response (a timeout, a transport failure): §2.4.5 still wants one.
    report(e.call, 408, true);
  });
};
