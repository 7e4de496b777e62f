// What a command-line shell needs of createStack: the `trace` option (every message that
// crossed the wire, both ways, with the addresses of both ends: `puresip --trace`) and
// `close({ unregister: false })` (`puresip register` leaves its binding in place).
import { createSocket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { createResponse, headerValues, parseMessage, serializeMessage } from "@puresip/message";
import type { Stack, TraceEvent } from "../src/index.js";
import { createStack } from "../src/index.js";

const stacks: Array<Stack> = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
});

const firstLine = (e: TraceEvent): string => new TextDecoder().decode(e.bytes).split("\r\n")[0] ?? "";

describe("createStack's trace hook (RFC 3261 §11 OPTIONS on the loopback)", () => {
  it("reports the OPTIONS sent and its 200 received at the client, the reverse at the server", async () => {
    const aliceSeen: Array<TraceEvent> = [];
    const bobSeen: Array<TraceEvent> = [];
    const alice = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "alice", trace: (e) => aliceSeen.push(e) });
    const bob = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "bob", trace: (e) => bobSeen.push(e) });
    stacks.push(alice, bob);
    const bobPort = bob.listening[0]?.port ?? 0;
    const alicePort = alice.listening[0]?.port ?? 0;
    expect((await alice.options(`sip:bob@127.0.0.1:${bobPort}`)).status).toBe(200);
    expect(aliceSeen.map((e) => [e.direction, firstLine(e)])).toEqual([
      ["sent", `OPTIONS sip:bob@127.0.0.1:${bobPort} SIP/2.0`],
      ["received", "SIP/2.0 200 OK"],
    ]);
    expect(bobSeen.map((e) => [e.direction, firstLine(e)])).toEqual([
      ["received", `OPTIONS sip:bob@127.0.0.1:${bobPort} SIP/2.0`],
      ["sent", "SIP/2.0 200 OK"],
    ]);
    for (const e of [...aliceSeen, ...bobSeen]) {
      expect(e.transport).toBe("UDP");
      expect(parseMessage(e.bytes)._tag).toBe("Right");
    }
    expect(aliceSeen[0]).toMatchObject({ local: { host: "127.0.0.1", port: alicePort }, remote: { host: "127.0.0.1", port: bobPort } });
    expect(bobSeen[0]).toMatchObject({ local: { host: "127.0.0.1", port: bobPort }, remote: { host: "127.0.0.1", port: alicePort } });
  });
});

describe("RFC 3261 §10.2 close and registrations", () => {
  /** A registrar that answers every REGISTER 200 with its Contact, recording each Expires asked for. */
  const registrar = async () => {
    const socket = createSocket("udp4");
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => { r(); }));
    const asked: Array<string> = [];
    socket.on("message", (m, rinfo) => {
      const parsed = parseMessage(new Uint8Array(m));
      if (parsed._tag === "Left" || parsed.right._tag !== "Request") return;
      const contact = headerValues("Contact")(parsed.right)[0] ?? "";
      asked.push(/expires=(\d+)/.exec(contact)?.[1] ?? headerValues("Expires")(parsed.right)[0] ?? "?");
      const ok = createResponse(200, { headers: [{ name: "Contact", value: contact }] })(parsed.right);
      if (ok._tag === "Right") socket.send(serializeMessage(ok.right), rinfo.port, rinfo.address);
    });
    return { port: socket.address().port, asked, close: () => { socket.close(); } };
  };

  for (const unregister of [true, false]) {
    it(`close(${unregister ? "" : "{ unregister: false }"}) ${unregister ? "removes the binding (Expires 0)" : "leaves the binding to lapse"}`, async () => {
      const r = await registrar();
      const alice = await createStack({ transports: [{ transport: "UDP", host: "127.0.0.1", port: 0 }], user: "alice", closeTimeoutMs: 2000 });
      const outcome = await alice.register("home", `sip:127.0.0.1:${r.port}`, 600);
      expect(outcome._tag).toBe("Registered");
      await alice.close({ unregister });
      r.close();
      expect(r.asked).toEqual(unregister ? ["600", "0"] : ["600"]);
    });
  }
});
