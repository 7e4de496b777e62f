// RFC 3261 §15.1.2 / §12.2.2 as properties of the caller's session (session/uac.ts `callingBye`):
// any forks ringing, any BYEs from them or from strangers, in any order.
import { seedFromWords } from "@puresip/kernel";
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createRequest, createResponse, tag } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { sessionDeadline, startUac, stepSession } from "../src/index.js";
import type { InviteSession, SessionEffect } from "../src/index.js";
import { aliceContact, aliceInvite, config, nameAddr, right, via } from "./session-fixtures.js";

const invite = aliceInvite();

const ringing = (forkTag: string) =>
  right(createResponse(180, { toTag: right(tag(forkTag)), headers: [{ name: "Contact", value: `<sip:${forkTag}@192.0.2.5>` }] })(invite));

/** The BYE the fork `forkTag` sends: its tag in From, Alice's in To (§12.2.1.1). */
const byeFrom = (forkTag: string, seq: number): SipRequest =>
  right(
    createRequest({
      method: Methods.BYE,
      uri: aliceContact.uri,
      via: via("192.0.2.5", `z9hG4bKbye${seq}`),
      to: nameAddr("sip:alice@atlanta.com", "1928301774"),
      from: nameAddr("sip:bob@biloxi.com", forkTag),
      callId: invite.core.callId!,
      seq,
    }),
  );

const responsesTo = (effects: ReadonlyArray<SessionEffect>, request: SipRequest): ReadonlyArray<number> =>
  effects.flatMap((e) => (e._tag === "SendResponse" && e.request === request ? [e.response.status] : []));

const FORKS = ["f0", "f1", "f2", "f3"] as const;

describe("RFC 3261 §15.1.2 the callee's BYE before the 2xx, as properties", () => {
  test.prop([fc.integer({ min: 1, max: 4 }), fc.array(fc.constantFrom(...FORKS, "stranger"), { maxLength: 12 })])(
    "§15.1.2 / §12.2.2: each BYE gets one answer, 200 on a ringing fork and 481 otherwise; the call ends, with one CANCEL, when the last fork is gone",
    (forks, byes) => {
      const ringingForks = FORKS.slice(0, forks);
      let [s] = startUac({ now: 0, invite, localContact: aliceContact, seed: seedFromWords([5]), config });
      for (const f of ringingForks) [s] = stepSession(s, { _tag: "Received", now: 1, message: ringing(f) });
      const live = new Set<string>(ringingForks);
      let cancels = 0;
      byes.forEach((forkTag, i) => {
        const before: InviteSession = s;
        const bye = byeFrom(forkTag, 10 + i);
        const [after, effects] = stepSession(before, { _tag: "Received", now: 10 + i, message: bye });
        s = after;
        cancels += effects.filter((e) => e._tag === "SendRequest" && e.request.method === Methods.CANCEL).length;
        if (before._tag !== "Calling") return;
        expect(responsesTo(effects, bye)).toStrictEqual([live.has(forkTag) ? 200 : 481]);
        live.delete(forkTag);
        if (live.size === 0) {
          expect(after).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
          expect(effects.at(-1)).toStrictEqual({ _tag: "Forget" });
          expect(sessionDeadline(after)).toStrictEqual(O.none);
        } else expect(after._tag === "Calling" && after.early.map((d) => O.toUndefined(d.id.remoteTag))).toStrictEqual(ringingForks.filter((f) => live.has(f)));
      });
      expect(cancels).toBe(live.size === 0 ? 1 : 0);
    },
  );
});
