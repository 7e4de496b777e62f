import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, parseMessage, parseUri, printUri, serializeMessage } from "@puresip/message";
import type { NameAddr, SipRequest, Uri, Via } from "@puresip/message";
import { buildAck, buildCancel, buildRequest, createUacDialog, createUasDialog, isInDialogRequest, rejectNoDialog } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { inDialog, invite, ok } from "./fixtures.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const uri = (text: string): Uri => right(parseUri(text));
const via = (branch: string): Via => ({ protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "Hostname", value: "pc33.atlanta.com" }, params: [{ name: "branch", value: branch }] });
const contact = (text: string): NameAddr => ({ _tag: "NameAddr", uri: uri(text), angle: true, params: [] });

const alice = right(createUacDialog(invite, { overTls: false })(ok));
const bob = right(createUasDialog(invite, { overTls: false })(ok));
const header = (r: SipRequest, name: string): ReadonlyArray<string> => r.headers.filter((h) => h.name === name).map((h) => h.value);

describe("RFC 3261 §12.2.1.1 generating a request within a dialog", () => {
  const [bye, after] = right(buildRequest({ method: Methods.BYE, via: via("z9hG4bKnashds7"), initialSeq: 1 })(alice));

  it("sets To to the remote URI and tag, From to the local URI and tag, and the dialog's Call-ID", () => {
    expect(header(bye, "To")).toStrictEqual(["<sip:bob@biloxi.com>;tag=a6c85cf"]);
    expect(header(bye, "From")).toStrictEqual(["<sip:alice@atlanta.com>;tag=1928301774"]);
    expect(bye.core.callId).toBe("a84b4c76e66710@pc33.atlanta.com");
  });

  it("increments the local sequence number by one and remembers it in the dialog", () => {
    expect(bye.core.cseq).toStrictEqual({ seq: 314160, method: "BYE" });
    expect(after.localSeq).toStrictEqual(O.some(314160));
    const [second] = right(buildRequest({ method: Methods.INFO, via: via("z9hG4bKnashds8"), initialSeq: 1 })(after));
    expect(second.core.cseq?.seq).toBe(314161);
  });

  it("uses the remote target as Request-URI and the route set as Route with loose routing", () => {
    expect(printUri(bye.uri)).toBe("sip:bob@192.0.2.4:5062");
    expect(header(bye, "Route")).toStrictEqual(["<sip:p1.atlanta.com;lr>, <sip:p2.biloxi.com;lr>"]);
  });

  it("puts the first route in the Request-URI and the remote target last when the next hop is a strict router", () => {
    const strict: Dialog = { ...alice, routeSet: [contact("sip:p1.atlanta.com"), contact("sip:p2.biloxi.com;lr")] };
    const [r] = right(buildRequest({ method: Methods.BYE, via: via("z9hG4bK1"), initialSeq: 1 })(strict));
    expect(printUri(r.uri)).toBe("sip:p1.atlanta.com");
    expect(header(r, "Route")).toStrictEqual(["<sip:p2.biloxi.com;lr>, <sip:bob@192.0.2.4:5062>"]);
  });

  it("takes the initial CSeq number given as data when the UAS sends its first request (§8.1.1.5)", () => {
    const [r, d] = right(buildRequest({ method: Methods.BYE, via: via("z9hG4bK2"), initialSeq: 7001 })(bob));
    expect(r.core.cseq?.seq).toBe(7001);
    expect(d.localSeq).toStrictEqual(O.some(7001));
    expect(header(r, "To")).toStrictEqual(["<sip:alice@atlanta.com>;tag=1928301774"]);
    expect(header(r, "From")).toStrictEqual(["<sip:bob@biloxi.com>;tag=a6c85cf"]);
    expect(printUri(r.uri)).toBe("sip:alice@pc33.atlanta.com");
  });

  it("carries the Contact of a target refresh and the body, and parses back to the same request", () => {
    const body = new TextEncoder().encode("v=0\r\n");
    const [reinvite] = right(
      buildRequest({ method: Methods.INVITE, via: via("z9hG4bK3"), initialSeq: 1, contact: [contact("sip:alice@pc33.atlanta.com")], body, headers: [{ name: "Content-Type", value: "application/sdp" }] })(alice),
    );
    expect(header(reinvite, "Contact")).toStrictEqual(["<sip:alice@pc33.atlanta.com>"]);
    expect(header(reinvite, "Content-Length")).toStrictEqual(["5"]);
    expect(parseMessage(serializeMessage(reinvite))).toStrictEqual(E.right(reinvite));
  });

  it("§8.1.1.8: refuses a sip Contact in a secure dialog and leaves the dialog as it was", () => {
    const secure: Dialog = { ...alice, secure: true };
    const r = buildRequest({ method: Methods.INVITE, via: via("z9hG4bK4"), initialSeq: 1, contact: [contact("sip:alice@pc33.atlanta.com")] })(secure);
    expect(r).toStrictEqual(E.left({ _tag: "InsecureContact", contact: uri("sip:alice@pc33.atlanta.com") }));
    expect(E.isRight(buildRequest({ method: Methods.INVITE, via: via("z9hG4bK4"), initialSeq: 1, contact: [contact("sips:alice@pc33.atlanta.com")] })(secure))).toBe(true);
  });

  it("refuses ACK and CANCEL, whose CSeq number is the INVITE's", () => {
    expect(buildRequest({ method: Methods.ACK, via: via("z9hG4bK5"), initialSeq: 1 })(alice)).toStrictEqual(E.left({ _tag: "NotSequenced", method: "ACK" }));
  });
});

describe("RFC 3261 §13.2.2.4 the ACK for a 2xx", () => {
  it("has the INVITE's CSeq number with method ACK and the dialog's routing", () => {
    const ack = right(buildAck(314159, { via: via("z9hG4bK6") })(alice));
    expect(ack.method).toBe("ACK");
    expect(ack.core.cseq).toStrictEqual({ seq: 314159, method: "ACK" });
    expect(printUri(ack.uri)).toBe("sip:bob@192.0.2.4:5062");
    expect(header(ack, "Route")).toStrictEqual(["<sip:p1.atlanta.com;lr>, <sip:p2.biloxi.com;lr>"]);
    expect(header(ack, "To")).toStrictEqual(["<sip:bob@biloxi.com>;tag=a6c85cf"]);
  });
});

describe("RFC 3261 §9.1 building CANCEL", () => {
  it("copies Request-URI, Call-ID, To, From, CSeq number and the top Via of the INVITE", () => {
    const cancel = right(buildCancel(invite));
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.uri).toStrictEqual(invite.uri);
    expect(cancel.core.via).toStrictEqual([invite.core.via[0]]);
    expect(cancel.core.to).toStrictEqual(invite.core.to);
    expect(cancel.core.from).toStrictEqual(invite.core.from);
    expect(cancel.core.callId).toBe(invite.core.callId);
    expect(cancel.core.cseq).toStrictEqual({ seq: 314159, method: "CANCEL" });
  });
});

describe("RFC 3261 §12.2.2 requests that match no dialog", () => {
  it("recognises an in-dialog request by its To tag", () => {
    expect(isInDialogRequest(inDialog("BYE", 2))).toBe(true);
    expect(isInDialogRequest(invite)).toBe(false);
  });
  it("answers 481 (Call/Transaction Does Not Exist)", () => {
    const outcome = rejectNoDialog(inDialog("BYE", 2));
    expect(outcome._tag).toBe("Respond");
    if (outcome._tag === "Respond") {
      expect(outcome.response.status).toBe(481);
      expect(outcome.response.core.cseq).toStrictEqual({ seq: 2, method: "BYE" });
    }
  });
  it("never answers an ACK", () => {
    expect(rejectNoDialog(inDialog("ACK", 2))._tag).toBe("Discard");
  });
});
