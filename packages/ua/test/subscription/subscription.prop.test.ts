// Properties of the subscriber and notifier reducers over random event sequences (RFC 6665):
// they never throw, every request they receive is answered exactly once, a stored state comes
// back from JSON unchanged, and an ended subscription keeps no deadline.
import { seedFromWords } from "@puresip/kernel";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { expect } from "vitest";
import { Methods, createRequest, createResponse, printNameAddr, tag } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse } from "@puresip/message";
import {
  NotifierStateCodec,
  SubscriberStateCodec,
  nextNotifierDeadline,
  nextSubscriberDeadline,
  startNotifier,
  startSubscriber,
  stepNotifier,
  stepSubscriber,
} from "../../src/index.js";
import type { NotifierEvent, NotifierState, SubscriberEvent, UsageEffect } from "../../src/index.js";
import { aliceContact, bobContact, bobVia, initialRequest, notifierConfig, right, subscriberConfig } from "./fixtures.js";

const FAR = 10_000_000_000;

const withTag = (a: NameAddr, value: string): NameAddr => ({ ...a, params: [...a.params.filter((p) => p.name !== "tag"), { name: "tag", value }] });

/** JSON through the codec and back: the same state, encoded the same way. */
const roundTrips = <S>(codec: { encode: (s: S) => unknown; decode: (u: unknown) => E.Either<unknown, S> }, state: S): void => {
  const json = JSON.parse(JSON.stringify(codec.encode(state))) as unknown;
  const back = codec.decode(json);
  expect(E.isRight(back)).toBe(true);
  if (E.isRight(back)) expect(JSON.stringify(codec.encode(back.right))).toBe(JSON.stringify(codec.encode(state)));
};

/** A received request is answered exactly once, with a response to that request. */
const answeredOnce = <N>(request: SipRequest, effects: ReadonlyArray<UsageEffect<N>>): void => {
  const answers = effects.filter((f) => f._tag === "SendResponse");
  expect(answers).toHaveLength(1);
  const a = answers[0];
  if (a?._tag === "SendResponse") expect(a.response.core.cseq).toEqual(request.core.cseq);
};

// ---------------------------------------------------------------- subscriber

type SubScript =
  | { readonly _tag: "Notify"; readonly state: string; readonly fork: boolean; readonly event: string }
  | { readonly _tag: "Reply"; readonly status: number; readonly expires: number | null }
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Tick"; readonly after: number }
  | { readonly _tag: "Refresh"; readonly expires: number }
  | { readonly _tag: "Unsubscribe" };

const subScript: fc.Arbitrary<SubScript> = fc.oneof(
  fc.record({
    _tag: fc.constant("Notify" as const),
    state: fc.constantFrom("active;expires=300", "active", "pending;expires=60", "terminated;reason=timeout", "terminated;reason=probation;retry-after=30", "terminated", "bogus", ""),
    fork: fc.boolean(),
    event: fc.constantFrom("presence", "presence", "presence;id=2", "dialog"),
  }),
  fc.record({ _tag: fc.constant("Reply" as const), status: fc.constantFrom(100, 200, 202, 423, 481, 500, 489, 603), expires: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }) }),
  fc.constant({ _tag: "Timeout" as const }),
  fc.record({ _tag: fc.constant("Tick" as const), after: fc.integer({ min: 0, max: 700_000 }) }),
  fc.record({ _tag: fc.constant("Refresh" as const), expires: fc.integer({ min: 0, max: 4000 }) }),
  fc.constant({ _tag: "Unsubscribe" as const }),
);

test.prop([fc.array(subScript, { maxLength: 25 }), fc.boolean()])("RFC 6665 §4.1 subscriber: any event sequence never throws, answers every NOTIFY once, survives JSON, ends with no deadline", (script, nonForking) => {
  const subscribe = initialRequest();
  // §5.4.9: a package that installs one subscription per SUBSCRIBE never hands a fork up.
  const config = nonForking ? { ...subscriberConfig, nonForking } : subscriberConfig;
  let [state, effects] = startSubscriber({ config, now: 0, seed: seedFromWords([9]) }, subscribe);
  let lastSent: SipRequest = subscribe;
  let now = 0;
  let notifySeq = 1;
  for (const step of script) {
    for (const f of effects) if (f._tag === "SendRequest") lastSent = f.request;
    let event: SubscriberEvent;
    let received: SipRequest | null = null;
    switch (step._tag) {
      case "Notify": {
        const headers: ReadonlyArray<HeaderField> = [{ name: "Event", value: step.event }, ...(step.state === "" ? [] : [{ name: "Subscription-State", value: step.state }])];
        const from = subscribe.core.to;
        const to = subscribe.core.from;
        if (from === undefined || to === undefined) throw new Error("no From/To");
        received = right(
          createRequest({
            method: Methods.NOTIFY,
            uri: aliceContact.uri,
            via: { ...bobVia, params: [{ name: "branch", value: `z9hG4bKn${String(notifySeq)}` }] },
            to,
            from: withTag(from, step.fork ? "fork2" : "bob1"),
            callId: right(E.fromNullable("no Call-ID")(subscribe.core.callId)),
            seq: notifySeq++,
            contact: [bobContact],
            headers,
          }),
        );
        event = { _tag: "Received", now, message: received };
        break;
      }
      case "Reply": {
        const headers: ReadonlyArray<HeaderField> = [{ name: "Contact", value: printNameAddr(bobContact) }, ...(step.expires === null ? [] : [{ name: step.status === 423 ? "Min-Expires" : "Expires", value: String(step.expires) }])];
        const response: SipResponse = right(createResponse(step.status, { toTag: right(tag("bob1")), headers })(lastSent));
        event = { _tag: "Received", now, message: response };
        break;
      }
      case "Timeout":
        event = { _tag: "Timeout", now, method: lastSent.method };
        break;
      case "Tick":
        now += step.after;
        event = { _tag: "Tick", now };
        break;
      case "Refresh":
        event = { _tag: "Refresh", now, expires: step.expires };
        break;
      case "Unsubscribe":
        event = { _tag: "Unsubscribe", now };
        break;
    }
    const wasEnded = state._tag === "Ended";
    [state, effects] = stepSubscriber(state, event);
    // §4.1.2.4: a NOTIFY from another fork is handed to the shell unanswered (`Forked`), or answered once.
    const forked = effects.some((f) => f._tag === "Notify" && f.notice._tag === "Forked");
    if (nonForking) expect(forked).toBe(false);
    if (received !== null && forked) expect(effects.filter((f) => f._tag === "SendResponse")).toHaveLength(0);
    else if (received !== null) answeredOnce(received, effects);
    if (wasEnded) expect(state._tag).toBe("Ended");
    if (state._tag === "Ended") expect(nextSubscriberDeadline(state)).toEqual(O.none);
    roundTrips(SubscriberStateCodec, state);
  }
  const [last] = stepSubscriber(state, { _tag: "Tick", now: FAR });
  expect(last._tag).toBe("Ended");
  expect(nextSubscriberDeadline(last)).toEqual(O.none);
});

// ---------------------------------------------------------------- notifier

type NtfScript =
  | { readonly _tag: "Accept"; readonly active: boolean }
  | { readonly _tag: "Reject"; readonly status: number }
  | { readonly _tag: "Update"; readonly active: boolean }
  | { readonly _tag: "Terminate"; readonly reason: string }
  | { readonly _tag: "Subscribe"; readonly expires: number | null; readonly event: string }
  | { readonly _tag: "Reply"; readonly status: number }
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Tick"; readonly after: number };

const ntfScript: fc.Arbitrary<NtfScript> = fc.oneof(
  fc.record({ _tag: fc.constant("Accept" as const), active: fc.boolean() }),
  fc.record({ _tag: fc.constant("Reject" as const), status: fc.constantFrom(200, 403, 603) }),
  fc.record({ _tag: fc.constant("Update" as const), active: fc.boolean() }),
  fc.record({ _tag: fc.constant("Terminate" as const), reason: fc.constantFrom("rejected", "noresource", "deactivated") }),
  fc.record({ _tag: fc.constant("Subscribe" as const), expires: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }), event: fc.constantFrom("presence", "presence", "presence;id=1", "dialog") }),
  fc.record({ _tag: fc.constant("Reply" as const), status: fc.constantFrom(100, 200, 481, 500) }),
  fc.constant({ _tag: "Timeout" as const }),
  fc.record({ _tag: fc.constant("Tick" as const), after: fc.integer({ min: 0, max: 4_000_000 }) }),
);

test.prop([fc.integer({ min: 0, max: 5000 }), fc.array(ntfScript, { maxLength: 25 })])(
  "RFC 6665 §4.2 notifier: any event sequence never throws, answers every SUBSCRIBE once, survives JSON, ends with no deadline",
  (expires, script) => {
    const subscribe = initialRequest();
    const withExpires = { ...subscribe, headers: [...subscribe.headers, { name: "Event", value: "presence" }, { name: "Expires", value: String(expires) }] };
    let [state, effects] = startNotifier({ config: notifierConfig, now: 0, seed: seedFromWords([4]), toTag: right(tag("bob1")) }, withExpires);
    let lastNotify: SipRequest | null = null;
    let now = 0;
    let seq = 200;
    for (const step of script) {
      for (const f of effects) if (f._tag === "SendRequest") lastNotify = f.request;
      let event: NotifierEvent;
      let received: SipRequest | null = null;
      switch (step._tag) {
        case "Accept":
          event = { _tag: "Accept", now, state: step.active ? "Active" : "Pending", body: { type: "text/plain", content: new Uint8Array([104, 105]) } };
          break;
        case "Reject":
          event = { _tag: "Reject", now, status: step.status };
          break;
        case "Update":
          event = { _tag: "Update", now, state: step.active ? "Active" : "Pending" };
          break;
        case "Terminate":
          event = { _tag: "Terminate", now, reason: step.reason };
          break;
        case "Subscribe": {
          const to = subscribe.core.to;
          const from = subscribe.core.from;
          if (to === undefined || from === undefined) throw new Error("no From/To");
          received = right(
            createRequest({
              method: Methods.SUBSCRIBE,
              uri: bobContact.uri,
              via: { ...bobVia, params: [{ name: "branch", value: `z9hG4bKs${String(seq)}` }] },
              to: withTag(to, "bob1"),
              from,
              callId: right(E.fromNullable("no Call-ID")(subscribe.core.callId)),
              seq: seq++,
              contact: [aliceContact],
              headers: [{ name: "Event", value: step.event }, ...(step.expires === null ? [] : [{ name: "Expires", value: String(step.expires) }])],
            }),
          );
          event = { _tag: "Received", now, message: received };
          break;
        }
        case "Reply":
          if (lastNotify === null) continue;
          event = { _tag: "Received", now, message: right(createResponse(step.status)(lastNotify)) };
          break;
        case "Timeout":
          event = { _tag: "Timeout", now, method: Methods.NOTIFY };
          break;
        case "Tick":
          now += step.after;
          event = { _tag: "Tick", now };
          break;
      }
      const before: NotifierState = state;
      [state, effects] = stepNotifier(state, event);
      // A request arriving before the decision or after the end is answered too (481).
      if (received !== null) answeredOnce(received, effects);
      // §4.2.2: at most one NOTIFY at a time.
      expect(effects.filter((f) => f._tag === "SendRequest").length).toBeLessThanOrEqual(1);
      const completes = event._tag === "Timeout" || (event._tag === "Received" && event.message._tag === "Response" && event.message.status >= 200);
      if (before._tag === "Serving" && before.notifying !== null && !completes) expect(effects.some((f) => f._tag === "SendRequest")).toBe(false);
      if (state._tag === "Ended") expect(nextNotifierDeadline(state)).toEqual(O.none);
      roundTrips(NotifierStateCodec, state);
    }
    const [expired] = stepNotifier(state, { _tag: "Tick", now: FAR });
    const [last] = stepNotifier(expired, { _tag: "Timeout", now: FAR, method: Methods.NOTIFY });
    expect(last._tag).toBe("Ended");
    expect(nextNotifierDeadline(last)).toEqual(O.none);
  },
);
