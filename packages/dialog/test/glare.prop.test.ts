// RFC 3261 §14.2 with RFC 3311 §5.2, as a property of the session reducer: while our 2xx with
// an offer waits for its ACK, every INVITE from the peer gets 491 and changes nothing but the
// remote CSeq; the ACK with the answer still completes the exchange.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods } from "@puresip/message";
import { buildAck, buildRequest, sessionDeadline } from "../src/index.js";
import { act, call, deliver, deliverAll, drop, label, nameAddr, right, sdp, via } from "./session-fixtures.js";

describe("RFC 3261 §14.2 glare against our 2xx offer, as a property", () => {
  test.prop([fc.array(fc.record({ body: fc.boolean(), ticks: fc.nat({ max: 3 }) }), { minLength: 1, maxLength: 4 })])(
    "§14.2 / RFC 3311 §5.2: crossing INVITEs, with or without an offer, between 2xx retransmissions, each get 491; the ACK with the answer then settles both sides",
    (crossings) => {
      let p = deliverAll(act(call(), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);
      p = deliver(act(p, "alice", { _tag: "Reinvite", now: 100 }), 110);
      p = drop(act(p, "bob", { _tag: "Respond", now: 120, status: 200, body: sdp("v=0 bob offer\r\n") }));
      const alice = p.alice;
      if (alice._tag !== "Established") throw new Error("alice");
      let dialog = alice.dialog;
      let now = 130;
      for (const [i, c] of crossings.entries()) {
        for (let t = 0; t < c.ticks; t++) {
          const at = O.toUndefined(sessionDeadline(p.bob));
          if (at !== undefined && at < 32_000) p = drop(act(p, "bob", { _tag: "Tick", now: (now = Math.max(now, at)) }));
        }
        const [crossing, next] = right(
          buildRequest({ method: Methods.INVITE, via: via("pc33.atlanta.com", `z9hG4bKx${i}`), initialSeq: 1, contact: [nameAddr("sip:alice@pc33.atlanta.com")], ...(c.body ? { headers: [{ name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode("v=0 x\r\n") } : {}) })(dialog),
        );
        dialog = next;
        p = act(p, "bob", { _tag: "Received", now, message: crossing });
        expect(p.wire.map((w) => label(w.message))).toStrictEqual(["491/INVITE"]);
        expect(p.bob._tag === "Established" && p.bob.pending._tag).toBe("AwaitingAck");
        p = drop(p);
      }
      // The ACK for the re-INVITE's 2xx, with Alice's answer (§13.2.1).
      const reinviteSeq = alice.pending._tag === "Sending" ? alice.pending.request.core.cseq!.seq : 0;
      const ack = right(buildAck(reinviteSeq, { via: via("pc33.atlanta.com", "z9hG4bKack"), headers: [{ name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode("v=0 answer\r\n") })(alice.dialog));
      p = act(p, "bob", { _tag: "Received", now: now + 1, message: ack });
      expect(p.bob._tag === "Established" && [p.bob.pending._tag, p.bob.offerAnswer._tag]).toStrictEqual(["None", "Idle"]);
    },
  );
});
