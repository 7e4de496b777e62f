// The Contact options a conference focus needs (RFC 4579 §4.2, §5.2) and a REFER outside any
// dialog (RFC 3515 §2.4.1, RFC 4579 §5.5), through the UA core between two UA nodes.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, parseMessage } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import type { Policy } from "./harness.js";
import { capabilities, tags, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, sent, twoUas } from "./flows.js";

const parsed = (bytes: Uint8Array): SipMessage => {
  const m = parseMessage(bytes);
  if (E.isLeft(m)) throw new Error("unparsable");
  return m.right;
};

const contactOf = (m: SipMessage): string | undefined => m.headers.find((h) => h.name.toLowerCase() === "contact")?.value;

const hangupWhenEstablished: Policy = (e) => (e._tag === "CallEstablished" ? [{ delay: 100, command: { _tag: "Hangup", call: e.call } }] : []);

describe("RFC 4579 §4.2 a focus's Contact: UaConfig.contactParams and contactFromRequestUri", () => {
  it("the 200 to an INVITE for sip:alpha@bob carries <sip:alpha@bob>;isfocus, and the dialog's requests go there", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:alpha@${BOB}`) } }], {
        bob: { contactParams: [{ name: "isfocus" }], contactFromRequestUri: true },
        bobPolicy: answerAfter(0, false),
        alicePolicy: hangupWhenEstablished,
      }),
    );
    const ok = sent(net).map((s) => parsed(s.bytes)).find((m) => m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE);
    expect(ok === undefined ? undefined : contactOf(ok)).toBe(`<sip:alpha@${BOB}:5060>;isfocus`);
    // §12.2.1.1: the BYE's Request-URI is the remote target, the focus's conference URI.
    const bye = sent(net).map((s) => parsed(s.bytes)).find((m) => m._tag === "Request" && m.method === Methods.BYE);
    expect(bye?._tag === "Request" ? bye.uri : undefined).toMatchObject({ user: "alpha", host: { value: BOB } });
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });

  it("without the options the Contact is UaConfig.contact as before", () => {
    const net = runAll(twoUas([{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:alpha@${BOB}`) } }], { bobPolicy: answerAfter(0, false), alicePolicy: hangupWhenEstablished }));
    const ok = sent(net).map((s) => parsed(s.bytes)).find((m) => m._tag === "Response" && m.status === 200 && m.core.cseq?.method === Methods.INVITE);
    expect(ok === undefined ? undefined : contactOf(ok)).toBe(`<sip:bob@${BOB}:5060>`);
  });
});

describe("RFC 4579 §4.3 discovery: the 200 to an OPTIONS names the focus", () => {
  it("with contactParams the 200 carries Contact <sip:alpha@bob>;isfocus; without, no Contact as before", () => {
    const focus = runAll(twoUas([{ at: 0, node: ALICE, command: { _tag: "Options", ref: "o", to: uri(`sip:alpha@${BOB}`) } }], { bob: { contactParams: [{ name: "isfocus" }], contactFromRequestUri: true } }));
    const ok = sent(focus).map((s) => parsed(s.bytes)).find((m) => m._tag === "Response" && m.status === 200);
    expect(ok === undefined ? undefined : contactOf(ok)).toBe(`<sip:alpha@${BOB}:5060>;isfocus`);
    const plain = runAll(twoUas([{ at: 0, node: ALICE, command: { _tag: "Options", ref: "o", to: uri(`sip:alpha@${BOB}`) } }]));
    const ok2 = sent(plain).map((s) => parsed(s.bytes)).find((m) => m._tag === "Response" && m.status === 200);
    expect(ok2 === undefined ? "none" : contactOf(ok2)).toBeUndefined();
  });
});

describe("RFC 4579 §5.2 MakeCall.contactUser: a dial-out's Contact names the conference", () => {
  it("the INVITE's Contact is <sip:alpha@alice>;isfocus", () => {
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`), contactUser: "alpha" } }], {
        alice: { contactParams: [{ name: "isfocus" }] },
        bobPolicy: answerAfter(0, false),
        alicePolicy: hangupWhenEstablished,
      }),
    );
    const invite = sent(net).map((s) => parsed(s.bytes)).find((m) => m._tag === "Request" && m.method === Methods.INVITE);
    expect(invite === undefined ? undefined : contactOf(invite)).toBe(`<sip:alpha@${ALICE}:5060>;isfocus`);
  });
});

describe("RFC 3515 §2.4.1 ReferOutOfDialog: a REFER outside any dialog", () => {
  it("REFER with Refer-To, 202, NOTIFY 100 Trying, the referee reports a final 503, NOTIFY terminated; nothing stays", () => {
    const subscriber = { ...capabilities, methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER], contentTypes: [...capabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }] };
    const referee: Policy = (e) =>
      e._tag === "Subscription" && e.notice._tag === "Refer"
        ? [
            { delay: 0, command: { _tag: "AcceptSubscription", subscription: e.subscription } },
            { delay: 10, command: { _tag: "TransferProgress", subscription: e.subscription, status: 503 } },
          ]
        : [];
    const net = runAll(
      twoUas([{ at: 0, node: ALICE, command: { _tag: "ReferOutOfDialog", to: uri(`sip:alpha@${BOB}`), referTo: uri("sip:carol@192.0.2.3") } }], {
        alice: { capabilities: subscriber },
        bob: { capabilities: subscriber },
        bobPolicy: referee,
      }),
    );
    expect(messages(net).slice(0, 4)).toStrictEqual(["alice->bob REFER", "bob->alice 202 Accepted", "bob->alice NOTIFY", "alice->bob 200 OK"]);
    const refer = sent(net).map((s) => parsed(s.bytes)).find((m) => m._tag === "Request" && m.method === Methods.REFER);
    expect(refer?.headers.find((h) => h.name === "Refer-To")?.value).toBe("<sip:carol@192.0.2.3>");
    expect(tags(nodeOf(net, ALICE))).toEqual(expect.arrayContaining(["SubscriptionCreated REFER", "Subscription Progress 100", "Subscription Progress 503"]));
    expect(nodeOf(net, ALICE).engine.registry.size + nodeOf(net, BOB).engine.registry.size).toBe(0);
  });
});
