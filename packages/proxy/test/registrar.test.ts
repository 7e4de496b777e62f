// The proxy's own registrar (RFC 3261 §10.3) on what the registrar in @puresip/ua leaves to its
// caller: step 2's Require, and a Record-Route that a REGISTER picked up on its way.
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import type { SipRequest } from "@puresip/message";
import { headerValues, setHeader } from "@puresip/message";
import { config, harness, register, responses, right } from "./sip.js";

const registrarPeer: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };
const withField = (r: SipRequest, name: string, value: string): SipRequest => right(setHeader(name, value)(r));
const bindings = (h: ReturnType<typeof harness>): ReadonlyArray<string> => [...h.engine.registry.keys()].filter((k) => k.startsWith("L "));

describe("RFC 3261 §10.3 the proxy's registrar", () => {
  it("RFC3261-10.3-9: a REGISTER requiring an option-tag the registrar does not understand gets 420 with Unsupported naming it, and binds nothing; Require: path is understood (RFC 3327)", () => {
    for (const stateless of [false, true]) {
      const h = harness(config(), { stateless });
      h.engine.receive(withField(register("bob", "<sip:bob@192.0.2.31>"), "Require", "path, foo"), registrarPeer);
      const [refused] = responses(h.take());
      expect(refused?.status).toBe(420);
      expect(refused && headerValues("Unsupported")(refused)).toEqual(["foo"]);
      expect(bindings(h)).toEqual([]);
      h.engine.receive(withField(register("bob", "<sip:bob@192.0.2.31>", "reg-2"), "Require", "path"), registrarPeer);
      expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
      expect(bindings(h)).toEqual(["L sip:bob@example.com"]);
    }
  });

  it("RFC3261-10.3-9: Require: outbound is understood only by a registrar that keeps flows (a flowKey, RFC 5626 §6)", () => {
    for (const [flowKey, status] of [[O.none, 420], [O.some(new Uint8Array(32).fill(7)), 200]] as const) {
      const h = harness(config({ flowKey }));
      h.engine.receive(withField(register("bob", "<sip:bob@192.0.2.31>"), "Require", "outbound"), registrarPeer);
      expect(responses(h.take()).map((r) => r.status)).toEqual([status]);
    }
  });

  it("RFC3261-10.3-9: a Require that does not parse is 400, and binds nothing", () => {
    const h = harness();
    h.engine.receive(withField(register("bob", "<sip:bob@192.0.2.31>"), "Require", "path, @@"), registrarPeer);
    expect(responses(h.take()).map((r) => r.status)).toEqual([400]);
    expect(bindings(h)).toEqual([]);
  });

  it("RFC3261-10.3-3, RFC3261-10.3-4: a Record-Route in a REGISTER changes nothing: the same binding and 200, with no Record-Route in it", () => {
    const plain = harness();
    plain.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
    const [expected] = responses(plain.take());
    const routed = harness();
    routed.engine.receive(withField(register("bob", "<sip:bob@192.0.2.31>"), "Record-Route", "<sip:p9.example.net;lr>"), registrarPeer);
    const [ok] = responses(routed.take());
    expect(ok?.status).toBe(200);
    expect(ok && headerValues("Record-Route")(ok)).toEqual([]);
    expect(ok && headerValues("Contact")(ok)).toEqual(expected && headerValues("Contact")(expected));
    expect(routed.engine.snapshot()).toEqual(plain.engine.snapshot());
  });
});
