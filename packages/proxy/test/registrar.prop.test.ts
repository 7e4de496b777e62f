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
