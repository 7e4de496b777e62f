import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { parseNameAddr, parseUri, uriEquals } from "@puresip/message";
import type { NameAddr } from "@puresip/message";
import { coarseUriKey, indexBindings } from "../../src/usages/registrar/binding-index.js";
import type { Binding } from "../../src/usages/registrar/index.js";

const nameAddr = (text: string): NameAddr => {
  const n = parseNameAddr(text);
  if (E.isLeft(n)) throw new Error(text);
  return n.right;
};
const binding = (uri: string): Binding => ({ contact: nameAddr(`<${uri}>`), callId: "c", cseq: 1, expiresAt: 1 });

describe("RFC 3261 §10.3 step 7: finding a contact's binding costs O(1) in the AOR's bindings", () => {
  it("2,000 bindings on distinct hosts, then 2,000 lookups: one §19.1.4 comparison per contact that has a binding, none for a new one", () => {
    const current = Array.from({ length: 2000 }, (_, i) => binding(`sip:bob@10.0.${String(i >> 8)}.${String(i & 255)}`));
    const index = indexBindings(current);
    for (let i = 0; i < 2000; i++) expect(index.find(nameAddr(`<sip:bob@10.0.${String(i >> 8)}.${String(i & 255)};ob>`), undefined, undefined)?.slot).toBe(i);
    expect(index.comparisons()).toBe(2000);
    for (let i = 0; i < 2000; i++) expect(index.find(nameAddr(`<sip:bob@10.1.${String(i >> 8)}.${String(i & 255)}>`), undefined, undefined)).toBeUndefined();
    expect(index.comparisons()).toBe(2000);
    expect(index.size()).toBe(2000);
  });
});

// A small pool of SIP URIs that §19.1.4 compares in every interesting way: case, escapes,
// IPv6 spellings, ports, parameters that must appear in both, and parameters that may not.
const users = ["bob", "BOB", "b%6Fb", "alice"];
const hostsPool = ["h.example.com", "H.Example.COM", "[::1]", "[0:0:0:0:0:0:0:1]", "192.0.2.1"];
const ports = ["", ":5060", ":5070"];
const params = ["", ";transport=udp", ";transport=UDP", ";ob", ";x=1", ";x=2", ";user=phone", ";maddr=192.0.2.9"];
const uriText = fc.record({
  scheme: fc.constantFrom("sip", "sips"),
  user: fc.constantFrom(...users),
  host: fc.constantFrom(...hostsPool),
  port: fc.constantFrom(...ports),
  p1: fc.constantFrom(...params),
  p2: fc.constantFrom(...params),
}).map(({ scheme, user, host, port, p1, p2 }) => `${scheme}:${user}@${host}${port}${p1}${p1 === p2 ? "" : p2}`);

describe("RFC 3261 §19.1.4: the index's coarse key never separates equal URIs", () => {
  test.prop([uriText, uriText])("uriEquals(a, b) implies coarseUriKey(a) = coarseUriKey(b)", (a, b) => {
    const ua = parseUri(a);
    const ub = parseUri(b);
    if (E.isLeft(ua) || E.isLeft(ub)) throw new Error(`${a} ${b}`);
    if (uriEquals(ua.right, ub.right)) expect(coarseUriKey(ua.right)).toBe(coarseUriKey(ub.right));
  });
  test.prop([fc.array(uriText, { maxLength: 30 }), fc.array(fc.tuple(uriText, fc.boolean()), { maxLength: 30 })])(
    "after any puts and removes, find returns what a search of the list (first §19.1.4 match) returns",
    (initial, ops) => {
      const index = indexBindings(initial.map(binding));
      let list: Array<Binding | undefined> = initial.map(binding);
      for (const [uri, remove] of ops) {
        const contact = nameAddr(`<${uri}>`);
        const expected = list.findIndex((b) => b !== undefined && uriEquals(b.contact.uri, contact.uri));
        const found = index.find(contact, undefined, undefined);
        expect(found?.slot ?? -1).toBe(expected);
        if (remove) {
          if (found !== undefined) index.remove(found.slot);
          if (expected >= 0) list = list.map((b, i) => (i === expected ? undefined : b));
        } else {
          index.put(found?.slot, binding(uri));
          if (expected >= 0) list = list.map((b, i) => (i === expected ? binding(uri) : b));
          else list = [...list, binding(uri)];
        }
      }
      expect(index.bindings()).toStrictEqual(list.filter((b) => b !== undefined));
    },
  );
});
