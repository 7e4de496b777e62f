// `puresip transfer <uri> --to <target> [--attended]`: the transferor of RFC 5589. Blind
// (§6): call <uri>, REFER it to <target> (RFC 3515), follow the sipfrag NOTIFYs, hang up once
// the transfer succeeded. Attended with consultation hold (§7): call <uri>, hold it (RFC 3264
// §8.4), call <target>, then REFER <uri> to <target> with a Replaces naming the call with
// <target> (RFC 3891 §6.1); <target> ends that call itself once the transferee's call
// replaced it.
import * as E from "fp-ts/lib/Either.js";
import type { Uri } from "@puresip/message";
import type { Stack } from "@puresip/node";
import type { AppEvent, UsageKey } from "@puresip/ua";
import type { ClientPlan } from "../commands/client-args.js";
import type { Io } from "../io.js";

type Subscription = Extract<AppEvent, { _tag: "Subscription" }>;

/** Events not yet taken, oldest first; a few hundred at most in a transfer's life. */
const MAX_KEPT = 1000;

/**
 * The application events, kept until taken: two may come in one step (a 202 and the first
 * NOTIFY), and one taken by `take` is never seen again.
 */
const inbox = (stack: Stack) => {
  const kept: Array<AppEvent> = [];
  const wakers = new Set<() => void>();
  stack.on("event", (e) => {
    kept.push(e);
    if (kept.length > MAX_KEPT) kept.shift();
    for (const w of wakers) w();
    wakers.clear();
  });
  /** The first kept event `pick` accepts, or Left after `ms`. */
  const take = async <A>(pick: (e: AppEvent) => A | undefined, ms: number): Promise<E.Either<string, A>> => {
    const until = Date.now() + ms;
    for (;;) {
      for (let i = 0; i < kept.length; i++) {
        const e = kept[i];
        const a = e === undefined ? undefined : pick(e);
        if (a !== undefined) {
          kept.splice(i, 1);
          return E.right(a);
        }
      }
      const left = until - Date.now();
      if (left <= 0) return E.left(`nothing within ${String(ms)} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        timer.unref();
        wakers.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { take };
};

type Inbox = ReturnType<typeof inbox>;

/** A call answered, or why not. */
const answered = async (stack: Stack, events: Inbox, uri: Uri, timeoutMs: number): Promise<E.Either<string, UsageKey>> => {
  const key = await stack.call(uri);
  const o = await events.take((e) => ((e._tag === "CallEstablished" || e._tag === "CallFailed" || e._tag === "CallEnded") && e.call === key ? e : undefined), timeoutMs);
  if (E.isLeft(o)) return o;
  return o.right._tag === "CallEstablished" ? E.right(key) : E.left(o.right._tag === "CallFailed" ? String(o.right.status) : `ended: ${o.right.reason}`);
};

/** Runs the transfer; the exit status (0: the target answered the transferee). */
export const transfer = async (stack: Stack, uri: Uri, target: Uri, plan: ClientPlan, io: Io, fail: (text: string) => number): Promise<number> => {
  const events = inbox(stack);
  const held = await answered(stack, events, uri, plan.timeoutMs);
  if (E.isLeft(held)) return fail(`call to ${plan.target}: ${held.left}`);
  io.stdout("call: answered\n");
  let consultation: UsageKey | undefined;
  if (plan.attended === true) {
    const holding = events.take((e) => (e._tag === "ReofferDone" && e.call === held.right ? e.status : undefined), plan.timeoutMs);
    stack.command({ _tag: "Hold", call: held.right });
    const hold = await holding;
    io.stdout(`hold: ${E.isLeft(hold) ? hold.left : String(hold.right)}\n`);
    const consulted = await answered(stack, events, target, plan.timeoutMs);
    if (E.isLeft(consulted)) return fail(`consultation call to ${plan.transferTo ?? ""}: ${consulted.left}`);
    io.stdout("consultation: answered\n");
    consultation = consulted.right;
  }
  const created = events.take((e) => (e._tag === "SubscriptionCreated" ? e.subscription : undefined), plan.timeoutMs);
  stack.command({ _tag: "Refer", call: held.right, referTo: target, ...(consultation === undefined ? {} : { replaces: consultation }) });
  const subscription = await created;
  if (E.isLeft(subscription)) return fail("the REFER was not sent");
  // RFC 3515 §2.4.5: the sipfrag NOTIFYs until the final one; RFC 4488: or no subscription at all.
  const mine = (e: AppEvent): Subscription["notice"] | undefined => (e._tag === "Subscription" && e.subscription === subscription.right ? e.notice : undefined);
  const consultationEnded = consultation === undefined ? undefined : events.take((e) => (e._tag === "CallEnded" && e.call === consultation ? e.reason : undefined), plan.timeoutMs);
  let outcome: number | undefined;
  while (outcome === undefined) {
    const n = await events.take(mine, plan.timeoutMs);
    if (E.isLeft(n)) return fail(`transfer: ${n.left}`);
    const notice = n.right;
    if (notice._tag === "Accepted") io.stdout(`REFER: ${String(notice.status)}\n`);
    else if (notice._tag === "Progress") {
      io.stdout(`NOTIFY: ${String(notice.status)} ${notice.reason}\n`);
      if (notice.final) outcome = notice.status;
    } else if (notice._tag === "NoSubscription") outcome = 200;
    else if (notice._tag === "Ended") outcome = "reason" in notice && notice.reason._tag === "Rejected" ? notice.reason.status : 500;
  }
  if (outcome >= 300) return fail(`transfer failed: ${String(outcome)}`);
  // RFC 5589 §6/§7: the transferor hangs up the transferred call once the transfer succeeded.
  stack.hangup(held.right);
  if (consultationEnded !== undefined) {
    const ended = await consultationEnded;
    io.stdout(`consultation: ${E.isLeft(ended) ? ended.left : `ended ${ended.right}`}\n`);
  }
  io.stdout("transferred\n");
  return 0;
};
