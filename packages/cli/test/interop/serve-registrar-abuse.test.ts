// `puresip serve --users` under the registrar attacks of issue #15, over real UDP on loopback:
// a flood of unauthenticated REGISTERs (each a 401 on a stateless nonce, RFC 7616 §3.3), a
// REGISTER for another domain (RFC 3261 §10.3 step 5: 404), and password guessing (RFC 7616
// §5.7: 503 once the budget is spent). After each, OPTIONS is still answered and the process
// stays within a memory bound. Bounded in time; the server is stopped by PID.
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respond } from "@puresip/auth";
import { parseChallenge, parseMessage, printCredentials } from "@puresip/message";
import { LOOPBACK, stopAll, waitFor } from "./harness.js";
import type { Served } from "./serve.js";
import { buildCli, serve } from "./serve.js";

let server: Served;
let socket: Socket;
const replies = new Map<string, string>();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "puresip-abuse-"));
  writeFileSync(join(dir, "users"), "alice:secret\n");
  server = await serve(buildCli(), ["--users", join(dir, "users"), "--transports", "udp,ws", "--quiet"]);
  socket = createSocket("udp4");
  socket.on("message", (m) => {
    const text = m.toString("utf8");
    const callId = /^Call-ID: (.*)$/m.exec(text)?.[1]?.trim();
    if (callId !== undefined) replies.set(callId, text);
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
}, 120_000);
afterAll(async () => {
  socket.close();
  await stopAll();
});

const send = (text: string): void => {
  socket.send(Buffer.from(text), server.udpPort, LOOPBACK);
};
const port = (): number => socket.address().port;
const register = (callId: string, o: { readonly cseq?: number; readonly domain?: string; readonly authorization?: string } = {}): string =>
  [
    `REGISTER sip:${LOOPBACK} SIP/2.0`,
    `Via: SIP/2.0/UDP ${LOOPBACK}:${String(port())};branch=z9hG4bK-${callId}-${String(o.cseq ?? 1)}`,
    "Max-Forwards: 70",
    `From: <sip:alice@${o.domain ?? LOOPBACK}>;tag=f`,
    `To: <sip:alice@${o.domain ?? LOOPBACK}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${String(o.cseq ?? 1)} REGISTER`,
    `Contact: <sip:alice@${LOOPBACK}:${String(port())}>`,
    ...(o.authorization === undefined ? [] : [`Authorization: ${o.authorization}`]),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
const status = (callId: string): number | undefined => {
  const r = replies.get(callId);
  return r === undefined ? undefined : Number(r.slice(8, 11));
};
const reply = async (callId: string, text: string): Promise<string> => {
  replies.delete(callId);
  send(text);
  await waitFor(`an answer to ${callId}`, () => replies.has(callId), 10_000);
  return replies.get(callId) ?? "";
};
const optionsAnswered = async (tag: string): Promise<number> => {
  const callId = `options-${tag}`;
  const r = await reply(
    callId,
    [`OPTIONS sip:${LOOPBACK} SIP/2.0`, `Via: SIP/2.0/UDP ${LOOPBACK}:${String(port())};branch=z9hG4bK-${callId}`, "Max-Forwards: 70", "From: <sip:ping@x>;tag=p", `To: <sip:${LOOPBACK}>`, `Call-ID: ${callId}`, "CSeq: 1 OPTIONS", "Content-Length: 0", "", ""].join("\r\n"),
  );
  return Number(r.slice(8, 11));
};
/** Resident memory of the server, from /proc (Linux). */
const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${String(server.process.pid)}/status`, "utf8"))?.[1] ?? "0") / 1024;

const authorization = (challengeReply: string, password: string, nc: number): string => {
  const m = parseMessage(challengeReply);
  const header = E.isRight(m) ? m.right.headers.find((h) => h.name === "WWW-Authenticate" && h.value.includes("MD5")) : undefined;
  const c = parseChallenge(header?.value ?? "");
  if (E.isLeft(c) || c.right._tag !== "DigestChallenge") throw new Error("no challenge");
  const r = respond({ challenge: c.right, username: "alice", secret: { _tag: "Password", password }, method: "REGISTER", uri: `sip:${LOOPBACK}`, nc, cnonce: "abcdef" });
  if (E.isLeft(r)) throw new Error(r.left._tag);
  return printCredentials(r.right);
};

describe("interop: puresip serve --users under registrar abuse (issue #15 §2)", () => {
  it("RFC 7616 §3.3: 5,000 unauthenticated REGISTERs each get a 401; the first challenge still authenticates; OPTIONS answered; RSS under 200 MB", { timeout: 60_000 }, async () => {
    const first = await reply("flood-0", register("flood-0"));
    // Windows of 100 unanswered requests; like a UAC's Timer E (§17.1.2.2), a request whose
    // answer has not come in a second is sent again (loopback UDP drops under a burst).
    for (let from = 1; from < 5000; from += 100) {
      const window = Array.from({ length: Math.min(100, 5000 - from) }, (_, k) => `flood-${String(from + k)}`);
      for (let attempt = 0; attempt < 10 && window.some((id) => status(id) === undefined); attempt++) {
        for (const id of window) if (status(id) === undefined) send(register(id));
        await waitFor("the window's 401s", () => window.every((id) => status(id) !== undefined), 1_000).catch(() => undefined);
      }
    }
    expect(Array.from({ length: 5000 }, (_, i) => status(`flood-${String(i)}`)).every((s) => s === 401)).toBe(true);
    expect(await optionsAnswered("flood")).toBe(200);
    const ok = await reply("flood-0", register("flood-0", { cseq: 2, authorization: authorization(first, "secret", 1) }));
    expect(ok.slice(0, 11)).toBe("SIP/2.0 200");
    expect(rssMb()).toBeLessThan(200);
  });

  it("RFC 3261 §10.3 step 5: a REGISTER for sip:alice@other-domain gets 404", { timeout: 20_000 }, async () => {
    expect((await reply("foreign", register("foreign", { domain: "other.example.org" }))).slice(0, 11)).toBe("SIP/2.0 404");
  });

  it("RFC 7616 §5.7: guessing alice's password gets 403 five times, then 503 with Retry-After even for the right one", { timeout: 30_000 }, async () => {
    const c = await reply("guess", register("guess"));
    const answers: Array<string> = [];
    for (let i = 1; i <= 6; i++) answers.push((await reply("guess", register("guess", { cseq: i + 1, authorization: authorization(c, `guess${String(i)}`, i) }))).slice(0, 11));
    expect(answers).toEqual([...Array.from({ length: 5 }, () => "SIP/2.0 403"), "SIP/2.0 503"]);
    const right = await reply("guess", register("guess", { cseq: 20, authorization: authorization(c, "secret", 20) }));
    expect(right.slice(0, 11)).toBe("SIP/2.0 503");
    expect(right).toMatch(/^Retry-After: \d+/m);
    expect(await optionsAnswered("guess")).toBe(200);
  });
});
