import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { Methods, createResponse, tag } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import { INVITE_REFRESH_MS } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const isInvite = (m: SipMessage): boolean => m._tag === "Request" && m.method === Methods.INVITE;

test.prop([fc.integer({ min: 200, max: 200_000 }), fc.constantFrom(180, 183), fc.constantFrom(200, 486, 603), fc.array(fc.integer({ min: 1, max: 30_000 }), { maxLength: 8 })])(
  "RFC3581-3-5: however long the INVITE rings and however the shell's ticks fall, it is sent again once per 20 s before its final response, never after, and the UA keeps no more entries for it",
  (finalAt, provisional, finalStatus, gaps) => {
    const a = driver(uaConfig("alice", "10.0.0.1"));
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } });
    const invite = made.sent.find((m): m is SipRequest => isInvite(m));
    if (invite === undefined) throw new Error("no INVITE");
    a.feed({ _tag: "Received", now: 100, message: must(createResponse(provisional, { toTag: must(tag("b0b")) })(invite)), source: peerOf(BOB) });
    // The shell ticks late, at arbitrary times: a refresh is sent at most once per due time.
    let refreshes = 0;
    let now = 100;
    for (const gap of gaps) {
      now = Math.min(finalAt - 1, now + gap);
      refreshes += a.settle(now).sent.filter(isInvite).length;
    }
    refreshes += a.settle(finalAt - 1).sent.filter(isInvite).length;
    expect(refreshes).toBeLessThanOrEqual(Math.floor((finalAt - 1) / INVITE_REFRESH_MS));
    if (finalAt - 1 >= INVITE_REFRESH_MS) expect(refreshes).toBeGreaterThanOrEqual(1);
    const entries = a.store.size;
    expect(entries).toBeLessThanOrEqual(3);
    const final = must(createResponse(finalStatus, { toTag: must(tag("b0b")), ...(finalStatus === 200 ? { headers: [{ name: "Contact", value: `<sip:bob@${BOB}>` }] } : {}) })(invite));
    a.feed({ _tag: "Received", now: finalAt, message: final, source: peerOf(BOB) });
    expect(a.settle(finalAt + 10 * INVITE_REFRESH_MS).sent.filter(isInvite)).toStrictEqual([]);
    // No context of the INVITE is left with a refresh time.
    for (const entry of a.store.values()) if (entry._tag === "ClientRequest") expect(entry.context.refreshAt).toBeUndefined();
  },
);
