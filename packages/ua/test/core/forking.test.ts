// RFC 3261 §13.2.2.1 / §13.2.2.4: forked answers surfaced to the application. A scripted peer
// plays a forking proxy's two branches: provisional responses with two To tags, then a 2xx
// from one of them, and later a 2xx from the other (which the UA ACKs and BYEs, §13.2.2.4).
import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { uri, events } from "./harness.js";
import { PEER, ladderOf, uaOf, withPeer } from "./mixed.js";
import { reply } from "./scripted.js";

const contact = (who: string) => ({ name: "Contact", value: `<sip:${who}@${PEER}:5060>` });

describe("RFC 3261 §13.2.2 forked answers", () => {
  it("each fork's 180 is a CallProgress with its own remote tag; the answering fork is named; a late 2xx from the other fork is ACKed and BYEd", () => {
    const net = withPeer(
      (r) => {
        if (r.method === "INVITE") {
          return [
            reply(r, 180, [contact("desk")], undefined, "forkA"),
            reply(r, 180, [contact("mobile")], undefined, "forkB"),
            reply(r, 200, [contact("mobile")], undefined, "forkB"),
            reply(r, 200, [contact("desk")], undefined, "forkA"),
          ];
        }
        if (r.method === "BYE") return [reply(r, 200)];
        return [];
      },
      [{ at: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${PEER}`), body: { type: "text/plain", content: new TextEncoder().encode("opaque") } } }],
      {},
      (e) => (e._tag === "CallEstablished" ? [{ delay: 1000, command: { _tag: "Hangup", call: e.call } }] : []),
    );
    expect(ladderOf(net)).toStrictEqual([
      "ua: INVITE",
      "peer: 180 Ringing",
      "peer: 180 Ringing",
      "peer: 200 OK",
      "peer: 200 OK",
      "ua: ACK",
      "ua: ACK",
      "ua: BYE",
      "peer: 200 OK",
      "ua: BYE",
      "peer: 200 OK",
    ]);
    const progress = events(uaOf(net)).flatMap((e) => (e._tag === "CallProgress" ? [O.getOrElse(() => "")(e.remoteTag)] : []));
    expect(progress).toStrictEqual(["forkA", "forkB"]);
    const established = events(uaOf(net)).flatMap((e) => (e._tag === "CallEstablished" ? [O.getOrElse(() => "")(e.remoteTag)] : []));
    expect(established).toStrictEqual(["forkB"]);
    expect(uaOf(net).engine.registry.size).toBe(0);
  });
});
