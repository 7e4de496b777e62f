// RFC 3261 §18 and §18.2.1: what `puresip serve` listens on. Loopback only, closed at the end.
import { describe, expect, it } from "vitest";
import { defaultServeConfig } from "../src/config/serve-config.js";
import { startServer } from "../src/serve/service.js";

describe("RFC 3261 §18 puresip serve's transports", () => {
  it("RFC3261-18-3, RFC3261-18.2.1-3: by default it listens on UDP and on TCP, on the same interface and port", async () => {
    const server = await startServer({ ...defaultServeConfig, port: 0, wsPort: 0, transports: ["udp", "tcp"] }, undefined);
    try {
      const udp = server.listening.find((l) => l.transport === "UDP");
      const tcp = server.listening.find((l) => l.transport === "TCP");
      expect(udp).toBeDefined();
      expect(tcp).toEqual({ ...udp, transport: "TCP" });
      expect(defaultServeConfig.transports).toEqual(expect.arrayContaining(["udp", "tcp"]));
    } finally {
      await server.close();
    }
  });
});
