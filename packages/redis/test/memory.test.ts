import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { memoryLocationStore } from "@puresip/proxy";
import { locationStoreContract, manualClock } from "./contract.js";
import { memoryNodes } from "./nodes.js";
import { bindingOf } from "./register.js";

describe("RFC 3261 §10.3 location store contract: in memory", () => {
  locationStoreContract(memoryNodes);

  it("§10.3: an update that would add an AOR beyond maxAors is refused; an AOR whose bindings lapsed makes room", async () => {
    const clock = manualClock();
    const store = memoryLocationStore({ clock: clock.now, maxAors: 2 });
    const add = (aor: string, lasts: number) => store.update(aor, () => ({ bindings: O.some([bindingOf("<sip:bob@192.0.2.31>", clock.now() + lasts)]), result: aor }));
    expect(await add("sip:a@example.com", 1000)).toEqual(E.right("sip:a@example.com"));
    expect(E.isRight(await add("sip:b@example.com", 5000))).toBe(true);
    expect(E.isLeft(await add("sip:c@example.com", 5000))).toBe(true);
    clock.advance(1000);
    expect(E.isRight(await add("sip:c@example.com", 5000))).toBe(true);
    expect(E.isLeft(await add("sip:d@example.com", 5000))).toBe(true);
  });
});
