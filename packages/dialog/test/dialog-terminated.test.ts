// RFC 5057 §5.1: a failure response to a request of another usage in the session's dialog
// (a NOTIFY of a REFER subscription, say) "destroys the dialog and all usages sharing it". The
// host tells the session with `DialogTerminated`; the session ends without sending anything in
// the dialog, since "Future requests using this dialog state will also fail".
import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { sessionDeadline, sessionDialog } from "../src/index.js";
import { act, call, deliver, deliverAll, sdp } from "./session-fixtures.js";

const answered = () => deliverAll(act(call(), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);

describe("RFC 5057 §5.1 Destroys Dialog: DialogTerminated", () => {
  it("RFC 5057 §5.1: an established session ends at once with DialogGone naming the response; no BYE, nothing left", () => {
    const p = act(answered(), "alice", { _tag: "DialogTerminated", now: 100, status: 404 });
    expect(p.wire).toStrictEqual([]);
    expect([p.alice, sessionDialog(p.alice), sessionDeadline(p.alice)]).toStrictEqual([{ _tag: "Ended", reason: "DialogGone" }, O.none, O.none]);
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "Ended", reason: "DialogGone", status: 404 });
    expect(p.effects.alice.at(-1)).toStrictEqual({ _tag: "Forget" });
  });

  it("RFC 5057 §5.1: the peer's re-INVITE still waiting for its answer gets 481, so its server transaction ends", () => {
    const p = deliver(act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 alice2\r\n") }), 110);
    expect(p.bob._tag === "Established" && p.bob.pending._tag).toBe("Receiving");
    const q = act(p, "bob", { _tag: "DialogTerminated", now: 120, status: 410 });
    const sent = q.effects.bob.slice(p.effects.bob.length).flatMap((e) => (e._tag === "SendResponse" ? [`${String(e.response.status)}/${e.request.method}`] : e._tag === "SendRequest" ? [e.request.method] : []));
    expect(sent).toStrictEqual(["481/INVITE"]);
    expect(q.bob).toStrictEqual({ _tag: "Ended", reason: "DialogGone" });
  });

  it("RFC 5057 §5.1: a session hanging up (BYE out) ends at once too; before a 2xx there is no dialog to share and nothing changes", () => {
    const bye = act(answered(), "alice", { _tag: "Hangup", now: 100 });
    const gone = act(bye, "alice", { _tag: "DialogTerminated", now: 110, status: 502 });
    expect(gone.alice).toStrictEqual({ _tag: "Ended", reason: "DialogGone" });
    expect(gone.wire).toStrictEqual(bye.wire);
    const ringing = call();
    const still = act(ringing, "bob", { _tag: "DialogTerminated", now: 5, status: 404 });
    expect(still.bob).toBe(ringing.bob);
    expect(still.effects.bob.at(-1)?._tag).toBe("Discarded");
  });
});
