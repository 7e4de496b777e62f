import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SipResponse } from "@puresip/message";
import { contactHeader, printUri, readHeaderList } from "@puresip/message";
import type { LocationStore, ProxyApp } from "../src/index.js";
import { answerFromStore, memoryLocationStore } from "../src/index.js";
import { alicePeer, config, harness, register, request, requests, responses, responseTo } from "./sip.js";

const retryAfterOf = (r: SipResponse | undefined): string | undefined => r?.headers.find((h) => h.name.toLowerCase() === "retry-after")?.value;

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

  it("§21.5.4: a store that cannot answer makes the REGISTER 503 with Retry-After, and a lookup it cannot answer 503 with Retry-After (not §16.5's 480)", async () => {
    const down: LocationStore = { now: () => 0, lookUp: () => Promise.resolve(E.left("down")), update: () => Promise.resolve(E.left("down")) };
    const { h, settle } = withStore(() => down);
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
    await settle();
    const registered = responses(h.take());
    expect(registered.map((r) => `${String(r.status)} ${r.reason}`)).toEqual(["503 Location Service Unavailable"]);
    expect(registered.map(retryAfterOf)).toEqual(["5"]);
    h.engine.receive(request(), alicePeer);
    await settle();
    const looked = responses(h.take());
    expect(looked.map((r) => `${String(r.status)} ${r.reason}`)).toEqual(["100 Trying", "503 Location Service Unavailable"]);
    expect(looked.map(retryAfterOf)).toEqual([undefined, "5"]);
    // The response context is gone: nothing of the INVITE is left in the registry but its transaction.
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X "))).toEqual([]);
  });

  it("§21.5.4: a store that comes back answers the next lookup with its bindings (§16.5), after a 503", async () => {
    let up = false;
    const memory = memoryLocationStore({ clock: () => 0, maxAors: 10 });
    const flaky: LocationStore = {
      now: memory.now,
      lookUp: (aor) => (up ? memory.lookUp(aor) : Promise.resolve(E.left("down"))),
      update: (aor, f) => (up ? memory.update(aor, f) : Promise.resolve(E.left("down"))),
    };
    const { h, settle } = withStore(() => flaky);
    h.engine.receive(request(), alicePeer);
    await settle();
    expect(responses(h.take()).map((r) => r.status)).toEqual([100, 503]);
    up = true;
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
    await settle();
    expect(responses(h.take()).map((r) => r.status)).toEqual([200]);
    h.engine.receive(request({ callId: "call-2", branch: "z9hG4bKagain" }), alicePeer);
    await settle();
    expect(requests(h.take()).map((r) => `${r.method} ${printUri(r.uri)}`)).toEqual(["INVITE sip:bob@192.0.2.31"]);
  });

  it("§20.33 / §21.5.4 (property): whatever Retry-After the owner asks for, the 503 to a lookup carries a positive whole number of seconds and leaves no context", async () => {
    const down: LocationStore = { now: () => 0, lookUp: () => Promise.resolve(E.left("down")), update: () => Promise.resolve(E.left("down")) };
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double()), async (retryAfter) => {
        const h = harness(owner);
        if (registrarConfig === undefined) throw new Error("no registrar");
        const answer = answerFromStore(down, registrarConfig, h.now, retryAfter);
        h.engine.receive(request(), alicePeer);
        for (const app of h.said.splice(0)) {
          const command = await answer(app);
          if (O.isSome(command)) h.engine.command(command.value);
        }
        const [, unavailable] = responses(h.take());
        expect(unavailable?.status).toBe(503);
        const seconds = Number(retryAfterOf(unavailable));
        expect(Number.isSafeInteger(seconds) && seconds >= 1).toBe(true);
        if (Number.isSafeInteger(retryAfter) && retryAfter > 0) expect(seconds).toBe(retryAfter);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X "))).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it("a Registered answer for a REGISTER whose server transaction is gone is dropped, and nothing is sent", () => {
    const { h } = withStore((clock) => memoryLocationStore({ clock, maxAors: 10 }));
    h.engine.command({ _tag: "Registered", context: "S nothing", response: responseTo(register("bob", "<sip:bob@192.0.2.31>"), 200) });
    expect(h.take()).toEqual([]);
    expect(h.said.map((e) => e._tag)).toEqual(["Dropped"]);
  });
});
