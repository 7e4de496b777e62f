import { describe, expect, it } from "vitest";
import { findParam } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { alicePeer, harness, request, requests, responses, responseTo } from "./sip.js";

const carol = { transport: "UDP", host: "192.0.2.33", port: 5060 } as const;
const branchOf = (r: SipRequest | undefined): string | undefined => findParam(r?.core.via[0]?.params ?? [], "branch")?.value;

describe("RFC 3261 §16.10 CANCEL without a response context", () => {
  it("RFC3261-16.10-6: a CANCEL whose request this proxy does not hold is forwarded statelessly, not answered 481", () => {
    const h = harness();
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    const out = h.take();
    expect(responses(out)).toEqual([]);
    const [cancel] = requests(out);
    expect(cancel?.method).toBe("CANCEL");
    expect(out[0]?.to).toEqual(carol);
    expect(cancel?.core.via).toHaveLength(2);
    // Stateless forwarding keeps nothing: no server transaction, no response context.
    expect([...h.engine.registry.keys()]).toEqual([]);
  });

  it("§16.10 / §16.11: a retransmitted CANCEL is forwarded again on the same branch, and the response goes back by its Via", () => {
    const h = harness();
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [first, again] = requests(h.take());
    expect(branchOf(again)).toBe(branchOf(first));
    h.engine.receive(responseTo(first!, 200, "c1"), carol);
    const up = h.take();
    expect(responses(up).map((r) => `${String(r.status)} ${r.core.cseq?.method ?? ""}`)).toEqual(["200 CANCEL"]);
    expect(up[0]?.to).toEqual(alicePeer);
    expect(responses(up)[0]?.core.via).toHaveLength(1);
  });

  it("§16.10 with §16.11: the stateless CANCEL takes the branch a stateless INVITE took before it, so the next hop can match it (§9.2)", () => {
    const stateless = harness(undefined, { stateless: true });
    stateless.engine.receive(request({ uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [invite] = requests(stateless.take());
    const h = harness();
    h.engine.receive(request({ method: "CANCEL", uri: "sip:carol@192.0.2.33" }), alicePeer);
    const [cancel] = requests(h.take());
    expect(branchOf(cancel)).toBe(branchOf(invite));
  });
});
