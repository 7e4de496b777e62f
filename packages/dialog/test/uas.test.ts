import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { printUri } from "@puresip/message";
import { createUasDialog, receiveRequest } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { inDialog, invite, ok } from "./fixtures.js";

// Bob answered Alice's INVITE (CSeq 314159): his UAS dialog now receives her in-dialog requests.
const dialog: Dialog = (() => {
  const created = createUasDialog(invite, { overTls: false })(ok);
  if (E.isLeft(created)) throw new Error("fixture");
  return created.right;
})();

describe("RFC 3261 §12.2.2 UAS behavior", () => {
  it("accepts an in-order request and records its sequence number", () => {
    const next = receiveRequest(inDialog("INFO", 314160))(dialog);
    expect(E.isRight(next) && next.right.remoteSeq).toStrictEqual(O.some(314160));
  });
  it("accepts a gap in the CSeq space (a challenged request was resubmitted)", () => {
    const next = receiveRequest(inDialog("INFO", 314170))(dialog);
    expect(E.isRight(next) && next.right.remoteSeq).toStrictEqual(O.some(314170));
  });
  it("rejects a lower sequence number with 500 and leaves the dialog as it was", () => {
    expect(receiveRequest(inDialog("INFO", 314158))(dialog)).toStrictEqual(
      E.left({ _tag: "OutOfOrder", status: 500, remoteSeq: 314159, received: 314158 }),
    );
  });
  it("sets an empty remote sequence number from the first request", () => {
    const next = receiveRequest(inDialog("INFO", 77))({ ...dialog, remoteSeq: O.none });
    expect(E.isRight(next) && next.right.remoteSeq).toStrictEqual(O.some(77));
  });
  it("a target refresh (re-INVITE) with a Contact replaces the remote target", () => {
    const next = receiveRequest(inDialog("INVITE", 314160, "sip:alice@192.0.2.99"))(dialog);
    expect(E.isRight(next) && printUri(next.right.remoteTarget)).toBe("sip:alice@192.0.2.99");
  });
  it("RFC 3311 §5: UPDATE is a target refresh too", () => {
    const next = receiveRequest(inDialog("UPDATE", 314160, "sip:alice@192.0.2.98"))(dialog);
    expect(E.isRight(next) && printUri(next.right.remoteTarget)).toBe("sip:alice@192.0.2.98");
  });
  it("a request that is not a target refresh leaves the remote target alone", () => {
    const next = receiveRequest(inDialog("INFO", 314160, "sip:alice@192.0.2.99"))(dialog);
    expect(E.isRight(next) && printUri(next.right.remoteTarget)).toBe(printUri(dialog.remoteTarget));
  });
  it("ACK carries the INVITE's number and does not move the remote sequence number", () => {
    const next = receiveRequest(inDialog("ACK", 314159))({ ...dialog, remoteSeq: O.some(314160) });
    expect(E.isRight(next) && next.right.remoteSeq).toStrictEqual(O.some(314160));
  });
});
