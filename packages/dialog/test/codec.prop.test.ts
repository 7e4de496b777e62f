import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { createUacDialog, createUasDialog, DialogCodec, nextLocalSeq, processResponse, receiveRequest } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { inDialog, invite, ok, response } from "./fixtures.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const starts = [right(createUacDialog(invite, { overTls: false })(ok)), right(createUasDialog(invite, { overTls: false })(ok))];

type Step =
  | { readonly kind: "send"; readonly initial: number }
  | { readonly kind: "receive"; readonly method: string; readonly seq: number; readonly host: number | undefined }
  | { readonly kind: "response"; readonly method: string; readonly status: number; readonly host: number | undefined };

const METHODS = ["INVITE", "UPDATE", "INFO", "BYE", "ACK"];
const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((initial): Step => ({ kind: "send", initial })),
  fc.record({ method: fc.constantFrom(...METHODS), seq: fc.integer({ min: 314000, max: 314400 }), host: fc.option(fc.integer({ min: 1, max: 254 }), { nil: undefined }) }).map((r): Step => ({ kind: "receive", ...r })),
  fc.record({ method: fc.constantFrom(...METHODS), status: fc.constantFrom(200, 404, 408, 481), host: fc.option(fc.integer({ min: 1, max: 254 }), { nil: undefined }) }).map((r): Step => ({ kind: "response", ...r })),
);

const okWithContact = (status: number, host: number | undefined) =>
  response(
    `SIP/2.0 ${status} Whatever`,
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds7",
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.com",
    "CSeq: 314160 INVITE",
    ...(host === undefined ? [] : [`Contact: <sip:bob@192.0.2.${host}>`]),
    "Content-Length: 0",
  );

/** One step of dialog behaviour; the observable result is the next dialog plus what the step said. */
const apply = (dialog: Dialog, step: Step): readonly [Dialog, unknown] => {
  switch (step.kind) {
    case "send": {
      const [seq, next] = nextLocalSeq(step.initial)(dialog);
      return [next, seq];
    }
    case "receive": {
      const r = receiveRequest(inDialog(step.method, step.seq, step.host === undefined ? undefined : `sip:alice@192.0.2.${step.host}`))(dialog);
      return E.isRight(r) ? [r.right, "accepted"] : [dialog, r.left];
    }
    case "response": {
      const outcome = processResponse(step.method as typeof invite.method, okWithContact(step.status, step.host))(dialog);
      return [outcome.dialog, outcome._tag];
    }
  }
};

const restore = (dialog: Dialog): Dialog => right(DialogCodec.decode(JSON.parse(JSON.stringify(DialogCodec.encode(dialog)))));

describe("Dialog restored from JSON (DESIGN.md reducer contract)", () => {
  test.prop([fc.constantFrom(...starts), fc.array(arbStep, { maxLength: 30 }), fc.nat()])(
    "a dialog restored from JSON at any point behaves exactly like the original",
    (start, steps, cut) => {
      let original = start;
      let restored = start;
      const at = steps.length === 0 ? 0 : cut % steps.length;
      steps.forEach((step, i) => {
        if (i === at) restored = restore(restored);
        const [a, saidA] = apply(original, step);
        const [b, saidB] = apply(restored, step);
        expect(saidB).toStrictEqual(saidA);
        expect(b).toStrictEqual(a);
        original = a;
        restored = b;
      });
      expect(restore(original)).toStrictEqual(original);
    },
  );
});
