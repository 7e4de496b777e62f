// RFC 3261 §12.1 dialog-state rules that no older test named, each test citing the statement it
// checks by its ID (docs/CONFORMANCE.md). Messages are RFC 3261 §24.2's, written out in full.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { createUacDialog, createUasDialog } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { request, response } from "./fixtures.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

/** §24.2's INVITE straight from Alice to Bob: no proxy, so no Record-Route. */
const directInvite = (fromTag: string) =>
  request(
    "INVITE sip:bob@biloxi.com SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.com>",
    `From: Alice <sip:alice@atlanta.com>${fromTag}`,
    "Call-ID: a84b4c76e66710@pc33.atlanta.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:alice@pc33.atlanta.com>",
    "Content-Length: 0",
  );
const directOk = (fromTag: string) =>
  response(
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
    `From: Alice <sip:alice@atlanta.com>${fromTag}`,
    "Call-ID: a84b4c76e66710@pc33.atlanta.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:bob@192.0.2.4>",
    "Content-Length: 0",
  );
const tagged = ";tag=1928301774";

describe("RFC 3261 §12.1 dialog state", () => {
  const uas: Dialog = right(createUasDialog(directInvite(tagged), { overTls: false })(directOk(tagged)));
  const uac: Dialog = right(createUacDialog(directInvite(tagged), { overTls: false })(directOk(tagged)));

  it("RFC3261-12.1.1-8, RFC3261-12.1.2-5: without Record-Route the route set is empty, on both sides", () => {
    expect(uas.routeSet).toStrictEqual([]);
    expect(uac.routeSet).toStrictEqual([]);
  });

  it("RFC3261-12.1.1-12, RFC3261-12.1.2-9: the dialog ID's call identifier is the request's Call-ID, on both sides", () => {
    expect(uas.id.callId).toBe("a84b4c76e66710@pc33.atlanta.com");
    expect(uac.id.callId).toBe("a84b4c76e66710@pc33.atlanta.com");
  });

  it("RFC3261-12.1.1-14: a UAS takes a request without a From tag, and the remote tag is null", () => {
    const untagged = right(createUasDialog(directInvite(""), { overTls: false })(directOk("")));
    expect(untagged.id.remoteTag).toStrictEqual(O.none);
    expect(untagged.id.localTag).toBe("a6c85cf");
  });
});
