// `puresip refer <uri> --target <uri> [--method BYE]`: a REFER outside any dialog (RFC 3515
// §2.4.1), e.g. to a conference URI to add a participant (RFC 4579 §5.5) or, with `method=BYE`
// in the Refer-To, to remove one (§5.11). It prints the 202 and each sipfrag NOTIFY's status,
// and succeeds when the referenced request got a 2xx.
import * as E from "fp-ts/lib/Either.js";
import { Methods, reasonPhrase } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { Stack } from "@puresip/node";
import type { AppEvent, Capabilities, UsageKey } from "@puresip/ua";
import { basicCapabilities } from "@puresip/ua";
import type { ClientPlan } from "../commands/client-args.js";
import type { Io } from "../io.js";
import { targetUri } from "./uris.js";

/** A referrer takes NOTIFYs with message/sipfrag bodies (RFC 3515 §2.4.5). */
export const referCapabilities = (host: string): Capabilities => ({
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.REFER, Methods.NOTIFY, Methods.SUBSCRIBE],
  contentTypes: [...basicCapabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }],
  warnAgent: host,
});

type Notice = Extract<AppEvent, { readonly _tag: "Subscription" }>["notice"];

/** The Refer-To: `--target`, with `;method=` when `--method` is given. */
export const referToOf = (plan: ClientPlan): E.Either<string, Uri> => {
  const target = targetUri(plan.referTo ?? "");
  if (E.isLeft(target) || plan.referMethod === undefined || target.right._tag !== "SipUri") return target;
  const params = target.right.params.filter((p) => p.name.toLowerCase() !== "method");
  return E.right({ ...target.right, params: [...params, { name: "method", value: plan.referMethod }] });
};

/** REFER `uri` to the target; resolves with the exit status. */
export const refer = async (stack: Stack, uri: Uri, plan: ClientPlan, io: Io, fail: (text: string) => number): Promise<number> => {
  const referTo = referToOf(plan);
  if (E.isLeft(referTo)) return fail(referTo.left);
  let key: UsageKey | undefined;
  const early: Array<{ readonly subscription: UsageKey; readonly notice: Notice }> = [];
  let settle: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    settle = resolve;
  });
  const hear = (subscription: UsageKey, notice: Notice): void => {
    switch (notice._tag) {
      case "Accepted":
        io.stdout(`${String(notice.status)} ${reasonPhrase(notice.status)}\n`);
        return;
      case "Progress":
        io.stdout(`NOTIFY: SIP/2.0 ${String(notice.status)} ${notice.reason}\n`);
        if (notice.final) settle(notice.status < 300 ? 0 : 1);
        return;
      case "Ended":
        // A refused REFER (404 for nobody by that URI, 403, ...) ends here with its status.
        if (notice.reason._tag === "Rejected") io.stdout(`${String(notice.reason.status)} ${reasonPhrase(notice.reason.status)}\n`);
        settle(1);
        return;
      case "NoSubscription":
        // RFC 4488 §4: accepted with no implicit subscription, so no NOTIFY will say how it went.
        io.stdout(`${String(notice.status)} ${reasonPhrase(notice.status)} (Refer-Sub: false: no progress will follow)\n`);
        settle(notice.status < 300 ? 0 : 1);
        return;
      case "Delivered":
      case "Forked":
      case "Incoming":
      case "Notification":
      case "Refer":
      case "Refreshed":
      case "RefreshFailed":
        return;
      default:
        notice satisfies never;
    }
  };
  stack.on("SubscriptionCreated", (e) => {
    if (key === undefined && e.request.method === Methods.REFER) {
      key = e.subscription;
      for (const x of early.splice(0)) if (x.subscription === key) hear(x.subscription, x.notice);
    }
  });
  stack.on("Subscription", (e) => {
    if (key === undefined) early.push(e);
    else if (e.subscription === key) hear(e.subscription, e.notice);
  });
  stack.command({ _tag: "ReferOutOfDialog", to: uri, referTo: referTo.right });
  const timer = new Promise<number>((resolve) => setTimeout(() => { resolve(fail(`no final NOTIFY within ${String(plan.timeoutMs)} ms`)); }, plan.timeoutMs).unref());
  return Promise.race([done, timer]);
};
