import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { findParam, parseNameAddr } from "@puresip/message";
import type { Binding } from "@puresip/ua/registrar";
import { alicePeer, config, harness, request, requests, responses } from "./sip.js";

const binding = (contact: string): Binding => {
  const c = parseNameAddr(contact, "Contact");
  if (E.isLeft(c)) throw new Error(contact);
  return { contact: c.right, callId: "c", cseq: 1, expiresAt: 3_600_000 };
};

describe("RFC 3261 §16.5 target determination through the owner's location service", () => {
  it("§16.5: with location Owner, the proxy asks (LocationQuery) and forwards to the bindings the owner answers (Located)", () => {
    const h = harness(config({ location: "Owner" }));
    h.engine.receive(request(), alicePeer);
    const query = h.said.find((e) => e._tag === "LocationQuery");
    expect(query).toMatchObject({ _tag: "LocationQuery", aor: "sip:bob@example.com" });
    expect(requests(h.take())).toEqual([]);
    if (query?._tag !== "LocationQuery") throw new Error("no query");
    h.engine.command({ _tag: "Located", context: query.context, bindings: [binding("<sip:bob@192.0.2.31>"), binding("<sip:bob@192.0.2.32>")] });
    expect(requests(h.take()).map((r) => r.method)).toEqual(["INVITE", "INVITE"]);
  });

  it("§16.5: an empty answer is 480; §16.10: a CANCEL while the proxy waits for the answer gets 200 and the INVITE 487", () => {
    const h = harness(config({ location: "Owner" }));
    h.engine.receive(request(), alicePeer);
    const first = h.said.find((e) => e._tag === "LocationQuery");
    if (first?._tag !== "LocationQuery") throw new Error("no query");
    h.engine.command({ _tag: "Located", context: first.context, bindings: [] });
    expect(responses(h.take()).map((r) => r.status)).toEqual([100, 480]);
    h.engine.receive(request({ callId: "call-2", branch: "z9hG4bKsecond" }), alicePeer);
    h.engine.receive(request({ method: "CANCEL", callId: "call-2", branch: "z9hG4bKsecond" }), alicePeer);
    expect(responses(h.take()).map((r) => `${String(r.status)} ${r.core.cseq?.method ?? ""}`)).toEqual(["100 INVITE", "200 CANCEL", "487 INVITE"]);
    expect([...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X "))).toEqual([]);
  });
});

describe("RFC 3261 §16.11 stateless proxy", () => {
  it("§16.11 / RFC 5393 §4.2.1: a CANCEL goes out with the same branch as the INVITE it cancels", () => {
    const h = harness(config(), { stateless: true });
    h.engine.receive(request({ uri: "sip:carol@192.0.2.33" }), alicePeer);
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [invite, cancel] = requests(h.take());
    expect(cancel?.method).toBe("CANCEL");
    const branch = (v: typeof invite) => findParam(v?.core.via[0]?.params ?? [], "branch")?.value;
    expect(branch(cancel)).toBe(branch(invite));
  });

  it("§16.3 step 2: a stateless proxy answers a bad request itself, to where it came from", () => {
    const h = harness(config(), { stateless: true });
    h.engine.receive(request({ uri: "mailto:bob@example.com" }), alicePeer);
    const out = h.take();
    expect(responses(out).map((r) => r.status)).toEqual([416]);
    expect(out[0]?.to).toEqual(alicePeer);
  });
});
