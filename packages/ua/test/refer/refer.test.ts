// REFER (RFC 3515) between a referer and a referee, message by message through the printer
// and the parser: a blind transfer inside a call, and the edge cases of §2.4.
import { seedFromWords } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { createUacDialog, createUasDialog, startUac, stepSession } from "@puresip/dialog";
import type { Dialog, SessionEffect } from "@puresip/dialog";
import { Methods, createResponse, encodeUtf8, parseNameAddr, parseUri, tag } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { basicCapabilities, newRequest, nextNotifierDeadline, nextSubscriberDeadline, parseSipfrag, referInDialog, referOutOfDialog, referProgressOf, sipfragBody, startReferee, stepReferee, stepReferer } from "../../src/index.js";
import type { RefereeConfig, RefereeState, RefererConfig, RefererState } from "../../src/index.js";
import { aliceContact, aliceVia, bobContact, bobVia, forgets, header, initialRequest, notices, onlyRequest, onlyResponse, right, text, wire } from "../subscription/fixtures.js";

const carol = right(parseNameAddr("<sip:carol@chicago.example.com>"));
const bob = right(parseNameAddr("Bob <sip:bob@biloxi.example.com>"));

/** Bob transfers (the referer); Alice is transferred (the referee). */
const refererConfig: RefererConfig = { t1: 500, overTls: false, localContact: bobContact, localVia: bobVia, expires: 60 };
const refereeConfig: RefereeConfig = { t1: 500, overTls: false, localContact: aliceContact, localVia: aliceVia, expires: 60 };

/** Alice called Bob and Bob answered: the dialog at each end (RFC 3261 §12.1.1, §12.1.2). */
const call = (): { readonly alice: Dialog; readonly bob: Dialog } => {
  const invite = inviteToBob();
  const ok = right(createResponse(200, { toTag: right(tag("314159")), headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4>" }] })(invite));
  return { alice: right(createUacDialog(invite, { overTls: false })(ok)), bob: right(createUasDialog(invite, { overTls: false })(ok)) };
};

const inviteToBob = (): SipRequest =>
  right(
    newRequest(
      {
        method: Methods.INVITE,
        requestUri: right(parseUri("sip:bob@biloxi.example.com")),
        from: { aor: right(parseUri("sip:alice@atlanta.example.com")) },
        to: { aor: right(parseUri("sip:bob@biloxi.example.com")) },
        contact: aliceContact,
        sentBy: { host: { _tag: "Hostname", value: "pc33.atlanta.example.com" }, port: 5060, transport: "UDP" },
        capabilities: basicCapabilities,
      },
      { branch: "z9a8b7c6d5e4f3a2", fromTag: "a1b2c3d4e5f6", callId: "0d9f0e8a7b6c5d4e3f2a1b0c9d8e7f6a", seq: 1 },
    ),
  );

const inviteToCarol = (): SipRequest =>
  right(
    newRequest(
      {
        method: Methods.INVITE,
        requestUri: carol.uri,
        from: { aor: right(parseUri("sip:alice@atlanta.example.com")) },
        to: { aor: carol.uri },
        contact: aliceContact,
        sentBy: { host: { _tag: "Hostname", value: "pc33.atlanta.example.com" }, port: 5060, transport: "UDP" },
        capabilities: basicCapabilities,
        headers: [{ name: "Referred-By", value: "<sip:bob@biloxi.example.com>" }],
      },
      { branch: "z9f8e7d6c5b4a3f2", fromTag: "b2c3d4e5f6a1", callId: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", seq: 1 },
    ),
  );

/** The one request an INVITE session sent. */
const sentBySession = (effects: ReadonlyArray<SessionEffect>): SipRequest => {
  const sent = effects.flatMap((f) => (f._tag === "SendRequest" ? [wire(f.request)] : []));
  const first = sent[0];
  if (sent.length !== 1 || first === undefined) throw new Error(`expected one request, got ${String(sent.length)}`);
  return first;
};

const toReferer = (s: RefererState, now: number, message: SipRequest | SipResponse) => stepReferer(s, { _tag: "Received", now, message: wire(message) });
const toReferee = (s: RefereeState, now: number, message: SipRequest | SipResponse) => stepReferee(s, { _tag: "Received", now, message: wire(message) });

describe("RFC 3515 §2.4.5 message/sipfrag bodies", () => {
  it("a Status-Line body prints and parses back", () => {
    const body = sipfragBody(100);
    expect(body.type).toBe("message/sipfrag;version=2.0");
    expect(text(body.content)).toBe("SIP/2.0 100 Trying\r\n");
    expect(parseSipfrag(body.content)).toEqual(E.right({ status: 100, reason: "Trying" }));
    expect(parseSipfrag(sipfragBody(503, "Service Unavailable").content)).toEqual(E.right({ status: 503, reason: "Service Unavailable" }));
  });

  it("a fragment with headers still yields its status; a Request-Line or garbage is refused", () => {
    expect(parseSipfrag(encodeUtf8("SIP/2.0 200 OK\r\nContact: <sip:carol@chicago.example.com>\r\n\r\n"))).toEqual(E.right({ status: 200, reason: "OK" }));
    expect(E.isLeft(parseSipfrag(encodeUtf8("INVITE sip:carol@chicago.example.com SIP/2.0\r\n\r\n")))).toBe(true);
    expect(E.isLeft(parseSipfrag(encodeUtf8("hello")))).toBe(true);
  });
});

describe("RFC 3515 §2.4.4 a blind transfer: Bob refers Alice to Carol inside their call", () => {
  it("REFER, 202, NOTIFY 100 Trying, Alice calls Carol, NOTIFY 180, NOTIFY 200 terminated;reason=noresource", () => {
    const dialogs = call();
    // Bob: REFER in the call's dialog, Refer-To Carol.
    const [b0, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol, bob);
    const refer = onlyRequest(referFx);
    expect(refer.method).toBe("REFER");
    expect(refer.core.callId).toBe(dialogs.bob.id.callId);
    expect(header(refer, "Refer-To")).toBe("<sip:carol@chicago.example.com>");
    expect(header(refer, "Referred-By")).toBe("Bob <sip:bob@biloxi.example.com>");
    expect(header(refer, "Event")).toBeUndefined();
    const referSeq = refer.core.cseq?.seq ?? -1;

    // Alice: the REFER arrives in her dialog; the application hears where to go.
    const [a0, incomingFx] = startReferee({ config: refereeConfig, now: 10, seed: seedFromWords([3]), toTag: right(tag("unused")), dialog: dialogs.alice }, wire(refer));
    expect(notices(incomingFx)).toEqual([expect.objectContaining({ _tag: "Refer", referTo: carol })]);
    const [a1, acceptFx] = stepReferee(a0, { _tag: "Accept", now: 10 });
    const accepted = onlyResponse(acceptFx);
    expect(accepted.status).toBe(202);
    const trying = onlyRequest(acceptFx);
    expect(trying.method).toBe("NOTIFY");
    // §2.4.6: the Event id is the REFER's CSeq number.
    expect(header(trying, "Event")).toBe(`refer;id=${String(referSeq)}`);
    expect(header(trying, "Subscription-State")).toBe("active;expires=60");
    expect(header(trying, "Content-Type")).toBe("message/sipfrag;version=2.0");
    expect(text(trying.body)).toBe("SIP/2.0 100 Trying\r\n");

    // Bob: 202, then the first NOTIFY.
    const [b1, b1Fx] = toReferer(b0, 20, accepted);
    expect(notices(b1Fx)).toEqual([expect.objectContaining({ _tag: "Accepted", status: 202 })]);
    const [b2, b2Fx] = toReferer(b1, 21, trying);
    expect(onlyResponse(b2Fx).status).toBe(200);
    expect(notices(b2Fx)).toContainEqual({ _tag: "Progress", status: 100, reason: "Trying", final: false });
    const [a2] = toReferee(a1, 30, onlyResponse(b2Fx));

    // Alice calls Carol (an INVITE session of @puresip/dialog) and reports each response.
    const [call0, inviteFx] = startUac({ now: 40, invite: inviteToCarol(), localContact: aliceContact, seed: seedFromWords([11]) });
    const invite = sentBySession(inviteFx);
    const ringing = right(createResponse(180, { toTag: right(tag("carol1")) })(invite));
    const [call1, ringFx] = stepSession(call0, { _tag: "Received", now: 50, message: ringing });
    const provisional = ringFx.flatMap((f) => (f._tag === "Notify" && f.notice._tag === "Provisional" ? [f.notice.response.status] : []));
    expect(provisional).toEqual([180]);
    const [a3, ringNotifyFx] = stepReferee(a2, { _tag: "Progress", now: 50, status: 180 });
    const ringNotify = onlyRequest(ringNotifyFx);
    expect(text(ringNotify.body)).toBe("SIP/2.0 180 Ringing\r\n");
    const [b3, b3Fx] = toReferer(b2, 55, ringNotify);
    expect(notices(b3Fx)).toContainEqual({ _tag: "Progress", status: 180, reason: "Ringing", final: false });
    const [a4] = toReferee(a3, 56, onlyResponse(b3Fx));

    const answered = right(createResponse(200, { toTag: right(tag("carol1")), headers: [{ name: "Contact", value: "<sip:carol@192.0.2.9>" }] })(invite));
    const [, okFx] = stepSession(call1, { _tag: "Received", now: 60, message: answered });
    expect(okFx.some((f) => f._tag === "Notify" && f.notice._tag === "Established")).toBe(true);
    const [a5, finalFx] = stepReferee(a4, { _tag: "Progress", now: 60, status: 200 });
    const finalNotify = onlyRequest(finalFx);
    // §2.4.7: "The final NOTIFY ... MUST indicate the subscription has been "terminated" with a reason of "noresource"."
    expect(header(finalNotify, "Subscription-State")).toBe("terminated;reason=noresource");
    expect(text(finalNotify.body)).toBe("SIP/2.0 200 OK\r\n");

    const [b4, b4Fx] = toReferer(b3, 65, finalNotify);
    expect(notices(b4Fx)).toEqual([
      expect.objectContaining({ _tag: "Notification" }),
      { _tag: "Progress", status: 200, reason: "OK", final: true },
      { _tag: "Ended", reason: { _tag: "Terminated", reason: "noresource", retryAfter: null, advice: { _tag: "DoNotRetry" } } },
    ]);
    expect(forgets(b4Fx)).toBe(1);
    const [a6, a6Fx] = toReferee(a5, 70, onlyResponse(b4Fx));
    expect(a6).toEqual({ _tag: "Ended", reason: { _tag: "Terminated", reason: "noresource" } });
    expect(forgets(a6Fx)).toBe(1);
    expect(nextSubscriberDeadline(b4)).toEqual(O.none);
    expect(nextNotifierDeadline(a6)).toEqual(O.none);
  });

  it("the NOTIFYs of the referee follow its dialog's CSeq order", () => {
    const dialogs = call();
    const [, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol);
    const [a0] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, wire(onlyRequest(referFx)));
    const [a1, fx1] = stepReferee(a0, { _tag: "Accept", now: 0 });
    const first = onlyRequest(fx1).core.cseq?.seq ?? 0;
    const [a2] = toReferee(a1, 5, right(createResponse(200)(onlyRequest(fx1))));
    const [, fx2] = stepReferee(a2, { _tag: "Progress", now: 10, status: 183 });
    expect(onlyRequest(fx2).core.cseq?.seq).toBe(first + 1);
  });
});

describe("RFC 3515 §2.4.2 processing a REFER", () => {
  it("no Refer-To, or two, gets 400", () => {
    const dialogs = call();
    const [, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol);
    const refer = onlyRequest(referFx);
    const without = { ...refer, headers: refer.headers.filter((h) => h.name !== "Refer-To") };
    const [s1, fx1] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, without);
    expect(onlyResponse(fx1).status).toBe(400);
    expect(s1._tag).toBe("Ended");
    const twice = { ...refer, headers: [...refer.headers, { name: "Refer-To", value: "<sip:dave@example.com>" }] };
    const [, fx2] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, twice);
    expect(onlyResponse(fx2).status).toBe(400);
  });

  it("RFC 3515 §2.4.5: undecided at the deadline, the REFER is accepted as pending with \"100 Trying\"", () => {
    const dialogs = call();
    const [, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol);
    const [a0] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, wire(onlyRequest(referFx)));
    const [, fx] = stepReferee(a0, { _tag: "Tick", now: 8000 });
    expect(onlyResponse(fx).status).toBe(202);
    const notify = onlyRequest(fx);
    expect(header(notify, "Subscription-State")).toBe("pending;expires=60");
    expect(text(notify.body)).toBe("SIP/2.0 100 Trying\r\n");
  });

  it("a declined REFER ends the referer's attempt with the status", () => {
    const dialogs = call();
    const [b0, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol);
    const [a0] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, wire(onlyRequest(referFx)));
    const [, rejectFx] = stepReferee(a0, { _tag: "Reject", now: 1, status: 603 });
    const [b1, fx] = toReferer(b0, 2, onlyResponse(rejectFx));
    expect(b1).toEqual({ _tag: "Ended", reason: { _tag: "Rejected", status: 603 } });
    expect(forgets(fx)).toBe(1);
  });

  it("RFC 3515 §2.4.6: a NOTIFY to the first REFER may leave out the id", () => {
    const dialogs = call();
    const [b0, referFx] = referInDialog({ config: refererConfig, now: 0, seed: seedFromWords([7]) }, dialogs.bob, carol);
    const [a0] = startReferee({ config: refereeConfig, now: 0, seed: seedFromWords([3]), toTag: right(tag("x")), dialog: dialogs.alice }, wire(onlyRequest(referFx)));
    const [, fx] = stepReferee(a0, { _tag: "Accept", now: 1 });
    const notify = onlyRequest(fx);
    const noId: SipRequest = { ...notify, headers: notify.headers.map((h) => (h.name === "Event" ? { ...h, value: "refer" } : h)) };
    const [, bFx] = toReferer(b0, 2, noId);
    expect(onlyResponse(bFx).status).toBe(200);
    expect(referProgressOf(noId)).toEqual(E.right({ status: 100, reason: "Trying" }));
  });

  it("a REFER outside a dialog: the 202 creates the dialog, the NOTIFY reports", () => {
    const refer = initialRequest("REFER", [{ name: "Refer-To", value: "<sip:carol@chicago.example.com>" }]);
    const [b0, fx] = referOutOfDialog({ config: { ...refererConfig, localContact: aliceContact, localVia: aliceVia }, now: 0, seed: seedFromWords([5]) }, refer);
    expect(onlyRequest(fx).method).toBe("REFER");
    const [a0] = startReferee({ config: { ...refereeConfig, localContact: bobContact, localVia: bobVia }, now: 0, seed: seedFromWords([3]), toTag: right(tag("r3f")) }, wire(onlyRequest(fx)));
    const [, acceptFx] = stepReferee(a0, { _tag: "Accept", now: 1 });
    const [b1] = toReferer(b0, 2, onlyResponse(acceptFx));
    expect(b1._tag).toBe("Subscribed");
    const [b2, notifyFx] = toReferer(b1, 3, onlyRequest(acceptFx));
    expect(onlyResponse(notifyFx).status).toBe(200);
    expect(notices(notifyFx)).toContainEqual({ _tag: "Progress", status: 100, reason: "Trying", final: false });
    expect(b2._tag === "Subscribed" && b2.substate).toBe("Active");
  });
});
