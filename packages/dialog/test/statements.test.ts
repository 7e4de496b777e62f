// RFC 3261 §12.1 dialog-state rules that no older test named, each test citing the statement it
// checks by its ID (docs/CONFORMANCE.md). Messages are RFC 3261 §24.2's, written out in full.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { Methods } from "@puresip/message";
import type { SipRequest, Via } from "@puresip/message";
import { buildCancel, buildRequest, createUacDialog, createUasDialog } from "../src/index.js";
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
const via = (branch: string): Via => ({ protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "Hostname", value: "pc33.atlanta.com" }, params: [{ name: "branch", value: branch }] });
const header = (r: SipRequest, name: string): ReadonlyArray<string> => r.headers.filter((h) => h.name === name).map((h) => h.value);

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

describe("RFC 3261 §12.2.1.1 and §9.1 requests built from dialog state", () => {
  it("RFC3261-12.2.1.1-5: a null remote tag is left out of the To of a request within the dialog", () => {
    // An RFC 2543 peer answered without a To tag (§12.1.2): the remote tag is null.
    const untaggedOk = response(
      "SIP/2.0 200 OK",
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
      "To: Bob <sip:bob@biloxi.com>",
      `From: Alice <sip:alice@atlanta.com>${tagged}`,
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:bob@192.0.2.4>",
      "Content-Length: 0",
    );
    const dialog = right(createUacDialog(directInvite(tagged), { overTls: false })(untaggedOk));
    const [bye] = right(buildRequest({ method: Methods.BYE, via: via("z9hG4bKnull1"), initialSeq: 1 })(dialog));
    expect(header(bye, "To")).toStrictEqual(["<sip:bob@biloxi.com>"]);
    expect(bye.core.to?.params.some((p) => p.name === "tag")).toBe(false);
  });

  it("RFC3261-12.2.1.1-10: the CSeq method of a request within the dialog is the request's method", () => {
    const dialog = right(createUacDialog(directInvite(tagged), { overTls: false })(directOk(tagged)));
    for (const method of [Methods.BYE, Methods.INFO, Methods.UPDATE]) {
      const [r] = right(buildRequest({ method, via: via("z9hG4bKm1"), initialSeq: 1 })(dialog));
      expect(r.core.cseq?.method).toBe(method);
      expect(r.method).toBe(method);
    }
  });

  it("RFC3261-9.1-4, RFC3261-9.1-5, RFC3261-9.1-6, RFC3261-8.2.2.3-3: a CANCEL has CSeq method CANCEL, the INVITE's Route values, and no Require or Proxy-Require", () => {
    const routed = request(
      "INVITE sip:bob@biloxi.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
      "Max-Forwards: 70",
      "Route: <sip:p1.atlanta.com;lr>, <sip:p2.biloxi.com;lr>",
      "To: Bob <sip:bob@biloxi.com>",
      `From: Alice <sip:alice@atlanta.com>${tagged}`,
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Require: 100rel",
      "Proxy-Require: foo",
      "Contact: <sip:alice@pc33.atlanta.com>",
      "Content-Length: 0",
    );
    const cancel = right(buildCancel(routed));
    expect(cancel.core.cseq).toStrictEqual({ seq: 314159, method: "CANCEL" });
    expect(cancel.core.route).toStrictEqual(routed.core.route);
    expect(cancel.core.route.length).toBe(2);
    expect(header(cancel, "Require")).toStrictEqual([]);
    expect(header(cancel, "Proxy-Require")).toStrictEqual([]);
  });
});
