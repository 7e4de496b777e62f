import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { contactHeader, printUri, readHeaderList } from "@puresip/message";
import type { LocationStore, ProxyApp } from "../src/index.js";
import { answerFromStore, memoryLocationStore } from "../src/index.js";
import { alicePeer, config, harness, register, request, requests, responses, responseTo } from "./sip.js";

const registrarPeer = { transport: "UDP", host: "192.0.2.20", port: 5060 } as const;
const owner = config({ location: "Owner" });
const registrarConfig = O.isSome(owner.registrar) ? owner.registrar.value : undefined;

/** The proxy on the engine with an owner that answers from `store`, as `puresip proxy` does. */
const withStore = (store: (clock: () => number) => LocationStore) => {
  const h = harness(owner);
  if (registrarConfig === undefined) throw new Error("no registrar");
  const answer = answerFromStore(store(h.now), registrarConfig, h.now);
  /** Answers every query the proxy has made so far. */
  const settle = async (): Promise<void> => {
    for (const app of h.said.splice(0)) {
      const command = await answer(app);
      if (O.isSome(command)) h.engine.command(command.value);
    }
  };
  return { h, settle };
};

describe("RFC 3261 §10.3 / §16.5: the registrar and target determination through the owner's LocationStore", () => {
  it("§10.3: with location Owner a REGISTER becomes BindingUpdate; the 200 lists the binding once the store applied it; §16.5: an INVITE then reaches it", async () => {
    const { h, settle } = withStore((clock) => memoryLocationStore({ clock, maxAors: 10 }));
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>;q=0.5"), registrarPeer);
    expect(h.said.map((e: ProxyApp) => e._tag)).toEqual(["BindingUpdate"]);
    expect(responses(h.take())).toEqual([]);
    await settle();
    const [ok] = responses(h.take());
    expect(ok?.status).toBe(200);
    const contacts = ok === undefined ? E.left("none") : readHeaderList(contactHeader)(ok);
    expect(E.isRight(contacts) ? contacts.right.flatMap((c) => (c._tag === "Wildcard" ? [] : [printUri(c.uri)])) : []).toEqual(["sip:bob@192.0.2.31"]);
    h.engine.receive(request(), alicePeer);
    await settle();
    expect(requests(h.take()).map((r) => `${r.method} ${printUri(r.uri)}`)).toEqual(["INVITE sip:bob@192.0.2.31"]);
  });

  it("§21.5.4: a store that cannot answer makes the REGISTER 503; §16.5: a lookup it cannot answer is 480", async () => {
    const down: LocationStore = { now: () => 0, lookUp: () => Promise.resolve(E.left("down")), update: () => Promise.resolve(E.left("down")) };
    const { h, settle } = withStore(() => down);
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
    await settle();
    expect(responses(h.take()).map((r) => `${String(r.status)} ${r.reason}`)).toEqual(["503 Location Service Unavailable"]);
    h.engine.receive(request(), alicePeer);
    await settle();
    expect(responses(h.take()).map((r) => r.status)).toEqual([100, 480]);
  });

  it("a Registered answer for a REGISTER whose server transaction is gone is dropped, and nothing is sent", () => {
    const { h } = withStore((clock) => memoryLocationStore({ clock, maxAors: 10 }));
    h.engine.command({ _tag: "Registered", context: "S nothing", response: responseTo(register("bob", "<sip:bob@192.0.2.31>"), 200) });
    expect(h.take()).toEqual([]);
    expect(h.said.map((e) => e._tag)).toEqual(["Dropped"]);
  });
});
