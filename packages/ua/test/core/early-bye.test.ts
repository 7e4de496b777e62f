// RFC 3261 §15.1.2 through the UA step: the callee's BYE reaches the caller before the 2xx (its
// 2xx lost). The BYE is answered 200, the INVITE cancelled, the application hears CallEnded,
// and once the INVITE's 487 and the timers are done the registry is empty.
import { describe, expect, it } from "vitest";
import { Methods, createRequest, createResponse, tag } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { peerOf, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const BOB = "192.0.2.77";

/** The BYE Bob sends on his dialog (§12.2.1.1): his tag in From, Alice's in To. */
const byeFromBob = (invite: SipRequest): SipRequest =>
  must(
    createRequest({
      method: Methods.BYE,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: BOB }, port: 5060, params: [{ name: "branch", value: "z9hG4bKbobbye1" }] },
      to: invite.core.from!,
      from: { ...invite.core.to!, params: [{ name: "tag", value: "bob1" }] },
      callId: invite.core.callId!,
      seq: 1,
    }),
  );

describe("RFC 3261 §15.1.2 the callee's BYE before the 2xx, through the UA step", () => {
  it("§15.1.2: the BYE gets 200, the INVITE is cancelled (§15, §9.1), CallEnded is delivered and the registry empties", () => {
    const a = driver();
    const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } });
    const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE)!;
    const created = made.delivered.find((e) => e._tag === "CallCreated");
    if (created?._tag !== "CallCreated") throw new Error("no CallCreated");
    const contact = [{ name: "Contact", value: `<sip:bob@${BOB}:5060>` }];
    a.feed({ _tag: "Received", now: 10, message: must(createResponse(180, { toTag: must(tag("bob1")), headers: contact })(invite)), source: peerOf(BOB) });

    const bye = byeFromBob(invite);
    const onBye = a.feed({ _tag: "Received", now: 32_000, message: bye, source: peerOf(BOB) });
    expect(onBye.sent.map(label)).toStrictEqual(["200/BYE", "CANCEL"]);
    expect(onBye.delivered.filter((e) => e._tag !== "CallMedia")).toStrictEqual([{ _tag: "CallEnded", call: created.call, reason: "RemoteBye" }]);
    expect(a.store.has(created.call)).toBe(false);

    // Bob's INVITE server transaction ends with 487 once the CANCEL gets 200 (§9.2); the transaction layer ACKs it (§17.1.1.3).
    const cancel = onBye.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.CANCEL)!;
    const after = [
      a.feed({ _tag: "Received", now: 32_010, message: must(createResponse(200)(cancel)), source: peerOf(BOB) }),
      a.feed({ _tag: "Received", now: 32_020, message: must<SipResponse>(createResponse(487, { toTag: must(tag("bob1")) })(invite)), source: peerOf(BOB) }),
    ];
    expect(after.flatMap((x) => x.sent).map(label)).toStrictEqual(["ACK"]);
    expect(after.flatMap((x) => x.delivered)).toStrictEqual([]);
    a.settle(32_020 + 64 * 500);
    expect([...a.store.keys()]).toStrictEqual([]);
  });
});
