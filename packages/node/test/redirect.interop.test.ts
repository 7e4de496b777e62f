// The redirect-server example (examples/redirect-server.mjs): a transaction user on the §17
// layer run by serveElement over UDP. Answered over a raw socket, and by SIPp's own UAC with a
// scenario that checks the 302's Contact and sends the ACK (RFC 3261 §8.1.3.4, §17.1.1.3).
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, describe, expect, it } from "vitest";
import { seedFromWords } from "@puresip/kernel";
import { parseMessage } from "@puresip/message";
import type { SipResponse } from "@puresip/message";
import type { LayerEntry } from "@puresip/transaction";
import type { Seed, Element } from "@puresip/kernel";
import type { ServedElement } from "../src/index.js";
import { serveElement } from "../src/index.js";

const hasSipp = spawnSync("sipp", ["-v"], { encoding: "utf8" }).error === undefined;
const example = (await import(fileURLToPath(new URL("../examples/redirect-server.mjs", import.meta.url)))) as { readonly redirectServer: Element<Seed, LayerEntry, never, never> };
const served: Array<ServedElement<Seed, LayerEntry, never, never>> = [];
afterEach(async () => {
  await Promise.all(served.splice(0).map((s) => s.close()));
});

const start = async (): Promise<{ readonly port: number; readonly server: ServedElement<Seed, LayerEntry, never, never> }> => {
  const server = await serveElement({ element: example.redirectServer, start: { state: seedFromWords([7]), entries: [] }, listen: [{ transport: "UDP", host: "127.0.0.1", port: 0 }] });
  served.push(server);
  return { port: server.transports[0]?.local.port ?? 0, server };
};

const request = (method: string, user: string, port: number, local: number, branch: string, toTag = ""): string =>
  [
    `${method} sip:${user}@127.0.0.1:${String(port)} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${String(local)};branch=${branch}`,
    "From: <sip:tester@127.0.0.1>;tag=t1",
    `To: <sip:${user}@127.0.0.1>${toTag}`,
    `Call-ID: ${branch}@test`,
    `CSeq: 1 ${method}`,
    "Max-Forwards: 70",
    `Contact: <sip:tester@127.0.0.1:${String(local)}>`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

/** Sends `text` and collects the responses that come within `ms`. */
const exchange = async (port: number, texts: ReadonlyArray<(local: number) => string>, ms = 400): Promise<ReadonlyArray<SipResponse>> => {
  const socket = createSocket("udp4");
  const got: Array<SipResponse> = [];
  socket.on("message", (m) => {
    const parsed = parseMessage(new Uint8Array(m));
    if (E.isRight(parsed) && parsed.right._tag === "Response") got.push(parsed.right);
  });
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => { r(); }));
  const local = socket.address().port;
  for (const t of texts) socket.send(t(local), port, "127.0.0.1");
  await new Promise((r) => setTimeout(r, ms));
  socket.close();
  return got;
};

describe("the redirect server example on serveElement over UDP", () => {
  it("RFC 3261 §8.3, §21.3.3: a known user gets 302 with the table's Contact; an unknown one 404; OPTIONS 200 (§11.2)", async () => {
    const { port } = await start();
    const got = await exchange(port, [(l) => request("INVITE", "bob", port, l, "z9hG4bKr1"), (l) => request("INVITE", "nobody", port, l, "z9hG4bKr2"), (l) => request("OPTIONS", "x", port, l, "z9hG4bKr3")]);
    const byBranch = (b: string) => got.filter((r) => r.core.via[0]?.params.some((p) => p.name === "branch" && p.value === b));
    expect(byBranch("z9hG4bKr1").map((r) => r.status)).toContain(302);
    expect(byBranch("z9hG4bKr1").find((r) => r.status === 302)?.headers.find((h) => h.name === "Contact")?.value).toBe("<sip:bob@198.51.100.7:5080>");
    expect(byBranch("z9hG4bKr2").map((r) => r.status)).toContain(404);
    expect(byBranch("z9hG4bKr3").map((r) => r.status)).toContain(200);
  });

  it("RFC 3261 §17.2.1: a retransmitted INVITE gets the same 302 again from its transaction, which waits in Completed for the ACK", async () => {
    const { port, server } = await start();
    const invite = (l: number) => request("INVITE", "alice", port, l, "z9hG4bKr4");
    const got = await exchange(port, [invite, invite]);
    const finals = got.filter((r) => r.status === 302);
    expect(finals.length).toBeGreaterThanOrEqual(2);
    expect(new Set(finals.map((r) => r.core.to?.params.find((p) => p.name === "tag")?.value)).size).toBe(1);
    // The INVITE server transaction waits in Completed for the ACK (Timer G/H): one entry.
    expect(server.host.engine.registry.size).toBe(1);
  });

  it.skipIf(!hasSipp && process.env["CI"] === undefined)("SIPp's UAC is redirected: it checks the 302's Contact and ACKs it", async () => {
    const { port } = await start();
    const scenario = fileURLToPath(new URL("./fixtures/redirect-uac.xml", import.meta.url));
    const child = spawn("sipp", ["-sf", scenario, "-s", "service", "-m", "3", "-r", "10", "-i", "127.0.0.1", "-p", "0", "-timeout", "20s", "-nostdin", "-trace_err", "-error_file", "/dev/stderr", `127.0.0.1:${String(port)}`], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => { clearTimeout(kill); resolve(c); }));
    expect(code, output).toBe(0);
  }, 40_000);
});
