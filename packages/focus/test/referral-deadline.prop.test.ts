// RFC 3515 §2.4.7: whatever the callee of a dial-out does (answers, rings, stays silent) and
// whenever its messages stop reaching the focus, the referrer hears exactly one final sipfrag
// NOTIFY, before the REFER's implicit subscription (§2.4.4) ends, and the focus forgets all.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import type { Network, Wire } from "@puresip/testkit";
import { createNetwork, linkKey, perfectLink, run, schedule } from "@puresip/testkit";
import { REFER_SUBSCRIPTION_SECONDS } from "@puresip/ua";
import type { AppEvent } from "@puresip/ua";
import type { AnyNode } from "./sim.js";
import { FOCUS, endpoint, focus, participant, uri } from "./sim.js";

const BOB = "192.0.2.2";
const DAVE = "192.0.2.4";
type Net = Network<AnyNode, Wire, unknown>;

const advance = (net: Net, until: number): Net => {
  const done = run(endpoint, { until, maxSteps: 200_000 })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

test.prop([fc.constantFrom("answer" as const, "ring" as const, "silent" as const), fc.option(fc.integer({ min: 0, max: 70_000 }), { nil: undefined }), fc.integer({ min: 1, max: 10_000 })], { numRuns: 15 })(
  "RFC 3515 §2.4.7: a referred dial-out's referrer hears one final NOTIFY inside the subscription, whatever the callee does and whenever it goes deaf",
  (answering, deafAt, seed) => {
    const f = focus(seed);
    const bob = participant("bob", BOB, seed + 1);
    const dave = participant("dave", DAVE, seed + 2, answering);
    let net: Net = createNetwork<AnyNode, Wire, unknown>({ seed, nodes: { [FOCUS]: f, [BOB]: bob, [DAVE]: dave } });
    net = schedule<unknown>(0, BOB, { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${FOCUS}`), referTo: uri(`sip:dave@${DAVE}`) })(net);
    if (deafAt !== undefined) net = { ...advance(net, deafAt), links: { [linkKey(DAVE, FOCUS)]: { ...perfectLink, loss: 1 } } };
    net = advance(net, 300_000);
    // An answered dial-out stays in the conference: the focus closes, which ends it, so nothing should stay.
    advance(schedule<unknown>(net.now, FOCUS, { _tag: "Ua", command: { _tag: "Shutdown" } })(net), 600_000);
    const finals = (bob.log ?? []).flatMap((l) => {
      const e = l.event as AppEvent;
      return e._tag === "Subscription" && e.notice._tag === "Progress" && e.notice.status >= 200 ? [l.at] : [];
    });
    expect(finals).toHaveLength(1);
    expect(finals[0]).toBeLessThan(REFER_SUBSCRIPTION_SECONDS * 1000);
    expect(f.engine.registry.size).toBe(0);
  },
);
