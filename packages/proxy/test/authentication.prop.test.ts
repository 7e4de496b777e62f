// §22.3 as properties: whatever credentials a request carries, only alice's password passes, the
// judgement never throws, and every nonce the proxy remembers leaves once it lapses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { snapshotCodec } from "@puresip/kernel";
import { NO_MEMORY, judge } from "../src/index.js";
import { LIFETIME, answerTo, authConfig, authentication, withHeader } from "./auth-fixtures.js";
import { alicePeer, harness, request, responses } from "./sip.js";

const arbParam = fc.stringMatching(/^[0-9a-zA-Z]{0,12}$/);

describe("RFC 3261 §22.3 digest at the proxy, as properties", () => {
  it("§22.3 / RFC 7616 §3.4: arbitrary Proxy-Authorization values never pass and never throw", () => {
    fc.assert(
      fc.property(arbParam, arbParam, arbParam, fc.constantFrom("alice", "bob", ""), fc.nat(2 ** 40), (nonce, response, cnonce, user, now) => {
        const value = `Digest username="${user}", realm="example.com", nonce="${nonce}", uri="sip:carol@192.0.2.33", response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}"`;
        const r = withHeader(request({ uri: "sip:carol@192.0.2.33" }), "Proxy-Authorization", value);
        expect(judge(authentication(), r, "Proxy", now, NO_MEMORY, alicePeer.host)._tag).not.toBe("Pass");
      }),
      { numRuns: 200 },
    );
  });

  it("§22.3: a right answer passes once per nonce count, with any password but alice's it never does; nonce entries all lapse", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ password: fc.constantFrom("secret", "Secret", "guess"), nc: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 6 }), (tries) => {
        const h = harness(authConfig());
        const first = request({ uri: "sip:carol@192.0.2.33" });
        h.engine.receive(first, alicePeer);
        const [challenge] = responses(h.take()).filter((x) => x.status === 407);
        const seen = new Set<number>();
        tries.forEach((t, i) => {
          const r = request({ uri: "sip:carol@192.0.2.33", branch: `z9hG4bKp${String(i)}` });
          h.engine.receive(withHeader(r, "Proxy-Authorization", answerTo(challenge!, r, t.password, t.nc)), alicePeer);
          const forwarded = h.take().some((o) => o.message._tag === "Request");
          expect(forwarded).toBe(t.password === "secret" && !seen.has(t.nc));
          if (forwarded) seen.add(t.nc);
        });
        // The nonce uses and their count survive a snapshot as JSON (the codec of every entry).
        const codec = snapshotCodec(h.element.codec);
        const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(h.engine.snapshot()))));
        expect(E.isRight(back) && back.right.entries.filter(([k]) => k.startsWith("N ")).length).toBe(seen.size > 0 ? 1 : 0);
        h.advance(LIFETIME + 200_000);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("N "))).toEqual([]);
        expect([...h.engine.registry.keys()].filter((k) => k.startsWith("Q "))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
