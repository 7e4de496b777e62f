// The facade over a fake WebSocket whose server side this test plays with hand-built answers.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { createResponse, headerValues, parseMessage, tag } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";
import { PhoneError, createPhone } from "../src/index.js";
import type { PhoneEvent } from "../src/index.js";
import type { FakeSocket } from "./fakes.js";
import { fakeClock, fakeServer, settle } from "./fakes.js";

const requestsOn = (socket: FakeSocket | undefined): ReadonlyArray<SipRequest> =>
  (socket?.sent ?? []).flatMap((frame) => {
    const parsed = parseMessage(typeof frame === "string" ? frame : new Uint8Array(frame));
    return E.isRight(parsed) && parsed.right._tag === "Request" ? [parsed.right] : [];
  });

const lastRequest = (socket: FakeSocket | undefined, method: string): SipRequest => {
  const found = requestsOn(socket).filter((r) => r.method === method).at(-1);
  if (found === undefined) throw new Error(`no ${method} sent`);
  return found;
};

/** The server answers `request` with `status` (a To tag, extra headers) as text on `socket`. */
const answer = (socket: FakeSocket | undefined, request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = [], body = ""): void => {
  const toTag = tag("srv1");
  if (E.isLeft(toTag)) throw new Error("tag");
  const response = createResponse(status, { toTag: toTag.right, headers })(request);
  if (E.isLeft(response)) throw new Error(response.left.reason);
  const raw = response.right.headers.filter((h) => h.name.toLowerCase() !== "content-length").map((h) => `${h.name}: ${h.value}\r\n`).join("");
  socket?.push(`SIP/2.0 ${status} ${response.right.reason}\r\n${raw}Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`);
};

const start = async (extra: { readonly recovery?: { readonly baseTimeMs: number; readonly maxTimeMs: number } } = {}) => {
  const clock = fakeClock();
  const server = fakeServer();
  const events: Array<PhoneEvent> = [];
  const phone = await createPhone({
    server: "ws://127.0.0.1:5066",
    aor: "sip:alice@example.com",
    instanceId: "urn:uuid:00000000-0000-4000-8000-00000000000a",
    connect: server.connect,
    clock: clock.host,
    // close() waits in real time for the unanswered un-REGISTER; these tests need not.
    closeTimeoutMs: 0,
    ...extra,
  });
  phone.on("event", (e) => events.push(e));
  return { clock, server, events, phone };
};

describe("createPhone", () => {
  it("rejects a URL that is no WebSocket URL, and a first WebSocket that fails, with a PhoneError", async () => {
    await expect(createPhone({ server: "http://x", aor: "sip:a@b" })).rejects.toBeInstanceOf(PhoneError);
    const server = fakeServer(false);
    const pending = createPhone({ server: "ws://x", aor: "sip:a@b", connect: server.connect, clock: fakeClock().host });
    server.sockets[0]?.drop("refused");
    await expect(pending).rejects.toThrow(/refused/);
  });
});

describe("RFC 3261 §10.2 registration over RFC 7118 with RFC 5626 §4.2.1", () => {
  it("sends REGISTER over WS with the .invalid Via, the ws Contact, +sip.instance and reg-id, and hears Registered", async () => {
    const { server, phone } = await start();
    const outcome = phone.register();
    await settle();
    const socket = server.sockets[0];
    const register = lastRequest(socket, "REGISTER");
    expect(register.core.via[0]?.transport).toBe("WS");
    expect(register.core.via[0]?.host._tag).toBe("Hostname");
    expect(register.core.via[0]?.host.value).toMatch(/^[a-z0-9]{12}\.invalid$/);
    expect(headerValues("Contact")(register)[0]).toMatch(/^<sip:alice@[a-z0-9]{12}\.invalid;transport=ws>;expires=600;\+sip\.instance="<urn:uuid:00000000-0000-4000-8000-00000000000a>";reg-id=1$/);
    expect(headerValues("Supported")(register).join(",")).toContain("outbound");
    answer(socket, register, 200, [{ name: "Contact", value: headerValues("Contact")(register)[0] ?? "" }]);
    await expect(outcome).resolves.toMatchObject({ _tag: "Registered", id: "default", expires: 600 });
    await phone.close();
  });

  it("RFC 5626 §4.5: when the WebSocket drops, a new one is formed and the REGISTER goes again with the same instance and reg-id", async () => {
    const { server, phone, clock, events } = await start({ recovery: { baseTimeMs: 1000, maxTimeMs: 4000 } });
    const outcome = phone.register();
    await settle();
    const first = lastRequest(server.sockets[0], "REGISTER");
    answer(server.sockets[0], first, 200, [{ name: "Contact", value: headerValues("Contact")(first)[0] ?? "" }]);
    await outcome;
    server.sockets[0]?.drop();
    expect(events.at(-1)).toMatchObject({ _tag: "FlowFailed", reason: "WebSocket closed (1006)" });
    clock.advance(1000);
    await settle();
    expect(server.sockets.length).toBe(2);
    expect(events.at(-1)).toEqual({ _tag: "FlowRecovered", calls: [] });
    const again = lastRequest(server.sockets[1], "REGISTER");
    // §4.2.2: the same Call-ID, a higher CSeq, the same instance and reg-id.
    expect(again.core.callId).toBe(first.core.callId);
    expect(again.core.cseq?.seq).toBeGreaterThan(first.core.cseq?.seq ?? 0);
    expect(headerValues("Contact")(again)[0]).toBe(headerValues("Contact")(first)[0]);
    answer(server.sockets[1], again, 200, [{ name: "Contact", value: headerValues("Contact")(again)[0] ?? "" }]);
    await settle();
    expect(events.filter((e) => e._tag === "Registered").length).toBe(2);
    await phone.close();
  });
});

/** The server sends a request (what a proxy would relay to the browser) as text. */
const incoming = (socket: FakeSocket | undefined, lines: ReadonlyArray<string>, body = ""): void => {
  socket?.push(`${lines.join("\r\n")}\r\nContent-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`);
};

const responsesOn = (socket: FakeSocket | undefined): ReadonlyArray<string> =>
  (socket?.sent ?? []).map((f) => (typeof f === "string" ? f : new TextDecoder().decode(f))).filter((t) => t.startsWith("SIP/2.0 "));

describe("RFC 7118 §5.3 with RFC 5626 §4.5: the flow fails while a REGISTER is in flight", () => {
  it("the REGISTER fails at once (503, §17.1.4) and goes again, fresh, on the new flow", async () => {
    const { server, phone, clock, events } = await start({ recovery: { baseTimeMs: 1000, maxTimeMs: 4000 } });
    const outcome = phone.register();
    await settle();
    expect(requestsOn(server.sockets[0]).filter((r) => r.method === "REGISTER").length).toBe(1);
    server.sockets[0]?.drop();
    await expect(outcome).resolves.toMatchObject({ _tag: "RegistrationFailed", status: 503 });
    clock.advance(1000);
    await settle();
    const again = lastRequest(server.sockets[1], "REGISTER");
    expect(headerValues("Contact")(again)[0]).toContain("reg-id=1");
    answer(server.sockets[1], again, 200, [{ name: "Contact", value: headerValues("Contact")(again)[0] ?? "" }]);
    await settle();
    expect(events.filter((e) => e._tag === "Registered").length).toBe(1);
    // No timer of the dead transaction is left to fire 64*T1 later.
    clock.advance(64 * 500);
    await settle();
    expect(events.filter((e) => e._tag === "RegistrationFailed").length).toBe(1);
    await phone.close();
  });
});

describe("RFC 3261 §13.3 an incoming call over the WebSocket (UAS)", () => {
  it("hears IncomingCall with the INVITE's body, answers 200 with the application's body on the same WebSocket, established on the ACK", async () => {
    const { server, phone, events } = await start();
    const socket = server.sockets[0];
    const via = "Via: SIP/2.0/WS proxy.example.com;branch=z9hG4bK-in-1";
    const dialog = ["From: <sip:bob@example.com>;tag=b1", "To: <sip:alice@example.com>", "Call-ID: in-call-1@127.0.0.1", "Max-Forwards: 70"];
    incoming(socket, ["INVITE sip:alice@abc.invalid;transport=ws SIP/2.0", via, ...dialog, "CSeq: 1 INVITE", "Contact: <sip:bob@127.0.0.1:5066;transport=ws>", "Content-Type: application/sdp"], "v=0\r\n");
    await settle();
    const call = events.find((e) => e._tag === "IncomingCall");
    if (call?._tag !== "IncomingCall") throw new Error("no IncomingCall");
    expect(new TextDecoder().decode(call.invite.body)).toBe("v=0\r\n");
    // §18.2.1: a sent-by with a domain name gets received (RFC 7118 §5.3 allows it).
    expect(call.invite.core.via[0]?.params).toContainEqual({ name: "received", value: "127.0.0.1" });
    phone.answer(call.call, { type: "application/sdp", content: new TextEncoder().encode("v=0\r\n") });
    await settle();
    const ok = responsesOn(socket).find((r) => r.startsWith("SIP/2.0 200"));
    expect(ok).toMatch(/^Contact: <sip:alice@[a-z0-9]{12}\.invalid;transport=ws>$/m);
    expect(ok).toMatch(/\r\n\r\nv=0\r\n$/);
    const toTag = /^To: .*;tag=([^;\r\n]+)/m.exec(ok ?? "")?.[1] ?? "";
    const established = phone.outcome(call.call);
    incoming(socket, ["ACK sip:alice@abc.invalid;transport=ws SIP/2.0", "Via: SIP/2.0/WS 127.0.0.1:5066;branch=z9hG4bK-in-2", "From: <sip:bob@example.com>;tag=b1", `To: <sip:alice@example.com>;tag=${toTag}`, "Call-ID: in-call-1@127.0.0.1", "Max-Forwards: 70", "CSeq: 1 ACK"]);
    await expect(established).resolves.toMatchObject({ _tag: "CallEstablished", call: call.call });
    await phone.close();
  });
});

describe("RFC 3261 §13 a call over the WebSocket", () => {
  it("RFC 3261 §13.2.2.4: INVITE with the application's body, 200 (its answer as RemoteBody), ACK to the Contact, BYE, 200", async () => {
    const { server, phone, events } = await start();
    const call = await phone.call("sip:bob@example.com", { body: { type: "application/sdp", content: new TextEncoder().encode("v=0\r\n") } });
    await settle();
    const socket = server.sockets[0];
    const invite = lastRequest(socket, "INVITE");
    expect(invite.core.via[0]?.transport).toBe("WS");
    expect(headerValues("Supported")(invite).join(",")).toContain("outbound");
    const established = phone.outcome(call);
    answer(socket, invite, 200, [{ name: "Contact", value: "<sip:bob@127.0.0.1:5066;transport=ws>" }, { name: "Content-Type", value: "application/sdp" }], "v=0\r\n");
    await expect(established).resolves.toMatchObject({ _tag: "CallEstablished", call });
    // The answer in the 2xx, for an application doing its own media (WebRTC): before CallEstablished.
    const remote = events.findIndex((e) => e._tag === "RemoteBody");
    expect(events[remote]).toEqual({ _tag: "RemoteBody", call, status: 200, body: { type: "application/sdp", content: new TextEncoder().encode("v=0\r\n") } });
    expect(remote).toBeLessThan(events.findIndex((e) => e._tag === "CallEstablished"));
    expect(lastRequest(socket, "ACK").uri).toMatchObject({ _tag: "SipUri", user: "bob" });
    phone.hangup(call);
    await settle();
    const bye = lastRequest(socket, "BYE");
    // §15.1.1: the session ended when the BYE went out (media stops now); CallEnded waits for its 200.
    expect(events.filter((e) => e._tag === "SessionTerminated" || e._tag === "CallEnded")).toStrictEqual([{ _tag: "SessionTerminated", call }]);
    const ended = phone.outcome(call);
    answer(socket, bye, 200);
    await expect(ended).resolves.toMatchObject({ _tag: "CallEnded", call });
    expect(events.map((e) => e._tag)).toContain("CallCreated");
    await phone.close();
  });

  it("a call the UA core cannot place rejects with its reason, and the next call still gets its own key", async () => {
    const { server, phone } = await start();
    await expect(phone.call("sip:bob@example.com", { body: { type: "not a media type", content: new Uint8Array() } })).rejects.toThrow(/the call was not placed: bad Content-Type "not a media type"/);
    const call = await phone.call("sip:carol@example.com");
    await settle();
    const invite = lastRequest(server.sockets[0], "INVITE");
    expect(invite.uri).toMatchObject({ user: "carol" });
    expect(call).toContain(invite.core.callId ?? "?");
    await phone.close();
  });

  it("§8.1.3.1: a request sent while the flow is down fails its transaction instead of waiting", async () => {
    const { server, phone } = await start({ recovery: { baseTimeMs: 60_000, maxTimeMs: 60_000 } });
    server.sockets[0]?.drop();
    const result = phone.message("sip:bob@example.com", "hello");
    await settle();
    await expect(result).resolves.toMatchObject({ _tag: "MessageResult", status: 503 });
    await phone.close();
  });
});
