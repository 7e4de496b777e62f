// RFC 3261 §8.1.3.1: a transport failure is a 503 to the request's owner, a timeout a 408.
// Driven through `step` with a Map as the shell's registry: each request is resolved, sent,
// and then its client transaction hears `TransportError` (an ICMP error, a refused connection).
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { PEER, ua } from "./step-driver.js";
import { uri } from "./harness.js";

describe("RFC 3261 §8.1.3.1 a fatal transport error is treated as a 503", () => {
  it("MESSAGE and OPTIONS: the result is 503, with no response from the peer", () => {
    const a = ua();
    a.command({ _tag: "SendMessage", ref: "m1", to: uri(`sip:bob@${PEER}`), body: { type: "text/plain", content: new TextEncoder().encode("hi") } });
    a.transportError();
    a.command({ _tag: "Options", ref: "o1", to: uri(`sip:bob@${PEER}`) });
    a.transportError();
    expect(a.delivered).toContainEqual({ _tag: "MessageResult", ref: "m1", status: 503 });
    expect(a.delivered).toContainEqual({ _tag: "OptionsResult", ref: "o1", status: 503, response: O.none });
    expect([...a.store.values()].filter((e) => e._tag === "ClientRequest")).toEqual([]);
  });

  it("INVITE: the call fails with 503, not 408", () => {
    const a = ua();
    a.command({ _tag: "MakeCall", to: uri(`sip:bob@${PEER}`) });
    expect(a.sent.at(-1)?.method).toBe("INVITE");
    a.transportError();
    const failed = a.delivered.find((e) => e._tag === "CallFailed");
    expect(failed).toMatchObject({ _tag: "CallFailed", status: 503 });
  });

  it("REGISTER: the registration fails with 503", () => {
    const a = ua();
    a.command({ _tag: "Register", id: "home", registrar: uri(`sip:${PEER}`) });
    expect(a.sent.at(-1)?.method).toBe("REGISTER");
    a.transportError();
    expect(a.delivered.find((e) => e._tag === "RegistrationFailed")).toMatchObject({ _tag: "RegistrationFailed", id: "home", status: 503 });
  });
});
