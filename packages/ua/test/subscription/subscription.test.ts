// Subscriber and notifier against each other, message by message, every message through the
// printer and the parser (RFC 6665 §4.1, §4.2).
import { seedFromWords } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { Methods, createResponse, parseMessage, serializeMessage, setHeader, tag as mkTag } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import {
  adoptNotifierRequest,
  adoptSubscriberRequest,
  nextNotifierDeadline,
  nextSubscriberDeadline,
  startNotifier,
  startForkedSubscriber,
  startSubscriber,
  stepNotifier,
  stepSubscriber,
} from "../../src/index.js";
import type { NotifierState, NotifierStep, SubscriberState, SubscriberStep } from "../../src/index.js";
import { forgets, header, initialRequest, notices, notifierConfig, onlyRequest, onlyResponse, requests, responses, right, subscriberConfig, text, TIMER_N, wire } from "./fixtures.js";

const bobTag = right(mkTag("8321234356"));
const presence = { type: "application/pidf+xml", content: new TextEncoder().encode("<presence>open</presence>") };

const subscribe = (now = 0): SubscriberStep => startSubscriber({ config: subscriberConfig, now, seed: seedFromWords([1]) }, initialRequest());
const receiveAtNotifier = (request: SipRequest, now = 0): NotifierStep => startNotifier({ config: notifierConfig, now, seed: seedFromWords([2]), toTag: bobTag }, wire(request));
const toSub = (s: SubscriberState, now: number, message: SipRequest | SipResponse): SubscriberStep => stepSubscriber(s, { _tag: "Received", now, message: wire(message) });
const toNtf = (s: NotifierState, now: number, message: SipRequest | SipResponse): NotifierStep => stepNotifier(s, { _tag: "Received", now, message: wire(message) });

/** Alice subscribed to Bob: SUBSCRIBE, 200, NOTIFY, 200 — both sides settled at `now` = 0. */
const established = () => {
  const [sub0, subFx] = subscribe();
  const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
  const [ntf1, ntfFx] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Active", body: presence });
  const [sub1] = toSub(sub0, 10, onlyResponse(ntfFx));
  const notify = onlyRequest(ntfFx);
  const [sub2, ackFx] = toSub(sub1, 20, notify);
  const [ntf2] = toNtf(ntf1, 30, onlyResponse(ackFx));
  return { sub: sub2, ntf: ntf2, subscribe: onlyRequest(subFx), notify };
};

describe("RFC 6665 §4.1.2.1 requesting a subscription", () => {
  it("sends a SUBSCRIBE with Event, Expires and Contact outside any dialog", () => {
    const [state, effects] = subscribe();
    const request = onlyRequest(effects);
    expect(request.method).toBe("SUBSCRIBE");
    expect(header(request, "Event")).toBe("presence");
    expect(header(request, "Expires")).toBe("600");
    expect(request.core.contact).toHaveLength(1);
    expect(state._tag).toBe("Subscribing");
    // §4.1.2.4: Timer N runs from the SUBSCRIBE.
    expect(nextSubscriberDeadline(state)).toEqual(O.some(TIMER_N));
  });

  it("a non-2xx final response ends the attempt: no subscription, no deadline", () => {
    const [s0, fx] = subscribe();
    const [ntf, ntfFx] = receiveAtNotifier(onlyRequest(fx));
    const [, rejectFx] = stepNotifier(ntf, { _tag: "Reject", now: 5, status: 403 });
    expect(ntfFx).toHaveLength(1);
    const [s1, effects] = toSub(s0, 10, onlyResponse(rejectFx));
    expect(s1).toEqual({ _tag: "Ended", reason: { _tag: "Rejected", status: 403 } });
    expect(forgets(effects)).toBe(1);
    expect(nextSubscriberDeadline(s1)).toEqual(O.none);
  });
});

describe("RFC 6665 §4.2.1.1 / §4.2.1.2 the notifier accepts and notifies at once", () => {
  it("200 with Expires, Contact and a To tag, then a NOTIFY with Subscription-State active;expires", () => {
    const [, subFx] = subscribe();
    const [ntf0, incomingFx] = receiveAtNotifier(onlyRequest(subFx));
    expect(notices(incomingFx)).toEqual([expect.objectContaining({ _tag: "Incoming", expires: 600 })]);
    const [ntf1, fx] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Active", body: presence });
    const ok = onlyResponse(fx);
    expect(ok.status).toBe(200);
    expect(header(ok, "Expires")).toBe("600");
    expect(ok.core.to?.params).toContainEqual({ name: "tag", value: "8321234356" });
    expect(ok.core.contact).toHaveLength(1);
    const notify = onlyRequest(fx);
    expect(notify.method).toBe("NOTIFY");
    expect(header(notify, "Event")).toBe("presence");
    expect(header(notify, "Subscription-State")).toBe("active;expires=600");
    expect(header(notify, "Content-Type")).toBe("application/pidf+xml");
    expect(text(notify.body)).toBe("<presence>open</presence>");
    // The NOTIFY is in the dialog the 200 created: its From is the 200's To, its To the SUBSCRIBE's From.
    expect(notify.core.from?.params).toContainEqual({ name: "tag", value: "8321234356" });
    expect(notify.core.callId).toBe(ok.core.callId);
    expect(ntf1._tag).toBe("Serving");
    expect(nextNotifierDeadline(ntf1)).toEqual(O.some(600_000));
  });

  it("489 with Allow-Events for an event package it does not serve", () => {
    const [, fx] = startSubscriber({ config: { ...subscriberConfig, event: { type: "dialog", id: null } }, now: 0, seed: seedFromWords([1]) }, initialRequest());
    const [state, effects] = receiveAtNotifier(onlyRequest(fx));
    const answer = onlyResponse(effects);
    expect(answer.status).toBe(489);
    expect(header(answer, "Allow-Events")).toBe("presence");
    expect(state._tag).toBe("Ended");
  });

  it("423 with Min-Expires for too short a duration; the subscriber asks again with it", () => {
    const [s0, fx] = startSubscriber({ config: { ...subscriberConfig, expires: 30 }, now: 0, seed: seedFromWords([1]) }, initialRequest());
    const [, ntfFx] = receiveAtNotifier(onlyRequest(fx));
    const tooBrief = onlyResponse(ntfFx);
    expect(tooBrief.status).toBe(423);
    expect(header(tooBrief, "Min-Expires")).toBe("60");
    const [s1, retryFx] = toSub(s0, 10, tooBrief);
    const retry = onlyRequest(retryFx);
    expect(header(retry, "Expires")).toBe("60");
    expect(retry.core.cseq?.seq).toBe(102);
    expect(retry.core.via[0]?.params.find((p) => p.name === "branch")?.value).not.toBe(onlyRequest(fx).core.via[0]?.params.find((p) => p.name === "branch")?.value);
    expect(s1._tag).toBe("Subscribing");
  });

  it("shortens a long duration but never lengthens it", () => {
    const [, fx] = startSubscriber({ config: { ...subscriberConfig, expires: 86400 }, now: 0, seed: seedFromWords([1]) }, initialRequest());
    const [ntf] = receiveAtNotifier(onlyRequest(fx));
    const [, acceptFx] = stepNotifier(ntf, { _tag: "Accept", now: 0, state: "Active" });
    expect(header(onlyResponse(acceptFx), "Expires")).toBe("3600");
  });
});

describe("RFC 6665 §4.2.1.3 authorization that takes time", () => {
  it("an application that has not decided by the deadline: 200 at once and a pending NOTIFY", () => {
    const [, subFx] = subscribe();
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx), 100);
    expect(nextNotifierDeadline(ntf0)).toEqual(O.some(100 + 16 * 500));
    const [still] = stepNotifier(ntf0, { _tag: "Tick", now: 100 + 16 * 500 - 1 });
    expect(still._tag).toBe("Deciding");
    const [ntf1, fx] = stepNotifier(ntf0, { _tag: "Tick", now: 100 + 16 * 500 });
    expect(onlyResponse(fx).status).toBe(200);
    expect(header(onlyRequest(fx), "Subscription-State")).toMatch(/^pending;expires=/);
    expect(ntf1._tag).toBe("Serving");
  });
});

describe("RFC 6665 §4.1.2.4 confirmation of subscription creation", () => {
  it("the 2xx creates the dialog; the NOTIFY makes the subscription active", () => {
    const { sub, ntf } = established();
    expect(sub._tag).toBe("Subscribed");
    if (sub._tag !== "Subscribed") return;
    expect(sub.substate).toBe("Active");
    expect(sub.timerN).toBeNull();
    expect(sub.dialog.id.remoteTag).toEqual(O.some("8321234356"));
    expect(ntf._tag).toBe("Serving");
  });

  it("a NOTIFY that arrives before the 2xx creates the dialog and the subscription", () => {
    const [sub0, subFx] = subscribe();
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
    const [, ntfFx] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Pending" });
    const [sub1, fx1] = toSub(sub0, 10, onlyRequest(ntfFx));
    expect(onlyResponse(fx1).status).toBe(200);
    expect(notices(fx1)).toEqual([expect.objectContaining({ _tag: "Notification", state: { _tag: "Pending", expires: 600 } })]);
    expect(sub1._tag === "Subscribed" && sub1.substate).toBe("Pending");
    const [sub2, fx2] = toSub(sub1, 20, onlyResponse(ntfFx));
    expect(notices(fx2)).toEqual([{ _tag: "Accepted", status: 200, expires: 600 }]);
    expect(sub2._tag === "Subscribed" && sub2.outstanding).toBeNull();
  });

  it("Timer N: no NOTIFY within 64*T1 and the subscription failed", () => {
    const [sub0, subFx] = subscribe();
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
    const [, ntfFx] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Active" });
    const [sub1] = toSub(sub0, 10, onlyResponse(ntfFx));
    expect(nextSubscriberDeadline(sub1)).toEqual(O.some(TIMER_N));
    const [early] = stepSubscriber(sub1, { _tag: "Tick", now: TIMER_N - 1 });
    expect(early._tag).toBe("Subscribed");
    const [sub2, fx] = stepSubscriber(sub1, { _tag: "Tick", now: TIMER_N });
    expect(sub2).toEqual({ _tag: "Ended", reason: { _tag: "NoNotify" } });
    expect(forgets(fx)).toBe(1);
  });

  it("RFC 6665 §4.1.4: a NOTIFY from a second fork before Timer N starts a second subscription", () => {
    const { sub, notify } = established();
    const otherFork = right(fixCore({ ...notify, headers: notify.headers.map((h) => (h.name === "From" ? { ...h, value: h.value.replace("8321234356", "fork2") } : h)) }));
    const [after, fx] = toSub(sub, 40, otherFork);
    expect(after).toEqual(sub);
    expect(responses(fx)).toHaveLength(0);
    expect(notices(fx)).toEqual([expect.objectContaining({ _tag: "Forked" })]);
    if (sub._tag !== "Subscribed") throw new Error("not subscribed");
    const [forked, forkFx] = startForkedSubscriber(sub, wire(otherFork), 40, seedFromWords([9]));
    expect(onlyResponse(forkFx).status).toBe(200);
    expect(notices(forkFx)).toEqual([expect.objectContaining({ _tag: "Notification", state: { _tag: "Active", expires: 600 } })]);
    expect(forked._tag === "Subscribed" && [forked.dialog.id.remoteTag, forked.forkUntil, forked.outstanding]).toEqual([O.some("fork2"), null, null]);
  });

  it("RFC 6665 §4.1.2.4: after Timer N, a NOTIFY from another fork is refused with 481", () => {
    const { sub, notify } = established();
    const otherFork = right(fixCore({ ...notify, headers: notify.headers.map((h) => (h.name === "From" ? { ...h, value: h.value.replace("8321234356", "fork2") } : h)) }));
    const [after, fx] = toSub(sub, TIMER_N, otherFork);
    expect(onlyResponse(fx).status).toBe(481);
    expect(after).toEqual(sub);
  });
});

/** Re-derives `core` after a raw header edit. */
const fixCore = (m: SipRequest): E.Either<unknown, SipRequest> => {
  const parsed = parseMessage(serializeMessage(m));
  return E.isRight(parsed) && parsed.right._tag === "Request" ? E.right(parsed.right) : E.left("not a request");
};

describe("RFC 6665 §4.1.3 receiving and processing state information", () => {
  it("answers each NOTIFY 200 and reports its state and body", () => {
    const { sub, ntf } = established();
    const [, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000, body: { ...presence, content: new TextEncoder().encode("<presence>closed</presence>") } });
    const notify = onlyRequest(fx);
    const [, subFx] = toSub(sub, 1010, notify);
    expect(onlyResponse(subFx).status).toBe(200);
    const [n] = notices(subFx);
    expect(n?._tag === "Notification" && text(n.request.body)).toBe("<presence>closed</presence>");
  });

  it("a NOTIFY without Subscription-State is a 400, and changes nothing", () => {
    const { sub, ntf } = established();
    const [, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const notify = onlyRequest(fx);
    const bare = right(fixCore({ ...notify, headers: notify.headers.filter((h) => h.name !== "Subscription-State") }));
    const [after, subFx] = toSub(sub, 1010, bare);
    expect(onlyResponse(subFx).status).toBe(400);
    expect(after).toEqual(sub);
  });

  it("RFC 6665 §8.2.1: a NOTIFY for another event package gets 489; another id of it, 481", () => {
    const { sub, ntf } = established();
    const [, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const notify = onlyRequest(fx);
    const withEvent = (value: string) => right(fixCore({ ...notify, headers: notify.headers.map((h) => (h.name === "Event" ? { ...h, value } : h)) }));
    expect(onlyResponse(toSub(sub, 1010, withEvent("dialog"))[1]).status).toBe(489);
    expect(onlyResponse(toSub(sub, 1010, withEvent("presence;id=7"))[1]).status).toBe(481);
  });

  it("the expires parameter is the authoritative duration", () => {
    const { sub, ntf } = established();
    const [, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const notify = onlyRequest(fx);
    const shortened = right(fixCore({ ...notify, headers: notify.headers.map((h) => (h.name === "Subscription-State" ? { ...h, value: "active;expires=100" } : h)) }));
    const [after] = toSub(sub, 2000, shortened);
    expect(after._tag === "Subscribed" && [after.expiresAt, after.refreshAt]).toEqual([102_000, 72_000]);
  });

  it("terminated;reason=rejected ends the subscription and advises not to re-subscribe", () => {
    const { sub, ntf } = established();
    const [ntf1, fx] = stepNotifier(ntf, { _tag: "Terminate", now: 1000, reason: "rejected" });
    const notify = onlyRequest(fx);
    expect(header(notify, "Subscription-State")).toBe("terminated;reason=rejected");
    const [sub1, subFx] = toSub(sub, 1010, notify);
    expect(onlyResponse(subFx).status).toBe(200);
    expect(sub1).toEqual({ _tag: "Ended", reason: { _tag: "Terminated", reason: "rejected", retryAfter: null, advice: { _tag: "DoNotRetry" } } });
    expect(nextSubscriberDeadline(sub1)).toEqual(O.none);
    // §4.4.1: the notifier's subscription ends when that NOTIFY completes.
    expect(ntf1._tag).toBe("Serving");
    const [ntf2, doneFx] = toNtf(ntf1, 1020, onlyResponse(subFx));
    expect(ntf2).toEqual({ _tag: "Ended", reason: { _tag: "Terminated", reason: "rejected" } });
    expect(forgets(doneFx)).toBe(1);
    expect(nextNotifierDeadline(ntf2)).toEqual(O.none);
  });

  it("terminated;reason=probation;retry-after=120 advises to wait 120 s", () => {
    const { sub, ntf } = established();
    const [, fx] = stepNotifier(ntf, { _tag: "Terminate", now: 1000, reason: "probation", retryAfter: 120 });
    const notify = onlyRequest(fx);
    expect(header(notify, "Subscription-State")).toBe("terminated;reason=probation;retry-after=120");
    const [sub1] = toSub(sub, 1010, notify);
    expect(sub1._tag === "Ended" && sub1.reason).toEqual({ _tag: "Terminated", reason: "probation", retryAfter: 120, advice: { _tag: "Retry", afterSeconds: 120 } });
  });
});

describe("RFC 6665 §4.1.2.2 / §4.2.1.4 refreshing", () => {
  it("refreshes before expiry in the dialog; the notifier extends it and notifies again", () => {
    const { sub, ntf } = established();
    if (sub._tag !== "Subscribed") throw new Error("not subscribed");
    const refreshAt = sub.refreshAt ?? 0;
    // The last NOTIFY (at 20 ms) said expires=600: refresh 30 s before.
    expect(refreshAt).toBe(20 + 570_000);
    expect(nextSubscriberDeadline(sub)).toEqual(O.some(refreshAt));
    const [sub1, fx] = stepSubscriber(sub, { _tag: "Tick", now: refreshAt });
    const refresh = onlyRequest(fx);
    expect(refresh.method).toBe("SUBSCRIBE");
    expect(refresh.core.to?.params).toContainEqual({ name: "tag", value: "8321234356" });
    expect(refresh.core.cseq?.seq).toBe(102);
    expect(header(refresh, "Expires")).toBe("600");
    const [ntf1, ntfFx] = toNtf(ntf, refreshAt + 10, refresh);
    expect(onlyResponse(ntfFx).status).toBe(200);
    expect(notices(ntfFx)).toContainEqual({ _tag: "Refreshed", expires: 600 });
    // §4.2.1.2: a NOTIFY follows the refresh.
    expect(onlyRequest(ntfFx).method).toBe("NOTIFY");
    expect(nextNotifierDeadline(ntf1)).toEqual(O.some(refreshAt + 10 + 600_000));
    const [sub2] = toSub(sub1, refreshAt + 20, onlyResponse(ntfFx));
    expect(sub2._tag === "Subscribed" && sub2.expiresAt).toBe(refreshAt + 20 + 600_000);
  });

  it("481 to a refresh ends the subscription", () => {
    const { sub } = established();
    const [sub1, fx] = stepSubscriber(sub, { _tag: "Refresh", now: 1000 });
    const refresh = onlyRequest(fx);
    const gone = right(fixResponse(refresh, 481));
    const [sub2, fx2] = toSub(sub1, 1010, gone);
    expect(sub2).toEqual({ _tag: "Ended", reason: { _tag: "RefreshRejected", status: 481 } });
    expect(forgets(fx2)).toBe(1);
  });

  it("a 500 to a refresh leaves the subscription valid until it expires", () => {
    const { sub } = established();
    const [sub1, fx] = stepSubscriber(sub, { _tag: "Refresh", now: 1000 });
    const [sub2, fx2] = toSub(sub1, 1010, right(fixResponse(onlyRequest(fx), 500)));
    expect(notices(fx2)).toEqual([{ _tag: "RefreshFailed", status: 500 }]);
    expect(sub2._tag === "Subscribed" && sub2.timerN).toBeNull();
    const expiresAt = sub2._tag === "Subscribed" ? sub2.expiresAt : 0;
    const [sub3] = stepSubscriber(sub2, { _tag: "Tick", now: expiresAt });
    expect(sub3).toEqual({ _tag: "Ended", reason: { _tag: "Expired" } });
  });

  it("a refresh that gets no answer at all ends it: Timer N runs out with the transaction (64*T1)", () => {
    const { sub } = established();
    const [sub1] = stepSubscriber(sub, { _tag: "Refresh", now: 1000 });
    const [sub2, fx] = stepSubscriber(sub1, { _tag: "Timeout", now: 1000 + TIMER_N, method: Methods.SUBSCRIBE });
    expect(sub2).toEqual({ _tag: "Ended", reason: { _tag: "NoNotify" } });
    expect(forgets(fx)).toBe(1);
  });

  it("the notifier ends an unrefreshed subscription with terminated;reason=timeout", () => {
    const { ntf } = established();
    const [ntf1, fx] = stepNotifier(ntf, { _tag: "Tick", now: 600_000 });
    expect(header(onlyRequest(fx), "Subscription-State")).toBe("terminated;reason=timeout");
    expect(nextNotifierDeadline(ntf1)).toEqual(O.none);
  });
});

const fixResponse = (request: SipRequest, status: number) => createResponse(status)(request);

describe("RFC 6665 §4.1.2.3 unsubscribing", () => {
  it("Expires: 0, a final NOTIFY terminated;reason=timeout, and both sides forget it", () => {
    const { sub, ntf } = established();
    const [sub1, fx] = stepSubscriber(sub, { _tag: "Unsubscribe", now: 1000 });
    const unsubscribe = onlyRequest(fx);
    expect(header(unsubscribe, "Expires")).toBe("0");
    const [ntf1, ntfFx] = toNtf(ntf, 1010, unsubscribe);
    expect(header(onlyResponse(ntfFx), "Expires")).toBe("0");
    const final = onlyRequest(ntfFx);
    expect(header(final, "Subscription-State")).toBe("terminated;reason=timeout");
    const [sub2] = toSub(sub1, 1020, onlyResponse(ntfFx));
    expect(sub2._tag).toBe("Subscribed");
    const [sub3, subFx] = toSub(sub2, 1030, final);
    expect(sub3._tag).toBe("Ended");
    expect(forgets(subFx)).toBe(1);
    const [ntf2, doneFx] = toNtf(ntf1, 1040, onlyResponse(subFx));
    expect(ntf2._tag).toBe("Ended");
    expect(forgets(doneFx)).toBe(1);
    expect(nextSubscriberDeadline(sub3)).toEqual(O.none);
    expect(nextNotifierDeadline(ntf2)).toEqual(O.none);
  });

  it("an unsubscribe asked for before any answer goes out once the 2xx arrives", () => {
    const [sub0, subFx] = subscribe();
    const [waiting, none] = stepSubscriber(sub0, { _tag: "Unsubscribe", now: 1 });
    expect(requests(none)).toHaveLength(0);
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
    const [, ntfFx] = stepNotifier(ntf0, { _tag: "Accept", now: 2, state: "Active" });
    const [, fx] = toSub(waiting, 10, onlyResponse(ntfFx));
    expect(header(onlyRequest(fx), "Expires")).toBe("0");
  });
});

describe("RFC 6665 §4.2.2 sending state information", () => {
  it("one NOTIFY at a time: a change while one is outstanding waits for its response", () => {
    const [, subFx] = subscribe();
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
    const [ntf1, fx1] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Pending" });
    const [ntf2, fx2] = stepNotifier(ntf1, { _tag: "Update", now: 5, state: "Active" });
    expect(requests(fx2)).toHaveLength(0);
    const [, fx3] = toNtf(ntf2, 10, right(fixResponse(onlyRequest(fx1), 200)));
    expect(header(onlyRequest(fx3), "Subscription-State")).toMatch(/^active;expires=/);
  });

  it("RFC 6665 §4.2.1.3: pending until authorized, then active", () => {
    const [sub0, subFx] = subscribe();
    const [ntf0] = receiveAtNotifier(onlyRequest(subFx));
    const [ntf1, fx1] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Pending" });
    expect(header(onlyRequest(fx1), "Subscription-State")).toBe("pending;expires=600");
    const [sub1] = toSub(sub0, 5, onlyResponse(fx1));
    const [sub2, a1] = toSub(sub1, 6, onlyRequest(fx1));
    const [ntf2] = toNtf(ntf1, 7, onlyResponse(a1));
    const [, fx2] = stepNotifier(ntf2, { _tag: "Update", now: 1000, state: "Active" });
    const [sub3] = toSub(sub2, 1010, onlyRequest(fx2));
    expect(sub3._tag === "Subscribed" && sub3.substate).toBe("Active");
  });

  it("a 481 to a NOTIFY removes the subscription; so does a NOTIFY timeout", () => {
    const { ntf } = established();
    const [ntf1, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const [gone, goneFx] = toNtf(ntf1, 1010, right(fixResponse(onlyRequest(fx), 481)));
    expect(gone).toEqual({ _tag: "Ended", reason: { _tag: "NotifyFailed", status: 481 } });
    expect(forgets(goneFx)).toBe(1);
    const [timedOut] = stepNotifier(ntf1, { _tag: "Timeout", now: 33_000, method: Methods.NOTIFY });
    expect(timedOut).toEqual({ _tag: "Ended", reason: { _tag: "NotifyFailed", status: 408 } });
  });

  it("RFC 6665 §4.4.3: a SUBSCRIBE with Expires: 0 fetches the state once", () => {
    const [, fx] = startSubscriber({ config: { ...subscriberConfig, expires: 0 }, now: 0, seed: seedFromWords([1]) }, initialRequest());
    const [ntf0] = receiveAtNotifier(onlyRequest(fx));
    const [, ntfFx] = stepNotifier(ntf0, { _tag: "Accept", now: 0, state: "Active", body: presence });
    expect(header(onlyResponse(ntfFx), "Expires")).toBe("0");
    const notify = onlyRequest(ntfFx);
    expect(header(notify, "Subscription-State")).toBe("terminated;reason=timeout");
    expect(text(notify.body)).toBe("<presence>open</presence>");
  });
});

describe("after the end", () => {
  it("a NOTIFY for an ended subscription gets 481", () => {
    const { sub, ntf } = established();
    const [ended] = stepSubscriber(sub, { _tag: "Tick", now: 10_000_000 });
    const [, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const [, subFx] = toSub(ended, 1010, onlyRequest(fx));
    expect(onlyResponse(subFx).status).toBe(481);
  });

});

describe("RFC 3261 §22.2 a request retried with credentials by the shell", () => {
  it("the subscriber follows the retried SUBSCRIBE: its response matches, the dialog keeps its CSeq", () => {
    const { sub } = established();
    const [sub1, fx] = stepSubscriber(sub, { _tag: "Refresh", now: 1000 });
    const refresh = onlyRequest(fx);
    const retried = right(setHeader("CSeq", `${String((refresh.core.cseq?.seq ?? 0) + 1)} SUBSCRIBE`)(refresh));
    const adopted = adoptSubscriberRequest(sub1, retried);
    const [, stale] = toSub(adopted, 1010, right(fixResponse(refresh, 200)));
    expect(notices(stale)).toEqual([]);
    const [sub2, fx2] = toSub(adopted, 1010, right(fixResponse(retried, 200)));
    expect(notices(fx2)).toEqual([{ _tag: "Accepted", status: 200, expires: 600 }]);
    expect(sub2._tag === "Subscribed" && sub2.dialog.localSeq).toEqual(O.some(103));
  });

  it("the notifier follows the retried NOTIFY", () => {
    const { ntf } = established();
    const [ntf1, fx] = stepNotifier(ntf, { _tag: "Update", now: 1000 });
    const notify = onlyRequest(fx);
    const retried = right(setHeader("CSeq", `${String((notify.core.cseq?.seq ?? 0) + 1)} NOTIFY`)(notify));
    const [, fx2] = toNtf(adoptNotifierRequest(ntf1, retried), 1010, right(fixResponse(retried, 200)));
    expect(notices(fx2)).toEqual([{ _tag: "Delivered", status: 200 }]);
  });
});
