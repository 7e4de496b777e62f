import { describe, expect, it } from "vitest";
import { loopCheck, loopPart, validateRequest } from "../src/index.js";
import { config, request } from "./sip.js";

describe("RFC 3261 §16.3 request validation", () => {
  const cfg = config({ supported: ["foo"] });

  it("§16.3 step 1: a request whose CSeq method differs is 400", () => {
    const r = request({ method: "INVITE" });
    const bad = { ...r, method: "BYE" as typeof r.method };
    expect(validateRequest(cfg, bad)).toMatchObject({ _tag: "Reject", status: 400 });
  });

  it("§16.3 step 2: a scheme the proxy does not understand is 416", () => {
    expect(validateRequest(cfg, request({ uri: "mailto:bob@example.com" }))).toMatchObject({ _tag: "Reject", status: 416 });
    expect(validateRequest(cfg, request({ uri: "sips:bob@example.com" }))).toEqual({ _tag: "Valid" });
  });

  it("§16.3 step 3: Max-Forwards 0 is 483, except OPTIONS which the proxy answers itself (§11)", () => {
    expect(validateRequest(cfg, request({ maxForwards: 0 }))).toMatchObject({ _tag: "Reject", status: 483 });
    expect(validateRequest(cfg, request({ method: "OPTIONS", maxForwards: 0 }))).toEqual({ _tag: "AnswerOptions" });
    expect(validateRequest(cfg, request({ maxForwards: 1 }))).toEqual({ _tag: "Valid" });
  });

  it("§16.3 step 4 / RFC 5393 §4.2.2: the same request back through our Via is a loop (482); a changed Request-URI is a spiral", () => {
    const first = request({ uri: "sip:bob@example.com" });
    const ours = `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK0123456789abcdef-0.${loopPart(first)}`;
    const looped = request({ uri: "sip:bob@example.com", vias: [ours] });
    expect(loopCheck(cfg, looped)).toBe("Loop");
    expect(validateRequest(cfg, looped)).toMatchObject({ _tag: "Reject", status: 482 });
    const spiral = request({ uri: "sip:bob2@example.com", vias: [ours] });
    expect(loopCheck(cfg, spiral)).toBe("Spiral");
    expect(validateRequest(cfg, spiral)).toEqual({ _tag: "Valid" });
    expect(loopCheck(cfg, first)).toBe("NoLoop");
  });

  it("RFC 5393 §4.2.1: the loop part does not vary with the method (a CANCEL's equals its INVITE's)", () => {
    expect(loopPart(request({ method: "CANCEL" }))).toBe(loopPart(request({ method: "INVITE" })));
    expect(loopPart(request({ extra: ["Route: <sip:p2.example.net;lr>"] }))).not.toBe(loopPart(request()));
  });

  it("§16.3 step 5: an unsupported Proxy-Require option is 420 with Unsupported naming it", () => {
    const v = validateRequest(cfg, request({ extra: ["Proxy-Require: foo, bar"] }));
    expect(v).toEqual({ _tag: "Reject", status: 420, reason: expect.any(String) as string, headers: [{ name: "Unsupported", value: "bar" }] });
    expect(validateRequest(cfg, request({ extra: ["Proxy-Require: foo"] }))).toEqual({ _tag: "Valid" });
  });
});
