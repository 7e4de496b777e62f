// RFC 5057 §5.1 Table 1 and Table 2, as the UA core reads them (src/core/failure-impact.ts).
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { failureImpact, failureRow } from "../../src/core/failure-impact.js";
import type { FailedRequest } from "../../src/core/failure-impact.js";

const plain: FailedRequest = { method: "NOTIFY", integral: true, terminating: false, retryAfter: false };

describe("RFC 5057 §5.1 Table 1: the three columns", () => {
  it("RFC 5057 §5.1 Table 1 Destroys Dialog: 404, 410, 416, 482, 483, 484, 485, 502, 604, whatever the request", () => {
    for (const status of [404, 410, 416, 482, 483, 484, 485, 502, 604]) {
      for (const method of ["NOTIFY", "INFO", "CANCEL", "BYE"]) expect(failureImpact(status, { ...plain, method, integral: false }), `${String(status)} ${method}`).toBe("Dialog");
    }
  });

  it("RFC 5057 §5.1 Table 1 Destroys Usage: 405, 480, 481, 489, 501 to a NOTIFY of the subscription", () => {
    for (const status of [405, 480, 481, 489, 501]) expect(failureImpact(status, plain), String(status)).toBe("Usage");
  });

  it("RFC 5057 §5.1 Table 1 Transaction Only: the listed codes and unknown 4xx, 5xx, 6xx", () => {
    const listed = [400, 401, 402, 403, 406, 407, 408, 412, 413, 414, 415, 417, 420, 421, 422, 423, 428, 429, 436, 437, 438, 486, 487, 488, 491, 493, 494, 500, 503, 504, 505, 513, 580, 600, 603, 606];
    for (const status of [...listed, 499, 450, 555, 699]) expect(failureImpact(status, plain), String(status)).toBe("Transaction");
  });

  it("RFC 5057 §5.1 notes 3, 8, 12: 405/501 to a method not the usage's own, 481 to a CANCEL and 489 to an INFO end the transaction only", () => {
    expect(failureImpact(405, { ...plain, method: "INFO", integral: false })).toBe("Transaction");
    expect(failureImpact(501, { ...plain, method: "MESSAGE", integral: false })).toBe("Transaction");
    expect(failureImpact(481, { ...plain, method: "CANCEL" })).toBe("Transaction");
    expect(failureImpact(489, { ...plain, method: "INFO", integral: false })).toBe("Transaction");
    expect(failureImpact(489, { ...plain, method: "SUBSCRIBE" })).toBe("Usage");
  });

  it("RFC 5057 §5.1 notes 13 and 17: a 5xx or 6xx without Retry-After to an attempt to end the usage ends it; with Retry-After, or to another request, the transaction only", () => {
    for (const status of [500, 555, 600, 650]) {
      expect(failureImpact(status, { ...plain, terminating: true }), String(status)).toBe("Usage");
      expect(failureImpact(status, { ...plain, terminating: true, retryAfter: true }), String(status)).toBe("Transaction");
      expect(failureImpact(status, plain), String(status)).toBe("Transaction");
    }
    // 503 and 603 are rows of their own: the transaction only, even then.
    expect(failureImpact(503, { ...plain, terminating: true })).toBe("Transaction");
    expect(failureImpact(603, { ...plain, terminating: true })).toBe("Transaction");
  });
});

const request: fc.Arbitrary<FailedRequest> = fc.record({
  method: fc.constantFrom("INVITE", "BYE", "INFO", "NOTIFY", "SUBSCRIBE", "REFER", "CANCEL", "UPDATE", "OPTIONS"),
  integral: fc.boolean(),
  terminating: fc.boolean(),
  retryAfter: fc.boolean(),
});

test.prop([fc.integer({ min: 300, max: 699 }), request])("RFC 5057 §5.1: every failure code has exactly one outcome; a Dialog row is Dialog whatever the request, a Transaction row never more, and only the rows that depend on the request vary with it", (status, r) => {
  const impact = failureImpact(status, r);
  expect(["Transaction", "Usage", "Dialog"]).toContain(impact);
  const row = failureRow(status);
  if (row === "Dialog" || row === "Transaction" || row === "Usage") expect(impact).toBe(row);
  else expect(impact).not.toBe("Dialog");
  // 3xx: no redirection inside a dialog, the same for every usage.
  if (status < 400) expect(impact).toBe("Transaction");
});
