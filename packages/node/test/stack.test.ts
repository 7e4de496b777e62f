import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { AppEvent, UsageKey } from "@puresip/ua";
import type { LogEvent, Stack, TransportSpec } from "../src/index.js";
import { createStack } from "../src/index.js";
import { hasIpv6Loopback, waitFor } from "./helpers.js";

const cert = readFileSync(new URL("./fixtures/cert.pem", import.meta.url), "utf8");
const key = readFileSync(new URL("./fixtures/key.pem", import.meta.url), "utf8");

const stacks: Array<Stack> = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});

const spec = (transport: TransportSpec["transport"], host = "127.0.0.1"): TransportSpec =>
  transport === "TLS" || transport === "WSS" ? { transport, host, port: 0, cert, key, ca: cert } : { transport, host, port: 0 };

const make = async (transport: TransportSpec["transport"], user: string, logs: Array<LogEvent> = []): Promise<Stack> => {
  const s = await createStack({ transports: [spec(transport)], user, log: (e) => logs.push(e), closeTimeoutMs: 2000 });
  stacks.push(s);
  return s;
};

const sdpOf = (port: number) => ({ type: "application/sdp", content: new TextEncoder().encode(`v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`) });

const targetOf = (s: Stack, user: string): string => {
  const l = s.listening[0]!;
  const scheme = l.transport === "TLS" || l.transport === "WSS" ? "sips" : "sip";
  const param = l.transport === "UDP" || l.transport === "TLS" ? "" : `;transport=${l.transport === "WSS" ? "ws" : l.transport.toLowerCase()}`;
  return `${scheme}:${user}@${l.host.includes(":") ? `[${l.host}]` : l.host}:${l.port}${param}`;
};

describe("two stacks on the loopback (RFC 3261 §11 OPTIONS, RFC 3428 MESSAGE)", () => {
  for (const transport of ["UDP", "TCP", "TLS", "WS"] as const) {
    it(`${transport}: OPTIONS is answered 200 by the peer's UA core (§11.2)`, async () => {
      const logs: Array<LogEvent> = [];
      const alice = await make(transport, "alice", logs);
      const bob = await make(transport, "bob");
      const result = await alice.options(targetOf(bob, "bob"));
      expect(result.status, JSON.stringify(logs.filter((l) => l.level !== "debug"))).toBe(200);
      expect(alice.counters().messagesOut).toBeGreaterThanOrEqual(1);
      expect(bob.counters().messagesIn).toBeGreaterThanOrEqual(1);
    });
  }

  it.skipIf(!hasIpv6Loopback())("UDP over IPv6 (::1): OPTIONS is answered 200", async () => {
    const alice = await createStack({ transports: [{ transport: "UDP", host: "::1", port: 0 }], user: "alice" });
    const bob = await createStack({ transports: [{ transport: "UDP", host: "::1", port: 0 }], user: "bob" });
    stacks.push(alice, bob);
    expect(bob.config.contact._tag === "SipUri" && bob.config.contact.host).toEqual({ _tag: "IPv6", value: "::1" });
    expect((await alice.options(targetOf(bob, "bob"))).status).toBe(200);
  });

  it("a stack bound to 0.0.0.0 writes an interface address, not the wildcard, in Contact and Via (§18.1.1 sent-by)", async () => {
    const bob = await createStack({ transports: [{ transport: "UDP", host: "0.0.0.0", port: 0 }], user: "bob" });
    const alice = await make("UDP", "alice");
    stacks.push(bob);
    const contactHost = bob.config.contact._tag === "SipUri" ? bob.config.contact.host.value : "";
    expect(contactHost).not.toBe("0.0.0.0");
    expect(bob.config.sentBy.host.value).toBe(contactHost);
    const received: Array<AppEvent> = [];
    alice.on("MessageReceived", (e) => received.push(e));
    expect((await bob.message(targetOf(alice, "alice"), "from the wildcard")).status).toBe(200);
    const m = await waitFor(() => received[0], "the MESSAGE");
    expect(m._tag === "MessageReceived" && m.request.core.via[0]?.host.value).toBe(contactHost);
  });

  it("RFC 3261 §17.1.2.2 Timer F from the timer wheel: an OPTIONS nobody answers ends as 408, retransmitted on Timer E meanwhile", async () => {
    const { createSocket } = await import("node:dgram");
    const hole = createSocket("udp4");
    await new Promise<void>((r) => hole.bind(0, "127.0.0.1", () => { r(); }));
    let copies = 0;
    hole.on("message", () => {
      copies++;
    });
    // T1 = 5 ms: Timer F fires at 64*T1 = 320 ms, after Timer E retransmissions at 5, 10, 20, ... ms.
    const alice = await createStack({ transports: [spec("UDP")], user: "alice", timers: { t1: 5, t2: 40, t4: 50 } });
    stacks.push(alice);
    const result = await alice.options(`sip:nobody@127.0.0.1:${hole.address().port}`);
    expect(result.status).toBe(408);
    expect(copies).toBeGreaterThan(1);
    await waitFor(() => (alice.counters().liveTransactions === 0 ? true : undefined), "the transaction to be forgotten");
    hole.close();
  });

  it("RFC 5922 §7, RFC3261-26.3.1-2: a UA initiates TLS for a SIPS target, and the certificate is checked against the resolved domain, not the address", async () => {
    const bob = await make("TLS", "bob");
    const none = () => Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" }));
    const zone = (target: string) => ({
      resolveNaptr: none,
      resolveSrv: (name: string) => (name.startsWith("_sips._tcp.") ? Promise.resolve([{ priority: 0, weight: 0, port: bob.listening[0]!.port, name: target }]) : none()),
      resolve4: () => Promise.resolve(["127.0.0.1"]),
      resolve6: none,
    });
    // The test certificate names localhost (and 127.0.0.1): a server found as "localhost" passes.
    const good = await createStack({ transports: [{ ...spec("TLS"), port: 0 }], user: "alice", dns: zone("localhost") });
    stacks.push(good);
    expect((await good.options("sips:bob@example.test")).status).toBe(200);
    // The same address found under another name fails the check, though the address itself is in the certificate.
    const logs: Array<LogEvent> = [];
    const fooled = await createStack({ transports: [{ ...spec("TLS"), port: 0 }], user: "carol", dns: zone("other.example.test"), log: (e) => logs.push(e) });
    stacks.push(fooled);
    expect((await fooled.options("sips:bob@example.test")).status).not.toBe(200);
    expect(logs.some((l) => l._tag === "SendFailed" && l.detail.includes("other.example.test"))).toBe(true);
  });

  it("a malformed target URI rejects the promise with a StackError, it does not throw", async () => {
    const alice = await make("UDP", "alice");
    const pending = alice.options("sip:<bad");
    await expect(pending).rejects.toMatchObject({ name: "StackError" });
  });

  it("UDP: a MESSAGE reaches the peer's application and gets 200", async () => {
    const alice = await make("UDP", "alice");
    const bob = await make("UDP", "bob");
    const received: Array<AppEvent> = [];
    bob.on("MessageReceived", (e) => received.push(e));
    const result = await alice.message(targetOf(bob, "bob"), "hello bob");
    expect(result.status).toBe(200);
    const got = await waitFor(() => received[0], "the MESSAGE at bob");
    expect(got._tag === "MessageReceived" && new TextDecoder().decode(got.body.content)).toBe("hello bob");
  });
});

describe("RFC 3261 §13 a call between two stacks", () => {
  for (const transport of ["UDP", "TCP", "TLS", "WS"] as const) {
    it(`${transport}: INVITE, 180, 200, ACK, then BYE; both ends see the call end, no dialog left`, async () => {
      const alice = await make(transport, "alice");
      const bob = await make(transport, "bob");
      const sdp = { type: "application/sdp", content: new TextEncoder().encode("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n") };
      bob.on("IncomingCall", (e) => {
        bob.ring(e.call);
        bob.answer(e.call, sdp);
      });
      const bobEnded = new Promise<UsageKey>((resolve) => bob.on("CallEnded", (e) => { resolve(e.call); }));
      const call = await alice.call(targetOf(bob, "bob"), { body: sdp });
      const outcome = await alice.outcome(call);
      expect(outcome._tag).toBe("CallEstablished");
      expect(alice.counters().liveDialogs).toBe(1);
      const ended = alice.outcome(call);
      alice.hangup(call);
      expect((await ended)._tag).toBe("CallEnded");
      await bobEnded;
      await waitFor(() => (alice.counters().liveDialogs === 0 && bob.counters().liveDialogs === 0 ? true : undefined), "both dialogs to be forgotten");
    });
  }
});

describe("a stack under bad input and at shutdown", () => {
  it("RFC 4475 §3.1.2 a malformed request datagram gets its 400 on the wire; garbage is dropped; the stack keeps working", async () => {
    const { createSocket } = await import("node:dgram");
    const logs: Array<LogEvent> = [];
    const bob = await make("UDP", "bob", logs);
    const port = bob.listening[0]!.port;
    const raw = createSocket("udp4");
    await new Promise<void>((r) => raw.bind(0, "127.0.0.1", () => { r(); }));
    const replies: Array<string> = [];
    raw.on("message", (m) => replies.push(m.toString("utf8")));
    const bad = [
      "OPTIONS sip:bob@127.0.0.1 SIP/2.0",
      // A sent-by port nobody listens on: the 400 only arrives because of rport (RFC 3581 §4).
      "Via: SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bKbad",
      "To: <sip:bob@127.0.0.1>",
      "From: <sip:x@127.0.0.1>;tag=1",
      "Call-ID: bad@x",
      "CSeq: 1 OPTIONS",
      "Content-Length: 9999",
      "",
      "",
    ].join("\r\n");
    raw.send(Buffer.from([0, 1, 2, 0xff]), port, "127.0.0.1");
    raw.send(bad, port, "127.0.0.1");
    const reply = await waitFor(() => replies[0], "the 400");
    expect(reply.startsWith("SIP/2.0 400 ")).toBe(true);
    expect(reply).toContain(`Via: SIP/2.0/UDP 127.0.0.1:9;received=127.0.0.1;rport=${raw.address().port};branch=z9hG4bKbad`);
    expect(bob.counters().parseErrors).toBe(2);
    expect(logs.some((l) => l._tag === "ParseError" && !l.answered)).toBe(true);
    raw.close();
    const alice = await make("UDP", "alice");
    expect((await alice.options(targetOf(bob, "bob"))).status).toBe(200);
  });

  it("RFC 3263 §4.3: when the first target refuses the connection, the request goes to the next", async () => {
    const bob = await make("TCP", "bob");
    const spare = await make("TCP", "nobody");
    const deadPort = spare.listening[0]!.port;
    await spare.close();
    const dns = {
      resolveNaptr: () => Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" })),
      resolveSrv: (name: string) =>
        name === "_sip._tcp.example.test"
          ? Promise.resolve([
              { priority: 0, weight: 0, port: deadPort, name: "dead.example.test" },
              { priority: 1, weight: 0, port: bob.listening[0]!.port, name: "bob.example.test" },
            ])
          : Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" })),
      resolve4: () => Promise.resolve(["127.0.0.1"]),
      resolve6: () => Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" })),
    };
    const logs: Array<LogEvent> = [];
    const alice = await createStack({ transports: [spec("TCP")], user: "alice", dns, log: (e) => logs.push(e) });
    stacks.push(alice);
    const result = await alice.options("sip:bob@example.test;transport=tcp");
    expect(result.status).toBe(200);
    expect(logs.some((l) => l._tag === "Core" && l.detail.includes("next RFC 3263 target"))).toBe(true);
  });

  it("RFC 3263 §4.3: a 503 from the first target sends the request on to the next; an INVITE's 503 is acknowledged", async () => {
    const { createSocket } = await import("node:dgram");
    const { createResponse, parseMessage, serializeMessage } = await import("@puresip/message");
    const busy = createSocket("udp4");
    await new Promise<void>((r) => busy.bind(0, "127.0.0.1", () => { r(); }));
    const seen: Array<string> = [];
    busy.on("message", (m, rinfo) => {
      const parsed = parseMessage(new Uint8Array(m));
      if (parsed._tag === "Left" || parsed.right._tag !== "Request") return;
      seen.push(parsed.right.method);
      if (parsed.right.method === "ACK") return;
      const r = createResponse(503)(parsed.right);
      if (r._tag === "Right") busy.send(serializeMessage(r.right), rinfo.port, rinfo.address);
    });
    const bob = await make("UDP", "bob");
    bob.on("IncomingCall", (e) => { bob.reject(e.call, 486); });
    const none = () => Promise.reject(Object.assign(new Error("none"), { code: "ENODATA" }));
    const dns = {
      resolveNaptr: none,
      resolveSrv: (name: string) =>
        name === "_sip._udp.example.test"
          ? Promise.resolve([
              { priority: 0, weight: 0, port: busy.address().port, name: "busy.example.test" },
              { priority: 1, weight: 0, port: bob.listening[0]!.port, name: "bob.example.test" },
            ])
          : none(),
      resolve4: () => Promise.resolve(["127.0.0.1"]),
      resolve6: none,
    };
    const alice = await createStack({ transports: [spec("UDP")], user: "alice", dns });
    stacks.push(alice);
    expect((await alice.options("sip:bob@example.test;transport=udp")).status).toBe(200);
    const call = await alice.call("sip:bob@example.test;transport=udp");
    const outcome = await alice.outcome(call);
    // Bob's 486 is the answer: the busy server's 503 never reached the call.
    expect(outcome._tag === "CallFailed" && outcome.status).toBe(486);
    await waitFor(() => (seen.includes("ACK") ? true : undefined), "the ACK of the 503");
    // In order of first appearance (a slow machine may see a retransmission before the 503).
    expect([...new Set(seen)]).toEqual(["OPTIONS", "INVITE", "ACK"]);
    busy.close();
  });

  it("RFC 3261 §18.1.1: a request over 1300 octets goes over TCP to the UDP target's address", async () => {
    const probe = await make("TCP", "probe");
    const port = probe.listening[0]!.port;
    await probe.close();
    const bob = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port }, { transport: "TCP", host: "127.0.0.1", port }], user: "bob" });
    stacks.push(bob);
    const alice = await createStack({ transports: [spec("UDP"), spec("TCP")], user: "alice" });
    stacks.push(alice);
    const got: Array<AppEvent> = [];
    bob.on("MessageReceived", (e) => got.push(e));
    const result = await alice.message(`sip:bob@127.0.0.1:${port}`, "x".repeat(2000));
    expect(result.status).toBe(200);
    const m = await waitFor(() => got[0], "the MESSAGE");
    expect(m._tag === "MessageReceived" && m.request.core.via[0]?.transport).toBe("TCP");
    expect(alice.counters().connections).toBe(1);
  });

  it("RFC 3261 §18.1.1: when the TCP connection for a large request is refused, the request goes over UDP after all", async () => {
    // A UDP-only bob: without the opt-out it would listen on TCP beside UDP (§18.2.1).
    const bob = await createStack({ transports: [spec("UDP")], tcpBesideUdp: false, user: "bob", closeTimeoutMs: 2000 });
    stacks.push(bob);
    const logs: Array<LogEvent> = [];
    const alice = await createStack({ transports: [spec("UDP"), spec("TCP")], user: "alice", log: (e) => logs.push(e) });
    stacks.push(alice);
    const result = await alice.message(targetOf(bob, "bob"), "y".repeat(2000));
    expect(result.status).toBe(200);
    expect(logs.some((l) => l._tag === "SendFailed" && l.transport === "TCP" && l.detail.includes("over UDP after all"))).toBe(true);
  });

  it("graceful close: while a BYE waits for its answer, a new request outside any dialog gets 503 (§21.5.4)", async () => {
    const { createSocket } = await import("node:dgram");
    const { parseMessage } = await import("@puresip/message");
    const bob = await createStack({ transports: [spec("UDP")], user: "bob", closeTimeoutMs: 3000 });
    const established = new Promise<void>((resolve) => bob.on("CallEstablished", () => { resolve(); }));
    bob.on("IncomingCall", (e) => { bob.answer(e.call, sdpOf(4004)); });
    // A peer that takes the call and then never answers the BYE.
    const raw = createSocket("udp4");
    await new Promise<void>((r) => raw.bind(0, "127.0.0.1", () => { r(); }));
    const rawPort = raw.address().port;
    const bobPort = bob.listening[0]!.port;
    const got: Array<string> = [];
    raw.on("message", (m) => got.push(m.toString("utf8")));
    const head = (method: string, branch: string, to: string, cseq: string, uri: string): string =>
      [`${method} ${uri} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${rawPort};branch=${branch}`, "Max-Forwards: 70", `To: ${to}`, "From: <sip:raw@127.0.0.1>;tag=rawtag", "Call-ID: close-test@127.0.0.1", `CSeq: ${cseq}`, `Contact: <sip:raw@127.0.0.1:${rawPort}>`, "Content-Length: 0", "", ""].join("\r\n");
    raw.send(head("INVITE", "z9hG4bKinv1", `<sip:bob@127.0.0.1:${bobPort}>`, "1 INVITE", `sip:bob@127.0.0.1:${bobPort}`), bobPort, "127.0.0.1");
    const ok = await waitFor(() => got.find((m) => m.startsWith("SIP/2.0 200")), "the 200 to the INVITE");
    const parsed = parseMessage(new TextEncoder().encode(ok));
    const to = parsed._tag === "Right" ? parsed.right.headers.find((h) => h.name.toLowerCase() === "to")?.value ?? "" : "";
    raw.send(head("ACK", "z9hG4bKack1", to, "1 ACK", `sip:bob@127.0.0.1:${bobPort}`), bobPort, "127.0.0.1");
    await established;
    const closing = bob.close();
    await waitFor(() => got.find((m) => m.startsWith("BYE ")), "bob's BYE");
    const alice = await make("UDP", "alice");
    expect((await alice.options(targetOf(bob, "bob"))).status).toBe(503);
    await closing;
    raw.close();
  });

  it("graceful close: calls are hung up (the peer sees BYE), then every socket closes", async () => {
    const alice = await make("UDP", "alice");
    const bob = await make("UDP", "bob");
    bob.on("IncomingCall", (e) => { bob.answer(e.call, { type: "application/sdp", content: new TextEncoder().encode("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n") }); });
    const call = await alice.call(targetOf(bob, "bob"), { body: { type: "application/sdp", content: new TextEncoder().encode("v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n") } });
    expect((await alice.outcome(call))._tag).toBe("CallEstablished");
    const ended = new Promise<AppEvent>((resolve) => alice.on("CallEnded", resolve));
    await bob.close();
    expect((await ended)._tag).toBe("CallEnded");
    expect(bob.counters().liveDialogs).toBe(0);
  });
});
