import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import { parseMessage, parseUri, printUri } from "@puresip/message";
import { answerFromStore, memoryLocationStore } from "../src/index.js";
import { locationAor } from "../src/location/aor.js";
import { alicePeer, config, harness, request, requests, responses } from "./sip.js";

const registrarPeer = { transport: "UDP", host: "192.0.2.20", port: 5060 } as const;
// example.com names this proxy too, so sip:bob@example.com:5060 is addressed to it (§16.5).
const named = { aliases: ["example.com"] };

/** bob's REGISTER with the registrar's port in its AOR, as baresip writes it (To: sip:bob@example.com:5060, the proxy's own port). */
const registerWithPort = (): SipRequest => {
  const m = parseMessage(
    [
      "REGISTER sip:example.com:5060 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKregport",
      "Max-Forwards: 70",
      "From: <sip:bob@example.com:5060>;tag=rbob",
      "To: <sip:bob@example.com:5060>",
      "Call-ID: reg-port",
      "CSeq: 1 REGISTER",
      "Contact: <sip:bob@192.0.2.31>",
      "Expires: 3600",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );
  if (E.isLeft(m) || m.right._tag !== "Request") throw new Error("no REGISTER");
  return m.right;
};

describe("RFC 3261 §10.3 step 5, §16.5: the registrar files a binding under the AOR the location lookup reads", () => {
  it("§10.3 step 5 / §16.5: a UA that registered To sip:bob@example.com:5060 is reached by an INVITE to sip:bob@example.com:5060 (location Registry)", () => {
    const h = harness(config(named));
    h.engine.receive(registerWithPort(), registrarPeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    h.engine.receive(request({ uri: "sip:bob@example.com:5060" }), alicePeer);
    expect(requests(h.take()).map((r) => `${r.method} ${printUri(r.uri)}`)).toEqual(["INVITE sip:bob@192.0.2.31"]);
  });

  it("§10.3 step 5 / §16.5: the same through the owner's LocationStore (location Owner), and the port-less AOR reaches it too", async () => {
    const owner = config({ ...named, location: "Owner" });
    const h = harness(owner);
    if (O.isNone(owner.registrar)) throw new Error("no registrar");
    const answer = answerFromStore(memoryLocationStore({ clock: h.now, maxAors: 10 }), owner.registrar.value, h.now);
    const settle = async (): Promise<void> => {
      for (const app of h.said.splice(0)) {
        const command = await answer(app);
        if (O.isSome(command)) h.engine.command(command.value);
      }
    };
    h.engine.receive(registerWithPort(), registrarPeer);
    await settle();
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    h.engine.receive(request({ uri: "sip:bob@example.com:5060" }), alicePeer);
    await settle();
    expect(requests(h.take()).map((r) => printUri(r.uri))).toEqual(["sip:bob@192.0.2.31"]);
    h.engine.receive(request({ uri: "sip:bob@example.com", callId: "call-2", branch: "z9hG4bKnoport" }), alicePeer);
    await settle();
    expect(requests(h.take()).map((r) => printUri(r.uri))).toEqual(["sip:bob@192.0.2.31"]);
  });

  it("§10.3 step 5 (property): an AOR with any port is the AOR without it", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.integer({ min: 1, max: 65_535 }), (user, port) => {
        const withPort = parseUri(`sip:${user}@Example.COM:${String(port)}`);
        const without = parseUri(`sip:${user}@example.com`);
        if (E.isLeft(withPort) || E.isLeft(without)) throw new Error("unparsable");
        expect(locationAor(withPort.right)).toEqual(locationAor(without.right));
        expect(locationAor(withPort.right)).toEqual(E.right(`sip:${user}@example.com`));
      }),
    );
  });
});
