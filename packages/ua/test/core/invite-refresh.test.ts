// RFC 3581 §3: an INVITE over UDP is sent again every 20 s until its final response, even after
// a provisional one, so a NAT on the path keeps the binding its responses come back on.
import { describe, expect, it } from "vitest";
import { Methods, createResponse, tag } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import type { Peer } from "@puresip/transaction";
import { INVITE_REFRESH_MS } from "../../src/index.js";
import type { UaConfig, UsageKey } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const invites = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipMessage> => sent.filter((m) => m._tag === "Request" && m.method === Methods.INVITE);

/** Alice calls bob (`to`); bob's 180 comes at 100 ms from `target`. */
const ringing = (config: UaConfig = uaConfig("alice", "10.0.0.1"), to = `sip:bob@${BOB}`, target: Peer = peerOf(BOB)) => {
  const a = driver(config, target);
  const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(to) } });
  const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE);
  if (invite === undefined) throw new Error("no INVITE");
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  const call: UsageKey | undefined = created?._tag === "CallCreated" ? created.call : undefined;
  a.feed({ _tag: "Received", now: 100, message: must(createResponse(180, { toTag: must(tag("b0b")) })(invite)), source: target });
  return { a, invite, call, made };
};

describe("RFC 3581 §3 keeping a NAT binding for an INVITE", () => {
  it("RFC3581-3-5: an INVITE over UDP with a 180 is sent again every 20 s, the same request to the same place, until its final response; then never again", () => {
    const { a, invite, made } = ringing();
    expect(invites(a.settle(INVITE_REFRESH_MS - 1).sent)).toStrictEqual([]);
    const first = a.settle(INVITE_REFRESH_MS);
    expect(invites(first.sent)).toStrictEqual([invite]);
    expect(invites(a.settle(2 * INVITE_REFRESH_MS).sent)).toStrictEqual([invite]);
    expect(made.transmitted.find((t) => t.message === invite)?.destination).toStrictEqual(peerOf(BOB));
    const entries = a.store.size;
    expect(invites(a.settle(5 * INVITE_REFRESH_MS).sent)).toHaveLength(1);
    expect(a.store.size).toBe(entries);
    const ok = must(createResponse(200, { toTag: must(tag("b0b")), headers: [{ name: "Contact", value: `<sip:bob@${BOB}>` }] })(invite));
    a.feed({ _tag: "Received", now: 5 * INVITE_REFRESH_MS + 10, message: ok, source: peerOf(BOB) });
    expect(invites(a.settle(20 * INVITE_REFRESH_MS).sent)).toStrictEqual([]);
  });

  it("RFC3581-3-5: before any provisional, Timer A's retransmissions (at most 16 s apart, §17.1.1.2) keep the binding: no INVITE beyond its seven by Timer B", () => {
    const a = driver(uaConfig("alice", "10.0.0.1"));
    a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } });
    let retransmitted = 0;
    for (let now = 500; now <= 64 * 500; now += 500) retransmitted += invites(a.settle(now).sent).length;
    expect(retransmitted).toBe(6);
  });

  it("RFC3581-3-5: not over TCP (the connection carries the responses), not when `inviteRefresh: false`, and not once the INVITE is cancelled (§9.1)", () => {
    const tcp = ringing(uaConfig("alice", "10.0.0.1"), `sip:bob@${BOB};transport=tcp`, { transport: "TCP", host: BOB, port: 5060 });
    expect(tcp.made.transmitted.map((t) => t.destination.transport)).toStrictEqual(["TCP"]);
    expect(invites(tcp.a.settle(3 * INVITE_REFRESH_MS).sent)).toStrictEqual([]);
    const off = ringing(uaConfig("alice", "10.0.0.1", { inviteRefresh: false }));
    expect(invites(off.a.settle(3 * INVITE_REFRESH_MS).sent)).toStrictEqual([]);
    const cancelled = ringing();
    if (cancelled.call === undefined) throw new Error("no call");
    const cancel = cancelled.a.feed({ _tag: "Command", now: 1000, command: { _tag: "Hangup", call: cancelled.call } });
    expect(cancel.sent.map((m) => (m._tag === "Request" ? m.method : m.status))).toStrictEqual([Methods.CANCEL]);
    expect(invites(cancelled.a.settle(3 * INVITE_REFRESH_MS).sent)).toStrictEqual([]);
  });
});
