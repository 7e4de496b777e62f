// RFC 5626 §5.3, §6, §7 as properties: whatever the addresses of two outbound UAs' flows, a call
// from one to the other's AOR leaves over the callee's flow, and every request of the dialog
// finds the other end's flow from the Record-Route alone; a changed token is refused.
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect } from "vitest";
import type { Peer } from "@puresip/kernel";
import { headerValues, parseMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import { baseConfig, defaultRoute } from "../src/index.js";
import { harness, responses, right } from "./sip.js";

const self: ReadonlyArray<Peer> = [
  { transport: "UDP", host: "192.0.2.1", port: 5060 },
  { transport: "TCP", host: "192.0.2.1", port: 5060 },
  { transport: "WS", host: "192.0.2.1", port: 8080 },
];
const config = (key: Uint8Array) => ({
  ...baseConfig(self, defaultRoute),
  domains: ["example.com"],
  registrar: O.some({ ...defaultRegistrarConfig, domains: ["example.com"] }),
  flowKey: O.some(key),
});

const parse = (lines: ReadonlyArray<string>): SipRequest => {
  const m = right(parseMessage([...lines, "Content-Length: 0", "", ""].join("\r\n")));
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

const register = (user: string, flow: Peer): SipRequest =>
  parse([
    "REGISTER sip:example.com SIP/2.0",
    `Via: SIP/2.0/${flow.transport} ${user}.invalid;branch=z9hG4bKr${user}`,
    "Max-Forwards: 70",
    `From: <sip:${user}@example.com>;tag=r${user}`,
    `To: <sip:${user}@example.com>`,
    `Call-ID: reg-${user}`,
    "CSeq: 1 REGISTER",
    "Supported: outbound, path",
    `Contact: <sip:${user}@${user}.invalid;transport=${flow.transport.toLowerCase()}>;+sip.instance="<urn:uuid:00000000-0000-4000-8000-0000000000${user === "alice" ? "01" : "02"}>";reg-id=1`,
  ]);

const request = (method: string, uri: string, from: string, routes: ReadonlyArray<string>, branch: string, extra: ReadonlyArray<string> = []): SipRequest =>
  parse([
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/WS ${from}.invalid;branch=${branch}`,
    "Max-Forwards: 70",
    `From: <sip:${from}@example.com>;tag=f`,
    `To: <sip:other@example.com>${method === "INVITE" && routes.length === 0 ? "" : ";tag=t"}`,
    "Call-ID: prop-call",
    `CSeq: 1 ${method}`,
    ...routes.map((r) => `Route: ${r}`),
    ...extra,
  ]);

const flow = fc.record({
  transport: fc.constantFrom("WS", "TCP"),
  host: fc.oneof(fc.ipV4(), fc.ipV6()),
  port: fc.integer({ min: 1024, max: 65_535 }),
});
const key = fc.uint8Array({ minLength: 16, maxLength: 32 });

describe("RFC 5626 flow tokens at the proxy (properties)", () => {
  test.prop([key, flow, flow])("RFC 5626 §7, §5.3: the INVITE reaches the callee's flow and both ends' in-dialog requests reach the other's", (k, a, b) => {
    fc.pre(a.host !== b.host || a.port !== b.port || a.transport !== b.transport);
    const h = harness(config(k));
    h.engine.receive(register("alice", a), a);
    h.engine.receive(register("bob", b), b);
    expect(responses(h.take()).map((r) => r.status)).toEqual([200, 200]);
    h.engine.receive(request("INVITE", "sip:bob@example.com", "alice", [], "z9hG4bKi", ["Contact: <sip:alice@alice.invalid;transport=ws;ob>"]), a);
    const out = h.take();
    const invite = out.find((o) => o.message._tag === "Request" && o.message.method === "INVITE");
    expect(invite?.to).toEqual({ ...b, host: b.host.toLowerCase() });
    const rr = invite === undefined ? [] : headerValues("Record-Route")(invite.message);
    expect(rr).toHaveLength(2);
    const [rrB = "", rrA = ""] = rr;
    h.engine.receive(request("BYE", "sip:bob@bob.invalid", "alice", [rrA, rrB], "z9hG4bKa"), a);
    expect(h.take().find((o) => o.message._tag === "Request")?.to).toEqual({ ...b, host: b.host.toLowerCase() });
    h.engine.receive(request("BYE", "sip:alice@alice.invalid;ob", "bob", [rrB, rrA], "z9hG4bKb"), b);
    expect(h.take().find((o) => o.message._tag === "Request")?.to).toEqual({ ...a, host: a.host.toLowerCase() });
  });

  test.prop([key, flow, fc.integer({ min: 0, max: 200 }), fc.constantFrom("0", "5", "a", "f")])("RFC 5626 §5.3.1: a Route token changed in one character is never followed: 403, or routed as an ordinary URI", (k, b, at, c) => {
    const h = harness(config(k));
    h.engine.receive(register("bob", b), b);
    h.take();
    h.engine.receive(request("INVITE", "sip:bob@example.com", "carol", [], "z9hG4bKi"), { transport: "WS", host: "198.51.100.1", port: 40000 });
    const invite = h.take().find((o) => o.message._tag === "Request" && o.message.method === "INVITE");
    const rrB = invite === undefined ? "" : (headerValues("Record-Route")(invite.message)[0] ?? "");
    const user = /<sip:([^@]+)@/.exec(rrB)?.[1] ?? "";
    const i = at % Math.max(1, user.length);
    const changed = user.slice(0, i) + c + user.slice(i + 1);
    fc.pre(changed !== user);
    const resolving = h.resolves.length;
    h.engine.receive(request("BYE", "sip:bob@bob.invalid", "carol", [rrB.replace(user, changed)], "z9hG4bKc"), { transport: "WS", host: "198.51.100.1", port: 40000 });
    const out = h.take();
    for (const o of out) if (o.message._tag === "Request") expect(o.to).not.toEqual({ ...b, host: b.host.toLowerCase() });
    // Refused (403), or an ordinary URI of ours whose Request-URI goes to RFC 3263.
    expect(responses(out).some((r) => r.status === 403) || h.resolves.length > resolving).toBe(true);
  });
});
