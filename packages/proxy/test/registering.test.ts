import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { snapshotCodec } from "@puresip/kernel";
import { headerValues } from "@puresip/message";
import type { ProxyApp } from "../src/index.js";
import { DEFAULT_OWNER_DEADLINE } from "../src/index.js";
import { alicePeer, config, harness, register, request, responses } from "./sip.js";

const registrarPeer = { transport: "UDP", host: "192.0.2.20", port: 5060 } as const;
const owner = config({ location: "Owner" });

const updates = (said: ReadonlyArray<ProxyApp>) => said.flatMap((e) => (e._tag === "BindingUpdate" ? [e] : []));

describe("RFC 3261 §10.3 / §21.5.4 a REGISTER whose owner's store never answers", () => {
  it("RFC3261-21.5.4-1: the REGISTER waits for the store at most ownerDeadline, then gets 503 with Retry-After; a late Registered is dropped and sends nothing", () => {
    const h = harness(owner);
    h.engine.receive(register("bob", "<sip:bob@192.0.2.31>"), registrarPeer);
    const [update] = updates(h.said.splice(0));
    expect(update).toBeDefined();
    // The waiting REGISTER survives a snapshot as JSON.
    const codec = snapshotCodec(h.element.codec);
    const saved = h.engine.snapshot();
    expect(saved.entries.filter(([k]) => k.startsWith("U "))).toHaveLength(1);
    expect(codec.decode(JSON.parse(JSON.stringify(codec.encode(saved))))).toEqual(E.right(saved));
    h.advance(DEFAULT_OWNER_DEADLINE - 1);
    expect(responses(h.take())).toEqual([]);
    h.advance(DEFAULT_OWNER_DEADLINE);
    const [unavailable, ...more] = responses(h.take());
    expect(more).toEqual([]);
    expect(unavailable?.status).toBe(503);
    expect(unavailable && headerValues("Retry-After")(unavailable)).toEqual(["5"]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("U "))).toEqual([]);
    h.said.splice(0);
    h.engine.command({ _tag: "Registered", context: update!.context, response: unavailable! });
    expect(responses(h.take())).toEqual([]);
    expect(h.said.map((e) => e._tag)).toEqual(["Dropped"]);
  });

  it("RFC3261-21.5.4-1, §16.5: a lookup the owner never answers makes a MESSAGE 503 with Retry-After at ownerDeadline, not at the context's end; a late Located sends nothing", () => {
    const h = harness(owner);
    h.engine.receive(request({ method: "MESSAGE", branch: "z9hG4bKmsg1" }), alicePeer);
    const [query] = h.said.splice(0).filter((e) => e._tag === "LocationQuery");
    expect(query).toBeDefined();
    h.advance(DEFAULT_OWNER_DEADLINE - 1);
    expect(responses(h.take())).toEqual([]);
    h.advance(DEFAULT_OWNER_DEADLINE);
    const got = responses(h.take());
    expect(got.map((r) => r.status)).toEqual([503]);
    expect(headerValues("Retry-After")(got[0]!)).toEqual(["5"]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X "))).toEqual([]);
    if (query?._tag !== "LocationQuery") throw new Error("no query");
    h.engine.command({ _tag: "Located", context: query.context, bindings: [] });
    expect(h.take()).toEqual([]);
  });
});
