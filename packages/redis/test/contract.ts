// The contract every LocationStore keeps (RFC 3261 §10.3 steps 6–8 through `registerUpdate`),
// run against the in-memory store and against Redis: two "nodes" share one store's data, a
// clock the test moves by hand, and what they read back is checked against §10.3's rules.
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { LocationStore } from "@puresip/proxy";
import { registerUpdate } from "@puresip/proxy";
import type { Binding } from "@puresip/ua/registrar";
import { AOR, registerOf, registrar, toTag } from "./register.js";

/** Two stores over the same data (two proxies), on the clock `clock`. */
export type TwoNodes = (clock: () => number) => Promise<readonly [LocationStore, LocationStore]>;

/** A clock the test moves: starts at an hour past the epoch's first day, in ms. */
export const manualClock = () => {
  let t = 90_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

/** Sends one REGISTER through `store`: the response's status. */
export const send = async (store: LocationStore, request: SipRequest): Promise<number> => {
  const done = await store.update(AOR, registerUpdate(registrar, request, toTag));
  if (E.isLeft(done)) throw new Error(`store: ${done.left}`);
  if (E.isLeft(done.right)) throw new Error(`registrar: ${done.right.left}`);
  return done.right.right.status;
};

/** The bindings of the AOR now, or a thrown error. */
export const bound = async (store: LocationStore): Promise<ReadonlyArray<Binding>> => {
  const found = await store.lookUp(AOR);
  if (E.isLeft(found)) throw new Error(`store: ${found.left}`);
  return found.right;
};

const uris = (bindings: ReadonlyArray<Binding>): ReadonlyArray<string> => bindings.map((b) => printUri(b.contact.uri)).sort();

/** The contract's example tests, each on fresh data from `nodes`. */
export const locationStoreContract = (nodes: TwoNodes): void => {
  it("RFC3261-10.3-30: §10.3 step 7 commits a binding with its q-value, visible to the other proxy at once", async () => {
    const clock = manualClock();
    const [a, b] = await nodes(clock.now);
    expect(await send(a, registerOf("c1", 1, ["<sip:bob@192.0.2.31>;q=0.7"], 600))).toBe(200);
    const seen = await bound(b);
    expect(uris(seen)).toEqual(["sip:bob@192.0.2.31"]);
    expect(seen[0]?.contact.params).toEqual([{ name: "q", value: "0.7" }]);
    expect(seen[0]?.expiresAt).toBe(clock.now() + 600_000);
  });

  it("RFC3261-10.3-29: §10.3 step 7: the same Call-ID with a CSeq not above the binding's is refused (400) and changes nothing", async () => {
    const clock = manualClock();
    const [a, b] = await nodes(clock.now);
    await send(a, registerOf("c1", 5, ["<sip:bob@192.0.2.31>"], 600));
    expect(await send(b, registerOf("c1", 5, ["<sip:bob@192.0.2.31>"], 0))).toBe(400);
    expect(await send(b, registerOf("c1", 4, ["<sip:bob@192.0.2.32>", "<sip:bob@192.0.2.31>"], 600))).toBe(400);
    expect(uris(await bound(a))).toEqual(["sip:bob@192.0.2.31"]);
    // Another Call-ID is another UA: its CSeq is not compared (§10.3 step 7).
    expect(await send(b, registerOf("c2", 1, ["<sip:bob@192.0.2.31>"], 600))).toBe(200);
  });

  it("RFC3261-10.3-18: §10.3 step 7: expires 0 removes one binding; step 6: `Contact: *` with Expires 0 removes them all", async () => {
    const clock = manualClock();
    const [a, b] = await nodes(clock.now);
    await send(a, registerOf("c1", 1, ["<sip:bob@192.0.2.31>", "<sip:bob@192.0.2.32>"], 600));
    expect(await send(b, registerOf("c1", 2, ["<sip:bob@192.0.2.31>;expires=0"]))).toBe(200);
    expect(uris(await bound(a))).toEqual(["sip:bob@192.0.2.32"]);
    expect(await send(b, registerOf("c1", 3, ["*"], 0))).toBe(200);
    expect(await bound(a)).toEqual([]);
  });

  it("§10.3 step 7: a lapsed binding is never returned, and a REGISTER after it starts afresh", async () => {
    const clock = manualClock();
    const [a, b] = await nodes(clock.now);
    await send(a, registerOf("c1", 1, ["<sip:bob@192.0.2.31>"], 60));
    await send(a, registerOf("c2", 1, ["<sip:bob@192.0.2.32>"], 120));
    clock.advance(60_000);
    expect(uris(await bound(b))).toEqual(["sip:bob@192.0.2.32"]);
    clock.advance(60_000);
    expect(await bound(a)).toEqual([]);
    expect(await send(b, registerOf("c3", 1, ["<sip:bob@192.0.2.33>"], 60))).toBe(200);
    expect(uris(await bound(a))).toEqual(["sip:bob@192.0.2.33"]);
  });

  it("RFC3261-10.3-6: §10.3 \"processed atomically\": 10 REGISTERs at once from two proxies lose no binding", async () => {
    const clock = manualClock();
    const [a, b] = await nodes(clock.now);
    const contacts = Array.from({ length: registrar.maxBindingsPerAor }, (_, i) => `sip:bob@192.0.2.${String(100 + i)}`);
    const statuses = await Promise.all(contacts.map((c, i) => send(i % 2 === 0 ? a : b, registerOf(`c${String(i)}`, 1, [`<${c}>`], 600))));
    expect(statuses).toEqual(contacts.map(() => 200));
    expect(uris(await bound(a))).toEqual([...contacts].sort());
  });
};
