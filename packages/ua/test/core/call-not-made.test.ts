// RFC 3261 §13.2.1: a `MakeCall` whose INVITE cannot be built answers with `CallNotMade`, so an
// application (or @puresip/node's `call()`) waiting for `CallCreated` is never left waiting.
import { describe, expect, it } from "vitest";
import { uaConfig, uri } from "./harness.js";
import { driver } from "./step-driver.js";

describe("RFC 3261 §13.2.1 a MakeCall that cannot make its INVITE", () => {
  it("an unusable Content-Type: CallNotMade, nothing sent, nothing kept", () => {
    const ua = driver(uaConfig("alice", "10.0.0.1"));
    const out = ua.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@192.0.2.9"), body: { type: "not a media type", content: new Uint8Array([1]) } } });
    expect(out.sent).toStrictEqual([]);
    expect(out.delivered.map((e) => e._tag)).toStrictEqual(["CallNotMade"]);
    expect(ua.store.size).toBe(0);
  });

  it("each MakeCall gets exactly one CallCreated or CallNotMade, in order", () => {
    const ua = driver(uaConfig("alice", "10.0.0.1"));
    const bad = { type: "not a media type", content: new Uint8Array([1]) };
    const tags = [undefined, bad, undefined].flatMap((body, i) =>
      ua.feed({ _tag: "Command", now: i, command: { _tag: "MakeCall", to: uri("sip:bob@192.0.2.9"), ...(body === undefined ? {} : { body }) } }).delivered.map((e) => e._tag),
    );
    expect(tags.filter((t) => t === "CallCreated" || t === "CallNotMade")).toStrictEqual(["CallCreated", "CallNotMade", "CallCreated"]);
  });
});
