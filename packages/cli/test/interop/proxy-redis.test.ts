// Two `puresip proxy` processes sharing one Redis (RFC 3261 §10.3, §16.5; issue #16): a UA
// registers through the first, and a MESSAGE sent to its AOR through the second reaches it,
// and its 200 comes back; the first killed, the second still routes; a refresh through the
// second keeps its own expiry; a Redis that goes away makes requests 503 with Retry-After
// (§21.5.4) until it is back. redis-server runs on a free loopback port, without persistence,
// and every process (redis-server included) is killed by PID when the test ends.
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { createResponse, parseMessage, serializeMessage, tag } from "@puresip/message";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, waitFor } from "./harness.js";
import { buildCli } from "./serve.js";

const skip = missing("redis-server");
let main = "";

beforeAll(() => {
  if (skip === undefined) main = buildCli();
});
afterAll(stopAll);

/** A UDP endpoint that keeps every SIP message it receives. */
const endpoint = async (): Promise<{ readonly socket: Socket; readonly port: number; readonly got: Array<SipMessage> }> => {
  const socket = createSocket("udp4");
  const got: Array<SipMessage> = [];
  socket.on("message", (bytes) => {
    const m = parseMessage(bytes.toString("utf8"));
    if (E.isRight(m)) got.push(m.right);
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  return { socket, port: socket.address().port, got };
};

const sendTo = (socket: Socket, port: number, lines: ReadonlyArray<string>): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.send([...lines, "Content-Length: 0", "", ""].join("\r\n"), port, LOOPBACK, (e) => {
      if (e) reject(e);
      else resolve();
    });
  });

/** redis-server on `port` of the loopback, without persistence, bounded in time. */
const redisServer = async (port: number) => {
  const redis = start("redis-server", ["--port", String(port), "--bind", LOOPBACK, "--save", "", "--appendonly", "no"], { limitMs: 55_000 });
  await waitFor("redis-server to accept connections", () => /Ready to accept connections/.test(redis.output().stdout) || redis.child.exitCode !== null, 15_000);
  return redis;
};

/** A UA that answers every request but REGISTER with 200, sent back to `proxyPort`. */
const answering = (ua: { readonly socket: Socket }, proxyPort: () => number): void => {
  ua.socket.on("message", (bytes) => {
    const m = parseMessage(bytes.toString("utf8"));
    if (E.isLeft(m) || m.right._tag !== "Request" || m.right.method === "REGISTER") return;
    const ok = E.flatMap(tag("bobua"), (toTag) => createResponse(200, { toTag })(m.right as SipRequest));
    if (E.isRight(ok)) ua.socket.send(serializeMessage(ok.right), proxyPort(), LOOPBACK);
  });
};

/** bob's REGISTER (§10.2) from `ua` to the proxy on `port`; no Contact makes it a query (§10.2.3). */
const registerBob = (ua: { readonly socket: Socket; readonly port: number }, port: number, cseq: number, expires: number | undefined) =>
  sendTo(ua.socket, port, [
    "REGISTER sip:example.test SIP/2.0",
    `Via: SIP/2.0/UDP ${LOOPBACK}:${String(ua.port)};branch=z9hG4bKredisreg${String(cseq)}`,
    "Max-Forwards: 70",
    "From: <sip:bob@example.test>;tag=reg1",
    "To: <sip:bob@example.test>",
    "Call-ID: redis-reg-1",
    `CSeq: ${String(cseq)} REGISTER`,
    ...(expires === undefined ? [] : [`Contact: <sip:bob@${LOOPBACK}:${String(ua.port)}>`, `Expires: ${String(expires)}`]),
  ]);

/** alice's MESSAGE to bob through the proxy on `port`. */
const messageBob = (caller: { readonly socket: Socket; readonly port: number }, port: number, n: number) =>
  sendTo(caller.socket, port, [
    "MESSAGE sip:bob@example.test SIP/2.0",
    `Via: SIP/2.0/UDP ${LOOPBACK}:${String(caller.port)};branch=z9hG4bKredismsg${String(n)}`,
    "Max-Forwards: 70",
    "From: <sip:alice@example.test>;tag=msg1",
    "To: <sip:bob@example.test>",
    `Call-ID: redis-msg-${String(n)}`,
    `CSeq: ${String(n)} MESSAGE`,
  ]);

/** The final response to the request whose CSeq is `n` `method`, once it has come. */
const finalTo = (got: ReadonlyArray<SipMessage>, n: number, method: string): SipResponse | undefined =>
  got.find((m): m is SipResponse => m._tag === "Response" && m.status >= 200 && m.core.cseq?.seq === n && m.core.cseq.method === method);

const header = (m: SipMessage | undefined, name: string): ReadonlyArray<string> =>
  (m?.headers ?? []).filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);

const proxy = async (port: number, redis: string) => {
  const p = start(process.execPath, [main, "proxy", "--host", LOOPBACK, "--port", String(port), "--transports", "udp", "--domain", "example.test", "--redis", redis], { limitMs: 50_000 });
  // stdout's "listening" and stderr's summary come down two pipes, in either order: wait for both.
  await waitFor("puresip proxy to listen", () => (/listening UDP /.test(p.output().stdout) && p.output().stderr.includes("Ctrl-C stops")) || p.child.exitCode !== null, 20_000);
  expect(p.output().stderr).toContain(`bindings in ${redis}`);
  return p;
};

describe("puresip proxy --redis without a Redis", () => {
  it("a proxy whose Redis does not answer refuses to start (exit 2) instead of answering every REGISTER with 503", { timeout: 58_000 }, async () => {
    const done = await runToEnd(process.execPath, [buildCli(), "proxy", "--port", "0", "--redis", `redis://${LOOPBACK}:${String(await freePort())}`], { limitMs: 30_000 });
    expect(done.code).toBe(2);
    expect(done.stderr).toContain("cannot reach redis://");
  });
});

describe.skipIf(skip !== undefined)(`interop: two puresip proxy processes sharing one Redis${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("RFC 3261 §10.3, §16.5: a UA registered through one proxy is reachable through the other (--redis)", { timeout: 58_000 }, async () => {
    const [redisPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const redis = start("redis-server", ["--port", String(redisPort), "--bind", LOOPBACK, "--save", "", "--appendonly", "no"], { limitMs: 55_000 });
    await waitFor("redis-server to accept connections", () => /Ready to accept connections/.test(redis.output().stdout) || redis.child.exitCode !== null, 15_000);
    const url = `redis://${LOOPBACK}:${String(redisPort)}`;
    const [a, b] = [await proxy(portA, url), await proxy(portB, url)];
    const [ua, caller] = [await endpoint(), await endpoint()];
    try {
      // bob's UA answers whatever reaches it with 200.
      ua.socket.on("message", (bytes) => {
        const m = parseMessage(bytes.toString("utf8"));
        if (E.isLeft(m) || m.right._tag !== "Request" || m.right.method === "REGISTER") return;
        const ok = E.flatMap(tag("bobua"), (toTag) => createResponse(200, { toTag })(m.right as SipRequest));
        if (E.isRight(ok)) ua.socket.send(serializeMessage(ok.right), portB, LOOPBACK);
      });
      await sendTo(ua.socket, portA, [
        "REGISTER sip:example.test SIP/2.0",
        `Via: SIP/2.0/UDP ${LOOPBACK}:${String(ua.port)};branch=z9hG4bKredisreg1`,
        "Max-Forwards: 70",
        "From: <sip:bob@example.test>;tag=reg1",
        "To: <sip:bob@example.test>",
        "Call-ID: redis-reg-1",
        "CSeq: 1 REGISTER",
        `Contact: <sip:bob@${LOOPBACK}:${String(ua.port)}>`,
        "Expires: 600",
      ]);
      await waitFor("the 200 to the REGISTER", () => ua.got.some((m) => m._tag === "Response" && m.status === 200), 10_000);
      await sendTo(caller.socket, portB, [
        "MESSAGE sip:bob@example.test SIP/2.0",
        `Via: SIP/2.0/UDP ${LOOPBACK}:${String(caller.port)};branch=z9hG4bKredismsg1`,
        "Max-Forwards: 70",
        "From: <sip:alice@example.test>;tag=msg1",
        "To: <sip:bob@example.test>",
        "Call-ID: redis-msg-1",
        "CSeq: 1 MESSAGE",
      ]);
      await waitFor("the MESSAGE at bob's UA", () => ua.got.some((m) => m._tag === "Request" && m.method === "MESSAGE"), 10_000);
      const delivered = ua.got.find((m): m is SipRequest => m._tag === "Request" && m.method === "MESSAGE");
      // §16.6 step 8: it came through the second proxy, which put its own Via on top.
      expect(delivered?.core.via[0]?.port).toBe(portB);
      expect(delivered?.uri).toMatchObject({ _tag: "SipUri", user: "bob", port: ua.port });
      await waitFor("the 200 at the caller", () => caller.got.some((m) => m._tag === "Response" && m.status === 200), 10_000);
    } finally {
      ua.socket.close();
      caller.socket.close();
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  });

  it("RFC 3261 §10.3 steps 6–8, §16.5: a binding refreshed through B after A keeps B's expiry; A killed by PID, B still routes to the binding", { timeout: 58_000 }, async () => {
    const [redisPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const redis = await redisServer(redisPort);
    const url = `redis://${LOOPBACK}:${String(redisPort)}`;
    const [a, b] = [await proxy(portA, url), await proxy(portB, url)];
    const [ua, caller] = [await endpoint(), await endpoint()];
    try {
      answering(ua, () => portB);
      await registerBob(ua, portA, 1, 60);
      await waitFor("the 200 to the REGISTER through A", () => finalTo(ua.got, 1, "REGISTER") !== undefined, 10_000);
      expect(finalTo(ua.got, 1, "REGISTER")?.status).toBe(200);
      // §10.3 step 7: the same Call-ID with a higher CSeq refreshes the binding, whichever proxy it reaches.
      await registerBob(ua, portB, 2, 120);
      await waitFor("the 200 to the refresh through B", () => finalTo(ua.got, 2, "REGISTER") !== undefined, 10_000);
      expect(finalTo(ua.got, 2, "REGISTER")?.status).toBe(200);
      // §10.2.3: a REGISTER without Contact through A reads the binding back from the shared store.
      await registerBob(ua, portA, 3, undefined);
      await waitFor("the 200 to the query through A", () => finalTo(ua.got, 3, "REGISTER") !== undefined, 10_000);
      const listed = header(finalTo(ua.got, 3, "REGISTER"), "Contact");
      expect(listed).toHaveLength(1);
      const expires = Number(/;expires=(\d+)/i.exec(listed[0] ?? "")?.[1] ?? Number.NaN);
      // 120 granted through B, less the seconds the query took; never A's 60.
      expect(expires).toBeGreaterThan(100);
      expect(expires).toBeLessThanOrEqual(120);
      // A dies without a word (SIGKILL to its PID): the binding lives in Redis, not in A.
      process.kill(a.pid, "SIGKILL");
      const gone = await a.finished;
      expect(gone.signal).toBe("SIGKILL");
      await messageBob(caller, portB, 1);
      await waitFor("the MESSAGE through B at bob's UA", () => ua.got.some((m) => m._tag === "Request" && m.method === "MESSAGE"), 10_000);
      const delivered = ua.got.find((m): m is SipRequest => m._tag === "Request" && m.method === "MESSAGE");
      expect(delivered?.core.via[0]?.port).toBe(portB);
      await waitFor("the 200 at the caller", () => finalTo(caller.got, 1, "MESSAGE") !== undefined, 10_000);
      expect(finalTo(caller.got, 1, "MESSAGE")?.status).toBe(200);
    } finally {
      ua.socket.close();
      caller.socket.close();
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  });

  it("RFC 3261 §21.5.4, §16.5: Redis stopped mid-test makes a request for bob 503 with Retry-After; Redis started again on its port, the proxy reconnects and routes again", { timeout: 58_000 }, async () => {
    const [redisPort, port] = [await freePort(), await freePort()];
    const first = await redisServer(redisPort);
    const url = `redis://${LOOPBACK}:${String(redisPort)}`;
    const p = await proxy(port, url);
    const [ua, caller] = [await endpoint(), await endpoint()];
    let again: Awaited<ReturnType<typeof redisServer>> | undefined;
    try {
      answering(ua, () => port);
      await registerBob(ua, port, 1, 600);
      await waitFor("the 200 to the REGISTER", () => finalTo(ua.got, 1, "REGISTER") !== undefined, 10_000);
      await first.stop();
      await messageBob(caller, port, 1);
      await waitFor("the answer to the MESSAGE without Redis", () => finalTo(caller.got, 1, "MESSAGE") !== undefined, 15_000);
      const unavailable = finalTo(caller.got, 1, "MESSAGE");
      expect(unavailable?.status).toBe(503);
      expect(header(unavailable, "Retry-After")).toEqual(["5"]);
      expect(ua.got.some((m) => m._tag === "Request" && m.method === "MESSAGE")).toBe(false);
      // The same port again (an empty Redis: no persistence), so bob registers anew.
      again = await redisServer(redisPort);
      await waitFor("puresip proxy to reconnect", () => p.output().stderr.includes(`connected again to ${url}`), 15_000);
      await registerBob(ua, port, 2, 600);
      await waitFor("the 200 to the REGISTER after Redis came back", () => finalTo(ua.got, 2, "REGISTER") !== undefined, 10_000);
      expect(finalTo(ua.got, 2, "REGISTER")?.status).toBe(200);
      await messageBob(caller, port, 2);
      await waitFor("the MESSAGE at bob's UA", () => ua.got.some((m) => m._tag === "Request" && m.method === "MESSAGE"), 10_000);
      await waitFor("the 200 at the caller", () => finalTo(caller.got, 2, "MESSAGE") !== undefined, 10_000);
      expect(finalTo(caller.got, 2, "MESSAGE")?.status).toBe(200);
    } finally {
      ua.socket.close();
      caller.socket.close();
      await p.stop();
      await first.stop();
      await again?.stop();
    }
  });
});
