// RFC 4028 §7.4 with RFC 3311 §4 as a property of the session reducer: the refresh method
// follows the peer's Allow, and one refresh is out at a time.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { act, aliceInvite, config, call, deliverAll, drop, label, sdp } from "./session-fixtures.js";
import type { SessionConfig } from "../src/index.js";

const timed: SessionConfig = { ...config, sessionTimer: { minSE: 90, interval: 90, preferRefresher: "uas" } };
const METHODS = ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "PRACK", "UPDATE", "INFO", "MESSAGE", "REFER", "NOTIFY", "SUBSCRIBE"] as const;

describe("RFC 4028 §7.4 the refresh method, as a property", () => {
  test.prop([fc.option(fc.subarray([...METHODS]), { nil: null }), fc.array(fc.integer({ min: 45_000, max: 59_000 }), { maxLength: 5 })])(
    "§7.4 / RFC 3311 §4: the refresher sends one UPDATE when the peer's Allow lists UPDATE, else one re-INVITE, and nothing more while it is out",
    (allow, laterTicks) => {
      const invite = aliceInvite(true, allow === null ? null : { name: "Allow", value: allow.join(", ") });
      let p = deliverAll(act(call([1, 2], true, timed, invite), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);
      p = act(drop(p), "bob", { _tag: "Tick", now: 45_000 });
      for (const at of [...laterTicks].sort((a, b) => a - b)) p = act(p, "bob", { _tag: "Tick", now: at });
      const expected = allow !== null && allow.includes("UPDATE") ? "UPDATE" : "INVITE";
      expect(p.wire.map((w) => label(w.message))).toStrictEqual([expected]);
    },
  );
});
