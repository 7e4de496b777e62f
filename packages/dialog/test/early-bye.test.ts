// RFC 3261 §15 / §15.1.2 / §12.2.2: the callee's BYE reaching the caller before the 2xx, on the
// caller's early dialog (session/uac.ts `callingBye`).
import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, printNameAddr, setHeader, tag } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { sessionDeadline } from "../src/index.js";
import { act, call, deliver, drop, label, right, sdp } from "./session-fixtures.js";
import type { Pair } from "./session-fixtures.js";

const wireLabels = (pair: Pair): ReadonlyArray<string> => pair.wire.map((w) => label(w.message));

/** Alice has Bob's 180 (an early dialog); Bob's 200 and all its retransmissions are lost, so after 64*T1 Bob sends BYE (§13.3.1.4). */
const byeBeforeOk = (): Pair => {
  let p = deliver(act(call(), "bob", { _tag: "Respond", now: 0, status: 180 }), 10);
  p = drop(act(p, "bob", { _tag: "Respond", now: 20, status: 200, body: sdp("v=0 bob\r\n") }));
  for (let i = 0; i < 20 && p.bob._tag === "Established"; i++) p = drop(act(p, "bob", { _tag: "Tick", now: O.toUndefined(sessionDeadline(p.bob))! }));
  if (p.bob._tag !== "Terminating") throw new Error("Bob sent no BYE");
  return { ...p, wire: [{ to: "alice", message: p.bob.bye }] };
};

const retag = <M extends SipRequest | SipResponse>(m: M, field: "From" | "To", core: "from" | "to", tagValue: string): M =>
  right(setHeader(field, printNameAddr({ ...m.core[core]!, params: [{ name: "tag", value: tagValue }] }))(m));

describe("RFC 3261 §15.1.2 a BYE from the callee on the caller's early dialog", () => {
  it("§15.1.2: is answered 200, the INVITE is cancelled (§15, §9.1) and the call ends with nothing left", () => {
    const p = deliver(byeBeforeOk(), 33000);
    expect(p.alice._tag).toBe("Ended");
    expect(p.alice).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
    expect(wireLabels(p)).toStrictEqual(["200/BYE", "CANCEL"]);
    const cancel = p.wire[1]!.message;
    expect(cancel._tag === "Request" && cancel.core.cseq).toStrictEqual({ seq: 314159, method: "CANCEL" });
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
    expect(p.effects.alice.at(-1)).toStrictEqual({ _tag: "Forget" });
    expect(sessionDeadline(p.alice)).toStrictEqual(O.none);
    // Bob's BYE transaction gets its 200: both sides end.
    const bobDone = deliver(p, 33010);
    expect(bobDone.bob).toStrictEqual({ _tag: "Ended", reason: "LocalBye" });
  });

  it("§15.1.2: after a CANCEL already sent, the call ends on the BYE's 200 with no second CANCEL", () => {
    let p = byeBeforeOk();
    p = act(p, "alice", { _tag: "Cancel", now: 32500 });
    expect(p.wire.map((w) => label(w.message))).toStrictEqual(["BYE", "CANCEL"]);
    p = deliver({ ...p, wire: [p.wire[0]!] }, 33000);
    expect(wireLabels(p)).toStrictEqual(["200/BYE"]);
    expect(p.alice).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
  });

  it("§12.2.2 / §15.1.2: a BYE whose From tag matches no early dialog gets 481 and the call goes on", () => {
    const p0 = byeBeforeOk();
    const stranger = retag(p0.wire[0]!.message as SipRequest, "From", "from", "nosuchfork");
    const p = act(drop(p0), "alice", { _tag: "Received", now: 33000, message: stranger });
    expect(wireLabels(p)).toStrictEqual(["481/BYE"]);
    expect(p.alice._tag).toBe("Calling");
  });

  it("§13.2.2.4 forking: a BYE on one fork's early dialog ends that dialog only; the call goes on with the other, no CANCEL", () => {
    const p0 = byeBeforeOk();
    const first = p0.alice;
    if (first._tag !== "Calling") throw new Error("calling");
    const contact = [{ name: "Contact", value: "<sip:carol@192.0.2.5>" }];
    const ringing = right(createResponse(180, { toTag: right(tag("fork2")), headers: contact })(first.invite));
    let p = act(p0, "alice", { _tag: "Received", now: 30000, message: ringing });
    expect(p.alice._tag === "Calling" && p.alice.early.length).toBe(2);
    p = deliver(p, 33000);
    expect(wireLabels(p)).toStrictEqual(["200/BYE"]);
    expect(p.alice._tag === "Calling" ? p.alice.early.map((d) => O.toUndefined(d.id.remoteTag)) : []).toStrictEqual(["fork2"]);
    // Fork 2's 200 still establishes the call on its dialog.
    const ok = right(createResponse(200, { toTag: right(tag("fork2")), headers: contact })(first.invite));
    p = act(drop(p), "alice", { _tag: "Received", now: 33100, message: ok });
    expect(wireLabels(p)).toStrictEqual(["ACK"]);
    expect(p.alice._tag).toBe("Established");
  });
});
