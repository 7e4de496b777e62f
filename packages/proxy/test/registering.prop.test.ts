// The owner's deadline on a REGISTER as a property: whatever the store does, each REGISTER gets
// one final response, and nothing of it waits once the deadline has passed.
import * as O from "fp-ts/lib/Option.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProxyApp } from "../src/index.js";
import { DEFAULT_OWNER_DEADLINE, memoryLocationStore, registerUpdate } from "../src/index.js";
import { config, harness, register, responses } from "./sip.js";

const registrarPeer = { transport: "UDP", host: "192.0.2.20", port: 5060 } as const;
const owner = config({ location: "Owner" });

const updates = (said: ReadonlyArray<ProxyApp>) => said.flatMap((e) => (e._tag === "BindingUpdate" ? [e] : []));

describe("RFC 3261 §10.3 / §21.5.4 the owner's deadline, as properties", () => {
  it("§17.2.2 / §21.5.4: whenever the owner answers, in time, late or never, each REGISTER gets exactly one final response and nothing waits after the deadline", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: 0, max: 2 * DEFAULT_OWNER_DEADLINE }), { nil: undefined }), { minLength: 1, maxLength: 6 }), async (answerAfter) => {
        const h = harness(owner);
        const store = memoryLocationStore({ clock: h.now, maxAors: 10 });
        const registrar = O.isSome(owner.registrar) ? owner.registrar.value : undefined;
        if (registrar === undefined) throw new Error("no registrar");
        answerAfter.forEach((_, i) => { h.engine.receive(register(`u${String(i)}`, `<sip:u${String(i)}@192.0.2.31>`), registrarPeer); });
        const asked = updates(h.said.splice(0));
        expect(asked).toHaveLength(answerAfter.length);
        const order = asked.map((u, i) => ({ u, at: answerAfter[i] })).filter((x): x is { u: typeof x.u; at: number } => x.at !== undefined).sort((a, b) => a.at - b.at);
        for (const { u, at } of order) {
          h.advance(at);
          const done = await store.update(u.aor, registerUpdate(registrar, u.request, u.toTag));
          if (done._tag === "Right" && done.right._tag === "Right") h.engine.command({ _tag: "Registered", context: u.context, response: done.right.right });
        }
        h.advance(2 * DEFAULT_OWNER_DEADLINE + 1);
        const finals = responses(h.take()).filter((r) => r.status >= 200);
        expect(finals).toHaveLength(answerAfter.length);
        for (const r of finals) expect(r.status === 200 || r.status === 503).toBe(true);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("U "))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
