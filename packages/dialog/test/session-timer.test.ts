import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, setHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { minSeOf, negotiateUas, refreshHeaders, retryAfter422, sessionExpiresOf, startTimer, timerDeadline, timerDue, uacTimerOf } from "../src/index.js";
import type { TimerPolicy } from "../src/index.js";
import { aliceInvite, bobTag, right } from "./session-fixtures.js";

const withHeaders = (headers: Record<string, string>): SipRequest => {
  let r = aliceInvite();
  for (const [name, value] of Object.entries(headers)) r = right(setHeader(name, value)(r));
  return r;
};
const policy: TimerPolicy = { minSE: 300, interval: 1800, preferRefresher: "uas" };

describe("RFC 4028 §4–§5 header fields", () => {
  it("reads Session-Expires with its refresher, and Min-SE with its default of 90", () => {
    const r = withHeaders({ "Session-Expires": "1800;refresher=uac", "Min-SE": "600" });
    expect(sessionExpiresOf(r)).toStrictEqual(O.some({ interval: 1800, refresher: O.some("uac") }));
    expect(minSeOf(r)).toBe(600);
    expect(minSeOf(aliceInvite())).toBe(90);
    expect(sessionExpiresOf(withHeaders({ "Session-Expires": "soon" }))).toStrictEqual(O.none);
  });
});

describe("RFC 4028 §9 UAS behavior", () => {
  it("rejects a Session-Expires below its minimum with 422 and Min-SE", () => {
    const r = withHeaders({ Supported: "timer", "Session-Expires": "120" });
    expect(negotiateUas(policy)(r)).toStrictEqual({ _tag: "TooSmall", headers: [{ name: "Min-SE", value: "300" }] });
  });

  it("copies the UAC's interval, never increasing it, and keeps the UAC's refresher choice (Table 2)", () => {
    const r = withHeaders({ Supported: "timer", "Session-Expires": "900;refresher=uac" });
    expect(negotiateUas(policy)(r)).toStrictEqual({
      _tag: "Accept",
      interval: 900,
      refresher: "uac",
      headers: [{ name: "Session-Expires", value: "900;refresher=uac" }, { name: "Require", value: "timer" }],
    });
  });

  it("refreshes itself when the UAC does not support timers (Table 2, first row)", () => {
    const n = negotiateUas(policy)(aliceInvite());
    expect(n).toMatchObject({ _tag: "Accept", interval: 1800, refresher: "uas" });
  });

  it("chooses the refresher when the UAC supports timers but did not choose (Table 2, fourth row)", () => {
    expect(negotiateUas({ ...policy, preferRefresher: "uac" })(withHeaders({ Supported: "timer" }))).toMatchObject({ refresher: "uac" });
  });

  it("never goes below the request's Min-SE", () => {
    expect(negotiateUas({ minSE: 90, interval: 100, preferRefresher: "uas" })(withHeaders({ Supported: "timer", "Min-SE": "1200" }))).toMatchObject({ interval: 1200 });
  });
});

describe("RFC 4028 §7 UAC behavior", () => {
  it("§7.2: takes interval and refresher from the 2xx", () => {
    const ok = right(createResponse(200, { toTag: bobTag, headers: [{ name: "Session-Expires", value: "1800;refresher=uas" }] })(aliceInvite()));
    expect(uacTimerOf(ok)).toStrictEqual(O.some({ interval: 1800, refresher: "uas" }));
    expect(uacTimerOf(right(createResponse(200, { toTag: bobTag })(aliceInvite())))).toStrictEqual(O.none);
  });

  it("§7.4: retries after a 422 with Min-SE and a Session-Expires no smaller than it", () => {
    const tooSmall = right(createResponse(422, { toTag: bobTag, headers: [{ name: "Min-SE", value: "600" }] })(aliceInvite()));
    expect(retryAfter422(tooSmall, 300)).toStrictEqual([{ name: "Session-Expires", value: "600" }, { name: "Min-SE", value: "600" }]);
  });
});

describe("RFC 4028 §10 performing refreshes", () => {
  it("the refresher refreshes at half the interval", () => {
    const timer = startTimer(0, 1800, true);
    expect(timerDeadline(timer)).toBe(900_000);
    expect(timerDue(899_999)(timer)).toBe("None");
    expect(timerDue(900_000)(timer)).toBe("Refresh");
  });

  it("the other side sends BYE min(32 s, interval/3) before expiry", () => {
    const long = startTimer(0, 1800, false);
    expect(timerDeadline(long)).toBe(1_768_000);
    expect(timerDue(1_767_999)(long)).toBe("None");
    expect(timerDue(1_768_000)(long)).toBe("Expire");
    expect(timerDeadline(startTimer(0, 90, false))).toBe(60_000);
  });

  it("a refresh keeps the roles and the interval", () => {
    expect(refreshHeaders(startTimer(0, 1800, true))).toStrictEqual([
      { name: "Session-Expires", value: "1800;refresher=uac" },
      { name: "Supported", value: "timer" },
    ]);
  });
});
