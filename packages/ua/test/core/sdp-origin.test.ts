// RFC 4566 §5.2: each session the UA core describes gets an o= sess-id of its own (a numeric
// string), not the one in `UaConfig.media` for every call; RFC 3264 §8 keeps it within a call.
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import { PEER, ua } from "./step-driver.js";
import { audio, uri } from "./harness.js";

const origin = (r: SipRequest | undefined): readonly [string, string] => {
  const line = new TextDecoder().decode(r?.body).split("\r\n").find((l) => l.startsWith("o=")) ?? "";
  const [, sessionId = "", version = ""] = line.split(" ");
  return [sessionId, version];
};

describe("RFC 4566 §5.2 the o= sess-id of the offers the UA core makes", () => {
  it("two calls from one UA offer two different numeric sess-ids, neither the configured one", () => {
    const a = ua();
    a.command({ _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) });
    const first = origin(a.sent.at(-1));
    a.command({ _tag: "MakeCall", to: uri(`sip:carol@${PEER}`) });
    const second = origin(a.sent.at(-1));
    expect(first[0]).toMatch(/^[0-9]+$/);
    expect(second[0]).toMatch(/^[0-9]+$/);
    expect(first[0]).not.toBe(second[0]);
    expect([first[0], second[0]]).not.toContain(audio.sessionId);
  });
});
