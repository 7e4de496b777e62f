// `puresip serve` over WebSocket (RFC 7118) with an independent client, the `ws` package: the
// `sip` subprotocol is negotiated and each SIP message is one WebSocket message (§5).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LOOPBACK, stopAll } from "./harness.js";
import { buildCli, serve } from "./serve.js";

let main = "";
beforeAll(() => {
  main = buildCli("reports/interop-ws");
});
afterAll(stopAll);

const options = (port: number): string =>
  [
    `OPTIONS sip:${LOOPBACK}:${port};transport=ws SIP/2.0`,
    "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-ws-1",
    "Max-Forwards: 70",
    `To: <sip:${LOOPBACK}>`,
    "From: <sip:tester@df7jal23ls0d.invalid>;tag=w1",
    "Call-ID: ws-options-1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

describe("interop: puresip serve over WebSocket", () => {
  it("RFC 7118 §4, §5: the sip subprotocol is agreed, and an OPTIONS sent as one message gets a 200 as one message", { timeout: 58_000 }, async () => {
    const server = await serve(main, ["--quiet"]);
    const ws = new WebSocket(`ws://${LOOPBACK}:${server.wsPort}/`, "sip");
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => {
          resolve();
        });
        ws.once("error", reject);
      });
      expect(ws.protocol).toBe("sip");
      const reply = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error("no answer within 10 s"));
        }, 10_000);
        ws.once("message", (data: Buffer) => {
          clearTimeout(timer);
          resolve(data.toString("utf8"));
        });
      });
      ws.send(options(server.wsPort));
      const text = await reply;
      expect(text.startsWith("SIP/2.0 200 ")).toBe(true);
      expect(text).toContain("Call-ID: ws-options-1\r\n");
      expect(text).toMatch(/^Allow: .*REGISTER/m);
    } finally {
      ws.close();
      await server.process.stop();
    }
  });
});
