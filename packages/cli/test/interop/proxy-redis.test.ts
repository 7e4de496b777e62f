// Two `puresip proxy` processes sharing one Redis (RFC 3261 §10.3, §16.5; issue #16): a UA
// registers through the first, and a MESSAGE sent to its AOR through the second reaches it,
// and its 200 comes back. redis-server runs on a free loopback port, without persistence,
// and every process (redis-server included) is killed by PID when the test ends.
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SipMessage, SipRequest } from "@puresip/message";
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

const proxy = async (port: number, redis: string) => {
  const p = start(process.execPath, [main, "proxy", "--host", LOOPBACK, "--port", String(port), "--transports", "udp", "--domain", "example.test", "--redis", redis], { limitMs: 50_000 });
  await waitFor("puresip proxy to listen", () => /listening UDP /.test(p.output().stdout) || p.child.exitCode !== null, 20_000);
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
});
