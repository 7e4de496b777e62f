import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { flowToken, readFlowToken } from "../src/outbound/flow-token.js";

const KEY = new Uint8Array(20).fill(3);
const peer = fc.record({
  transport: fc.constantFrom("UDP", "TCP", "TLS", "WS", "WSS"),
  host: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
  port: fc.integer({ min: 0, max: 65_535 }),
});
const lower = (p: Peer): Peer => ({ ...p, host: p.host.toLowerCase() });

describe("RFC 5626 §5.2 flow tokens", () => {
  test.prop([peer])("RFC 5626 §5.2: the flow can be recovered from its token, and the token is a plain SIP user part", (p) => {
    const token = flowToken(KEY, p);
    expect(token).toMatch(/^[a-z0-9.]+$/);
    expect(readFlowToken(KEY, token)).toEqual({ _tag: "Flow", flow: lower(p) });
  });

  test.prop([peer, fc.nat(), fc.constantFrom("0", "1", "7", "9", "a", "c", "f", "z", ".")])("RFC 5626 §5.2: a token changed in any one character is not accepted as a flow (\"cannot be modified by attackers\")", (p, at, c) => {
    const token = flowToken(KEY, p);
    const i = at % token.length;
    const changed = token.slice(0, i) + c + token.slice(i + 1);
    if (changed === token) return;
    expect(readFlowToken(KEY, changed)._tag).not.toBe("Flow");
  });

  test.prop([fc.string({ maxLength: 80 })])("never throws on any user part, and reads most as no token at all", (user) => {
    expect(["NotToken", "Forged", "Flow"]).toContain(readFlowToken(KEY, user)._tag);
  });

  it("RFC 5626 §5.2: another proxy's key makes a token forged", () => {
    const token = flowToken(KEY, { transport: "WS", host: "127.0.0.1", port: 40000 });
    expect(readFlowToken(new Uint8Array(20).fill(4), token)).toEqual({ _tag: "Forged" });
    expect(readFlowToken(KEY, undefined)).toEqual({ _tag: "NotToken" });
  });
});
