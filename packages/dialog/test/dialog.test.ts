import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { printUri } from "@puresip/message";
import type { NameAddr, SipResponse } from "@puresip/message";
import { createUacDialog, createUasDialog, dialogIdEquals, dialogIdOf, dialogKey } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { invite, ok, response, ringing } from "./fixtures.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const routes = (d: Dialog): ReadonlyArray<string> => d.routeSet.map((r: NameAddr) => printUri(r.uri));
const withStatus = (status: number): SipResponse => ({ ...ok, status });

describe("RFC 3261 §12 dialog ID", () => {
  it("a UAC takes the local tag from From and the remote tag from To", () => {
    const id = dialogIdOf("UAC")(ok);
    expect(id).toStrictEqual(O.some({ callId: "a84b4c76e66710@pc33.atlanta.com", localTag: "1928301774", remoteTag: O.some("a6c85cf") }));
  });
  it("a UAS takes the local tag from To and the remote tag from From: the mirror image", () => {
    const uac = dialogIdOf("UAC")(ok);
    const uas = dialogIdOf("UAS")(ok);
    expect(O.isSome(uas) && O.isSome(uac)).toBe(true);
    if (O.isSome(uas) && O.isSome(uac)) {
      expect(uas.value.localTag).toBe("a6c85cf");
      expect(uas.value.remoteTag).toStrictEqual(O.some("1928301774"));
      expect(dialogIdEquals(uac.value, uas.value)).toBe(false);
      expect(dialogKey(uac.value)).not.toBe(dialogKey(uas.value));
    }
  });
  it("§12.1.2: a response without a To tag has a null remote tag (RFC 2543 peer)", () => {
    const untagged = response(
      "SIP/2.0 200 OK",
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
      "To: Bob <sip:bob@biloxi.com>",
      "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:bob@192.0.2.4>",
      "Content-Length: 0",
    );
    const id = dialogIdOf("UAC")(untagged);
    expect(O.isSome(id) && O.isNone(id.value.remoteTag)).toBe(true);
  });
});

describe("RFC 3261 §12.1.2 UAC behavior", () => {
  const dialog = right(createUacDialog(invite, { overTls: false })(ok));
  it("builds a confirmed dialog from a 2xx", () => {
    expect(dialog._tag).toBe("Confirmed");
  });
  it("takes the route set from the response's Record-Route in reverse order", () => {
    expect(routes(dialog)).toStrictEqual(["sip:p1.atlanta.com;lr", "sip:p2.biloxi.com;lr"]);
  });
  it("takes the remote target from the response's Contact", () => {
    expect(printUri(dialog.remoteTarget)).toBe("sip:bob@192.0.2.4:5062");
  });
  it("sets the local sequence number from the request and leaves the remote one empty", () => {
    expect(dialog.localSeq).toStrictEqual(O.some(314159));
    expect(dialog.remoteSeq).toStrictEqual(O.none);
  });
  it("sets the local URI from From and the remote URI from To", () => {
    expect(printUri(dialog.localUri)).toBe("sip:alice@atlanta.com");
    expect(printUri(dialog.remoteUri)).toBe("sip:bob@biloxi.com");
  });
  it("§12.1: a 1xx with a To tag creates an early dialog", () => {
    expect(right(createUacDialog(invite, { overTls: false })(ringing))._tag).toBe("Early");
  });
  it("§12.1: 100 and non-2xx finals create no dialog", () => {
    for (const status of [100, 300, 404, 486, 603]) {
      expect(E.isLeft(createUacDialog(invite, { overTls: false })(withStatus(status))), String(status)).toBe(true);
    }
  });
  it("the secure flag needs TLS and a SIPS Request-URI", () => {
    expect(dialog.secure).toBe(false);
    expect(right(createUacDialog(invite, { overTls: true })(ok)).secure).toBe(false);
  });
  it("without a Contact in the response, names the missing header", () => {
    const noContact: SipResponse = { ...ok, core: { ...ok.core, contact: [] } };
    expect(createUacDialog(invite, { overTls: false })(noContact)).toStrictEqual(E.left({ _tag: "MissingHeader", header: "Contact" }));
  });
});

describe("RFC 3261 §12.1.1 UAS behavior", () => {
  const dialog = right(createUasDialog(invite, { overTls: false })(ok));
  it("takes the route set from the request's Record-Route in order", () => {
    expect(routes(dialog)).toStrictEqual(["sip:p2.biloxi.com;lr", "sip:p1.atlanta.com;lr"]);
  });
  it("takes the remote target from the request's Contact", () => {
    expect(printUri(dialog.remoteTarget)).toBe("sip:alice@pc33.atlanta.com");
  });
  it("sets the remote sequence number from the request and leaves the local one empty", () => {
    expect(dialog.remoteSeq).toStrictEqual(O.some(314159));
    expect(dialog.localSeq).toStrictEqual(O.none);
  });
  it("takes the local tag from the response's To and the remote tag from the request's From", () => {
    expect(dialog.id.localTag).toBe("a6c85cf");
    expect(dialog.id.remoteTag).toStrictEqual(O.some("1928301774"));
  });
  it("the local URI is the To URI and the remote URI the From URI", () => {
    expect(printUri(dialog.localUri)).toBe("sip:bob@biloxi.com");
    expect(printUri(dialog.remoteUri)).toBe("sip:alice@atlanta.com");
  });
  it("a response without a To tag cannot create a UAS dialog", () => {
    const untagged: SipResponse = { ...ok, core: { ...ok.core, to: { ...ok.core.to!, params: [] } } };
    expect(createUasDialog(invite, { overTls: false })(untagged)).toStrictEqual(E.left({ _tag: "MissingHeader", header: "To tag" }));
  });
});
