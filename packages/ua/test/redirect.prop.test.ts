// RFC 3261 §8.1.3.4 as properties: the Contacts of a 3xx are tried highest q first, each once,
// never a non-SIPS one after a SIPS Request-URI, and the list a request keeps stays bounded.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { Methods, callId, createRequest, createResponse, printUri, tag } from "@puresip/message";
import type { SipRequest, Uri } from "@puresip/message";
import { MAX_REDIRECT_TARGETS, afterRedirect, contactsToTry, nextTarget } from "../src/uac/redirect.js";
import { uri } from "./core/harness.js";
import { must } from "./core/step-driver.js";

const invite = (target: string): SipRequest =>
  must(
    createRequest({
      method: Methods.INVITE,
      uri: uri(target),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "TLS", host: { _tag: "IPv4", value: "10.0.0.1" }, port: 5061, params: [{ name: "branch", value: "z9hG4bKprop" }] },
      to: { _tag: "NameAddr", uri: uri(target), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sips:alice@example.com"), angle: true, params: [{ name: "tag", value: "a1" }] },
      callId: must(callId("redirect-prop")),
      seq: 1,
      contact: [{ _tag: "NameAddr", uri: uri("sips:alice@10.0.0.1:5061"), angle: true, params: [] }],
    }),
  );

const contact = fc.record({ scheme: fc.constantFrom("sip", "sips"), host: fc.integer({ min: 1, max: 6 }), q: fc.constantFrom("1", "0.9", "0.5", "0.1", "0") });

test.prop([fc.array(contact, { maxLength: 12 }), fc.constantFrom("sip:bob@example.com", "sips:bob@example.com")])(
  "RFC 3261 §8.1.3.4: q order, no repeats, SIPS kept, and the kept list bounded",
  (contacts, target) => {
    const request = invite(target);
    const value = contacts.map((c) => `<${c.scheme}:bob@192.0.2.${String(c.host)}>;q=${c.q}`).join(", ");
    const response = must(createResponse(302, { toTag: must(tag("r")), ...(value === "" ? {} : { headers: [{ name: "Contact", value }] }) })(request));
    const tried = contactsToTry(request, response, []);
    const qs = tried.map((u) => Math.max(...contacts.filter((c) => `${c.scheme}:bob@192.0.2.${String(c.host)}` === printUri(u)).map((c) => Number(c.q))));
    for (let i = 1; i < qs.length; i++) expect(qs[i - 1]).toBeGreaterThanOrEqual(qs[i] ?? 0);
    expect(new Set(tried.map(printUri)).size).toBe(tried.length);
    if (target.startsWith("sips:")) expect(tried.every((u: Uri) => u._tag === "SipUri" && u.scheme === "sips")).toBe(true);
    let kept = afterRedirect(undefined, tried);
    for (let i = 0; i < 3; i++) kept = afterRedirect(kept, tried);
    expect(kept.targets.length).toBeLessThanOrEqual(MAX_REDIRECT_TARGETS);
    expect(nextTarget({ targets: kept.targets, hops: MAX_REDIRECT_TARGETS + 1 })).toBeUndefined();
  },
);
