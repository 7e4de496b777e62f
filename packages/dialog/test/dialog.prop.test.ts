import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipResponse } from "@puresip/message";
import { createUacDialog, createUasDialog, nextLocalSeq, processResponse, receiveRequest } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { inDialog, invite, ok } from "./fixtures.js";

const uasDialog = (() => {
  const d = createUasDialog(invite, { overTls: false })(ok);
  if (E.isLeft(d)) throw new Error("fixture");
  return d.right;
})();
const uacDialog = (() => {
  const d = createUacDialog(invite, { overTls: false })(ok);
  if (E.isLeft(d)) throw new Error("fixture");
  return d.right;
})();

const METHODS = ["INVITE", "UPDATE", "INFO", "OPTIONS", "MESSAGE", "NOTIFY", "SUBSCRIBE", "ACK", "BYE"] as const;

const arbIncoming = fc.record({
  method: fc.constantFrom(...METHODS),
  seq: fc.integer({ min: 314000, max: 314400 }),
  contactHost: fc.option(fc.integer({ min: 1, max: 254 }), { nil: undefined }),
});

const arbResponse = fc.record({
  method: fc.constantFrom(...METHODS),
  status: fc.constantFrom(180, 200, 202, 400, 404, 408, 481, 486, 500),
  contactHost: fc.option(fc.integer({ min: 1, max: 254 }), { nil: undefined }),
});

type Step =
  | { readonly kind: "send" }
  | { readonly kind: "receive"; readonly req: { readonly method: string; readonly seq: number; readonly contactHost: number | undefined } }
  | { readonly kind: "response"; readonly res: { readonly method: string; readonly status: number; readonly contactHost: number | undefined } };

const arbSteps = fc.array(
  fc.oneof(
    fc.constant<Step>({ kind: "send" }),
    arbIncoming.map((req): Step => ({ kind: "receive", req })),
    arbResponse.map((res): Step => ({ kind: "response", res })),
  ),
  { maxLength: 40 },
);

const responseWith = (status: number, contactHost: number | undefined): SipResponse => ({
  ...ok,
  status,
  core: {
    ...ok.core,
    contact: contactHost === undefined ? [] : [{ _tag: "NameAddr", uri: { _tag: "SipUri", scheme: "sip", user: "bob", host: { _tag: "IPv4", value: `192.0.2.${contactHost}` }, params: [], headers: [] }, angle: true, params: [] }],
  },
});

/** Applies a random history to a dialog, returning every intermediate dialog and whether the step was a target refresh. */
const run = (start: Dialog, steps: ReadonlyArray<Step>): ReadonlyArray<{ readonly before: Dialog; readonly after: Dialog; readonly step: Step }> => {
  const out: Array<{ before: Dialog; after: Dialog; step: Step }> = [];
  let dialog = start;
  for (const step of steps) {
    const before = dialog;
    if (step.kind === "send") dialog = nextLocalSeq(1)(dialog)[1];
    else if (step.kind === "receive") {
      const r = receiveRequest(inDialog(step.req.method, step.req.seq, step.req.contactHost === undefined ? undefined : `sip:alice@192.0.2.${step.req.contactHost}`))(dialog);
      if (E.isRight(r)) dialog = r.right;
    } else {
      const outcome = processResponse(step.res.method as typeof invite.method, responseWith(step.res.status, step.res.contactHost))(dialog);
      dialog = outcome.dialog;
    }
    out.push({ before, after: dialog, step });
  }
  return out;
};

describe("RFC 3261 §12.2 dialog invariants over random histories", () => {
  test.prop([fc.constantFrom(uasDialog, uacDialog), arbSteps])("§12.2.1.1: the local CSeq only grows", (start, steps) => {
    for (const { before, after } of run(start, steps)) {
      if (O.isSome(before.localSeq)) {
        expect(O.isSome(after.localSeq)).toBe(true);
        if (O.isSome(after.localSeq)) expect(after.localSeq.value).toBeGreaterThanOrEqual(before.localSeq.value);
      }
    }
  });

  test.prop([fc.constantFrom(uasDialog, uacDialog), arbSteps])("§12.2: the route set of a confirmed dialog never changes", (start, steps) => {
    for (const { after } of run(start, steps)) expect(after.routeSet).toBe(start.routeSet);
  });

  test.prop([fc.constantFrom(uasDialog, uacDialog), arbSteps])("§12.2: the remote target changes only on a target refresh", (start, steps) => {
    const refreshes = new Set(["INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY"]);
    for (const { before, after, step } of run(start, steps)) {
      if (after.remoteTarget !== before.remoteTarget) {
        const method = step.kind === "receive" ? step.req.method : step.kind === "response" ? step.res.method : "none";
        expect(refreshes.has(method)).toBe(true);
      }
    }
  });

  test.prop([arbSteps])("§12.2.2: the remote CSeq never goes down", (steps) => {
    for (const { before, after } of run(uasDialog, steps)) {
      if (O.isSome(before.remoteSeq) && O.isSome(after.remoteSeq)) expect(after.remoteSeq.value).toBeGreaterThanOrEqual(before.remoteSeq.value);
    }
  });

  test.prop([fc.constantFrom(uasDialog, uacDialog), arbSteps])("a deep-frozen dialog is never mutated", (start, steps) => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
      }
      return value;
    };
    const frozen = deepFreeze(structuredClone(start));
    const snapshot = JSON.stringify(frozen);
    run(frozen, steps);
    expect(JSON.stringify(frozen)).toBe(snapshot);
  });
});
