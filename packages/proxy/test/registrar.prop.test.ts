// §10.3 step 2 at the proxy's registrar as a property: any Require list is 420 exactly when it
// names an option-tag other than path, with Unsupported listing those tags in order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headerValues, setHeader } from "@puresip/message";
import { REGISTRAR_EXTENSIONS } from "../src/element/registrar.js";
import { config, harness, register, responses, right } from "./sip.js";

const optionTag = fc.constantFrom("path", "PATH", "foo", "100rel", "outbound", "gruu", "x-y.z");

describe("RFC 3261 §10.3 step 2 at the proxy's registrar", () => {
  it("RFC3261-10.3-9: Require is 420 exactly for the option-tags the registrar does not understand, listed in Unsupported, and then nothing is bound", () => {
    fc.assert(
      fc.property(fc.array(optionTag, { minLength: 1, maxLength: 4 }), fc.boolean(), (tags, stateless) => {
        const h = harness(config(), { stateless });
        h.engine.receive(right(setHeader("Require", tags.join(", "))(register("bob", "<sip:bob@192.0.2.31>"))), { transport: "UDP", host: "192.0.2.20", port: 5060 });
        const [answer] = responses(h.take());
        const unknown = tags.filter((t) => !REGISTRAR_EXTENSIONS.includes(t.toLowerCase()));
        expect(answer?.status).toBe(unknown.length === 0 ? 200 : 420);
        expect(answer && headerValues("Unsupported")(answer)).toEqual(unknown.length === 0 ? [] : [unknown.join(", ")]);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("L ")).length).toBe(unknown.length === 0 ? 1 : 0);
      }),
      { numRuns: 100 },
    );
  });
});

const request = fc.record({
  user: fc.constantFrom("alice", "bob"),
  contact: fc.constantFrom("<sip:ua@192.0.2.31>", "<sip:ua@192.0.2.32>", "*"),
  cseq: fc.integer({ min: 1, max: 5 }),
  expires: fc.constantFrom(0, 60, 3600),
});

type Spec = { readonly user: string; readonly contact: string; readonly cseq: number; readonly expires: number };

/** Each REGISTER of `specs` in turn to one proxy: the statuses, and each user's bindings after. */
const play = (specs: ReadonlyArray<Spec>) => {
  const h = harness();
  const statuses: Array<number> = [];
  for (const s of specs) {
    const r = right(setHeader("Expires", String(s.expires))(right(setHeader("CSeq", `${String(s.cseq)} REGISTER`)(register(s.user, s.contact.replace("ua", s.user), `reg-${s.user}`)))));
    h.engine.receive(r, { transport: "UDP", host: "192.0.2.20", port: 5060 });
    statuses.push(...responses(h.take()).map((x) => x.status));
  }
  const bindingsOf = (user: string): unknown => h.engine.registry.get(`L sip:${user}@example.com`);
  return { statuses, alice: bindingsOf("alice"), bob: bindingsOf("bob") };
};

describe("RFC 3261 §10.3 REGISTERs in turn, each on its own", () => {
  it("RFC3261-10.3-5, RFC3261-10.3-7: interleaved REGISTERs for two AORs leave each AOR and answer each request as that AOR's REGISTERs alone, in the order received", () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 10 }), (specs) => {
        const both = play(specs);
        expect(both.statuses).toHaveLength(specs.length);
        for (const user of ["alice", "bob"] as const) {
          const alone = play(specs.filter((s) => s.user === user));
          expect(both[user]).toEqual(alone[user]);
          expect(both.statuses.filter((_, i) => specs[i]?.user === user)).toEqual(alone.statuses);
        }
      }),
      { numRuns: 100 },
    );
  });
});
