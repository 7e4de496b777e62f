// §8.3 redirect server behaviour of the proxy element: a routing policy that answers `Redirect`
// gets a 3xx with one Contact per alternative, q-values kept (§20.10), and nothing is forwarded.
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseContact, parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { ProxyConfig } from "../src/index.js";
import { defaultRoute, redirectContacts } from "../src/index.js";
import { ALICE, PROXY, callThroughProxy, eventsOf, ladder, proxyRegistry } from "./sim.js";
import { trace } from "@puresip/testkit";

const sipUri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(text);
  return u.right;
};

/** bob@example.com has moved: two places to try, the mobile first. */
const moved = (status: 301 | 302): ProxyConfig["route"] => (request, config) =>
  request.uri._tag === "SipUri" && request.uri.user === "bob"
    ? { _tag: "Redirect", status, contacts: [{ uri: sipUri("sip:bob@mobile.example.net"), q: 0.9 }, { uri: sipUri("sip:bob@desk.example.net;transport=tcp"), q: 0.25 }] }
    : defaultRoute(request, config);

/** The Contact values of the responses the proxy sent alice with `status`. */
const contactsSent = (net: ReturnType<typeof callThroughProxy>, status: number): ReadonlyArray<string> =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent" || e.from !== PROXY || e.to !== ALICE) return [];
    const m = parseMessage(e.message);
    return E.isRight(m) && m.right._tag === "Response" && m.right.status === status ? m.right.headers.filter((h) => h.name === "Contact").map((h) => h.value) : [];
  });

describe("RFC 3261 §8.3 the proxy as a redirect server (a Redirect routing decision)", () => {
  for (const stateless of [false, true]) {
    it(`§8.3, §21.3.3: ${stateless ? "stateless (§16.11)" : "stateful"}: a 302 lists the alternatives as Contacts with their q-values, the caller ACKs it and nothing is forwarded`, () => {
      const net = callThroughProxy([], () => [], { route: moved(302) }, stateless);
      const l = ladder(net);
      expect(l).toContain("proxy->alice 302");
      expect(l.at(-1)).toBe("alice->proxy ACK");
      expect(l.filter((x) => x.startsWith("proxy->bob"))).toEqual([]);
      expect(contactsSent(net, 302)).toEqual(["<sip:bob@mobile.example.net>;q=0.9", "<sip:bob@desk.example.net;transport=tcp>;q=0.25"]);
      expect(eventsOf(net, ALICE)).toContain("CallFailed 302");
      // Nothing kept for the call: the server transaction ends on the ACK (§17.2.1).
      expect([...proxyRegistry(net).keys()].filter((k) => !k.startsWith("L ") && !k.startsWith("N "))).toEqual([]);
    });
  }
});

describe("redirectContacts (§20.10, §25.1 qvalue)", () => {
  it("§20.10: each alternative is one Contact that parses back to its URI and its q-value, in the order given", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("sip:a@h.example", "sips:b@10.0.0.1:5061", "sip:c@[2001:db8::1];transport=tcp"), fc.double({ min: -1, max: 2, noNaN: true })), { maxLength: 5 }), (alts) => {
        const fields = redirectContacts(alts.map(([u, q]) => ({ uri: sipUri(u), q })));
        expect(fields.map((f) => f.name)).toEqual(alts.map(() => "Contact"));
        fields.forEach((f, i) => {
          const parsed = parseContact(f.value);
          expect(E.isRight(parsed)).toBe(true);
          const [c] = E.isRight(parsed) ? parsed.right : [];
          const q = c?._tag === "NameAddr" ? c.params.find((p) => p.name === "q")?.value : undefined;
          const expected = Math.round(Math.min(1, Math.max(0, alts[i]?.[1] ?? 0)) * 1000) / 1000;
          expect(Number(q)).toBe(expected);
          expect(q).toMatch(/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/);
        });
      }),
    );
  });
});
